// C2SP tlog-cosignature, the Ed25519 `cosignature/v1` form (https://c2sp.org/tlog-cosignature):
// a note signature line `— <name> base64(key ID || u64 timestamp || Ed25519 signature)` over
//   cosignature/v1\ntime <timestamp>\n<checkpoint body>
// Invariants:
//   1. Key ID = first 4 bytes of SHA-256(name || 0x0A || 0x04 || raw public key): a cosigner's
//      ID never equals a log key's (0x01), so the two kinds of line cannot be confused.
//   2. The timestamp is never zero and at most 2^63 - 1; it is big-endian in the signature.
//   3. Verification checks name, key ID, length, then the signature; anything else is false.
import { createHash, type KeyObject } from 'node:crypto';
import { signBytes, verifyBytes } from './ed25519.js';
import { isValidKeyName } from './note.js';

const COSIGNATURE_TYPE = 0x04;
const PREFIX = '— ';
const BLOB_BYTES = 4 + 8 + 64;

/** The 4-byte key ID of an Ed25519 cosigner key under `name`. */
export function cosignerKeyId(name: string, rawPublicKey: Buffer): Buffer {
  return createHash('sha256').update(`${name}\n`, 'utf8').update(Buffer.from([COSIGNATURE_TYPE])).update(rawPublicKey).digest().subarray(0, 4);
}

/** The signed message for `body` (a checkpoint's text, ending in a newline) at `time` seconds. */
export function cosignedMessage(body: string, time: bigint): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${time}\n${body}`, 'utf8');
}

/** A cosignature line (with its newline) on `body` at `time` POSIX seconds. */
export function cosign(body: string, time: number, name: string, key: KeyObject, rawPublicKey: Buffer): string {
  if (!isValidKeyName(name)) throw new Error(`invalid cosigner name ${JSON.stringify(name)}`);
  const t = BigInt(Math.floor(time));
  if (t <= 0n) throw new Error('a cosignature needs a time after the epoch');
  const stamp = Buffer.alloc(8);
  stamp.writeBigUInt64BE(t);
  const signature = signBytes(key, cosignedMessage(body, t));
  return `${PREFIX}${name} ${Buffer.concat([cosignerKeyId(name, rawPublicKey), stamp, signature]).toString('base64')}\n`;
}

/** A parsed cosignature line. */
export interface Cosignature {
  name: string;
  keyId: Buffer;
  /** POSIX seconds. */
  time: bigint;
  signature: Buffer;
}

/** Parses one cosignature line (with or without its newline); null when it has not the shape. */
export function parseCosignature(line: string): Cosignature | null {
  const text = line.endsWith('\n') ? line.slice(0, -1) : line;
  if (!text.startsWith(PREFIX) || text.includes('\n')) return null;
  const [name, encoded, extra] = text.slice(PREFIX.length).split(' ');
  if (name === undefined || encoded === undefined || extra !== undefined || !isValidKeyName(name)) return null;
  const blob = Buffer.from(encoded, 'base64');
  if (blob.length !== BLOB_BYTES || blob.toString('base64') !== encoded) return null;
  const time = blob.readBigUInt64BE(4);
  if (time === 0n || time > 0x7fffffffffffffffn) return null;
  return { name, keyId: blob.subarray(0, 4), time, signature: blob.subarray(12) };
}

/** Whether `line` is a valid cosignature by this key on the checkpoint text `body`. */
export function verifyCosignature(line: string, body: string, key: KeyObject, rawPublicKey: Buffer): boolean {
  const parsed = parseCosignature(line);
  if (parsed === null || !parsed.keyId.equals(cosignerKeyId(parsed.name, rawPublicKey))) return false;
  return verifyBytes(key, cosignedMessage(body, parsed.time), parsed.signature);
}
