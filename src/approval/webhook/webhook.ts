// The webhook channel (SPEC §5.1): POST the request, then take decisions from a 200, or
// long-poll the 202's status_url until decisions arrive or the approval expires.
// Invariants:
//   1. Every call carries the HMAC signature header when a secret is set.
//   2. No redirect is followed; a 3xx, a cross-origin status_url, a non-JSON or oversized
//      answer ends the channel as unreachable, never as an approval.
//   3. Connection failures, per-call timeouts and 5xx/408/425/429 are retried with backoff
//      until the approval expires; nothing is retried past it.
//   4. A pending answer is followed at once by the next long-poll, so a decision is seen
//      as soon as the approver answers (no sleep-polling); only answers that come back too
//      fast to be long-polls are spaced out.
//   5. Decisions are handed to the sink untouched; the sink alone decides what counts.
//   6. The channel ends `pending` (the approval expired) only if the approver ever took the
//      request (a 202 or a pending long-poll); an approver never reached, or never answering
//      but with errors, ends it `unreachable`. Each change between retrying and reached is
//      reported once (TroubleReport), naming the approver by origin and path only.
//   7. Junk never cancels (SPEC §13): a long-poll answer whose decisions do not settle the
//      tally (refused, or not enough) is logged by the sink and the wait goes on. Only new
//      values are offered (a relay repeats what it holds), and `after=` tells the relay how
//      many it has already sent, so it answers at once only when it holds something new.
//   8. A webhook listing several replicas (`url: [a, b]`, ./failover.ts) moves to the next one
//      on every retryable failure, posting the same request there; a replica that already
//      holds it (409, ./failover.ts invariant 3) is long-polled. Backoff starts only after a
//      whole round failed. One url is a round of one: a repeated post whose first answer was
//      lost (a timeout) and that the service now answers "already exists" is long-polled too.
import { canonicalize } from '../../crypto/jcs.js';
import type { Clock } from '../../context.js';
import type { WebhookChannel } from '../../policy/types.js';
import { escapeInvisible } from '../../shell/invisible.js';
import type { ChannelEnd, ChannelRunner, DecisionSink, TroubleReport } from '../channel.js';
import { SIGNATURE_HEADER, signatureHeader } from './hmac.js';
import { Replicas } from './failover.js';
import { exchange } from './http.js';
import { interpret } from './interpret.js';
import { pause, unseen } from './poll-helpers.js';
import type { ApprovalRequest } from '../request/request.js';

/** Seconds a long-poll asks the approver to hold the call (SPEC §5.1). */
export const LONG_POLL_WAIT_S = 30;
const FAST_PENDING_MS = 500;
/** Bounds the memory of values already offered, against a relay that floods. */
const MAX_SEEN = 10_000;
/** Values offered to the sink at once, below its per-answer bound, so no valid one is lost. */
const OFFER_CHUNK = 50;

export interface WebhookOptions {
  channel: WebhookChannel;
  url: URL;
  secret: string | null;
  request: ApprovalRequest;
  requestHash: string;
  clock: Clock;
  /** Monotonic milliseconds at which the approval expires. */
  deadlineMs: number;
  /** A status URL from an earlier POST of this request (`run --no-wait`): long-poll it first. */
  statusUrl?: URL;
  /** Told the outcome URL when the answer shows an approval service (src/approval/webhook/report.ts). */
  report?: { set(url: URL, secret: string | null): void };
}

// Socket errors as people say them; anything else is shown as http.ts words it.
const SOCKET_CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
};

/** The requester's line for a retried call: `approver https://host/path unreachable (connection refused)`. */
export function troubleLine(url: URL, message: string): string {
  const code = /^connection failed \((\w+)\)$/.exec(message)?.[1];
  const cause = (code !== undefined ? SOCKET_CAUSES[code] : undefined) ?? message;
  // Origin and path only: a token in the query or userinfo stays off the terminal.
  return escapeInvisible(`approver ${url.origin}${url.pathname} unreachable (${cause})`);
}

/** The webhook channel for one request. */
export function webhookRunner(o: WebhookOptions): ChannelRunner {
  return { name: 'webhook', usesTerminal: false, run: (sink, signal, trouble) => runWebhook(o, sink, signal, trouble ?? (() => {})) };
}

