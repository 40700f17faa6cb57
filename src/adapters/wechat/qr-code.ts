import QRCode from 'qrcode';

/** The login QR code drawn with block characters, small enough for an 80-column terminal. */
export function renderQr(value: string): Promise<string> {
  return QRCode.toString(value, { type: 'terminal', small: true });
}
