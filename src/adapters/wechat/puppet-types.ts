/**
 * The wechaty-puppet enum values the adapter reads, copied so that building the bot does not load wechaty
 * (about 1 s and 120 MB) when WeChat is off. test/wechat/puppet-types.test.ts checks them against wechaty's.
 */
export const MESSAGE_TYPE = { Audio: 2, Image: 6, Text: 7 } as const;
export const CONTACT_TYPE = { Official: 2 } as const;
export const FRIENDSHIP_TYPE = { Receive: 2 } as const;
export const SCAN_STATUS = { Unknown: 0, Cancel: 1, Waiting: 2, Scanned: 3, Confirmed: 4, Timeout: 5 } as const;
