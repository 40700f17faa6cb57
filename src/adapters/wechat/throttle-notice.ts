// WeChat's own words when it throttles an account: "操作过于频繁，可稍后再试。" / "发送消息过于频繁，可稍后再试。"
// (wechaty/puppet-padlocal#109, wechaty/wechaty#412); English clients say "Too many attempts" or "operate too often".
const THROTTLE_NOTICE = /(操作|发送消息|发送)过于频繁|too many attempts|operat\w* too (often|frequent)|send\w* too frequent/i;

/** True when a message text or an error message is WeChat saying the account sends too much. */
export function isThrottleNotice(text: string): boolean {
  return THROTTLE_NOTICE.test(text);
}
