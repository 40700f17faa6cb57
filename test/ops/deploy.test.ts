import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/core/logger.js';
import { SETTING_NAMES } from '../../src/config/schema.js';
import { startBotProcess, type BotProcess } from '../helpers/bot-process.js';
import { outsideAddress, reaches } from '../helpers/raw-http.js';
import { FIXTURE_KNOWLEDGE } from '../helpers/bot-process.js';
import { tempDir } from '../helpers/cli.js';
import { freePort } from '../helpers/wait.js';

const run = promisify(execFile);
const read = (file: string) => readFileSync(file, 'utf8');
const readme = read('README.md');
const dockerfile = read('Dockerfile');
const unit = read('deploy/county-ecommerce-bot.service');

/** The start command the README's service section gives ("The start command is `…`"). */
const START = /The start command is `([^`]+)`/.exec(readme)?.[1];

/** A Dockerfile instruction's argument (the last one when repeated), with line continuations joined. */
function instruction(name: string): string {
  const lines = dockerfile
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((l) => l.startsWith(`${name} `));
  expect(lines, `Dockerfile has ${name}`).not.toHaveLength(0);
  return lines
    .at(-1)!
    .slice(name.length + 1)
    .trim();
}
const dockerEnv = (name: string) => new RegExp(`\\b${name}=(\\S+)`).exec(instruction('ENV'))?.[1];
const unitValue = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(unit)?.[1];

describe('settings documented where operators look', () => {
  it('every setting in the schema is a commented line in .env.example and is named in the README', () => {
    const example = read('.env.example');
    for (const name of SETTING_NAMES) {
      const at = example.split('\n').findIndex((line) => line.startsWith(`${name}=`));
      expect(at, `${name} in .env.example`).toBeGreaterThan(0);
      expect(example.split('\n')[at - 1], `a comment above ${name}`).toMatch(/^#|^[A-Z_]+=/);
      expect(readme, `${name} in the README`).toContain(`\`${name}\``);
    }
  });

  it('.env.example as it stands is a valid configuration that changes no default', () => {
    expect(loadConfig({}, '.env.example')).toEqual(loadConfig({}, '/nonexistent/.env'));
  });
});

describe('Dockerfile, compose.yaml and the systemd unit agree with the README', () => {
  it('the README gives the start command, and npm knows it', () => {
    expect(START).toBe('npm start');
    expect(JSON.parse(read('package.json')).scripts.start).toBeTruthy();
  });

  it('the Dockerfile runs the start command as a non-root user on node 20, with the data folder a volume', () => {
    expect(JSON.parse(instruction('CMD')).join(' ')).toBe(START);
    expect(instruction('FROM')).toMatch(/^node:20[-.\w]*slim/);
    expect(instruction('USER')).not.toMatch(/^(root|0)$/);
    expect(dockerEnv('TZ')).toBe('Asia/Shanghai');
    expect(dockerEnv('BOT_HTTP_HOST')).toBe('0.0.0.0');
    expect(JSON.parse(instruction('VOLUME'))).toEqual([dockerEnv('BOT_DATA_DIR')]);
    const port = dockerEnv('BOT_HTTP_PORT');
    expect(instruction('EXPOSE')).toBe(port);
    expect(instruction('HEALTHCHECK')).toContain(`http://127.0.0.1:${port}/healthz`);
    expect(read('.dockerignore')).toMatch(/^\.env$/m);
  });

  it('compose.yaml uses the image with the same port and data folder', () => {
    const compose = parseYaml(read('compose.yaml')) as {
      services: { bot: { environment: Record<string, string>; ports: string[]; volumes: string[]; build: string; hostname?: string } };
    };
    const bot = compose.services.bot;
    expect(bot.build).toBe('.');
    // The lock records the host name; a container's default one changes with every new container.
    expect(bot.hostname).toBeTruthy();
    expect(bot.environment.BOT_HTTP_PORT).toBe(dockerEnv('BOT_HTTP_PORT'));
    expect(bot.environment.BOT_DATA_DIR).toBe(dockerEnv('BOT_DATA_DIR'));
    expect(bot.ports.map((p) => p.split(':').at(-1))).toContain(dockerEnv('BOT_HTTP_PORT'));
    expect(bot.volumes.map((v) => v.split(':')[1])).toContain(dockerEnv('BOT_DATA_DIR'));
  });

  it('the systemd unit starts the same command in the folder that holds .env, restarts on failure, stops with SIGTERM', () => {
    const [binary, ...args] = unitValue('ExecStart')!.split(' ');
    expect(path.isAbsolute(binary!)).toBe(true);
    expect([path.basename(binary!), ...args].join(' ')).toBe(START);
    const workdir = unitValue('WorkingDirectory')!;
    expect(unitValue('EnvironmentFile')).toBe(`-${workdir}/.env`);
    expect(unitValue('Restart')).toBe('on-failure');
    expect(unitValue('KillSignal')).toBe('SIGTERM');
    expect(Number(unitValue('TimeoutStopSec'))).toBeGreaterThanOrEqual(10);
    // An invalid setting exits 2; restarting would only repeat it.
    expect(unitValue('RestartPreventExitStatus')).toBe('2');
  });

  it('systemd-analyze finds nothing wrong with the unit (where systemd is installed)', async () => {
    const verify = await run('systemd-analyze', ['verify', 'deploy/county-ecommerce-bot.service']).catch(
      (err: NodeJS.ErrnoException & { stderr?: string }) =>
        err.code === 'ENOENT' ? undefined : { stdout: '', stderr: String(err.stderr ?? err) },
    );
    if (verify) expect(verify.stderr.split('\n').filter((l) => l.includes('county-ecommerce-bot'))).toEqual([]);
  });
});

