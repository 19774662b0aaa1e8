// Passkey-signed decisions (SPEC §13): `signature` is `webauthn:<base64url of the JCS bytes
// of {authenticatorData, clientDataJSON, signature}>`, the three values base64url, made by the
// approver's passkey in a WebAuthn `get` whose challenge is SHA-256 of the decision's JCS bytes
// without `signature`.
// Invariants (all must hold; the first failure is the one-line reason):
//   1. The envelope is canonical base64url of exactly the JCS bytes of an object with exactly
//      those three canonical base64url strings: nothing is repaired, nothing extra is carried.
//   2. clientDataJSON is a JSON object whose `type` is `webauthn.get`, whose `challenge` is the
//      base64url of SHA-256 of `signed` (the bytes recomputed here by the caller, never read
//      from the service), whose `origin` is exactly the policy's, and which is not cross-origin.
//   3. authenticatorData's rpIdHash is SHA-256 of the policy's rp_id, and both user presence
//      (UP) and user verification (UV) are set. The signature counter is not checked: synced
//      passkeys report 0.
//   4. The signature over authenticatorData || SHA-256(clientDataJSON) verifies with the
//      policy's COSE key (ES256, EdDSA or RS256, src/approval/decision/webauthn-key.ts), as
//      checked by @simplewebauthn/server, which repeats checks 2 and 3 on its own.
//   5. Nothing here throws; reasons quote nothing the sender chose beyond short clipped values.
import { createHash, timingSafeEqual } from 'node:crypto';
import { canonicalize } from '../../crypto/jcs.js';
import type { WebauthnCredential } from '../../policy/types.js';
import { clip } from './decision.js';
import { coseKeyProblem, loadWebauthn } from './webauthn-key.js';

/** The prefix of a passkey signature. */
export const WEBAUTHN_PREFIX = 'webauthn:';

const FIELDS = ['authenticatorData', 'clientDataJSON', 'signature'] as const;
type Assertion = Record<(typeof FIELDS)[number], string>;

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;

// The bytes of a canonical base64url string, or null (invariant 1).
function fromBase64url(text: string): Buffer | null {
  if (!BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

// The three values of the envelope, or a problem (invariant 1).
function parseEnvelope(signature: string): Assertion | string {
  const bytes = fromBase64url(signature.slice(WEBAUTHN_PREFIX.length));
  if (bytes === null || bytes.length === 0) return 'webauthn signature is not canonical base64url';
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return 'webauthn signature does not hold JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'webauthn signature does not hold a JSON object';
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length !== FIELDS.length || !FIELDS.every((f) => typeof record[f] === 'string' && fromBase64url(record[f]) !== null && record[f] !== '')) {
    return 'webauthn signature must hold exactly authenticatorData, clientDataJSON and signature, each canonical base64url';
  }
  if (!Buffer.from(canonicalize(record), 'utf8').equals(bytes)) return 'webauthn signature is not the JCS serialisation of its fields';
  return record as Assertion;
}

// The problem with clientDataJSON against the expected challenge and origin (invariant 2).
function clientDataProblem(clientDataJSON: string, challenge: string, origin: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
  } catch {
    return 'clientDataJSON is not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'clientDataJSON is not a JSON object';
  const c = value as Record<string, unknown>;
  if (c.type !== 'webauthn.get') return `clientDataJSON type is ${clip(JSON.stringify(c.type) ?? 'missing', 40)}, not "webauthn.get"`;
  if (typeof c.challenge !== 'string' || !sameText(c.challenge, challenge)) return 'the passkey signed another challenge: not this decision (altered request, decision or replayed assertion)';
  if (c.origin !== origin) return `clientDataJSON origin ${clip(JSON.stringify(c.origin) ?? 'missing', 80)} is not the policy's ${origin}`;
  if (c.crossOrigin === true) return 'the assertion was made in a cross-origin frame';
  return null;
}

// The problem with authenticatorData's RP id hash and flags (invariant 3).
function authenticatorDataProblem(authenticatorData: string, rpId: string): string | null {
  const data = Buffer.from(authenticatorData, 'base64url');
  if (data.length < 37) return 'authenticatorData is shorter than 37 bytes';
  const expected = createHash('sha256').update(rpId, 'utf8').digest();
  if (!timingSafeEqual(data.subarray(0, 32), expected)) return `authenticatorData is for another relying party than rp_id ${rpId}`;
  const flags = data[32] ?? 0;
  if ((flags & FLAG_UP) === 0) return 'user presence (UP) flag not set: nobody touched the authenticator';
  if ((flags & FLAG_UV) === 0) return 'user verification (UV) flag not set: the approver was not verified (PIN or biometric)';
  return null;
}

// Constant-time equality of two ASCII strings.
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Null when `signature` is a valid passkey signature of `signed` by `credential`, else why (invariants 1-5). */
export async function webauthnProblem(signature: string, signed: Buffer, credential: WebauthnCredential): Promise<string | null> {
  if (!signature.startsWith(WEBAUTHN_PREFIX)) return 'not a webauthn signature';
  const assertion = parseEnvelope(signature);
  if (typeof assertion === 'string') return assertion;
  const challenge = createHash('sha256').update(signed).digest('base64url');
  const problem = clientDataProblem(assertion.clientDataJSON, challenge, credential.origin) ?? authenticatorDataProblem(assertion.authenticatorData, credential.rp_id);
  if (problem !== null) return problem;
  const keyProblem = await coseKeyProblem(credential.public_key);
  if (keyProblem !== null) return `the policy's passkey: ${keyProblem}`;
  const id = credential.credential_id ?? 'policy';
  try {
    const { verifyAuthenticationResponse } = await loadWebauthn();
    const result = await verifyAuthenticationResponse({
      response: { id, rawId: id, type: 'public-key', response: { ...assertion }, clientExtensionResults: {} },
      expectedChallenge: challenge, expectedOrigin: credential.origin, expectedRPID: credential.rp_id, expectedType: 'webauthn.get',
      credential: { id, publicKey: new Uint8Array(Buffer.from(credential.public_key, 'base64url')), counter: 0 },
      requireUserVerification: true,
    });
    return result.verified ? null : 'the passkey signature does not verify with the policy\'s public key';
  } catch (error) {
    return `webauthn assertion refused: ${clip(error instanceof Error ? error.message : String(error), 160)}`;
  }
}
