export { WechatAdapter, type WechatSettings } from './wechat-adapter.js';
export { DEFAULT_PACING, type PacingOptions } from './pacing-queue.js';
