export { TelegramAdapter, type TelegramSettings } from './telegram-adapter.js';
