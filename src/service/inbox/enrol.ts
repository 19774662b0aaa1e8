// Enrolment (SPEC §13): `approve-run serve enroll <id>` stores a one-time, expiring link; on
// its page the approver registers a passkey, and the page prints the approver's policy entry
// for an admin to paste.
// Invariants:
//   1. The link holds 256 random bits; storage keeps their SHA-256 only. A link is taken once
//      (takeRecord, atomic), after the passkey verified: a second use, or a use after the
//      link expired, registers nothing.
//   2. Registration requires user verification and allows ES256 and EdDSA only; the response
//      must answer this link's own challenge, from the service's origin and RP id.
//   3. Nothing enrolled here is trusted by a host: the printed entry counts only once an admin
//      puts it in the host's policy. The stored passkey only lets the approver sign in.
import { createHash, randomBytes } from 'node:crypto';
import { generateRegistrationOptions, verifyRegistrationResponse, type RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Context, Hono } from 'hono';
import { isObject, readJson, refuse } from '../http-util.js';
import type { ServiceState } from '../state.js';
import type { ServiceStorage } from '../storage/types.js';
import type { InboxTimes } from './config.js';
import { sameOrigin } from './headers.js';
import { h, layout } from './html.js';
import { passkeysOf, relyingParty, savePasskey } from './passkeys.js';
import { policyEntry } from './policy-entry.js';

const LINK_KIND = 'inbox.enrol';
const CHALLENGE_KIND = 'inbox.enrol.challenge';
const CHALLENGE_MS = 5 * 60_000;
/** COSE algorithms accepted: ES256 (-7) and EdDSA (-8). */
export const ALGORITHMS = [-7, -8];

interface Link {
  approver: string;
  expires: number;
}

const keyOf = (token: string): string => createHash('sha256').update(token).digest('hex');
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Stores a new enrolment link for `approver`; returns its URL (invariant 1). */
export async function createEnrolment(storage: ServiceStorage, publicUrl: string, approver: string, times: InboxTimes, now: number): Promise<{ url: string; expires: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expires = now + times.enrolMs;
  await storage.putRecord(LINK_KIND, keyOf(token), JSON.stringify({ approver, expires } satisfies Link), expires);
  return { url: `${publicUrl.replace(/\/+$/, '')}/enroll/${token}`, expires: new Date(expires) };
}

// The live link for the token in the path, or null.
async function liveLink(c: Context, s: ServiceState): Promise<{ key: string; link: Link } | null> {
  const token = c.req.param('token') ?? '';
  if (!TOKEN.test(token)) return null;
  const text = await s.storage.getRecord(LINK_KIND, keyOf(token));
  return text === null ? null : { key: keyOf(token), link: JSON.parse(text) as Link };
}

// GET /enroll/:token: the page with the register button.
async function page(c: Context, s: ServiceState): Promise<Response> {
  const live = await liveLink(c, s);
  if (live === null) return c.html(layout({ title: 'Enrolment', page: 'none' }, h`<h1>Enrolment</h1><p class="error">This enrolment link is not valid: it was used already, it expired, or it was mistyped. Ask an admin for a new one.</p>`), 410);
  const name = s.config.approvers[live.link.approver]?.name ?? live.link.approver;
  return c.html(layout({ title: 'Enrolment', page: 'enrol' }, h`<h1>Register a passkey</h1>
<p>For approver <strong>${live.link.approver}</strong> (${name}). Your device will ask you to verify yourself (fingerprint, face or PIN).</p>
<p class="note">The passkey lets you sign in to this inbox at once. Hosts trust your approvals only after an admin adds the policy entry shown next to their policy.</p>
<p><button type="button" id="enrol" class="primary">Register a passkey</button></p>
<p id="status" role="status"></p>
<section id="entry" hidden><h2>Policy entry</h2><p>Send this to an admin; it goes under <code>approvers:</code> in each host's policy, next to your existing settings.</p><pre id="entry-text"></pre></section>`));
}

// POST /enroll/:token/options: registration options, the challenge kept for this link.
async function options(c: Context, s: ServiceState): Promise<Response> {
  if (!sameOrigin(c, relyingParty(s.publicUrl).origin)) return refuse(c, 403, 'cross-origin request');
  const live = await liveLink(c, s);
  if (live === null) return refuse(c, 410, 'this enrolment link is not valid');
  const rp = relyingParty(s.publicUrl);
  const existing = await passkeysOf(s.storage, live.link.approver);
  const opts = await generateRegistrationOptions({
    rpName: rp.name, rpID: rp.id, userName: live.link.approver,
    userDisplayName: s.config.approvers[live.link.approver]?.name ?? live.link.approver,
    attestationType: 'none', supportedAlgorithmIDs: ALGORITHMS,
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
    excludeCredentials: existing.map((p) => ({ id: p.id })),
  });
  await s.storage.putRecord(CHALLENGE_KIND, live.key, opts.challenge, s.now() + CHALLENGE_MS);
  return c.json(opts);
}

// POST /enroll/:token/finish: verify the new passkey, take the link, store the passkey.
async function finish(c: Context, s: ServiceState): Promise<Response> {
  const rp = relyingParty(s.publicUrl);
  if (!sameOrigin(c, rp.origin)) return refuse(c, 403, 'cross-origin request');
  const live = await liveLink(c, s);
  if (live === null) return refuse(c, 410, 'this enrolment link is not valid');
  const body = await readJson(c);
  if (!body.ok) return body.response;
  const challenge = await s.storage.takeRecord(CHALLENGE_KIND, live.key);
  if (challenge === null || !isObject(body.value)) return refuse(c, 400, 'no registration in progress for this link');
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: body.value as unknown as RegistrationResponseJSON, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.id,
      requireUserVerification: true, supportedAlgorithmIDs: ALGORITHMS,
    });
  } catch (error) {
    return refuse(c, 400, `registration refused: ${error instanceof Error ? error.message : 'invalid'}`.slice(0, 300));
  }
  if (!verified.verified) return refuse(c, 400, 'registration refused');
  if ((await s.storage.takeRecord(LINK_KIND, live.key)) === null) return refuse(c, 410, 'this enrolment link was used already');
  const credential = verified.registrationInfo.credential;
  const passkey = {
    approver: live.link.approver, id: credential.id, public_key: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter, transports: credential.transports ?? [], created_at: new Date(s.now()).toISOString(),
  };
  if (!(await savePasskey(s.storage, passkey))) return refuse(c, 409, 'this passkey is enrolled already');
  s.log(`passkey enrolled for approver ${live.link.approver}`);
  return c.json({ approver: passkey.approver, entry: policyEntry(passkey, rp) });
}

/** Adds the enrolment routes to `app`. */
export function enrolRoutes(app: Hono, s: ServiceState): void {
  app.get('/enroll/:token', (c) => page(c, s));
  app.post('/enroll/:token/options', (c) => options(c, s));
  app.post('/enroll/:token/finish', (c) => finish(c, s));
}
