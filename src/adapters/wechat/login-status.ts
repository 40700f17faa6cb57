import type { AdapterHealth } from '../../core/adapter.js';
import { SCAN_STATUS } from './puppet-types.js';

export type LoginState = 'starting' | 'waiting-for-scan' | 'logged-in' | 'logged-out' | 'failed';

/**
 * Where the WeChat login stands, for the log and `/healthz`: starting, waiting for a scan (with the QR URL),
 * logged in as whom, logged out and why, or failed to start.
 */
export class LoginStatus {
  private state: LoginState = 'starting';
  private since: Date;
  private user?: { id: string; name: string };
  private scan?: { status: string; url: string };
  private detail?: string;

  constructor(now: Date) {
    this.since = now;
  }

  scanned(code: number, url: string, now: Date): void {
    const status = (Object.keys(SCAN_STATUS) as (keyof typeof SCAN_STATUS)[]).find((k) => SCAN_STATUS[k] === code) ?? 'Unknown';
    this.scan = { status: status.toLowerCase(), url };
    this.set(
      'waiting-for-scan',
      now,
      code === SCAN_STATUS.Scanned ? 'QR code scanned, confirm the login on the phone' : 'scan the QR code with the bot account',
    );
  }

  loggedIn(user: { id: string; name: string }, now: Date): void {
    this.user = user;
    this.scan = undefined;
    this.set('logged-in', now, undefined);
  }

  loggedOut(reason: string | undefined, now: Date): void {
    this.set('logged-out', now, reason || 'logged out');
  }

  failed(reason: string, now: Date): void {
    this.set('failed', now, reason);
  }

  health(): AdapterHealth {
    return {
      up: this.state === 'logged-in',
      detail: this.detail,
      login: this.state,
      since: this.since.toISOString(),
      account: this.user,
      scan: this.state === 'waiting-for-scan' ? this.scan : undefined,
    };
  }

  private set(state: LoginState, now: Date, detail: string | undefined): void {
    if (state !== this.state) this.since = now;
    this.state = state;
    this.detail = detail;
  }
}
