/**
 * The login QR code drawn with block characters, small enough for an 80-column terminal. qrcode is loaded
 * on the first scan: it costs tens of milliseconds at every start, and most starts never show a QR code.
 */
export async function renderQr(value: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(value, { type: 'terminal', small: true });
}
