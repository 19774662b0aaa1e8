// Checks that the judged executable can really be started, before approvers are asked or
// anything is logged as started, and gives 126/127 the way a shell would (SPEC §7).
// Invariants:
//   1. Only the real path the policy judged is ever started; a command the decision could not
//      resolve is located here only to choose between 126 and 127, never to run it.
//   2. A file whose header is neither `#!` nor ELF is refused (126): execvp(3) would otherwise
//      hand it to /bin/sh, which is not what was approved.
import { closeSync, constants, openSync, readSync, statSync, accessSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ApproveRunError } from '../errors.js';

// The errno code of a failed file operation.
function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'EIO';
}

// A 127 for a missing file, a 126 for anything else wrong with it.
function failure(name: string, code: string): ApproveRunError {
  if (code === 'ENOENT' || code === 'ENOTDIR') return new ApproveRunError('not_found', `${name}: not found`);
  if (code === 'EISDIR') return new ApproveRunError('not_executable', `${name}: is a directory`);
  if (code === 'ENOEXEC') return new ApproveRunError('not_executable', `${name}: cannot execute: exec format error`);
  if (code === 'EACCES' || code === 'EPERM') return new ApproveRunError('not_executable', `${name}: permission denied`);
  return new ApproveRunError('not_executable', `${name}: cannot execute (${code})`);
}

// The first bytes of a file, read without blocking on special files.
function header(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const bytes = Buffer.alloc(4);
    const n = readSync(fd, bytes, 0, 4, 0);
    return bytes.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** True for a header the kernel executes itself: a `#!` script or an ELF binary. */
export function isExecutableHeader(bytes: Buffer): boolean {
  if (bytes.length >= 2 && bytes[0] === 0x23 && bytes[1] === 0x21) return true;
  return bytes.length >= 4 && bytes[0] === 0x7f && bytes.subarray(1, 4).toString('latin1') === 'ELF';
}

/** Throws ApproveRunError 126/127 (named as `name`) unless `file` can be executed. */
export function assertExecutable(file: string, name: string): void {
  try {
    const stats = statSync(file);
    if (stats.isDirectory()) throw failure(name, 'EISDIR');
    if (!stats.isFile()) throw failure(name, 'EACCES');
    accessSync(file, constants.X_OK);
    if (!isExecutableHeader(header(file))) throw failure(name, 'ENOEXEC');
  } catch (error) {
    throw error instanceof ApproveRunError ? error : failure(name, codeOf(error));
  }
}

/**
 * For a command the decision could not resolve: always throws, 127 when nothing by that name
 * exists (in secure_path for a bare name, else relative to cwd), 126 when something exists
 * but cannot be executed, 125 if an executable exists after all (resolution disagreed).
 */
export function explainUnresolved(argv0: string, cwd: string, securePath: string): never {
  const candidates = argv0.includes('/')
    ? [resolve(cwd, argv0)]
    : securePath.split(':').filter((dir) => dir.startsWith('/')).map((dir) => join(dir, argv0));
  const existing = argv0 === '' ? undefined : candidates.find((path) => exists(path));
  if (existing === undefined) throw failure(argv0, 'ENOENT');
  assertExecutable(existing, argv0);
  throw new ApproveRunError('internal', `${argv0}: could not be resolved to the executable the policy judged`);
}

// True if anything exists at `path` (following symlinks).
function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
