import type { EventEmitter } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { WechatyBuilder } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { WechatAdapter, type WechatSettings } from '../../src/adapters/wechat/index.js';
import type { Adapter } from '../../src/core/adapter.js';
import { createBot } from '../../src/bot.js';
import { tempDir } from '../helpers/cli.js';
import { recordingLog } from '../helpers/runtime.js';
import { waitFor } from '../helpers/wait.js';

export { waitFor };
import { fakeAnswerer } from './fixtures/fake-answerer.js';

export const KNOWLEDGE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'knowledge');
export const BOT_NAME = '电商助手';
export const ROOM_TOPIC = '县电商交流群';

interface MockPayload {
  talkerId?: string;
  listenerId?: string;
  text?: string;
}

/** What the bot said: where, and the text as WeChat shows it. */
export interface Said {
  to: string;
  text: string;
  at: number;
}

export interface WorldOptions {
  dataDir: string;
  /** Room ids differ per "login" on some puppets; tests pass a suffix to give rooms new ids. */
  roomIdSuffix?: string;
  /** Contact ids too on the web protocol: a suffix for the admin's and Alice's ids (their remarks stay). */
  contactIdSuffix?: string;
  /** BOT_ADMINS' WeChat ids (default: the admin's id in this world). */
  adminIds?: string[];
  wechat?: WechatSettings;
  /** Shifts the bot's clock (not WeChat's) forward, to expire follow-ups. */
  clockOffset?: () => number;
  httpPort?: number;
  /** Hand createBot the wechaty (as main.ts does) instead of an adapter built here. */
  viaBotOption?: boolean;
  /** Scan and log in right after the start (default true). */
  login?: boolean;
  /** The puppet says `ready` right after the login (default true), as real puppets do once contacts are loaded. */
  ready?: boolean;
  /** Adapters of other platforms, with their admins (`platform:id`). */
  others?: { adapters: Adapter[]; admins: string[] };
  /** Replaces the mock puppet (e.g. one that fails to start). */
  puppet?: (mocker: InstanceType<typeof mock.Mocker>) => PuppetMock;
}

const fast: WechatSettings = { qrOutput: false, pacing: { minGapMs: 10, maxGapMs: 20 } };

/**
 * A WeChat world on wechaty-puppet-mock: the bot account, an admin, merchants and two rooms, and the bot
 * built by createBot around a real wechaty. Contact ids stay the same across worlds; room ids change with
 * `roomIdSuffix`, as after a re-login on some puppets.
 */
export async function mockWorld(options: WorldOptions) {
  const mocker = new mock.Mocker();
  const puppet = options.puppet?.(mocker) ?? new PuppetMock({ mocker });
  const wechaty = WechatyBuilder.build({ puppet, name: path.join(options.dataDir, 'wechat-session') });
  const self = mocker.createContact({ id: 'wxid_bot', name: BOT_NAME });
  // The remarks (alias) are what the bot's own account calls them: they survive a change of ids.
  const contactSuffix = options.contactIdSuffix ?? '';
  const admin = mocker.createContact({ id: `wxid_admin${contactSuffix}`, name: '县服务中心小李', alias: '小李（县服务中心）' });
  const alice = mocker.createContact({ id: `wxid_alice${contactSuffix}`, name: '橘子姐', alias: '橘子姐-临安' });
  const bob = mocker.createContact({ id: 'wxid_bob', name: '老王' });
  // Same display name as the admin, different account.
  const impostor = mocker.createContact({ id: 'wxid_impostor', name: '县服务中心小李' });
  const newcomer = mocker.createContact({ id: 'wxid_new', name: '新来的' });
  const news = mocker.createContact({ id: 'gh_news', name: '县融媒', type: 2 });
  const members = [self, admin, alice, bob, impostor].map((c) => c.id);
  const suffix = options.roomIdSuffix ?? 'a';
  const room = mocker.createRoom({
    id: `room1-${suffix}@chatroom`,
    topic: ROOM_TOPIC,
    memberIdList: [...members],
    ownerId: alice.id,
    adminIdList: [],
  });
  const room2 = mocker.createRoom({
    id: `room2-${suffix}@chatroom`,
    topic: '橘子产销群',
    memberIdList: [...members],
    ownerId: bob.id,
    adminIdList: [],
  });

  const said: Said[] = [];
  // The mock's typed emitters lose their types through typed-emitter; they are plain EventEmitters.
  const listen = (target: object, to: string, only?: (p: MockPayload) => boolean) =>
    (target as EventEmitter).on('message', ({ payload }: { payload: MockPayload }) => {
      if (payload.talkerId === self.id && (!only || only(payload))) said.push({ to, text: payload.text ?? '', at: Date.now() });
    });
  for (const r of [room, room2]) listen(r, r.id);
  for (const c of [admin, alice, bob]) listen(c, c.id, (p) => p.listenerId === c.id);

  const { log, lines } = recordingLog();
  const wechat: WechatSettings = { ...fast, ...options.wechat, pacing: { ...fast.pacing, ...options.wechat?.pacing } };
  const adapter = new WechatAdapter(wechaty, wechat);
  const bot = createBot({
    dataDir: options.dataDir,
    knowledgeDir: KNOWLEDGE,
    admins: [...(options.adminIds ?? [admin.id]).map((id) => `wechat:${id}`), ...(options.others?.admins ?? [])],
    logger: log,
    watchKnowledge: false,
    buildAnswerer: () => fakeAnswerer,
    ...(options.viaBotOption
      ? { wechaty, wechat, adapters: options.others?.adapters }
      : { adapters: [adapter, ...(options.others?.adapters ?? [])] }),
    httpPort: options.httpPort,
    now: () => new Date(Date.now() + (options.clockOffset?.() ?? 0)),
  });
  await bot.start();
  await waitFor(
    () => lines.some((l) => l.msg === 'wechat puppet started' || l.msg === 'wechat puppet failed to start; retrying later'),
    'the puppet',
    20_000,
  );
  const login = async () => {
    mocker.scan('https://login.weixin.qq.com/l/mock-qr', 2);
    mocker.login(self);
    await waitFor(() => lines.some((l) => l.msg === 'wechat logged in'), 'the login', 10_000);
    if (options.ready ?? true) await ready();
  };
  const ready = async () => {
    puppet.emit('ready', { data: 'ready' });
    await waitFor(() => lines.some((l) => l.msg === 'wechat puppet ready: contacts and rooms loaded'), 'the puppet to be ready', 10_000);
  };
  if (options.login ?? true) await login();

  return {
    dataDir: options.dataDir,
    login,
    ready,
    mocker,
    puppet,
    wechaty,
    adapter,
    bot,
    self,
    admin,
    alice,
    bob,
    impostor,
    newcomer,
    news,
    room,
    room2,
    said,
    lines,
  };
}

/** Polls until `check` holds (the mock delivers asynchronously); fails with `what` after `ms`. */

export type World = Awaited<ReturnType<typeof mockWorld>>;

/** A world per test on a fresh data dir (`prefix` names it), stopped after the test. Returns the starter. */
export function worldPerTest(prefix: string): (options?: Partial<WorldOptions>) => Promise<World> {
  let world: World | undefined;
  afterEach(async () => {
    await world?.bot.stop();
    world = undefined;
  });
  return async (options = {}) => {
    await world?.bot.stop();
    world = await mockWorld({ dataDir: await tempDir(prefix), ...options });
    return world;
  };
}
