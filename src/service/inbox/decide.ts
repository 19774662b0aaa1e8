// Approve and deny from the inbox, signed by the approver's passkey (SPEC §13).
// Invariants:
//   1. The server builds the decision object (SPEC §5) from the stored request and the
//      session's approver; the WebAuthn challenge is SHA-256 of its JCS bytes without
//      `signature`, and the page shows that exact object before the passkey is asked.
//   2. Both steps need a live session, the same origin and the session's CSRF token; the
//      pending decision is bound to that approver and request, kept five minutes, taken once.
//   3. No decision is offered or relayed where ./view.ts bars the approver (not listed, or
//      their own request), or once the request expired or ended.
//   4. The assertion is checked against the approver's enrolled passkey (./assertion.ts), then
//      the `webauthn:` signature is `webauthn:<base64url of JCS {authenticatorData,
//      clientDataJSON, signature}>` and the decision goes through relayDecision, exactly as a
//      decision posted to /v1/requests/:id/decisions. The host verifies it all again.
import { createHash, randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { canonicalBytes, canonicalize } from '../../crypto/jcs.js';
import { isObject, readJson, refuse, REQUEST_ID } from '../http-util.js';
import { relayDecision } from '../routes-approvers.js';
import type { ServiceState } from '../state.js';
import type { StoredRequest } from '../storage/types.js';
import { checkAssertion } from './assertion.js';
import type { InboxTimes } from './config.js';
import { sameOrigin } from './headers.js';
import { passkeysOf, relyingParty } from './passkeys.js';
import { csrfMatches, currentSession, type Session } from './session.js';
import { barredReason } from './view.js';

const KIND = 'inbox.decision';
const PENDING_MS = 5 * 60_000;
const MAX_REASON = 2000;
const FLOW = /^[A-Za-z0-9_-]{22}$/;

interface Unsigned {
  request_id: string;
  request_hash: string;
  decision: 'approve' | 'deny';
  approver: string;
  reason: string | null;
  decided_at: string;
}

type Checked = { ok: true; session: Session; stored: StoredRequest; body: Record<string, unknown> } | { ok: false; response: Response };

// Invariants 2 and 3 for both steps: origin, session, CSRF token, a pending request this
// approver may decide on, and a JSON object body.
async function checked(c: Context, s: ServiceState, t: InboxTimes): Promise<Checked> {
  const fail = (status: 400 | 401 | 403 | 404 | 410, reason: string): Checked => ({ ok: false, response: refuse(c, status, reason) });
  if (!sameOrigin(c, relyingParty(s.publicUrl).origin)) return fail(403, 'cross-origin request');
  const session = await currentSession(c, s, t);
  if (session === null) return fail(401, 'not signed in, or the session ended; sign in again');
  if (!csrfMatches(session, c.req.header('x-csrf-token'))) return fail(403, 'missing or wrong CSRF token');
  const id = c.req.param('id') ?? '';
  const stored = REQUEST_ID.test(id) ? await s.storage.getRequest(id) : null;
  if (stored === null) return fail(404, 'no such request');
  if (s.now() >= Date.parse(stored.expires_at) || (await s.storage.getOutcome(id)) !== null) return fail(410, 'the request is no longer pending');
  const barred = barredReason(s, JSON.parse(stored.request) as Record<string, unknown>, session.approver);
  if (barred !== null) return fail(403, barred);
  const body = await readJson(c);
  if (!body.ok) return { ok: false, response: body.response };
  if (!isObject(body.value)) return fail(400, 'expected a JSON object');
  return { ok: true, session, stored, body: body.value };
}

// POST /requests/:id/begin {decision, reason}: the decision object and its challenge.
async function begin(c: Context, s: ServiceState, t: InboxTimes): Promise<Response> {
  const ok = await checked(c, s, t);
  if (!ok.ok) return ok.response;
  const { decision, reason } = ok.body;
  if (decision !== 'approve' && decision !== 'deny') return refuse(c, 400, 'decision must be approve or deny');
  if (reason !== undefined && reason !== null && (typeof reason !== 'string' || reason.length > MAX_REASON)) return refuse(c, 400, `reason must be text of at most ${MAX_REASON} characters`);
  const why = typeof reason === 'string' && reason.trim() !== '' ? reason.trim() : null;
  if (decision === 'deny' && why === null) return refuse(c, 400, 'give a reason to deny');
  const unsigned: Unsigned = {
    request_id: ok.stored.id, request_hash: ok.stored.request_hash, decision, approver: ok.session.approver, reason: why, decided_at: new Date(s.now()).toISOString(),
  };
  const challenge = createHash('sha256').update(canonicalBytes(unsigned)).digest('base64url');
  const flow = randomBytes(16).toString('base64url');
  await s.storage.putRecord(KIND, flow, JSON.stringify({ unsigned, challenge }), s.now() + PENDING_MS);
  const passkeys = await passkeysOf(s.storage, ok.session.approver);
  return c.json({ flow, decision: unsigned, challenge, rpId: relyingParty(s.publicUrl).id, allowCredentials: passkeys.map((p) => p.id) });
}

// POST /requests/:id/finish {flow, response}: the signed decision, relayed (invariant 4).
async function finish(c: Context, s: ServiceState, t: InboxTimes): Promise<Response> {
  const ok = await checked(c, s, t);
  if (!ok.ok) return ok.response;
  const flow = ok.body.flow;
  const pending = typeof flow === 'string' && FLOW.test(flow) ? await s.storage.takeRecord(KIND, flow) : null;
  if (pending === null) return refuse(c, 400, 'no decision in progress; start again');
  const { unsigned, challenge } = JSON.parse(pending) as { unsigned: Unsigned; challenge: string };
  if (unsigned.approver !== ok.session.approver || unsigned.request_id !== ok.stored.id) return refuse(c, 400, 'this decision was started for another request or approver');
  const check = await checkAssertion(s.storage, relyingParty(s.publicUrl), unsigned.approver, challenge, ok.body.response);
  if (!check.ok) return refuse(c, 401, check.reason);
  const signature = `webauthn:${Buffer.from(canonicalize(check.parts)).toString('base64url')}`;
  const relayed = await relayDecision(s, ok.stored, { ...unsigned, signature });
  if (relayed.status === 'refused') return refuse(c, relayed.code, relayed.reason);
  return c.json({ status: relayed.status, decision: unsigned.decision });
}

/** Adds the decision routes to `app`. */
export function decisionRoutes(app: Hono, s: ServiceState, t: InboxTimes): void {
  app.post('/requests/:id/begin', (c) => begin(c, s, t));
  app.post('/requests/:id/finish', (c) => finish(c, s, t));
}
