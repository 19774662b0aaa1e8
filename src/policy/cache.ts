// The compiled-policy cache: the normalised Policy the loader produced for the exact bytes of
// a policy file, kept as JSON so a later run with the same file skips YAML parsing and
// schema validation (and does not even load those modules).
// Invariants (MUST hold):
//   1. A cached policy is used only when its entry names this build, this policy path and the
//      SHA-256 digest of the very bytes just read through the trusted read; any difference is
//      a miss. A new build never reuses an old entry.
//   2. In privileged mode the cache is only /var/cache/approve-run (no environment variable
//      takes part): every directory from / down to it is a real directory owned by root and
//      not writable by group or others, and so is the entry, checked on the open descriptor.
//   3. Outside privileged mode the directory and the entry must be owned by the effective uid
//      and not be writable by group or others.
//   4. Any problem with an entry (missing, unreadable, wrong owner or mode, malformed JSON, a
//      mismatch, a wrong shape) is a miss: never an error, never a weaker check. The full
//      loader then judges the same bytes.
//   5. An entry is written only after the full loader accepted the bytes, whole (a 0600 temp
//      file renamed into place); failing to write it changes nothing else.
//   6. Without a build id (sources run unbuilt) the cache is neither read nor written.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { isTrustedDirectory, readOwnedFile, type OwnedDirectory } from '../config/trust.js';
import type { Identity } from '../exec/identity.js';
import { isPolicyShape } from './cache-shape.js';
import { MAX_POLICY_BYTES } from './limits.js';
import type { Policy } from './types.js';

/** The privileged-mode cache directory. */
export const SYSTEM_CACHE_DIR = '/var/cache/approve-run';

/** Normalised JSON is larger than its YAML; anything bigger than this is not an entry of ours. */
const MAX_ENTRY_BYTES = 16 * MAX_POLICY_BYTES;

/** Where entries live and who must own them and their directory. */
export type CacheLocation = OwnedDirectory;

/** What an entry must match to be used. */
export interface CacheKey {
  /** The policy path as the loader was given it. */
  path: string;
  /** `sha256:<hex>` of the exact bytes read. */
  digest: string;
  build: string;
}

/** /var/cache/approve-run in privileged mode, else $XDG_CACHE_HOME/approve-run or ~/.cache/approve-run. */
export function policyCacheLocation(identity: Pick<Identity, 'privileged' | 'euid' | 'home'>, env: Readonly<Record<string, string | undefined>>): CacheLocation {
  if (identity.privileged) return { dir: SYSTEM_CACHE_DIR, owner: 0, checkAncestors: true };
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && xdg !== '' && isAbsolute(xdg) ? xdg : join(identity.home, '.cache');
  return { dir: join(base, 'approve-run'), owner: identity.euid, checkAncestors: false };
}

/** `sha256:<hex>` of a policy file's bytes, as the loader computes it. */
export function policyDigest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

// The entry's file name: one per policy path, so an edited policy replaces its old entry.
function entryPath(location: CacheLocation, policyPath: string): string {
  return join(location.dir, `policy-${createHash('sha256').update(policyPath).digest('hex').slice(0, 32)}.json`);
}

/** The cached policy for `key`, or null on any problem at all (invariant 4). */
export function readCachedPolicy(location: CacheLocation, key: CacheKey): Policy | null {
  try {
    if (!isTrustedDirectory(location)) return null;
    const entry: unknown = JSON.parse(readOwnedFile(entryPath(location, key.path), location.owner, MAX_ENTRY_BYTES).toString('utf8'));
    if (typeof entry !== 'object' || entry === null) return null;
    const { build, path, digest, policy } = entry as Record<string, unknown>;
    if (build !== key.build || path !== key.path || digest !== key.digest) return null;
    if (!isPolicyShape(policy) || policy.digest !== key.digest) return null;
    return policy;
  } catch {
    return null;
  }
}

// Creates the cache directory (0700) when missing; false when it cannot be trusted.
function prepareDirectory(location: CacheLocation): boolean {
  try {
    mkdirSync(location.dir, { mode: 0o700, recursive: !location.checkAncestors });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
  }
  return isTrustedDirectory(location);
}

/** Stores `policy` for `key`, atomically; any failure leaves the cache as it was (invariant 5). */
export function writeCachedPolicy(location: CacheLocation, key: CacheKey, policy: Policy): void {
  if (!prepareDirectory(location)) return;
  const target = entryPath(location, key.path);
  const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  let fd: number | null = null;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    const bytes = Buffer.from(JSON.stringify({ build: key.build, path: key.path, digest: key.digest, policy }), 'utf8');
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
    closeSync(fd);
    fd = null;
    renameSync(temp, target);
  } catch {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // Nothing was created, or it is gone already.
    }
  }
}
