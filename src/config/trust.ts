// Reads the policy file, refusing one that others could have written (SPEC §3).
// Invariants:
//   1. The bytes returned are read from the very descriptor whose fstat passed the checks, so
//      nothing can swap the file between the check and the read.
//   2. The file is a regular file, opened without following a final symlink (the path is
//      resolved with realpath first, so an administrator's symlink still works).
//   3. In privileged mode the file, the directory it is named in and the directory it really
//      lives in are owned by root and not writable by group or others, as doas and sudo check.
//   4. Every refusal is an ApproveRunError('policy') naming the path and the problem (exit 125).
//   5. A secret file (channels.webhook.secret_file) passes the policy's checks, and in any mode
//      must not be readable or writable by group or others: it is a key, not a setting.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { policyError } from '../errors.js';
import type { Identity } from '../exec/identity.js';
import { MAX_POLICY_BYTES } from '../policy/limits.js';

// The one-line description of a failed open or stat.
function reasonFor(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return code ?? 'cannot be read';
}

/**
 * Why a file or directory could have been written by someone other than `owner` (root by
 * default): another owner, or a group/world write bit. Null when it is safe.
 */
export function writableByOthers(stats: Pick<Stats, 'uid' | 'mode'>, owner = 0): string | null {
  if (stats.uid !== owner) return `owned by uid ${stats.uid}, not ${owner === 0 ? 'root' : `uid ${owner}`}`;
  if ((stats.mode & 0o022) !== 0) return `writable by group or others (mode ${(stats.mode & 0o7777).toString(8).padStart(4, '0')})`;
  return null;
}

/**
 * Why a directory is not safe to trust, as a message fragment naming it (missing, not a
 * directory, a symlink, or changeable by someone other than `owner`), or null when it is safe.
 */
export function directoryProblem(dir: string, owner = 0): string | null {
  let stats: Stats;
  try {
    stats = lstatSync(dir);
  } catch (error) {
    return `directory ${dir}: ${reasonFor(error)}`;
  }
  if (!stats.isDirectory()) return `${dir} is not a directory`;
  const problem = writableByOthers(stats, owner);
  return problem === null ? null : `directory ${dir} is ${problem}; refusing to use it`;
}

/** A directory approve-run keeps its own files in, and who must own it. */
export interface OwnedDirectory {
  dir: string;
  /** The uid the directory (and the files in it) must belong to. */
  owner: number;
  /** Also require every directory above it to be owned by root and not writable by others. */
  checkAncestors: boolean;
}

/** True when `location.dir` (and, if asked, every directory above it) passes directoryProblem. */
export function isTrustedDirectory(location: OwnedDirectory): boolean {
  for (let dir = location.dir; ; dir = dirname(dir)) {
    if (directoryProblem(dir, dir === location.dir ? location.owner : 0) !== null) return false;
    if (!location.checkAncestors || dir === '/') return true;
  }
}

// Refuses a directory that someone other than root could change entries in; `label` names the file.
function checkDirectory(dir: string, label: string): void {
  const problem = directoryProblem(dir);
  if (problem !== null) throw policyError(`${label}: ${problem}`);
}

// Opening flags for a file that must not be a symlink, a FIFO that blocks, or a terminal.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;

// Reads the whole regular file behind an open descriptor, up to `limit` bytes; `what` names it.
function readAll(fd: number, size: number, what: string, limit = MAX_POLICY_BYTES): Buffer {
  if (size > limit) throw policyError(`${what}: larger than ${limit} bytes`);
  const buffer = Buffer.alloc(size + 1);
  let length = 0;
  for (;;) {
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) break;
    length += n;
    if (length > size) throw policyError(`${what}: changed while being read`);
  }
  return buffer.subarray(0, length);
}

/**
 * The bytes of a file approve-run wrote itself, with the checks made on the open descriptor:
 * a regular file (a final symlink is not followed), owned by `owner`, not writable by group
 * or others, at most `limit` bytes. Throws otherwise.
 */
export function readOwnedFile(path: string, owner: number, limit: number): Buffer {
  const fd = openSync(path, OPEN_FLAGS);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw policyError(`${path}: not a regular file`);
    const problem = writableByOthers(stats, owner);
    if (problem !== null) throw policyError(`${path} is ${problem}`);
    return readAll(fd, stats.size, path, limit);
  } finally {
    closeSync(fd);
  }
}

/** The policy file's bytes, after the trust checks for `identity`'s mode. */
export function readPolicyBytes(path: string, identity: Pick<Identity, 'privileged'>): Buffer {
  return readCheckedFile(path, identity, `policy ${path}`, () => null, MAX_POLICY_BYTES);
}

// Reads a file the administrator named, with the trust checks for `identity`'s mode plus
// `extra` on the opened descriptor; `label` heads every message.
function readCheckedFile(path: string, identity: Pick<Identity, 'privileged'>, label: string, extra: (stats: Stats) => string | null, limit: number): Buffer {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    throw policyError(`${label}: ${reasonFor(error)}`);
  }
  if (identity.privileged) {
    checkDirectory(dirname(path), label);
    if (dirname(real) !== dirname(path)) checkDirectory(dirname(real), label);
  }
  let fd: number;
  try {
    fd = openSync(real, OPEN_FLAGS);
  } catch (error) {
    throw policyError(`${label}: ${reasonFor(error)}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw policyError(`${label}: not a regular file`);
    const problem = (identity.privileged ? writableByOthers(stats) : null) ?? extra(stats);
    if (problem !== null) throw policyError(`${label} is ${problem}; refusing to use it`);
    return readAll(fd, stats.size, label, limit);
  } finally {
    closeSync(fd);
  }
}

/** A webhook secret is a line of text; anything longer is not one. */
const MAX_SECRET_BYTES = 4096;

// Why a secret's mode is unsafe: any access by group or others (invariant 5).
function secretModeProblem(stats: Stats): string | null {
  return (stats.mode & 0o077) === 0 ? null : `accessible by group or others (mode ${(stats.mode & 0o7777).toString(8).padStart(4, '0')}; chmod 600 it)`;
}

/**
 * The secret held in `path` (trailing whitespace removed), read with the policy's trust checks
 * for `identity`'s mode, and refused when group or others may read or write it (invariant 5).
 */
export function readSecretFile(path: string, identity: Pick<Identity, 'privileged'>): string {
  const label = `secret_file ${path}`;
  const secret = readCheckedFile(path, identity, label, secretModeProblem, MAX_SECRET_BYTES).toString('utf8').replace(/\s+$/, '');
  if (secret === '') throw policyError(`${label} is empty`);
  return secret;
}
