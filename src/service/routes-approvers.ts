// The approvers' endpoints (SPEC §13): read a request, post a signed decision.
// Invariants:
//   1. The service never decides: a decision is stored and relayed as posted; only its shape
//      is pre-checked (src/approval/decision/decision.ts), so malformed junk is refused early. Whether
//      it counts is for the host alone, against its own policy.
//   2. Identical decisions are stored once; a request holds at most
//      MAX_DECISIONS_PER_REQUEST, and none is taken after the request expired.
import type { Context, Hono } from 'hono';
import { parseDecision } from '../approval/decision/decision.js';
import { canonicalize } from '../crypto/jcs.js';
import { isObject, readJson, refuse, REQUEST_ID } from './http-util.js';
import type { ServiceState } from './state.js';
import type { StoredRequest } from './storage/types.js';

/** Grace after expires_at during which decisions are still taken (clock skew). */
const EXPIRY_GRACE_MS = 60_000;

// GET /v1/requests/:id: the request as the host posted it, its hash, and what is known.
async function getRequest(c: Context, s: ServiceState): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const stored = REQUEST_ID.test(id) ? await s.storage.getRequest(id) : null;
  if (stored === null) return refuse(c, 404, 'no such request');
  const outcome = await s.storage.getOutcome(id);
  return c.json({
    request: JSON.parse(stored.request) as unknown,
    request_hash: stored.request_hash,
    received_at: stored.received_at,
    decisions: (await s.storage.decisions(id, 0, 1000)).length,
    outcome: outcome === null ? null : (JSON.parse(outcome.outcome) as unknown),
  });
}

// POST /v1/requests/:id/decisions: `{"decision": {...}}`, stored and relayed (invariant 1).
async function postDecision(c: Context, s: ServiceState): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const stored = REQUEST_ID.test(id) ? await s.storage.getRequest(id) : null;
  if (stored === null) return refuse(c, 404, 'no such request');
  const body = await readJson(c);
  if (!body.ok) return body.response;
  const v = body.value;
  if (!isObject(v) || Object.keys(v).length !== 1 || !('decision' in v)) return refuse(c, 400, 'expected {"decision": {...}}');
  const relayed = await relayDecision(s, stored, v.decision);
  if (relayed.status === 'refused') return refuse(c, relayed.code, relayed.reason);
  return relayed.status === 'duplicate' ? c.json({ status: 'duplicate' }, 200) : c.json({ status: 'relayed' }, 202);
}

/** What became of a relayed decision. */
export type Relayed = { status: 'relayed' | 'duplicate' } | { status: 'refused'; code: 400 | 404 | 410 | 429; reason: string };

/**
 * Stores a decision for `stored` and wakes its waiting host (invariants 1 and 2): the one path
 * every decision takes, whether posted here or made in the web inbox.
 */
export async function relayDecision(s: ServiceState, stored: StoredRequest, decision: unknown): Promise<Relayed> {
  const parsed = parseDecision(decision);
  if (!parsed.ok) return { status: 'refused', code: 400, reason: parsed.reason };
  if (s.now() > Date.parse(stored.expires_at) + EXPIRY_GRACE_MS) return { status: 'refused', code: 410, reason: 'the request has expired' };
  const result = await s.storage.addDecision(stored.id, canonicalize(parsed.decision), new Date(s.now()).toISOString());
  if (!result.stored) {
    if (result.reason === 'duplicate') return { status: 'duplicate' };
    if (result.reason === 'full') return { status: 'refused', code: 429, reason: 'too many decisions for this request' };
    return { status: 'refused', code: 404, reason: 'no such request' };
  }
  s.log(`decision on ${stored.id} relayed (approver ${JSON.stringify(parsed.decision.approver).slice(0, 80)}, not verified by the service)`);
  return { status: 'relayed' };
}

/** Adds the approvers' routes to `app`. */
export function approverRoutes(app: Hono, s: ServiceState): void {
  app.get('/v1/requests/:id', (c) => getRequest(c, s));
  app.post('/v1/requests/:id/decisions', (c) => postDecision(c, s));
}
