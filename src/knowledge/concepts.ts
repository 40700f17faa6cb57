/**
 * Broader terms a question implies without saying them: 橙子 is a 水果 and a 农产品, 开销 is about 费用.
 * Entries are written in general words (卖水果要办什么证) while merchants name their own product (卖橙子
 * 要办啥证); adding the broader term to the question's terms lets the two meet. Expansion only adds
 * terms (at a reduced weight), it never replaces the merchant's own word.
 *
 * A mechanical table; domain synonyms that should REPLACE a word (抖店 = 抖音小店) belong in
 * knowledge/synonyms.yaml instead.
 */
const CLASSES: Record<string, string> = {
  '水果 农产品': `苹果 橘子 桔子 橙子 脐橙 柑橘 柑 沃柑 丑橘 耙耙柑 柚子 蜜柚 猕猴桃 奇异果 梨 香梨 雪梨 桃 桃子 水蜜桃 黄桃
    油桃 葡萄 提子 西瓜 甜瓜 哈密瓜 香瓜 香蕉 芒果 李子 杏 樱桃 车厘子 草莓 蓝莓 荔枝 龙眼 桂圆 枣 红枣 冬枣 柿子 石榴
    火龙果 枇杷 杨梅 山楂 菠萝 凤梨 椰子 百香果 榴莲 山竹 杨桃 无花果 桑葚 果子`,
  '蔬菜 农产品': `白菜 大白菜 萝卜 胡萝卜 土豆 马铃薯 红薯 番薯 地瓜 紫薯 辣椒 茄子 西红柿 番茄 黄瓜 南瓜 冬瓜 丝瓜 苦瓜
    豆角 四季豆 韭菜 菠菜 芹菜 生菜 大蒜 蒜头 生姜 洋葱 山药 莲藕 藕 竹笋 春笋 冬笋 芋头 魔芋 香菜 蒜苗 青菜`,
  '农产品 粮油': `大米 稻米 稻子 稻谷 小米 糯米 面粉 玉米 高粱 荞麦 燕麦 黄豆 大豆 黑豆 绿豆 红豆 花生 芝麻 菜籽油 花生油
    茶油 山茶油 油茶 香油 杂粮 粮食`,
  '农产品 土特产': `核桃 板栗 栗子 瓜子 枸杞 红枣 茶叶 绿茶 红茶 白茶 黑茶 普洱 香菇 木耳 黑木耳 蘑菇 菌子 松茸 竹荪 粉条
    粉丝 红薯粉 米粉 腐竹 笋干 干货 腊肉 香肠 腊肠 熏肉 咸鸭蛋 皮蛋 松花蛋 豆瓣酱 辣椒酱 剁辣椒 酸菜 咸菜 泡菜`,
  '农产品 禽蛋 生鲜': `鸡蛋 土鸡蛋 鸭蛋 鹅蛋 鸡 土鸡 鸭 鹅 活禽 猪 猪肉 土猪肉 牛肉 羊肉 鱼 活鱼 鲜鱼 虾 小龙虾 螃蟹 大闸蟹 黄鳝 泥鳅`,
  '蜂蜜 农产品': `土蜂蜜 蜂蜜 蜂巢蜜 蜂王浆 蜂农`,
  // Platform names: an entry written for every platform (开店保证金) still answers 抖店保证金.
  平台: `淘宝 天猫 京东 拼多多 抖店 抖音 快手 快手小店 小红书 小红书店铺 视频号 视频号小店 微店 闲鱼 1688 美团 饿了么
    唯品会 苏宁 有赞 微信小店 淘特 淘宝店 京东店 拼多多店`,
  费用: `开销 花销 花费 花钱 收费 成本 费用 扣点 抽成 佣金 年费 服务费 手续费`,
  // Disease names: 卖桑叶茶能说对糖尿病有好处吗 is the entry on disease claims (它写的是"疾病治疗功能").
  疾病: `失眠 便秘 感冒 咳嗽 脱发 胃病 胃炎 胃溃疡 痛风 关节炎 风湿 糖尿病 高血压 高血脂 高血糖 三高 癌症 肿瘤 癌 湿疹
    皮炎 口腔溃疡 咽炎 鼻炎 颈椎病 腰椎病 前列腺炎 妇科病 贫血 近视 骨质疏松 痔疮 脚气 心脏病 冠心病 脑血栓 中风
    老年痴呆 肝炎 脂肪肝 肾炎 结石 哮喘 过敏 偏头痛 头痛 腹泻 拉肚子 月经不调 不孕不育 百病 白发 秃顶`,
  罚款: `罚 罚款 处罚 罚钱 罚多少 被罚 被查 查处 违法 犯法 违规 违禁`,
};

function build(): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [broader, members] of Object.entries(CLASSES)) {
    const terms = broader.split(' ');
    for (const member of members.split(/\s+/).filter(Boolean)) {
      const list = map.get(member) ?? [];
      for (const t of terms) if (t !== member && !list.includes(t)) list.push(t);
      map.set(member, list);
    }
  }
  return map;
}

const BROADER = build();

/** Broader terms for one word (already normalised), or an empty list: `broaderTerms('橙子')` → ['水果', '农产品']. */
export function broaderTerms(word: string): readonly string[] {
  return BROADER.get(word) ?? [];
}
