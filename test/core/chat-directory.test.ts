import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChatDirectory } from '../../src/core/chat-directory.js';
import { createOutbox } from '../../src/core/outbox.js';
import { silentLog } from '../helpers/runtime.js';
import { FileStore } from '../../src/storage/file/file-store.js';
import { tempDir } from '../helpers/cli.js';

const NOW = new Date('2026-11-28T00:00:00Z');

describe('ChatDirectory', () => {
  it('migrates a chats file written before moves were recorded (version 1)', async () => {
    const dir = await tempDir();
    const chat = {
      platform: 'wechat',
      id: 'r1',
      kind: 'group',
      title: '橘子群',
      active: true,
      firstSeen: NOW.toISOString(),
      updated: NOW.toISOString(),
    };
    await writeFile(path.join(dir, 'chats.json'), JSON.stringify({ version: 1, data: { chats: { 'wechat:r1': chat } } }));
    const store = await FileStore.open(dir);
    const chats = await ChatDirectory.open(store);
    expect(chats.get('wechat:r1')?.title).toBe('橘子群');
    expect(chats.current('wechat:r1')).toBe('wechat:r1');
    await store.close();
  });

  it('keeps the moves a version-1 file already holds', async () => {
    const dir = await tempDir();
    const chat = { platform: 'wechat', id: 'r2', kind: 'group', active: true, firstSeen: NOW.toISOString(), updated: NOW.toISOString() };
    await writeFile(
      path.join(dir, 'chats.json'),
      JSON.stringify({ version: 1, data: { chats: { 'wechat:r2': chat }, moved: { 'wechat:r1': 'wechat:r2' } } }),
    );
    const store = await FileStore.open(dir);
    expect((await ChatDirectory.open(store)).current('wechat:r1')).toBe('wechat:r2');
    await store.close();
  });

  it('makes a chat active again when a message comes from it (removed, then re-added)', async () => {
    const store = await FileStore.open(await tempDir());
    const chats = await ChatDirectory.open(store);
    const room = { platform: 'wechat', id: 'r9', kind: 'group', title: '群' } as const;
    await chats.seen(room, NOW);
    await chats.setActive('wechat:r9', false, 'removed', NOW);
    expect(chats.isActive('wechat:r9')).toBe(false);
    expect(await chats.seen({ ...room, title: undefined }, NOW)).toBe(false);
    expect(chats.isActive('wechat:r9')).toBe(true);
    expect(chats.get('wechat:r9')).toMatchObject({ title: '群', inactiveReason: undefined });
    await store.close();
  });

  it('follows a chat through its moves, and back', async () => {
    const store = await FileStore.open(await tempDir());
    const chats = await ChatDirectory.open(store);
    await chats.seen({ platform: 'wechat', id: 'a', kind: 'group', title: '群' }, NOW);
    await chats.rekey('wechat:a', { platform: 'wechat', id: 'b', kind: 'group' }, NOW);
    await chats.rekey('wechat:b', { platform: 'wechat', id: 'c', kind: 'group' }, NOW);
    expect(chats.current('wechat:a')).toBe('wechat:c');
    await chats.rekey('wechat:c', { platform: 'wechat', id: 'a', kind: 'group' }, NOW);
    expect(['wechat:a', 'wechat:b', 'wechat:c'].map((k) => chats.current(k))).toEqual(['wechat:a', 'wechat:a', 'wechat:a']);
    await store.close();
  });
});

describe('outbox', () => {
  it('sends to a chat under its new id when given the old one', async () => {
    const store = await FileStore.open(await tempDir());
    const chats = await ChatDirectory.open(store);
    await chats.seen({ platform: 'wechat', id: 'old-room', kind: 'group', title: '群' }, NOW);
    await chats.rekey('wechat:old-room', { platform: 'wechat', id: 'new-room', kind: 'group', title: '群' }, NOW);
    const sent: string[] = [];
    const adapter = {
      platform: 'wechat' as const,
      start: async () => {},
      stop: async () => {},
      health: () => ({ up: true }),
      send: async (id: string) => (sent.push(id), { status: 'sent' as const }),
    };
    const outbox = createOutbox(
      () => [adapter],
      chats,
      silentLog,
      () => NOW,
    );
    expect(await outbox.send('wechat:old-room', { text: '通知' })).toMatchObject({ status: 'sent' });
    expect(sent).toEqual(['new-room']);
    await store.close();
  });
});
