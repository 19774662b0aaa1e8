// The webhook signature header (SPEC §5.1), so a receiver can reject forgeries and replays:
// `X-Approve-Run-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Approve-Run-Signature';

/** The header value for `body` (empty for GET) signed at `now`. */
export function signatureHeader(secret: string, body: string, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}
