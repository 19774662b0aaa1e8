// Ed25519 keys in approve-run's two text forms: public keys as one line
// `ed25519:<base64 of the raw 32-byte key>` (SPEC §2, §4), private keys as PKCS#8 PEM (what
// `openssl pkey` reads). Signing and verification use node:crypto only.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

const PUBLIC_PREFIX = 'ed25519:';
// DER prefixes of an Ed25519 SubjectPublicKeyInfo and PKCS#8 PrivateKeyInfo (RFC 8410).
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Thrown for keys that cannot be read; callers turn it into their own one-line error. */
export class KeyFormatError extends Error {
  override name = 'KeyFormatError';
}

/** A freshly generated pair: the PEM private key and the `ed25519:` public line. */
export function generateKeyPair(): { privatePem: string; publicLine: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicLine: formatPublicKey(rawPublicKey(publicKey)),
  };
}

/** The raw 32 bytes of an Ed25519 public key object. */
export function rawPublicKey(key: KeyObject): Buffer {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

/** `ed25519:<base64>` for raw key bytes. */
export function formatPublicKey(raw: Buffer): string {
  return `${PUBLIC_PREFIX}${raw.toString('base64')}`;
}

/** Parses `ed25519:<base64 raw key>` (surrounding whitespace allowed); throws KeyFormatError. */
export function parsePublicKey(text: string): { raw: Buffer; key: KeyObject } {
  const line = text.trim();
  if (!line.startsWith(PUBLIC_PREFIX)) throw new KeyFormatError('public key must look like ed25519:<base64 raw key>');
  const body = line.slice(PUBLIC_PREFIX.length);
  const raw = Buffer.from(body, 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== body) {
    throw new KeyFormatError('public key must be 32 bytes of standard base64 after ed25519:');
  }
  try {
    return { raw, key: createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' }) };
  } catch {
    throw new KeyFormatError('public key is not a valid Ed25519 key');
  }
}

/** Parses a PKCS#8 PEM Ed25519 private key; throws KeyFormatError. */
export function parsePrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new KeyFormatError('private key is not a PEM PKCS#8 key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new KeyFormatError('private key is not an Ed25519 key');
  return key;
}

/** A private key object from a raw 32-byte seed (RFC 8032 secret key). */
export function privateKeyFromSeed(seed: Buffer): KeyObject {
  if (seed.length !== 32) throw new KeyFormatError('an Ed25519 seed is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** Ed25519 signature (64 bytes) over `message`. */
export function signBytes(key: KeyObject, message: Buffer): Buffer {
  return sign(null, message, key);
}

/** Whether `signature` is a valid Ed25519 signature of `message` under `key`. */
export function verifyBytes(key: KeyObject, message: Buffer, signature: Buffer): boolean {
  if (signature.length !== 64) return false;
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}
