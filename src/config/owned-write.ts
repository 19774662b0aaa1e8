// Writing a file into a trusted, owned directory (the compiled-policy cache, the hooks' verdict
// cache): best effort, so a failure only means the next reader finds nothing.
// Invariants:
//   1. The directory is created 0700 when missing, and used only when isTrustedDirectory says
//      it is safe (./trust.ts).
//   2. A file appears whole or not at all: a temporary file created O_EXCL | O_NOFOLLOW with
//      mode 0600 beside the target, written in full, then renamed over it; on any failure the
//      temporary file is removed and the target is left as it was.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { isTrustedDirectory, type OwnedDirectory } from './trust.js';

/** Creates the directory (0700) when missing; false when it cannot be trusted (invariant 1). */
export function prepareOwnedDirectory(location: OwnedDirectory): boolean {
  try {
    mkdirSync(location.dir, { mode: 0o700, recursive: !location.checkAncestors });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
  }
  return isTrustedDirectory(location);
}

/** Replaces `target` with `bytes` atomically (invariant 2); false when it could not. */
export function replaceFileQuietly(target: string, bytes: Buffer): boolean {
  const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  let fd: number | null = null;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
    closeSync(fd);
    fd = null;
    renameSync(temp, target);
    return true;
  } catch {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // Nothing was created, or it is gone already.
    }
    return false;
  }
}
