// The hook's policy digest memo: the policy file's exact bytes with their SHA-256 digest, so
// that a hook answered from the verdict cache (./verdict-cache.ts keys verdicts by the
// policy's digest) knows the digest of the policy it just read without hashing it, and so
// without loading node:crypto (a quarter of Node's own start-up).
// Invariants:
//   1. The memo gives a digest only for bytes equal, byte for byte, to the bytes stored with
//      it: any change to the policy file is a miss, whatever its size or time stamps.
//   2. It is written only by the full hook, from bytes it read through the policy's trust
//      checks and hashed itself, and only when that digest is the digest of the policy it
//      just judged with (the file did not change in between): a memo never names a policy
//      that did not load.
//   3. It lives beside the verdicts in the compiled-policy cache directory: read only when the
//      directory is trusted (src/config/trust.ts, isTrustedDirectory) and the file is owned by
//      the directory's owner and not writable by others; written whole (0600 temp file
//      renamed into place). Any problem is a miss, never an error.
import { join } from 'node:path';
import { isTrustedDirectory, readOwnedFile, type OwnedDirectory } from '../config/trust.js';
import { prepareOwnedDirectory, replaceFileQuietly } from '../config/owned-write.js';
import { MAX_POLICY_BYTES } from '../policy/limits.js';
import { nameTag } from './verdict-cache.js';

const FORMAT = 1;
const NEWLINE = 0x0a;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** Room for the header line above the policy's bytes. */
const MAX_HEADER_BYTES = 16 * 1024;

// The memo's file for a policy path (an address only: the path is stored and compared).
function memoPath(location: OwnedDirectory, policyPath: string): string {
  return join(location.dir, `hook-policy-${nameTag(policyPath)}.bin`);
}

// The memo's bytes: a JSON header line, then the policy's bytes.
function memoBytes(policyPath: string, bytes: Buffer, digest: string): Buffer {
  return Buffer.concat([Buffer.from(`${JSON.stringify({ format: FORMAT, path: policyPath, digest })}\n`), bytes]);
}

/** The digest of `bytes`, read from `policyPath`, when the memo holds exactly them; else null (invariants 1, 3). */
export function memoDigest(location: OwnedDirectory, policyPath: string, bytes: Buffer): string | null {
  try {
    if (!isTrustedDirectory(location)) return null;
    const memo = readOwnedFile(memoPath(location, policyPath), location.owner, MAX_POLICY_BYTES + MAX_HEADER_BYTES);
    const end = memo.indexOf(NEWLINE);
    if (end < 0 || !memo.subarray(end + 1).equals(bytes)) return null;
    const header = JSON.parse(memo.subarray(0, end).toString('utf8')) as unknown;
    if (typeof header !== 'object' || header === null || Object.keys(header).length !== 3) return null;
    const { format, path, digest } = header as Record<string, unknown>;
    return format === FORMAT && path === policyPath && typeof digest === 'string' && DIGEST.test(digest) ? digest : null;
  } catch {
    return null;
  }
}

/** Stores the memo for `bytes` read from `policyPath` (invariant 2: `digest` is theirs); any failure leaves the cache as it was. */
export function writeMemo(location: OwnedDirectory, policyPath: string, bytes: Buffer, digest: string): void {
  if (!DIGEST.test(digest) || !prepareOwnedDirectory(location)) return;
  replaceFileQuietly(memoPath(location, policyPath), memoBytes(policyPath, bytes, digest));
}
