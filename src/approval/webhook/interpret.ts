// What one answer of a webhook approver means (SPEC §5.1), for the channel's loop in
// ./webhook.ts: decisions, a status URL to long-poll, pending, retry, or a fatal refusal.
// Invariants:
//   1. Only a 200 carries decisions and only a 202 to the POST a status URL, which must be on
//      the webhook's own origin and hold no credentials; a 3xx is never followed.
//   2. 5xx, 408, 425 and 429 and transport failures are worth retrying; other statuses are not.
//   3. A 409 counts as "held by this replica" only as ./failover.ts invariant 3 says.
import { alreadyHeld } from './failover.js';
import { jsonBody, type HttpReply } from './http.js';

/** What one reply means to the channel's loop. */
export type Step =
  | { kind: 'decisions'; values: unknown[] }
  | { kind: 'status'; url: URL }
  | { kind: 'pending' }
  | { kind: 'held' }
  | { kind: 'retry'; message: string }
  | { kind: 'fatal'; message: string };

// Statuses that say "try again later" rather than "no".
const RETRYABLE = (status: number): boolean => status >= 500 || status === 408 || status === 425 || status === 429;

// The decisions of a 200 answer: `{"decisions":[...]}` or `{"decision":{...}}`.
function decisionsOf(reply: Extract<HttpReply, { kind: 'reply' }>): Step {
  const json = jsonBody(reply);
  if (!json.ok) return { kind: 'fatal', message: json.message };
  const v = json.value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { kind: 'fatal', message: 'answer is not a JSON object' };
  const hasMany = 'decisions' in v;
  if (hasMany === 'decision' in v) return { kind: 'fatal', message: 'answer must hold exactly one of "decisions" or "decision"' };
  if (!hasMany) return { kind: 'decisions', values: [v.decision] };
  if (!Array.isArray(v.decisions)) return { kind: 'fatal', message: '"decisions" is not an array' };
  if (v.decisions.length === 0) return { kind: 'fatal', message: 'answer holds no decision' };
  return { kind: 'decisions', values: v.decisions as unknown[] };
}

// The status URL of a 202 answer, only if it is on the webhook's own origin.
function statusOf(reply: Extract<HttpReply, { kind: 'reply' }>, base: URL): Step {
  const json = jsonBody(reply);
  if (!json.ok) return { kind: 'fatal', message: json.message };
  const raw = (json.value as { status_url?: unknown } | null)?.status_url;
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return { kind: 'fatal', message: '202 answer has no usable status_url' };
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return { kind: 'fatal', message: 'status_url is not a valid URL' };
  }
  if (url.origin !== base.origin || url.username !== '' || url.password !== '') {
    return { kind: 'fatal', message: `status_url ${url.origin} is not on the webhook's origin ${base.origin}` };
  }
  return { kind: 'status', url };
}

// What one reply means, for the POST (`polling` false) or a long-poll GET. `failover` is the
// request id when a 409 may come from a replica that already holds it (invariant 8).
export function interpret(reply: Exclude<HttpReply, { kind: 'stopped' }>, polling: boolean, base: URL, failover: string | null = null): Step {
  if (reply.kind === 'failed') return reply.retry ? { kind: 'retry', message: reply.message } : { kind: 'fatal', message: reply.message };
  const { status } = reply;
  // A replay refusal when the same body was signed twice in one second: the next second's
  // signature differs, so it is worth another try.
  if (status === 409 && !polling && failover !== null) return alreadyHeld(reply, failover) ? { kind: 'held' } : { kind: 'retry', message: 'answered HTTP 409' };
  if (status === 200) return decisionsOf(reply);
  if (status === 202 && !polling) return statusOf(reply, base);
  if ((status === 202 || status === 204) && polling) return { kind: 'pending' };
  if (status >= 300 && status < 400) return { kind: 'fatal', message: `answered HTTP ${status} (redirects are not followed)` };
  if (RETRYABLE(status)) return { kind: 'retry', message: `answered HTTP ${status}` };
  return { kind: 'fatal', message: `answered HTTP ${status}` };
}
