import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/bot.js';
import { tempDir } from '../helpers/cli.js';
import { silentLog } from '../helpers/runtime.js';
import { FakeAdapter } from '../helpers/fake-adapter.js';
import { learningKnowledge, TIE_QUESTION } from '../knowledge/learning-fixture.js';

// The real browser: Debian's Chromium, installed here when missing (as .ci/run does), never skipped.
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts/console';
const HOSTILE = '<img src=x onerror=alert(1)>村群';
// A week ahead, so the event is in the future whenever the suite runs; the report is read for its month.
const EVENT_DAY = new Date(Date.now() + 7 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

let bot: Bot;
let browser: Browser;
let page: Page;
let base: string;
const fake = new FakeAdapter();
const output = new PassThrough();
const input = new PassThrough();
let printed = '';
const problems: string[] = [];

/** Types a line in the terminal chat and waits for the printed reply that matches. */
async function terminal(line: string, expected: RegExp): Promise<string> {
  const start = printed.length;
  input.write(`${line}\n`);
  await expect.poll(() => expected.test(printed.slice(start)), { timeout: 10_000 }).toBe(true);
  return printed.slice(start);
}

async function shot(name: string) {
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) execFileSync('bash', ['scripts/ensure-chromium.sh'], { stdio: 'inherit' });
  await mkdir(ARTIFACTS, { recursive: true });
  output.on('data', (d: Buffer) => (printed += d.toString()));
  // A copy of the knowledge (with a pair of look-alike entries): accepting a suggestion edits it.
  bot = createBot({
    dataDir: await tempDir('console-'),
    knowledgeDir: await learningKnowledge(),
    logger: silentLog,
    watchKnowledge: false,
    httpPort: 0,
    console: { input, output },
    adapters: [fake],
  });
  await bot.start();
  base = `http://127.0.0.1:${bot.httpPort}`;
  await fake.say('/subscribe 培训', { chat: 'g1', kind: 'group', title: HOSTILE, sender: 'boss', groupAdmin: true });
  await fake.say('/subscribe', { chat: 'u1' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // A phone-sized window: the staff use the console on their phones.
  page = await browser.newPage({ viewport: { width: 390, height: 844 }, acceptDownloads: true });
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    if (!d.message().includes('#')) problems.push(`dialog: ${d.message()}`);
    void d.accept();
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await bot?.stop();
  input.end();
});

describe('web console in a real browser', () => {
  let link = '';

  it('logs in with a one-time link from the terminal /console', async () => {
    const said = await terminal('/console', /console\/login\?t=/);
    link = /(http:\/\/\S+\/console\/login\?t=\S+)/.exec(said)![1]!;
    await page.goto(link);
    expect(new URL(page.url()).pathname).toBe('/console/');
    await expect.poll(() => page.locator('h2').first().textContent()).toContain('近30天每日提问');
    await shot('dashboard');
  });

  it('refuses the same link a second time', async () => {
    const other = await browser.newPage();
    const response = await other.goto(link);
    expect(response?.status()).toBe(401);
    expect(await other.textContent('body')).toContain('登录链接无效或已过期');
    await other.close();
  });

  it('creates an event: the subscribed group is told and /events shows it', async () => {
    await page.goto(`${base}/console/events`);
    const form = page.locator('form[action="/console/events"]');
    await form.locator('input[name=time]').fill(`${EVENT_DAY} 09:00-11:30`);
    await form.locator('input[name=title]').fill('直播带货实操培训');
    await form.locator('input[name=place]').fill('县电商公共服务中心三楼');
    await form.locator('input[type=submit]').click();
    await expect.poll(() => page.textContent('main')).toContain('已添加活动 #1');
    await shot('events');
    await expect.poll(() => fake.to('g1').join('\n'), { timeout: 10_000 }).toContain('直播带货实操培训');
    await terminal('/events', /直播带货实操培训/);
  });

  it('composes an announcement, confirms it and watches the progress without a reload', async () => {
    await page.goto(`${base}/console/announce`);
    await page.locator('textarea[name=text]').fill('本周六下午两点直播培训，地点不变');
    await page.locator('form[action="/console/announce"] input[type=submit]').click();
    await expect.poll(() => page.textContent('main')).toContain('本周六下午两点直播培训');
    await page.locator('form[action="/console/announce/confirm"] button').click();
    await expect.poll(() => page.locator('[data-job]').textContent(), { timeout: 15_000 }).toMatch(/成功 2 .*✓/);
    await shot('announce');
    expect(fake.to('u1').join('\n')).toContain('本周六下午两点直播培训');
  });

  it('re-sends the chats whose delivery is unknown, after a preview and a confirm, and no one twice', async () => {
    // The connection to u1 breaks after the message left: the platform may or may not have delivered it.
    fake.script.set('u1', [{ status: 'unknown', reason: 'connection reset after the request left' }]);
    await page.goto(`${base}/console/announce`);
    await page.locator('textarea[name=text]').fill('下周一上午九点开网店培训');
    await page.locator('form[action="/console/announce"] input[type=submit]').click();
    await page.locator('form[action="/console/announce/confirm"] button').click();
    await expect.poll(() => page.locator('[data-job]').textContent(), { timeout: 15_000 }).toMatch(/未知 1 .*✓/);
    await page.goto(`${base}/console/announce`);
    await page.locator('form[action="/console/announce/resend"] button').first().click();
    await page.locator('form[action="/console/announce/resend/confirm"] button').click();
    await expect.poll(() => fake.to('u1').filter((m) => m.includes('下周一上午九点开网店培训')).length, { timeout: 15_000 }).toBe(1);
    expect(fake.to('g1').filter((m) => m.includes('下周一上午九点开网店培训'))).toHaveLength(1);
  });

  it('answers a merchant who asked for a person; the answer reaches their group, mentioning them', async () => {
    await fake.say('转人工 冷库补贴怎么申请', { chat: 'g1', kind: 'group', title: HOSTILE, sender: 'm1' });
    await page.goto(`${base}/console/handoffs`);
    expect(await page.textContent('main')).toContain('冷库补贴怎么申请');
    await page.locator('form[action="/console/handoffs/1/answer"] textarea').fill('请带营业执照到县商务局二楼登记，本月底截止。');
    await page.locator('form[action="/console/handoffs/1/answer"] input[type=submit]').click();
    await expect.poll(() => page.textContent('main')).toContain('已送达');
    await shot('handoffs');
    const delivered = fake.delivered.filter((d) => d.chatId === 'g1' && d.reply.text.includes('县商务局二楼'));
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.reply.mention?.id ?? JSON.stringify(delivered[0]!.reply)).toContain('m1');
  });

  it('accepts a suggested phrasing, and the bot then answers it at once', async () => {
    for (const member of ['p1', 'p2']) {
      const [asked] = await fake.say(TIE_QUESTION, { chat: member });
      expect(asked?.suggestions?.length).toBeGreaterThan(1);
      await fake.say('1', { chat: member });
    }
    await page.goto(`${base}/console/questions`);
    expect(await page.textContent('main')).toContain(TIE_QUESTION);
    await page.locator('form[action="/console/suggestions"] input[name=n]').fill('1');
    await page.locator('form[action="/console/suggestions"] button[value=accept]').click();
    await expect.poll(() => page.textContent('main')).toContain('已采纳');
    await shot('questions');
    const [answered] = await fake.say(TIE_QUESTION, { chat: 'p3' });
    expect(answered?.text).toContain('摊位费每个摊位');
    expect(answered?.suggestionsTitle ?? '').not.toContain('您是想问');
  });

  it('drafts a new entry in a form; after the lint passes the bot answers it', async () => {
    await page.goto(`${base}/console/knowledge`);
    const form = page.locator('form[action="/console/knowledge/entry"]');
    await form.locator('input[name=id]').fill('support-cold-storage-subsidy-test');
    await form.locator('select[name=category]').selectOption('support');
    await form.locator('input[name=question]').fill('本县冷库建设补贴找谁申请？');
    await form
      .locator('textarea[name=alternates]')
      .fill(['冷库补贴去哪报名', '建冷库有没有县里的补贴', '冷库建设补贴申请流程', '想建个小冷库，县里补多少'].join('\n'));
    await form.locator('textarea[name=answer]').fill('冷库建设补贴由县商务局受理，带营业执照和建设方案到二楼窗口登记。');
    await form.locator('textarea[name=sources]').fill('县商务局窗口（测试条目）');
    await form.locator('input[type=submit]').click();
    await expect.poll(() => page.textContent('main')).toContain('已保存');
    const [answered] = await fake.say('建冷库有没有县里的补贴', { chat: 'p4' });
    expect(answered?.text).toContain('县商务局受理');
  });

  it("changes a group's subscription from the groups page", async () => {
    await page.goto(`${base}/console/groups`);
    const row = page.locator('form[action="/console/groups/subscription"]').filter({ has: page.locator('input[name=key][value$=":g1"]') });
    await row.locator('input[name=words]').fill('展会 临安');
    await row.locator('button[value=subscribe]').click();
    await expect.poll(() => page.textContent('main')).toContain('临安');
    const [mine] = await fake.say('/mysubs', { chat: 'g1', kind: 'group', title: HOSTILE, sender: 'boss', groupAdmin: true });
    expect(mine?.text).toContain('临安');
  });

  it('shows a hostile group name as text, runs nothing', async () => {
    await page.goto(`${base}/console/groups`);
    expect(await page.textContent('main')).toContain(HOSTILE);
    expect(await page.locator('main img').count()).toBe(0);
    await shot('groups');
  });

  it('answers a trial question with its ranked candidates', async () => {
    await page.goto(`${base}/console/knowledge?ask=${encodeURIComponent('卖自家橘子要办营业执照吗')}`);
    expect(await page.textContent('main')).toContain('reg-self-produced-farm-products');
    await shot('knowledge');
  });

  it('downloads the monthly report as XLSX and reads it back', async () => {
    await page.goto(`${base}/console/report?month=${EVENT_DAY.slice(0, 7)}`);
    await shot('report');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[href^="/console/report.xlsx"]').click()]);
    const workbook = new ExcelJS.Workbook();
    const file = await readFile((await download.path())!);
    await workbook.xlsx.load(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
    const cells = workbook.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toContain('月度报表');
    expect(cells.some((c) => c.startsWith('#1 直播带货实操培训'))).toBe(true);
  });

  it('refuses a POST without the CSRF token, and keeps an audit of what was done', async () => {
    const response = await page.request.post(`${base}/console/events/1/cancel`, { form: {} });
    expect(response.status()).toBe(403);
    await page.goto(`${base}/console/audit`);
    const audit = await page.textContent('main');
    expect(audit).toContain('event add');
    expect(audit).toContain('announce confirm');
    expect(audit).toContain('handoff answer');
    expect(audit).toContain('console:operator');
    await shot('audit');
  });

  it('had no browser console error on any page', () => {
    expect(problems).toEqual([]);
  });
});
