export { WechatMpAdapter, DEFAULT_MP_PATH, MENU_COMMANDS, type WechatMpSettings } from './wechat-mp-adapter.js';
export { DEFAULT_API_ROOT } from './api.js';
export { mpSettingsFromEnv } from './settings.js';
