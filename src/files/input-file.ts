// Reading a file the invoker named on the command line (`policy validate FILE`, `policy test
// FILE`, `audit verify --key/--trusted`), SPEC §11.
// Invariants:
//   1. The file is opened with the invoker's rights (./as-invoker.ts), so a missing file and one
//      the invoker may not read fail exactly as they would for the invoker, and nothing else
//      about the file is looked at before that open succeeds.
//   2. The bytes come from that very descriptor; only a regular file is read (a FIFO, a device
//      or a directory is refused without blocking), at most `limit` bytes.
//   3. In privileged mode a file on /proc is refused: /proc/self describes this root process,
//      whatever the rights it is opened with.
//   4. Every refusal is one line naming the file and the reason, thrown through `fail`.
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { ApproveRunError } from '../errors.js';
import type { Identity } from '../exec/identity.js';
import { asInvoker } from './as-invoker.js';

/** What a named file is read as, and how a refusal is reported. */
export interface NamedFile {
  path: string;
  /** How messages name it: `policy file`, `--key`, … */
  what: string;
  limit: number;
  fail: (message: string) => ApproveRunError;
}

// Opening flags: never block on a FIFO, never take a terminal as the controlling one.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/** The short reason in a file-system error (`no such file`, `permission denied`, …). */
export function fileErrorReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const messages: Record<string, string> = {
    ENOENT: 'no such file',
    ENOTDIR: 'no such file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'is a directory',
    ELOOP: 'too many levels of symbolic links',
    EEXIST: 'file exists',
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'read-only file system',
    EIO: 'input/output error',
    EPIPE: 'broken pipe',
    ENXIO: 'no process reads it',
    EFBIG: 'file too large',
  };
  if (typeof code === 'string') return messages[code] ?? code;
  return error instanceof Error ? error.message : String(error);
}

let procDevice: number | null | undefined;

// The device number of /proc, or null when there is none.
function procDev(): number | null {
  if (procDevice === undefined) procDevice = statSync('/proc', { throwIfNoEntry: false })?.dev ?? null;
  return procDevice;
}

// Reads up to `size` bytes (the size fstat gave) from the start of the descriptor.
function readAll(fd: number, size: number): Buffer {
  const buffer = Buffer.alloc(size);
  let done = 0;
  while (done < buffer.length) {
    const n = readSync(fd, buffer, done, buffer.length - done, done);
    if (n === 0) break;
    done += n;
  }
  return buffer.subarray(0, done);
}

/** The bytes of a file the invoker named, opened with the invoker's rights (invariants 1-4). */
export function readNamedFile(file: NamedFile, identity: Pick<Identity, 'privileged' | 'invoker'>): Buffer {
  const refuse = (reason: string) => file.fail(`cannot read ${file.what} ${file.path}: ${reason}`);
  let fd: number;
  try {
    fd = asInvoker(identity, () => openSync(file.path, OPEN_FLAGS));
  } catch (error) {
    if (error instanceof ApproveRunError) throw error;
    throw refuse(fileErrorReason(error));
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw refuse('not a regular file');
    if (identity.privileged && stats.dev === procDev()) throw refuse('a file under /proc is refused in privileged mode');
    if (stats.size > file.limit) throw refuse(`larger than ${file.limit} bytes`);
    return readAll(fd, stats.size);
  } catch (error) {
    if (error instanceof ApproveRunError) throw error;
    throw refuse(fileErrorReason(error));
  } finally {
    closeSync(fd);
  }
}
