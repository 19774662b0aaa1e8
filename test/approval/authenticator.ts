// A software WebAuthn authenticator for tests, on node:crypto alone: P-256 (ES256), Ed25519
// (EdDSA) and RSA (RS256) credentials with their COSE keys, assertions with chosen flags,
// client data and RP id, and decisions signed the SPEC §13 way.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { canonicalBytes, canonicalize } from '../../src/crypto/jcs.js';

export type Algorithm = 'ES256' | 'EdDSA' | 'RS256';

// CBOR (RFC 8949) for what COSE keys need: small integers, byte strings and maps.
function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  throw new Error('too long for this encoder');
}

/** CBOR bytes of an integer, a byte string or a map of them. */
export function cbor(value: number | Buffer | Map<number, number | Buffer>): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

export interface Credential {
  alg: Algorithm;
  privateKey: KeyObject;
  /** COSE public key, base64url, as the policy holds it. */
  cose: string;
}

const jwkBytes = (text: unknown) => Buffer.from(String(text), 'base64url');

/** A new credential of algorithm `alg`. */
export function credential(alg: Algorithm = 'ES256'): Credential {
  if (alg === 'ES256') {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = new Map<number, number | Buffer>([[1, 2], [3, -7], [-1, 1], [-2, jwkBytes(jwk.x)], [-3, jwkBytes(jwk.y)]]);
    return { alg, privateKey, cose: cbor(cose).toString('base64url') };
  }
  if (alg === 'EdDSA') {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const cose = new Map<number, number | Buffer>([[1, 1], [3, -8], [-1, 6], [-2, jwkBytes(publicKey.export({ format: 'jwk' }).x)]]);
    return { alg, privateKey, cose: cbor(cose).toString('base64url') };
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const cose = new Map<number, number | Buffer>([[1, 3], [3, -257], [-1, jwkBytes(jwk.n)], [-2, jwkBytes(jwk.e)]]);
  return { alg, privateKey, cose: cbor(cose).toString('base64url') };
}

export interface AssertionOptions {
  rpId?: string;
  origin?: string;
  type?: string;
  /** UP = 0x01, UV = 0x04; default both. */
  flags?: number;
  counter?: number;
  /** Extra clientDataJSON members. */
  extra?: Record<string, unknown>;
  /** Sign with this credential instead (an unenrolled key). */
  signer?: Credential;
}

export const RP_ID = 'approvals.example.com';
export const ORIGIN = 'https://approvals.example.com';

/** The three base64url values of an assertion over `challenge`. */
export function assertion(cred: Credential, challenge: Buffer, o: AssertionOptions = {}): Record<'authenticatorData' | 'clientDataJSON' | 'signature', string> {
  const rpIdHash = createHash('sha256').update(o.rpId ?? RP_ID).digest();
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(o.counter ?? 0);
  const authenticatorData = Buffer.concat([rpIdHash, Buffer.from([o.flags ?? 0x05]), counter]);
  const clientDataJSON = Buffer.from(JSON.stringify({ type: o.type ?? 'webauthn.get', challenge: challenge.toString('base64url'), origin: o.origin ?? ORIGIN, crossOrigin: false, ...o.extra }));
  const data = Buffer.concat([authenticatorData, createHash('sha256').update(clientDataJSON).digest()]);
  const key = (o.signer ?? cred).privateKey;
  const alg = (o.signer ?? cred).alg;
  const signature = alg === 'EdDSA' ? sign(null, data, key) : sign('sha256', data, key);
  return { authenticatorData: authenticatorData.toString('base64url'), clientDataJSON: clientDataJSON.toString('base64url'), signature: signature.toString('base64url') };
}

/** `webauthn:<base64url of JCS {authenticatorData, clientDataJSON, signature}>`. */
export function envelope(values: Record<string, string>): string {
  return `webauthn:${Buffer.from(canonicalize(values)).toString('base64url')}`;
}

/** `unsigned` (a decision without signature) signed by the passkey: challenge = SHA-256 of its JCS bytes. */
export function passkeySigned(unsigned: Record<string, unknown>, cred: Credential, o: AssertionOptions = {}): Record<string, unknown> {
  const challenge = createHash('sha256').update(canonicalBytes(unsigned)).digest();
  return { ...unsigned, signature: envelope(assertion(cred, challenge, o)) };
}
