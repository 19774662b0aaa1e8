// Reads the policy file, refusing one that others could have written (SPEC §3).
// Invariants:
//   1. The bytes returned are read from the very descriptor whose fstat passed the checks, so
//      nothing can swap the file between the check and the read.
//   2. The file is a regular file, opened without following a final symlink (the path is
//      resolved with realpath first, so an administrator's symlink still works).
//   3. In privileged mode the file, the directory it is named in and the directory it really
//      lives in are owned by root and not writable by group or others, as doas and sudo check.
//   4. Every refusal is an ApproveRunError('policy') naming the path and the problem (exit 125).
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { policyError } from '../errors.js';
import type { Identity } from '../exec/identity.js';
import { MAX_POLICY_BYTES } from '../policy/load.js';

// The one-line description of a failed open or stat.
function reasonFor(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return code ?? 'cannot be read';
}

// Why a root-owned, group/world read-only object would be unsafe, or null when it is safe.
function writableByOthers(stats: Stats): string | null {
  if (stats.uid !== 0) return `owned by uid ${stats.uid}, not root`;
  if ((stats.mode & 0o022) !== 0) return `writable by group or others (mode ${(stats.mode & 0o7777).toString(8).padStart(4, '0')})`;
  return null;
}

// Refuses a directory that someone other than root could change entries in.
function checkDirectory(dir: string, path: string): void {
  let stats: Stats;
  try {
    stats = lstatSync(dir);
  } catch (error) {
    throw policyError(`policy ${path}: directory ${dir}: ${reasonFor(error)}`);
  }
  if (!stats.isDirectory()) throw policyError(`policy ${path}: ${dir} is not a directory`);
  const problem = writableByOthers(stats);
  if (problem !== null) throw policyError(`policy ${path}: directory ${dir} is ${problem}; refusing to use it`);
}

// Reads the whole regular file behind an open descriptor, up to the size limit.
function readAll(fd: number, size: number, path: string): Buffer {
  if (size > MAX_POLICY_BYTES) throw policyError(`policy ${path}: larger than ${MAX_POLICY_BYTES} bytes`);
  const buffer = Buffer.alloc(size + 1);
  let length = 0;
  for (;;) {
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) break;
    length += n;
    if (length > size) throw policyError(`policy ${path}: changed while being read`);
  }
  return buffer.subarray(0, length);
}

/** The policy file's bytes, after the trust checks for `identity`'s mode. */
export function readPolicyBytes(path: string, identity: Pick<Identity, 'privileged'>): Buffer {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    throw policyError(`policy ${path}: ${reasonFor(error)}`);
  }
  if (identity.privileged) {
    checkDirectory(dirname(path), path);
    if (dirname(real) !== dirname(path)) checkDirectory(dirname(real), path);
  }
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw policyError(`policy ${path}: ${reasonFor(error)}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw policyError(`policy ${path}: not a regular file`);
    if (identity.privileged) {
      const problem = writableByOthers(stats);
      if (problem !== null) throw policyError(`policy ${path} is ${problem}; refusing to use it`);
    }
    return readAll(fd, stats.size, path);
  } finally {
    closeSync(fd);
  }
}
