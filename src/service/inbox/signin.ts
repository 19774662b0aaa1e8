// Signing in to the inbox with a passkey, and signing out.
// Invariants:
//   1. Every sign-in step is same-origin (./headers.ts) and rate-limited per client address
//      and per approver (./rate-limit.ts): over the limit is 429, before any other work.
//   2. A sign-in challenge is random, bound to one approver, kept for five minutes and taken
//      once; the session starts only after ./assertion.ts accepted the answer to it.
//   3. Only approvers in the service's configuration can sign in.
import { randomBytes } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { generateAuthenticationOptions } from '@simplewebauthn/server';
import type { Context, Hono } from 'hono';
import { ID_PATTERN } from '../../policy/schema-fields.js';
import { isObject, readJson, refuse } from '../http-util.js';
import type { ServiceState } from '../state.js';
import { checkAssertion } from './assertion.js';
import type { InboxTimes } from './config.js';
import { sameOrigin } from './headers.js';
import { h, layout } from './html.js';
import { passkeysOf, relyingParty } from './passkeys.js';
import { allowSignIn } from './rate-limit.js';
import { csrfMatches, currentSession, endSession, startSession } from './session.js';

const KIND = 'inbox.signin';
const CHALLENGE_MS = 5 * 60_000;
const FLOW = /^[A-Za-z0-9_-]{22}$/;

// The client's address as the socket shows it (behind a proxy: the proxy's).
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

// The POST's JSON object after the same-origin check and the rate limit (invariant 1).
async function signInBody(c: Context, s: ServiceState, approverOf: (v: Record<string, unknown>) => unknown): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; response: Response }> {
  if (!sameOrigin(c, relyingParty(s.publicUrl).origin)) return { ok: false, response: refuse(c, 403, 'cross-origin request') };
  const body = await readJson(c);
  if (!body.ok) return body;
  if (!isObject(body.value)) return { ok: false, response: refuse(c, 400, 'expected a JSON object') };
  const approver = approverOf(body.value);
  const key = typeof approver === 'string' && ID_PATTERN.test(approver) ? approver : '(invalid)';
  if (!(await allowSignIn(s.storage, clientAddress(c), key, s.now()))) return { ok: false, response: refuse(c, 429, 'too many sign-in attempts; wait a few minutes') };
  return { ok: true, value: body.value };
}

// GET /signin: the sign-in page.
async function page(c: Context, s: ServiceState, t: InboxTimes): Promise<Response> {
  if ((await currentSession(c, s, t)) !== null) return c.redirect('/', 303);
  return c.html(layout({ title: 'Sign in', page: 'signin' }, h`<h1>Sign in</h1>
<form id="signin" class="stack"><label for="approver">Approver id</label>
<input id="approver" name="approver" autocomplete="username webauthn" autocapitalize="none" spellcheck="false" required pattern="[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}">
<button type="submit" class="primary">Sign in with a passkey</button></form>
<p id="status" role="status"></p>`));
}

// POST /signin/options {approver}: a challenge for that approver's passkeys.
async function options(c: Context, s: ServiceState): Promise<Response> {
  const body = await signInBody(c, s, (v) => v.approver);
  if (!body.ok) return body.response;
  const approver = body.value.approver;
  if (typeof approver !== 'string' || !Object.hasOwn(s.config.approvers, approver)) return refuse(c, 403, 'no such approver');
  const passkeys = await passkeysOf(s.storage, approver);
  if (passkeys.length === 0) return refuse(c, 403, `${approver} has no passkey enrolled; ask an admin for an enrolment link`);
  const rp = relyingParty(s.publicUrl);
  const opts = await generateAuthenticationOptions({ rpID: rp.id, userVerification: 'required', allowCredentials: passkeys.map((p) => ({ id: p.id })) });
  const flow = randomBytes(16).toString('base64url');
  await s.storage.putRecord(KIND, flow, JSON.stringify({ approver, challenge: opts.challenge }), s.now() + CHALLENGE_MS);
  return c.json({ flow, options: opts });
}

// POST /signin/finish {flow, approver, response}: the session, once the assertion verifies.
async function finish(c: Context, s: ServiceState, t: InboxTimes): Promise<Response> {
  const body = await signInBody(c, s, (v) => v.approver);
  if (!body.ok) return body.response;
  const flow = body.value.flow;
  const pending = typeof flow === 'string' && FLOW.test(flow) ? await s.storage.takeRecord(KIND, flow) : null;
  if (pending === null) return refuse(c, 400, 'no sign-in in progress; start again');
  const { approver, challenge } = JSON.parse(pending) as { approver: string; challenge: string };
  if (body.value.approver !== approver) return refuse(c, 400, 'this sign-in was started for another approver');
  const check = await checkAssertion(s.storage, relyingParty(s.publicUrl), approver, challenge, body.value.response);
  if (!check.ok) {
    s.log(`sign-in refused for ${approver}: ${check.reason}`);
    return refuse(c, 401, check.reason);
  }
  await startSession(c, s, t, approver);
  s.log(`${approver} signed in`);
  return c.json({ status: 'signed in' });
}

// POST /signout (form, with the CSRF field).
async function signOut(c: Context, s: ServiceState, t: InboxTimes): Promise<Response> {
  if (!sameOrigin(c, relyingParty(s.publicUrl).origin)) return refuse(c, 403, 'cross-origin request');
  const session = await currentSession(c, s, t);
  if (session === null) return c.redirect('/signin', 303);
  const form = await c.req.parseBody();
  if (!csrfMatches(session, typeof form.csrf === 'string' ? form.csrf : undefined)) return refuse(c, 403, 'missing or wrong CSRF token');
  await endSession(c, s);
  return c.redirect('/signin', 303);
}

/** Adds the sign-in routes to `app`. */
export function signInRoutes(app: Hono, s: ServiceState, t: InboxTimes): void {
  app.get('/signin', (c) => page(c, s, t));
  app.post('/signin/options', (c) => options(c, s));
  app.post('/signin/finish', (c) => finish(c, s, t));
  app.post('/signout', (c) => signOut(c, s, t));
}
