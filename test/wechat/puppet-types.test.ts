import { describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { CONTACT_TYPE, FRIENDSHIP_TYPE, MESSAGE_TYPE, SCAN_STATUS } from '../../src/adapters/wechat/puppet-types.js';

describe('wechaty enum values copied into the adapter', () => {
  it('match the installed wechaty-puppet', () => {
    expect(MESSAGE_TYPE).toEqual({ Audio: types.Message.Audio, Image: types.Message.Image, Text: types.Message.Text });
    expect(CONTACT_TYPE).toEqual({ Official: types.Contact.Official });
    expect(FRIENDSHIP_TYPE).toEqual({ Receive: types.Friendship.Receive });
    expect(SCAN_STATUS).toEqual({
      Unknown: types.ScanStatus.Unknown,
      Cancel: types.ScanStatus.Cancel,
      Waiting: types.ScanStatus.Waiting,
      Scanned: types.ScanStatus.Scanned,
      Confirmed: types.ScanStatus.Confirmed,
      Timeout: types.ScanStatus.Timeout,
    });
  });
});
