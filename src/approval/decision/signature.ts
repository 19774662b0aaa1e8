// Decision signatures in the policy's text form (SPEC §5): keys `ed25519:<base64 raw key>`,
// signatures `ed25519:<base64 of 64 bytes>`, on top of the shared Ed25519 module.
// Invariants:
//   1. Anything that is not exactly this form (wrong prefix, non-canonical base64, wrong
//      length) parses to null or verifies false; nothing here throws.
//   2. Verification covers the exact bytes given; callers pass the RFC 8785 bytes.
import type { KeyObject } from 'node:crypto';
import { parsePublicKey as parseKeyLine, verifyBytes } from '../../crypto/ed25519.js';

const PREFIX = 'ed25519:';

/** The public key from `ed25519:<base64>`, or null when malformed. */
export function parsePublicKey(text: string): KeyObject | null {
  if (text !== text.trim()) return null;
  try {
    return parseKeyLine(text).key;
  } catch {
    return null;
  }
}

/** True only when `signature` (`ed25519:<base64>`) is a valid signature of `data` by `key`. */
export function verifySignature(key: KeyObject, data: Buffer, signature: string): boolean {
  if (!signature.startsWith(PREFIX)) return false;
  const body = signature.slice(PREFIX.length);
  const bytes = Buffer.from(body, 'base64');
  if (bytes.length !== 64 || bytes.toString('base64') !== body) return false;
  return verifyBytes(key, data, bytes);
}
