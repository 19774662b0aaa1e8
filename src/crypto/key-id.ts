// Short fingerprints of public keys, for showing which key signed without printing the key.
import { createHash } from 'node:crypto';

/** `SHA256:` and the first 16 hex digits of SHA-256 over the raw key of `ed25519:<base64>`; null otherwise. */
export function keyId(key: unknown): string | null {
  if (typeof key !== 'string' || !key.startsWith('ed25519:')) return null;
  return `SHA256:${createHash('sha256').update(Buffer.from(key.slice('ed25519:'.length).trim(), 'base64')).digest('hex').slice(0, 16)}`;
}

/** `SHA256:` and the first 16 hex digits of SHA-256 over a passkey's COSE key (base64url). */
export function passkeyId(publicKey: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('hex').slice(0, 16)}`;
}
