import { z } from 'zod';

export const PLATFORMS = ['telegram', 'wechat', 'wechat-mp', 'console'] as const;
export const PlatformSchema = z.enum(PLATFORMS);
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
  for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const colon = item.indexOf(':');
    const platform = item.slice(0, colon);
    const id = item.slice(colon + 1);
    if (colon < 1 || !id || !PlatformSchema.safeParse(platform).success) {
      return `"${item}" is not platform:id (platform is one of ${PLATFORMS.join(', ')}), e.g. telegram:123456,wechat:wxid_abc`;
    }
    keys.add(userKey(platform as Platform, id));
  }
  return keys;
}
