/**
 * Traditional → simplified Chinese for the characters merchants most often type in traditional form
 * (Taiwan/Hong Kong input methods, copied notices). A mechanical table, not OpenCC: it maps single
 * characters only, and leaves out characters whose simplified form depends on the word (著/着, 乾/干 in
 * 乾坤, 瞭/了, 藉/借, 覆/复) because a wrong mapping would corrupt simplified text.
 *
 * Each pair is "繁简".
 */
const PAIRS = `
萬万 與与 專专 業业 東东 絲丝 兩两 嚴严 喪丧 個个 豐丰 臨临 為为 爲为 麗丽 舉举 義义 烏乌 樂乐 喬乔
習习 鄉乡 書书 買买 亂乱 爭争 於于 虧亏 雲云 亞亚 產产 産产 畝亩 親亲 億亿 僅仅 從从 倉仓 儀仪 們们
價价 眾众 衆众 優优 會会 傘伞 偉伟 傳传 傷伤 倫伦 偽伪 體体 餘余 來来 俠侠 倆俩 債债 傾倾 償偿 儲储
兒儿 兌兑 黨党 蘭兰 關关 興兴 養养 獸兽 內内 岡冈 冊册 寫写 軍军 農农 馮冯 衝冲 決决 況况 凍冻 淨净
減减 湊凑 幾几 鳳凤 憑凭 凱凯 擊击 劃划 劉刘 則则 剛刚 創创 刪删 別别 劑剂 剝剥 劇剧 勸劝 辦办 務务
動动 勵励 勁劲 勞劳 勢势 勻匀 匯汇 區区 醫医 華华 協协 單单 賣卖 盧卢 衛卫 卻却 廠厂 廳厅 歷历 曆历
厲厉 壓压 厭厌 縣县 參参 雙双 發发 髮发 變变 敘叙 疊叠 葉叶 號号 嘆叹 嚇吓 呂吕 嗎吗 啟启 啓启 吳吴
員员 聽听 啞哑 響响 問问 喚唤 嗚呜 嘗尝 噴喷 團团 園园 圍围 國国 圖图 圓圆 聖圣 場场 壞坏 塊块 堅坚
壇坛 壩坝 墳坟 墜坠 墾垦 執执 報报 塗涂 壯壮 聲声 殼壳 壺壶 處处 備备 夠够 頭头 誇夸 夾夹 奪夺 奮奋
奧奥 妝妆 婦妇 媽妈 孫孙 學学 寧宁 寶宝 實实 寵宠 審审 憲宪 宮宫 寬宽 賓宾 對对 尋寻 導导 將将 爾尔
塵尘 層层 屆届 屬属 歲岁 豈岂 島岛 嶺岭 幣币 帥帅 師师 帳帐 帶带 幫帮 幹干 並并 廣广 慶庆 庫库 應应
廟庙 廢废 開开 異异 棄弃 張张 彌弥 彎弯 彈弹 強强 歸归 當当 錄录 徹彻 徑径 後后 憶忆 懷怀 態态 慣惯
憂忧 懇恳 惡恶 惱恼 悅悦 愛爱 戀恋 懸悬 驚惊 懼惧 慘惨 憤愤 慮虑 戲戏 戰战 戶户 撲扑 擴扩 掃扫 揚扬
擾扰 撫抚 搶抢 擋挡 擔担 掛挂 揮挥 損损 換换 據据 擁拥 擇择 擬拟 擠挤 擱搁 攜携 攝摄 擺摆 搖摇 攤摊
敵敌 數数 齋斋 斬斩 斷断 無无 舊旧 時时 曠旷 暢畅 曬晒 晝昼 顯显 暫暂 術术 機机 殺杀 雜杂 權权 條条
楊杨 傑杰 極极 構构 樣样 標标 棟栋 欄栏 樹树 橋桥 檢检 槍枪 櫃柜 檔档 樓楼 歡欢 歐欧 殘残 毀毁 氣气
漢汉 湯汤 溝沟 沒没 淚泪 潑泼 澤泽 潔洁 灑洒 濃浓 測测 濟济 渾浑 濤涛 漿浆 滅灭 濕湿 溼湿 溫温 滿满
灣湾 滯滞 灘滩 濱滨 漲涨 淺浅 漁渔 滾滚 滲渗 爐炉 爛烂 煙烟 熱热 燈灯 煉炼 燒烧 營营 燦灿 爺爷 牆墙
獨独 獄狱 獎奖 獵猎 貓猫 獻献 現现 環环 瓊琼 電电 畫画 療疗 瘋疯 盤盘 監监 蓋盖 盜盗 睜睁 礦矿 碼码
磚砖 確确 礙碍 禮礼 禍祸 離离 種种 積积 稱称 穩稳 窮穷 竊窃 競竞 筆笔 築筑 簡简 籃篮 類类 糧粮 緊紧
紅红 級级 紀纪 約约 紙纸 納纳 純纯 紛纷 細细 紹绍 終终 經经 組组 結结 絕绝 給给 統统 絡络 維维 綜综
綠绿 網网 緒绪 線线 練练 緣缘 編编 縮缩 總总 績绩 織织 繫系 續续 纖纤 罰罚 罷罢 羅罗 聯联 職职 聞闻
聰聪 肅肃 腸肠 膚肤 腦脑 臉脸 膠胶 臟脏 艱艰 藝艺 節节 蘇苏 莊庄 範范 薦荐 藥药 蕭萧 蘋苹 蘿萝 虛虚
蟲虫 蝦虾 蠟蜡 補补 裝装 襯衬 製制 複复 見见 規规 視视 覺觉 覽览 觀观 計计 訂订 認认 討讨 讓让 訓训
議议 記记 講讲 許许 論论 設设 訪访 證证 評评 識识 詞词 譯译 試试 詩诗 誠诚 話话 詢询 該该 詳详 語语
誤误 說说 請请 諸诸 讀读 課课 誰谁 調调 談谈 謝谢 謠谣 謹谨 譜谱 貝贝 負负 財财 責责 貫贯 貨货 質质
販贩 貪贪 貧贫 購购 費费 資资 賊贼 賄贿 賬账 賠赔 賦赋 賭赌 賴赖 賺赚 贈赠 贊赞 趕赶 趙赵 趨趋 跡迹
踐践 車车 軌轨 軟软 輪轮 轉转 較较 輕轻 載载 輸输 轄辖 輯辑 辭辞 邊边 遼辽 達达 遷迁 過过 運运 還还
這这 進进 遠远 違违 連连 遲迟 適适 選选 遞递 邏逻 遺遗 郵邮 鄰邻 鄭郑 醜丑 釀酿 釋释 裏里 裡里 鑒鉴
針针 釣钓 錢钱 鐵铁 鈴铃 鉛铅 銀银 銅铜 鋼钢 錯错 鍵键 鎖锁 鏈链 鏡镜 鐘钟 鍾钟 長长 門门 閃闪 閉闭
閒闲 間间 閱阅 闆板 闊阔 隊队 陽阳 陰阴 陣阵 階阶 際际 陸陆 險险 隨随 隱隐 隻只 難难 雞鸡 雖虽 霧雾
靈灵 靜静 韓韩 頁页 頂顶 項项 順顺 須须 預预 領领 頻频 題题 額额 顏颜 願愿 顧顾 風风 飛飞 飯饭 飲饮
飽饱 飾饰 餅饼 館馆 饋馈 餵喂 馬马 駕驾 驗验 騎骑 騙骗 驅驱 鬆松 鬥斗 魚鱼 鮮鲜 鳥鸟 鴨鸭 鵝鹅 麥麦
黃黄 點点 齊齐 齒齿 龍龙 龜龟 糾纠 紮扎 訊讯 貼贴 貿贸 賽赛 蔔卜 櫻樱 錶表 鬧闹 麵面 蘆芦 藍蓝 薩萨
襪袜 鋪铺 舖铺 滷卤 傭佣 僱雇 稅税 註注 証证 誌志 麼么 麽么 甚甚 夥伙 儘尽 盡尽 臺台 檯台 颱台 鍋锅
鹽盐 醬酱 蔥葱 薑姜 棗枣 豬猪 貸贷 險险 飼饲 衛卫 餐餐 貴贵 陝陕 鎮镇 韻韵 豐丰 訴诉 訟讼 簽签 檔档
準准 係系 徵征 纔才 鬱郁 錦锦 綿绵 紡纺 織织 鞋鞋 襖袄 褲裤 廚厨 幣币 鈔钞 賒赊 詐诈 騰腾 訊讯 蠶蚕
筍笋 瓏珑 壽寿 獲获 穫获 擬拟 驢驴 鴿鸽 鷄鸡 蘑蘑 菇菇 園园 縫缝 錫锡 鑽钻 鑰钥 匙匙 嶄崭 寫写 擬拟
鏟铲 餃饺 饅馒 餡馅 燉炖 燜焖 蠔蚝 鱷鳄 鯉鲤 鯽鲫 鰻鳗 鱔鳝 蝸蜗 螞蚂 蟻蚁 蠅蝇 蟬蝉 養养 畜畜 禽禽
`;

function buildTable(): Map<string, string> {
  const table = new Map<string, string>();
  for (const pair of PAIRS.split(/\s+/)) {
    const [from, to] = Array.from(pair);
    if (from && to && from !== to) table.set(from, to);
  }
  return table;
}

const TABLE = buildTable();
const TRADITIONAL = new RegExp(`[${[...TABLE.keys()].join('')}]`, 'gu');

/** Replaces the common traditional characters by their simplified form: `toSimplified('營業執照') === '营业执照'`. */
export function toSimplified(text: string): string {
  return text.replace(TRADITIONAL, (ch) => TABLE.get(ch) ?? ch);
}

/** Number of characters the table knows (for tests and the report). */
export const TRADITIONAL_TABLE_SIZE = TABLE.size;
