import { z } from 'zod';

/**
 * A platform id: an adapter's own name for its platform (`telegram`, `wechat`, `console`, or `wecom` from an app
 * that brings its own adapter). Open, so a new platform needs no edit here; checked, because it is part of every
 * stored key. Keys built from it are never used to index a plain object (`constructor` is a valid id).
 */
export const PlatformSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,20}$/, 'a platform is 2-21 characters of a-z, 0-9 and -, starting with a letter (telegram, wechat)');
export type Platform = z.infer<typeof PlatformSchema>;

/** `platform:id`, the one way the bot names a user or chat across platforms (never a display name). */
export function userKey(platform: Platform, id: string): string {
  return `${platform}:${id}`;
}

/** The two halves of a `platform:id` key (the id may itself contain colons). */
export function splitKey(key: string): { platform: string; id: string } {
  const colon = key.indexOf(':');
  return { platform: key.slice(0, colon), id: key.slice(colon + 1) };
}

/**
 * Parses `BOT_ADMINS` (`telegram:123,wechat:wxid_abc`). Returns the set of keys, or a message saying which
 * item is wrong.
 */
export function parseAdmins(raw: string): Set<string> | string {
  const keys = new Set<string>();
  for (const item of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const colon = item.indexOf(':');
    const platform = item.slice(0, colon);
    const id = item.slice(colon + 1);
    if (colon < 1 || !id || !PlatformSchema.safeParse(platform).success) {
      return `"${item}" is not platform:id (platform like telegram or wechat: a-z, 0-9, -), e.g. telegram:123456,wechat:wxid_abc`;
    }
    keys.add(userKey(platform, id));
  }
  return keys;
}
