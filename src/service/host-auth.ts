// Checks a host's `X-Approve-Run-Signature: t=<unix s>,v1=<hex>` (SPEC §5.1, §13).
// Invariants:
//   1. The header must be exactly `t=<digits>,v1=<64 hex>`; anything else is refused.
//   2. The MAC is HMAC-SHA256(secret, "<t>.<body>") over the exact bytes received, compared
//      in constant time (timingSafeEqual on equal-length buffers).
//   3. A timestamp more than MAX_SKEW_S away from the service's clock is refused, so a
//      captured signature is useless after the window; within it, POSTs go through the
//      replay cache (routes), so no signed POST is accepted twice.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a signature's timestamp may be from the service's clock (SPEC §13). */
export const MAX_SKEW_S = 300;

const HEADER = /^t=([0-9]{1,12}),v1=([0-9a-f]{64})$/;

export type HostAuth = { ok: true; t: number; mac: string } | { ok: false; reason: string };

/** Whether `header` signs `body` with `secret` at a time close to `nowMs`. */
export function checkHostSignature(header: string | undefined, body: string, secret: string, nowMs: number): HostAuth {
  if (header === undefined) return { ok: false, reason: 'missing X-Approve-Run-Signature' };
  const m = HEADER.exec(header.trim());
  if (m === null) return { ok: false, reason: 'malformed X-Approve-Run-Signature' };
  const t = Number(m[1]);
  const mac = m[2] as string;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest();
  if (!timingSafeEqual(expected, Buffer.from(mac, 'hex'))) return { ok: false, reason: 'bad signature' };
  if (Math.abs(nowMs / 1000 - t) > MAX_SKEW_S) return { ok: false, reason: 'signature timestamp outside the allowed window' };
  return { ok: true, t, mac };
}
