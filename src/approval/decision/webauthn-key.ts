// A passkey's COSE public key from the policy (SPEC §13), and the WebAuthn library that reads
// it, loaded only when a passkey is involved.
// Invariants:
//   1. @simplewebauthn/server is imported lazily, once, by loadWebauthn(); no other module
//      imports it, so the allow path and Ed25519-only approvals never load it.
//   2. Only ES256 (P-256), EdDSA (Ed25519) and RS256 (at least 2048 bits) keys are accepted,
//      each with the curve or size its algorithm names; the key must import into node:crypto,
//      so a point off its curve is refused here, never at signing time.
//   3. Nothing here throws: a bad key is a one-line problem.
import { createPublicKey, type JsonWebKey } from 'node:crypto';

type Library = typeof import('@simplewebauthn/server') & { helpers: typeof import('@simplewebauthn/server/helpers') };

let library: Promise<Library> | undefined;

/** The WebAuthn library, imported on first use (invariant 1). */
export function loadWebauthn(): Promise<Library> {
  library ??= Promise.all([import('@simplewebauthn/server'), import('@simplewebauthn/server/helpers')]).then(([main, helpers]) => ({ ...main, helpers }));
  // A failed import is retried next time rather than remembered.
  library.catch(() => (library = undefined));
  return library;
}

/** COSE algorithm numbers accepted, with their names. */
export const COSE_ALGORITHMS: ReadonlyMap<number, string> = new Map([[-7, 'ES256'], [-8, 'EdDSA'], [-257, 'RS256']]);

const b64u = (bytes: unknown): string | null => (bytes instanceof Uint8Array ? Buffer.from(bytes).toString('base64url') : null);

// The JWK of a decoded COSE key whose algorithm is accepted, or a problem (invariant 2).
function jwkOf(cose: Map<number, unknown>): JsonWebKey | string {
  const kty = cose.get(1);
  const alg = cose.get(3);
  if (typeof alg !== 'number' || !COSE_ALGORITHMS.has(alg)) return `algorithm ${String(alg)} is not accepted (ES256, EdDSA or RS256)`;
  if (alg === -7) {
    const [x, y] = [b64u(cose.get(-2)), b64u(cose.get(-3))];
    if (kty !== 2 || cose.get(-1) !== 1 || x === null || y === null) return 'an ES256 key must be an EC2 key on P-256 with x and y';
    return { kty: 'EC', crv: 'P-256', x, y };
  }
  if (alg === -8) {
    const x = b64u(cose.get(-2));
    if (kty !== 1 || cose.get(-1) !== 6 || x === null) return 'an EdDSA key must be an OKP key on Ed25519 with x';
    return { kty: 'OKP', crv: 'Ed25519', x };
  }
  const [n, e] = [b64u(cose.get(-1)), b64u(cose.get(-2))];
  if (kty !== 3 || n === null || e === null) return 'an RS256 key must be an RSA key with n and e';
  if (Buffer.from(n, 'base64url').length < 256) return 'an RS256 key must have at least 2048 bits';
  return { kty: 'RSA', n, e };
}

/** The problem with a base64url COSE public key, or null when it is usable (invariants 2, 3). */
export async function coseKeyProblem(publicKey: string): Promise<string | null> {
  let lib: Library;
  try {
    lib = await loadWebauthn();
  } catch {
    return 'the WebAuthn library cannot be loaded';
  }
  let cose: unknown;
  try {
    cose = lib.helpers.decodeCredentialPublicKey(Buffer.from(publicKey, 'base64url'));
  } catch {
    return 'public_key is not valid CBOR';
  }
  if (!(cose instanceof Map)) return 'public_key is not a COSE key (a CBOR map)';
  const jwk = jwkOf(cose as Map<number, unknown>);
  if (typeof jwk === 'string') return `public_key: ${jwk}`;
  try {
    createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    return 'public_key is not a valid public key (a point off its curve, or a malformed modulus)';
  }
  return null;
}
