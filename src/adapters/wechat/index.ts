export { WechatAdapter, type WechatSettings } from './wechat-adapter.js';
