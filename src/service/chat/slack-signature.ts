// Slack's request signature (`v0`), checked on every interactive call before anything in the
// body is read (SPEC §13).
// Invariants:
//   1. Both headers must be present and exact: `X-Slack-Request-Timestamp` decimal seconds,
//      `X-Slack-Signature` `v0=` and 64 lowercase hex digits; anything else is refused.
//   2. The MAC is HMAC-SHA256(signing secret, "v0:<timestamp>:<raw body>") over the exact
//      bytes received, compared in constant time on equal-length buffers.
//   3. A timestamp more than MAX_SKEW_S from the service's clock, either way, is refused, so
//      a captured call is useless after five minutes (and a replay cache covers the window).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far Slack's timestamp may be from the service's clock. */
export const SLACK_MAX_SKEW_S = 300;

const TIMESTAMP = /^[0-9]{1,12}$/;
const SIGNATURE = /^v0=([0-9a-f]{64})$/;

export type SlackAuth = { ok: true; timestamp: number; mac: string } | { ok: false; reason: string };

/** `v0=<hex>` for `body` sent at `timestamp` (what Slack puts in X-Slack-Signature). */
export function slackSignature(secret: string, timestamp: string, body: Buffer | string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
}

/** Whether the headers sign `body` with `secret` at a time close to `nowMs`. */
export function checkSlackSignature(h: { timestamp: string | undefined; signature: string | undefined }, body: Buffer, secret: string, nowMs: number): SlackAuth {
  if (h.timestamp === undefined || h.signature === undefined) return { ok: false, reason: 'missing Slack signature headers' };
  if (!TIMESTAMP.test(h.timestamp)) return { ok: false, reason: 'malformed X-Slack-Request-Timestamp' };
  const m = SIGNATURE.exec(h.signature);
  if (m === null) return { ok: false, reason: 'malformed X-Slack-Signature' };
  const expected = Buffer.from(slackSignature(secret, h.timestamp, body).slice(3), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(m[1] as string, 'hex'))) return { ok: false, reason: 'bad Slack signature' };
  const timestamp = Number(h.timestamp);
  if (Math.abs(nowMs / 1000 - timestamp) > SLACK_MAX_SKEW_S) return { ok: false, reason: 'Slack signature timestamp outside the five-minute window' };
  return { ok: true, timestamp, mac: m[1] as string };
}
