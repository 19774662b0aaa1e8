// The digest form of SPEC §10: `sha256:<hex>` over a file's bytes.
import { createHash } from 'node:crypto';

/** `sha256:<hex>` over `bytes`. */
export function digestOf(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
