import type { Env } from '../../config/schema.js';
import type { WechatMpSettings } from './wechat-mp-adapter.js';

/** The adapter's settings from WECHAT_MP_*; undefined when the Official Account is not configured. */
export function mpSettingsFromEnv(env: Env): WechatMpSettings | undefined {
  const { WECHAT_MP_APP_ID: appId, WECHAT_MP_APP_SECRET: appSecret, WECHAT_MP_TOKEN: token } = env;
  if (!appId || !appSecret || !token) return undefined;
  return { appId, appSecret, token, aesKey: env.WECHAT_MP_AES_KEY, apiRoot: env.WECHAT_MP_API_ROOT, path: env.WECHAT_MP_PATH };
}
