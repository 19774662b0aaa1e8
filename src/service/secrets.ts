// Reads the service's configuration and secret files with the policy's trust checks (SPEC §3,
// §13), on top of src/config/trust.ts.
// Invariants:
//   1. Every check is made on the open descriptor whose bytes are returned (O_NOFOLLOW, no
//      swap between check and read); FIFOs and devices are refused.
//   2. A file and the directory it is in belong to root, or to the service's own user when
//      it does not run as root, and neither is writable by group or others.
//   3. A secret file is also not readable by group or others: it is a key, not a setting.
//   4. Every refusal is a one-line ApproveRunError('policy') naming the file (exit 125).
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { directoryProblem, writableByOthers } from '../config/trust.js';
import { policyError } from '../errors.js';

/** Largest secret file: a secret is a line of text. */
export const MAX_SECRET_BYTES = 4096;

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;

// The uids allowed to own files the service trusts: root, and the service's user.
function owners(euid: number): number[] {
  return euid === 0 ? [0] : [0, euid];
}

// Why `problemFor` refuses every allowed owner, or null when one accepts.
function firstAccepted(allowed: number[], problemFor: (owner: number) => string | null): string | null {
  let problem: string | null = null;
  for (const owner of allowed) {
    problem = problemFor(owner);
    if (problem === null) return null;
  }
  return problem;
}

/**
 * The bytes of `path` after the checks above; `secret` adds invariant 3. `label` names the
 * file in messages (`secret_file /etc/...`).
 */
export function readTrustedFile(path: string, label: string, opts: { secret: boolean; limit: number; euid?: number }): Buffer {
  const allowed = owners(opts.euid ?? process.geteuid?.() ?? 0);
  const dirProblem = firstAccepted(allowed, (owner) => directoryProblem(dirname(path), owner));
  if (dirProblem !== null) throw policyError(`${label}: ${dirProblem}`);
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw policyError(`${label}: ${code === 'ENOENT' ? 'not found' : code === 'ELOOP' ? 'is a symbolic link' : (code ?? 'cannot be read')}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw policyError(`${label}: not a regular file`);
    const problem = firstAccepted(allowed, (owner) => writableByOthers(stats, owner));
    if (problem !== null) throw policyError(`${label} is ${problem}; refusing to use it`);
    if (opts.secret && (stats.mode & 0o077) !== 0) {
      throw policyError(`${label} is accessible by group or others (mode ${(stats.mode & 0o7777).toString(8).padStart(4, '0')}; chmod 600 it)`);
    }
    if (stats.size > opts.limit) throw policyError(`${label}: larger than ${opts.limit} bytes`);
    const buffer = Buffer.alloc(stats.size + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > stats.size) throw policyError(`${label}: changed while being read`);
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** The secret in `path`, trailing whitespace removed; refused when empty. */
export function readSecret(path: string, label: string): string {
  const text = readTrustedFile(path, label, { secret: true, limit: MAX_SECRET_BYTES }).toString('utf8').replace(/\s+$/, '');
  if (text === '') throw policyError(`${label} is empty`);
  return text;
}
