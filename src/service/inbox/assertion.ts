// Checking a WebAuthn assertion from the browser against an enrolled passkey: for sign-in
// (a random challenge) and for decisions (the decision's hash as the challenge).
// Invariants:
//   1. The assertion must come from a passkey enrolled for exactly `approver`, answer exactly
//      `challenge`, name the service's origin and RP id, and carry user presence and user
//      verification; anything else, or any error, is a refusal with a reason.
//   2. The counter is recorded but not required to grow: synced passkeys report 0 (SPEC §13).
import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import { isObject } from '../http-util.js';
import type { ServiceStorage } from '../storage/types.js';
import { passkeyById, updateCounter, type Passkey, type RelyingParty } from './passkeys.js';

const B64URL = /^[A-Za-z0-9_-]*$/;

/** The three base64url parts a `webauthn:` signature is made of. */
export interface AssertionParts {
  authenticatorData: string;
  clientDataJSON: string;
  signature: string;
}

export type AssertionCheck = { ok: true; passkey: Passkey; parts: AssertionParts } | { ok: false; reason: string };

// The assertion's shape, or null: a public-key credential with the three base64url parts.
function shapeOf(value: unknown): (AuthenticationResponseJSON & { response: AssertionParts }) | null {
  if (!isObject(value) || typeof value.id !== 'string' || !B64URL.test(value.id) || value.type !== 'public-key' || !isObject(value.response)) return null;
  const r = value.response;
  for (const k of ['authenticatorData', 'clientDataJSON', 'signature'] as const) if (typeof r[k] !== 'string' || r[k] === '' || !B64URL.test(r[k])) return null;
  return value as unknown as AuthenticationResponseJSON & { response: AssertionParts };
}

/** Checks `value` as `approver`'s assertion over `challenge` (base64url) (invariant 1). */
export async function checkAssertion(storage: ServiceStorage, rp: RelyingParty, approver: string, challenge: string, value: unknown): Promise<AssertionCheck> {
  const response = shapeOf(value);
  if (response === null) return { ok: false, reason: 'not a WebAuthn assertion' };
  const passkey = await passkeyById(storage, response.id);
  if (passkey === null || passkey.approver !== approver) return { ok: false, reason: `this passkey is not enrolled for ${approver}` };
  try {
    const result = await verifyAuthenticationResponse({
      response: { ...response, rawId: response.id, clientExtensionResults: {} },
      expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: true,
      credential: { id: passkey.id, publicKey: Buffer.from(passkey.public_key, 'base64url'), counter: 0 },
    });
    if (!result.verified) return { ok: false, reason: 'the assertion did not verify' };
    if (result.authenticationInfo.newCounter > passkey.counter) await updateCounter(storage, passkey, result.authenticationInfo.newCounter);
  } catch (error) {
    return { ok: false, reason: `the assertion did not verify: ${error instanceof Error ? error.message : 'invalid'}`.slice(0, 300) };
  }
  const { authenticatorData, clientDataJSON, signature } = response.response;
  return { ok: true, passkey, parts: { authenticatorData, clientDataJSON, signature } };
}