describe('the HEALTHCHECK command', () => {
  let bot: BotProcess | undefined;
  afterAll(() => bot?.child.kill('SIGKILL'));
  const healthcheck = (port: number) => {
    const [node, flag, script] = JSON.parse(instruction('HEALTHCHECK').replace(/^.*CMD /, '')) as string[];
    expect([node, flag]).toEqual(['node', '-e']);
    return run(process.execPath, ['-e', script!.replace(`:${dockerEnv('BOT_HTTP_PORT')}/`, `:${port}/`)]).then(
      () => 0,
      (err: { code: number }) => err.code,
    );
  };

  it('exits 0 while the bot, set up as in the image, serves /healthz, and 1 when nothing answers', async () => {
    bot = await startBotProcess({ BOT_HTTP_HOST: dockerEnv('BOT_HTTP_HOST')!, TZ: dockerEnv('TZ')! });
    expect(await healthcheck(bot.port)).toBe(0);
    // BOT_HTTP_HOST=0.0.0.0 opens the port to other machines (in a container: to Docker's port mapping).
    const outside = outsideAddress();
    if (outside) expect(await reaches(outside, bot.port)).toBe(true);
    expect(await healthcheck(await freePort())).toBe(1);
  });
});

describe('the operator guide (docs/运维手册.md) stays true to the code', () => {
  const guide = read('docs/运维手册.md');

  it("names only settings that exist (wechaty's own WECHATY_PUPPET_* aside)", () => {
    const named = new Set(guide.match(/\b(BOT|TELEGRAM|WECHAT|WECHATY)_[A-Z_]+/g));
    for (const name of named) if (!name.startsWith('WECHATY_PUPPET_')) expect(SETTING_NAMES, name).toContain(name);
  });

  it('tells people to type only commands the bot has', async () => {
    const bot = createBot({
      dataDir: await tempDir(),
      knowledgeDir: FIXTURE_KNOWLEDGE,
      watchKnowledge: false,
      logger: createLogger('silent'),
    });
    await bot.start();
    const names = new Set(bot.runtime.commands.all.flatMap((c) => [c.name, ...(c.aliases ?? [])]));
    await bot.stop();
    // Commands in code spans (`/event add …`), not the HTTP paths (`/healthz`, `/events.ics`) nor @BotFather's /newbot.
    const notOurs = new Set(['healthz', 'newbot']);
    const typed = [...guide.matchAll(/`\/([a-z]+)(?=[ `@])/g)].map((m) => m[1]!).filter((name) => !notOurs.has(name));
    expect(typed.length).toBeGreaterThan(10);
    for (const name of typed) expect(names, `/${name}`).toContain(name);
    for (const alias of [
      '我是谁',
      '活动',
      '订阅',
      '退订',
      '我的订阅',
      '订阅列表',
      '发送记录',
      '未解答',
      '确认',
      '添加活动',
      '修改活动',
      '取消活动',
      '帮助',
      '后台',
      '转人工',
      '人工列表',
      '回复',
    ]) {
      expect(guide).toContain(alias);
      expect(names, alias).toContain(alias);
    }
  });
});
