import path from 'node:path';
import { readEnvFile } from '../../config/load.js';
import type { WechatyInterface } from 'wechaty/impls';

/** The file in the data dir where wechaty's memory card keeps the login session (`.memory-card.json` added). */
export const SESSION_NAME = 'wechat-session';

/**
 * Builds wechaty with the puppet its own settings choose (WECHATY_PUPPET, WECHATY_PUPPET_SERVICE_TOKEN, …),
 * keeping the login session in the data dir so a restart does not always need a new scan. Puppets read
 * those settings from process.env only, so WECHATY_* lines of `.env` are handed to them too (the real
 * environment wins). wechaty is loaded here, on demand: it costs about a second and 120 MB.
 */
export async function buildWechaty(dataDir: string, envFile = '.env'): Promise<WechatyInterface> {
  for (const [key, value] of Object.entries(readEnvFile(envFile))) if (key.startsWith('WECHATY_')) process.env[key] ??= value;
  const { WechatyBuilder } = await import('wechaty');
  return WechatyBuilder.build({ name: path.join(dataDir, SESSION_NAME) });
}