// The channel's loop: POST, then long-poll; see the invariants above.
async function runWebhook(o: WebhookOptions, sink: DecisionSink, signal: AbortSignal, trouble: TroubleReport): Promise<ChannelEnd> {
  const body = canonicalize({ type: 'approval.requested', request: o.request, request_hash: o.requestHash });
  // Headers for one call, signed over its own payload (empty for a long-poll GET).
  const headers = (payload: string, post: boolean): Record<string, string> => ({
    accept: 'application/json',
    ...(post ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}),
    ...(o.secret === null ? {} : { [SIGNATURE_HEADER]: signatureHeader(o.secret, payload, o.clock.now()) }),
  });
  const replicas = new Replicas(o.url, o.channel.fallback_urls ?? []);
  if (o.statusUrl !== undefined && !replicas.use(o.statusUrl)) return { state: 'unreachable', message: `stored status_url ${o.statusUrl.origin} is not on the webhook's origin ${o.url.origin}` };
  let statusUrl: URL | null = o.statusUrl ?? null;
  // A stored status URL (a resumed request) means the approver already took it.
  let reached = o.statusUrl !== undefined;
  // Whether this request was posted before, to any replica (a 409 may then mean "held").
  let posted = o.statusUrl !== undefined;
  let problem = 'no answer';
  let shown: string | null = null;
  // Reports a change between retrying (with why) and through (null), once per change.
  const report = (line: string | null): void => {
    if (line === shown) return;
    shown = line;
    trouble(line);
  };
  // The service answered for the current replica: outcomes go to that replica.
  const serviceAnswered = (): void => o.report?.set(replicas.derived(o.request.id, 'outcome'), o.secret);
  let failures = 0;
  let fast = 0;
  let relayed = 0;
  const seen = new Set<string>();
  while (!signal.aborted) {
    const left = o.deadlineMs - o.clock.monotonicMs();
    if (left <= 0) break;
    const polling = statusUrl !== null;
    const target = replicas.current;
    const url = polling ? new URL(statusUrl as URL) : target;
    if (polling) {
      url.searchParams.set('wait', String(LONG_POLL_WAIT_S));
      url.searchParams.set('after', String(relayed));
    }
    const perCallMs = ((polling ? LONG_POLL_WAIT_S : 0) + o.channel.timeout_s) * 1000;
    const started = o.clock.monotonicMs();
    const payload = polling ? '' : body;
    const capped = left < perCallMs;
    const earlier = posted;
    if (!polling) posted = true;
    const reply = await exchange({ method: polling ? 'GET' : 'POST', url, body: polling ? null : body, headers: headers(payload, !polling), timeoutMs: capped ? left : perCallMs, signal });
    // A call cut short by the approval's own expiry ended with the approval, not by a fault.
    if (reply.kind === 'stopped' || (reply.kind === 'failed' && reply.timedOut && capped)) break;
    const step = interpret(reply, polling, target, earlier ? o.request.id : null);
    const where = polling ? 'status_url ' : '';
    switch (step.kind) {
      case 'decisions': {
        if (!polling) {
          return (await sink.offerSigned('webhook', step.values)) ? { state: 'answered', message: 'decided' } : { state: 'answered', message: 'answered without enough valid decisions' };
        }
        relayed += step.values.length;
        const fresh = unseen(step.values, seen);
        for (let i = 0; i < fresh.length; i += OFFER_CHUNK) {
          if (await sink.offerSigned('webhook', fresh.slice(i, i + OFFER_CHUNK))) return { state: 'answered', message: 'decided' };
        }
        if (seen.size > MAX_SEEN) return { state: 'unreachable', message: `status_url relayed more than ${MAX_SEEN} decisions` };
        reached = true;
        failures = 0;
        fast = o.clock.monotonicMs() - started < FAST_PENDING_MS ? fast + 1 : 0;
        if (fast > 0) await pause(Math.min(250 * 2 ** (fast - 1), 2000), signal);
        break;
      }
      case 'fatal':
        return { state: 'unreachable', message: `${where}${step.message}` };
      case 'status':
        statusUrl = step.url;
        if (step.url.href === replicas.derived(o.request.id, 'status').href) serviceAnswered();
        reached = true;
        failures = 0;
        report(null);
        break;
      case 'held':
        // Another replica stored it (invariant 8): long-poll this one.
        statusUrl = replicas.derived(o.request.id, 'status');
        serviceAnswered();
        reached = true;
        failures = 0;
        report(null);
        break;
      case 'pending':
        reached = true;
        failures = 0;
        report(null);
        fast = o.clock.monotonicMs() - started < FAST_PENDING_MS ? fast + 1 : 0;
        if (fast > 0) await pause(Math.min(250 * 2 ** (fast - 1), 2000), signal);
        break;
      case 'retry':
        problem = `${where}${step.message}`;
        failures += 1;
        report(troubleLine(target, step.message));
        if (replicas.size > 1) {
          // The next replica is asked at once; the request is posted there again (invariant 8).
          replicas.next();
          statusUrl = null;
        }
        if (failures % replicas.size === 0) {
          const round = failures / replicas.size;
          await pause(Math.min(250 * 2 ** (round - 1), 5000, Math.max(0, o.deadlineMs - o.clock.monotonicMs())), signal);
        }
        break;
    }
  }
  return reached ? { state: 'pending', message: 'no decision before the approval expired' } : { state: 'unreachable', message: problem };
}

/** What one POST of a request brought back, for a request that does not wait (`run --no-wait`). */
export type Submission = { kind: 'status'; url: URL } | { kind: 'answered' } | { kind: 'failed'; message: string };

/** POSTs the request (once to each replica at most, until one takes it) and reports where its decision will be, without waiting for it. */
export async function submitRequest(o: WebhookOptions, signal: AbortSignal): Promise<Submission> {
  const body = canonicalize({ type: 'approval.requested', request: o.request, request_hash: o.requestHash });
  const replicas = new Replicas(o.url, o.channel.fallback_urls ?? []);
  let failed = 'no answer';
  for (let i = 0; i < replicas.size; i++, replicas.next()) {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      ...(o.secret === null ? {} : { [SIGNATURE_HEADER]: signatureHeader(o.secret, body, o.clock.now()) }),
    };
    const left = Math.max(1, Math.min(o.deadlineMs - o.clock.monotonicMs(), o.channel.timeout_s * 1000));
    const reply = await exchange({ method: 'POST', url: replicas.current, body, headers, timeoutMs: left, signal });
    if (reply.kind === 'stopped') return { kind: 'failed', message: 'stopped' };
    const step = interpret(reply, false, replicas.current, i > 0 ? o.request.id : null);
    if (step.kind === 'status') return { kind: 'status', url: step.url };
    if (step.kind === 'held') return { kind: 'status', url: replicas.derived(o.request.id, 'status') };
    if (step.kind === 'decisions') return { kind: 'answered' };
    failed = step.kind === 'pending' ? 'no answer' : step.message;
    if (step.kind !== 'retry') break;
  }
  return { kind: 'failed', message: failed };
}
