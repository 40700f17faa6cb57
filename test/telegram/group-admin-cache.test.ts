import { describe, expect, it } from 'vitest';
import { GroupAdminCache } from '../../src/adapters/telegram/group-admin-cache.js';
import { recordingLog } from '../helpers/runtime.js';

describe('GroupAdminCache', () => {
  it('counts creator and administrator as admins, and asks Telegram once per ttl', async () => {
    let now = 0;
    const calls: string[] = [];
    const statuses: Record<string, string> = { '1': 'creator', '2': 'administrator', '3': 'member', '4': 'restricted' };
    const cache = new GroupAdminCache(
      async (chat, user) => {
        calls.push(`${chat}:${user}`);
        return statuses[String(user)]!;
      },
      { ttlMs: 60_000, now: () => now, log: recordingLog().log },
    );
    expect(await Promise.all([1, 2, 3, 4].map((u) => cache.isAdmin('-100', u)))).toEqual([true, true, false, false]);
    expect(await cache.isAdmin('-100', 1)).toBe(true);
    expect(calls).toHaveLength(4);
    statuses['1'] = 'left';
    now = 60_000;
    expect(await cache.isAdmin('-100', 1)).toBe(false);
    expect(calls).toHaveLength(5);
  });

  it('says no when the check fails, logs it, and asks again next time', async () => {
    const { log, lines } = recordingLog();
    let fail = true;
    const cache = new GroupAdminCache(
      async () => {
        if (fail) throw new Error('500: Internal Server Error');
        return 'administrator';
      },
      { log },
    );
    expect(await cache.isAdmin('-100', 7)).toBe(false);
    expect(lines.some((l) => String(l.msg).includes('cannot check group admin'))).toBe(true);
    fail = false;
    expect(await cache.isAdmin('-100', 7)).toBe(true);
  });
});
