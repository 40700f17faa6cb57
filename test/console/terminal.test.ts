import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTs, tempDir } from '../helpers/cli.js';
import { FIXTURE_FILE, learningKnowledge, SPRING, TIE_QUESTION } from '../knowledge/learning-fixture.js';

const MAIN = 'src/main.ts';

describe('terminal chat (npm start with piped stdin)', () => {
  it('prints the help for /help and exits 0 at end of input, with only chat output on stdout', async () => {
    const dataDir = await tempDir();
    const result = await runTs(MAIN, [], { input: '/help\n', env: { BOT_DATA_DIR: dataDir } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('/ask');
    expect(result.stdout).toContain('帮助');
    // Logs (JSON lines from pino) and dotenv tips stay off stdout.
    expect(result.stdout).not.toMatch(/"level"|injected env|tip:/);
    expect(result.stderr).toContain('knowledge loaded');
  });

  it('answers one question per line from the bundled knowledge, in order', async () => {
    const dataDir = await tempDir();
    const result = await runTs(MAIN, [], { input: '卖自家种的橘子要办营业执照吗\n/whoami\n', env: { BOT_DATA_DIR: dataDir } });
    expect(result.code).toBe(0);
    const answerAt = result.stdout.indexOf('电子商务法');
    const whoamiAt = result.stdout.indexOf('console:operator');
    expect(answerAt).toBeGreaterThanOrEqual(0);
    expect(whoamiAt).toBeGreaterThan(answerAt);
  });

  it("answers the README's first example at once, without asking back", async () => {
    const result = await runTs(MAIN, [], { input: '开网店要营业执照吗\n', env: { BOT_DATA_DIR: await tempDir() } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('来源');
    expect(result.stdout).not.toContain('您是想问');
  });

  it('learns from the operator: a typed pick, 没用, then /suggestions accept makes the phrasing answer at once', async () => {
    const knowledgeDir = await learningKnowledge();
    const before = await readFile(path.join(knowledgeDir, 'faq', FIXTURE_FILE), 'utf8');
    const input = [TIE_QUESTION, '2', '没用', '/suggestions', '/suggestions accept 1', TIE_QUESTION, '/建议', ''].join('\n');
    const result = await runTs(MAIN, [], { input, env: { BOT_DATA_DIR: await tempDir(), BOT_KNOWLEDGE_DIR: knowledgeDir } });
    expect(result.code).toBe(0);
    const replies = result.stdout.trim().split(/\n\n(?=您是想问|春季|秋季|谢谢|【|已采纳|目前)/u);
    expect(replies[0]).toMatch(/^您是想问：\n1\. 秋季.+\n2\. 春季/u);
    expect(replies[1]).toContain('200元');
    expect(result.stdout).toContain('觉得有帮助吗？回复“有用”或“没用”。');
    expect(result.stdout).toContain('谢谢反馈，已经记下');
    expect(result.stdout).toContain(`1. “${TIE_QUESTION}” → ${SPRING}`);
    expect(result.stdout).toContain(`2. ${SPRING} 春季农民大集的摊位费怎么交？交多少？ ← “${TIE_QUESTION}”`);
    expect(result.stdout).toContain(`已采纳：“${TIE_QUESTION}”加入 ${SPRING} 的说法（knowledge/faq/${FIXTURE_FILE}:`);
    // Asked again after the accept: the answer at once, no list of choices.
    const afterAccept = result.stdout.slice(result.stdout.indexOf('已采纳'));
    expect(afterAccept).toContain('200元');
    expect(afterAccept).not.toContain('您是想问');
    const after = await readFile(path.join(knowledgeDir, 'faq', FIXTURE_FILE), 'utf8');
    expect(
      after
        .split('\n')
        .filter((l) => l !== `    - ${TIE_QUESTION}`)
        .join('\n'),
    ).toBe(before);
    expect(after).not.toBe(before);
  });

  it('joins a line ending in a backslash to the next, for multi-line forms', async () => {
    const form = [
      '/event add \\',
      '时间: 2030-12-05 09:00 \\',
      '标题: 直播带货实操培训 \\',
      '类型: 培训 \\',
      '地点: 县电商公共服务中心三楼',
      '/events',
      '',
    ].join('\n');
    const result = await runTs(MAIN, [], { input: form, env: { BOT_DATA_DIR: await tempDir() } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('已添加活动 #1');
    expect(result.stdout).toMatch(/#1[^\n]*直播带货实操培训/);
  });

  it('sends a message still continued when the input ends', async () => {
    const result = await runTs(MAIN, [], { input: '/whoami \\\n', env: { BOT_DATA_DIR: await tempDir() } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('console:operator');
  });

  it('says clearly that no knowledge is loaded when the folder is empty', async () => {
    const result = await runTs(MAIN, [], {
      input: '开网店要营业执照吗\n',
      env: { BOT_DATA_DIR: await tempDir(), BOT_KNOWLEDGE_DIR: await tempDir() },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('知识库还没有加载');
  });

  it('exits 2 naming the variable for an invalid setting, before anything starts', async () => {
    const dataDir = path.join(await tempDir(), 'never-created');
    const result = await runTs(MAIN, [], { input: '/help\n', env: { BOT_DATA_DIR: dataDir, BOT_TIMEZONE: 'Mars/Base' } });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('BOT_TIMEZONE');
    expect(result.stdout).toBe('');
    await expect(readFile(path.join(dataDir, 'bot.lock'))).rejects.toThrow();
  });

  it('refuses to start on a corrupt data file and leaves the file untouched', async () => {
    const dataDir = await tempDir();
    const corrupt = '{"version":1,"data":{"chats":{';
    await writeFile(path.join(dataDir, 'chats.json'), corrupt);
    const result = await runTs(MAIN, [], { input: '/help\n', env: { BOT_DATA_DIR: dataDir } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('chats.json');
    expect(result.stdout).toBe('');
    expect(await readFile(path.join(dataDir, 'chats.json'), 'utf8')).toBe(corrupt);
  });

  it('refuses a second bot on the same data dir while the first runs', async () => {
    const dataDir = await tempDir();
    // The first bot waits on an open stdin, so it keeps running until we end its input.
    const first = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { PATH: process.env.PATH, BOT_DATA_DIR: dataDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve) => {
      let err = '';
      first.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('adapter started')) resolve();
      });
    });
    const second = await runTs(MAIN, [], { input: '/help\n', env: { BOT_DATA_DIR: dataDir } });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/in use by another bot process/);
    first.stdin.end('/help\n');
    const code = await new Promise((resolve) => first.on('close', resolve));
    expect(code).toBe(0);
  });
});
