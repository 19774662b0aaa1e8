// The hosts' endpoints (SPEC §5.1, §13): post a request, long-poll its status, report its
// outcome. Every call is signed with the host's own HMAC secret.
// Invariants:
//   1. A request is stored only when: the body is a well-formed approval.requested, its host
//      is configured, the signature verifies with that host's secret inside the time window,
//      the signature was never used before, and request_hash is the JCS hash of the request.
//   2. Status and outcome calls must be signed by the host that posted the request.
//   3. A long-poll waits on the storage event (./waiters.ts), never on a sleep loop.
import { createHash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { canonicalBytes, canonicalize } from '../crypto/jcs.js';
import { checkHostSignature, MAX_SKEW_S } from './host-auth.js';
import { isObject, readJson, refuse, REQUEST_ID } from './http-util.js';
import type { ServiceState } from './state.js';

const SIGNATURE = 'x-approve-run-signature';
const MAX_WAIT_S = 60;
/** Decisions sent in one status answer; the host asks again for more. */
export const DECISIONS_PER_ANSWER = 50;
const OUTCOMES = new Set(['ran', 'expired', 'denied', 'refused', 'error']);

// `sha256:<hex>` of the JCS bytes of `value`, or null if it has no canonical form.
function hashOf(value: unknown): string | null {
  try {
    return `sha256:${createHash('sha256').update(canonicalBytes(value)).digest('hex')}`;
  } catch {
    return null;
  }
}

// Verifies a host's signature over `body` and claims it in the replay cache when `once`.
async function authenticate(c: Context, s: ServiceState, host: string, body: string, once: boolean): Promise<Response | null> {
  const secret = s.secrets.get(host);
  if (secret === undefined) return refuse(c, 403, `unknown host ${JSON.stringify(host).slice(0, 80)}`);
  const auth = checkHostSignature(c.req.header(SIGNATURE), body, secret, s.now());
  if (!auth.ok) return refuse(c, 401, auth.reason);
  if (once && !(await s.storage.claimNonce(`${host}:${auth.t}:${auth.mac}`, (auth.t + 2 * MAX_SKEW_S) * 1000))) return refuse(c, 409, 'replayed signature');
  return null;
}

// POST /v1/requests: the §5.1 body, stored after every check of invariant 1.
async function postRequest(c: Context, s: ServiceState): Promise<Response> {
  const body = await readJson(c);
  if (!body.ok) return body.response;
  const v = body.value;
  if (!isObject(v) || v.type !== 'approval.requested' || !isObject(v.request) || typeof v.request_hash !== 'string' || Object.keys(v).length !== 3) {
    return refuse(c, 400, 'expected {"type":"approval.requested","request":{...},"request_hash":"sha256:<hex>"}');
  }
  const request = v.request;
  if (typeof request.host !== 'string') return refuse(c, 400, 'request.host is not a string');
  const denied = await authenticate(c, s, request.host, body.text, true);
  if (denied !== null) return denied;
  if (typeof request.id !== 'string' || !REQUEST_ID.test(request.id)) return refuse(c, 400, 'request.id is not a request id');
  if (typeof request.expires_at !== 'string' || Number.isNaN(Date.parse(request.expires_at))) return refuse(c, 400, 'request.expires_at is not a timestamp');
  if (hashOf(request) !== v.request_hash) return refuse(c, 400, 'request_hash is not the JCS hash of request');
  const stored = await s.storage.addRequest({
    id: request.id, host: request.host, request: canonicalize(request), request_hash: v.request_hash,
    expires_at: request.expires_at, received_at: new Date(s.now()).toISOString(),
  });
  if (!stored) return refuse(c, 409, `request ${request.id} already exists`);
  s.log(`request ${request.id} from ${request.host}`);
  return c.json({ status_url: `${s.publicUrl}/v1/requests/${request.id}/status` }, 202);
}

// GET /v1/requests/:id/status?wait=S&after=N: decisions after the N already sent, waiting
// up to S seconds for one to arrive.
async function getStatus(c: Context, s: ServiceState): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const stored = REQUEST_ID.test(id) ? await s.storage.getRequest(id) : null;
  if (stored === null) return refuse(c, 404, 'no such request');
  const denied = await authenticate(c, s, stored.host, '', false);
  if (denied !== null) return denied;
  const wait = Math.min(MAX_WAIT_S, Math.max(0, Number.parseInt(c.req.query('wait') ?? '0', 10) || 0));
  const after = Math.max(0, Number.parseInt(c.req.query('after') ?? '0', 10) || 0);
  // The waiter is registered before the first read, so a decision stored in between (on this
  // replica or another) still wakes it.
  const stop = new AbortController();
  const cancel = (): void => stop.abort();
  c.req.raw.signal.addEventListener('abort', cancel, { once: true });
  try {
    const woken = s.waiters.wait(id, wait * 1000, stop.signal);
    let rows = await s.storage.decisions(id, after, DECISIONS_PER_ANSWER);
    if (rows.length === 0 && wait > 0) {
      await woken;
      rows = await s.storage.decisions(id, after, DECISIONS_PER_ANSWER);
    }
    if (rows.length === 0) return c.body(null, 204);
    return c.json({ decisions: rows.map((row) => JSON.parse(row.decision) as unknown) }, 200);
  } finally {
    cancel();
    c.req.raw.signal.removeEventListener('abort', cancel);
  }
}

// POST /v1/requests/:id/outcome: the host's `approval.completed` report.
async function postOutcome(c: Context, s: ServiceState): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const stored = REQUEST_ID.test(id) ? await s.storage.getRequest(id) : null;
  if (stored === null) return refuse(c, 404, 'no such request');
  const body = await readJson(c);
  if (!body.ok) return body.response;
  const denied = await authenticate(c, s, stored.host, body.text, true);
  if (denied !== null) return denied;
  const v = body.value;
  if (!isObject(v) || v.type !== 'approval.completed' || v.request_id !== id || v.request_hash !== stored.request_hash) {
    return refuse(c, 400, 'expected {"type":"approval.completed","request_id","request_hash","outcome",...} for this request');
  }
  if (typeof v.outcome !== 'string' || !OUTCOMES.has(v.outcome)) return refuse(c, 400, `outcome must be one of ${[...OUTCOMES].join(', ')}`);
  const extra = Object.keys(v).filter((k) => !['type', 'request_id', 'request_hash', 'outcome', 'exit_code', 'duration_ms'].includes(k));
  if (extra.length > 0) return refuse(c, 400, `unknown field ${JSON.stringify(extra[0]).slice(0, 80)}`);
  for (const k of ['exit_code', 'duration_ms'] as const) {
    if (v[k] !== undefined && v[k] !== null && !Number.isSafeInteger(v[k])) return refuse(c, 400, `${k} is not an integer`);
  }
  if (!(await s.storage.setOutcome({ request_id: id, outcome: canonicalize(v), received_at: new Date(s.now()).toISOString() }))) return refuse(c, 409, 'outcome already reported');
  return c.json({ status: 'stored' }, 200);
}

/** Adds the hosts' routes to `app`. */
export function hostRoutes(app: Hono, s: ServiceState): void {
  app.post('/v1/requests', (c) => postRequest(c, s));
  app.get('/v1/requests/:id/status', (c) => getStatus(c, s));
  app.post('/v1/requests/:id/outcome', (c) => postOutcome(c, s));
}
