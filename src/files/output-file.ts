// Writing a file the invoker named with `-o` (audit export, audit checkpoint, keygen), SPEC §11.
// Invariants:
//   1. Every step that names a path (lstat, create, rename, link, unlink, the directory's
//      fsync) runs with the invoker's rights (./as-invoker.ts): root never creates or replaces
//      a file where the invoker could not.
//   2. A regular file (or a new one) is written atomically: a temporary file in the same
//      directory (O_EXCL, O_NOFOLLOW, the final mode), fsync, then rename over the target (or
//      link, when an existing file must not be replaced), then fsync of the directory. A failure
//      at any step removes the temporary file: the target is either the old file or the whole
//      new one, never a part.
//   3. A symbolic link at the target is refused, not followed. A device or FIFO (/dev/null,
//      /dev/full, a pipe) is written in place, as a shell redirection would, since it cannot
//      be replaced; it is opened without blocking, so a FIFO nobody reads is refused at once
//      (ENXIO) instead of hanging, and a full pipe is waited on while its reader is there.
//   4. Every failure, including a short or failed write (ENOSPC, EPIPE), is one line naming the
//      file and the cause, thrown through `fail` (exit 125).
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, linkSync, lstatSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ApproveRunError, usageError } from '../errors.js';
import type { Identity } from '../exec/identity.js';
import { asInvoker } from './as-invoker.js';
import { fileErrorReason } from './input-file.js';

/** An output being written; exactly one of commit() or abort() ends it. */
export interface OutputFile {
  write(bytes: Buffer): void;
  /** Makes the whole output visible at the path. */
  commit(): void;
  /** Leaves the target as it was. */
  abort(): void;
}

export interface OutputOptions {
  /** Mode of a new file. */
  mode: number;
  /** Never replace an existing file (keygen); default: replace it. */
  exclusive?: boolean;
  fail?: (message: string) => ApproveRunError;
}

type Who = Pick<Identity, 'privileged' | 'invoker'>;

/** How long a write to a full pipe or device waits before it tries again. */
const RETRY_MS = 5;
const pause = new Int32Array(new SharedArrayBuffer(4));

// Writes all of `bytes` to `fd`; a non-blocking descriptor that is full (EAGAIN) is tried
// again after a short pause, as a blocking write would wait.
function writeAll(fd: number, bytes: Buffer): void {
  for (let at = 0; at < bytes.length; ) {
    try {
      at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, RETRY_MS);
    }
  }
}

// The output for a device or FIFO: written in place, opened without blocking (invariant 3).
function inPlace(path: string, who: Who, fail: (message: string) => ApproveRunError): OutputFile {
  const fd = asInvoker(who, () => openSync(path, constants.O_WRONLY | constants.O_NOFOLLOW | constants.O_NOCTTY | constants.O_NONBLOCK));
  const end = () => closeSync(fd);
  return {
    write: (bytes) => {
      try {
        writeAll(fd, bytes);
      } catch (error) {
        throw fail(`cannot write ${path}: ${fileErrorReason(error)}`);
      }
    },
    commit: end,
    abort: end,
  };
}

// The output for a regular or new file: a temporary file renamed into place (invariant 2).
function atomic(path: string, who: Who, options: OutputOptions, fail: (message: string) => ApproveRunError): OutputFile {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = asInvoker(who, () => openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, options.mode));
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  const remove = () => {
    close();
    try {
      asInvoker(who, () => unlinkSync(temp));
    } catch {
      // Already gone (renamed, or removed by its owner): nothing of ours is left.
    }
  };
  return {
    write: (bytes) => {
      try {
        writeAll(fd, bytes);
      } catch (error) {
        remove();
        throw fail(`cannot write ${path}: ${fileErrorReason(error)}`);
      }
    },
    commit: () => {
      try {
        fsyncSync(fd);
        close();
        asInvoker(who, () => {
          if (options.exclusive === true) {
            linkSync(temp, path);
            unlinkSync(temp);
          } else renameSync(temp, path);
          syncDirectory(dir);
        });
      } catch (error) {
        remove();
        throw error instanceof ApproveRunError ? error : fail(`cannot write ${path}: ${fileErrorReason(error)}`);
      }
    },
    abort: remove,
  };
}

// Makes a rename durable: fsync of the directory that holds it.
function syncDirectory(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Opens `path` (absolute) for output with the invoker's rights (invariants 1-4). */
export function openOutputFile(path: string, who: Who, options: OutputOptions): OutputFile {
  const fail = options.fail ?? usageError;
  try {
    const stats = asInvoker(who, () => lstatSync(path, { throwIfNoEntry: false }));
    if (stats?.isSymbolicLink() === true) throw fail(`cannot write ${path}: a symbolic link; name the file it points to`);
    if (stats?.isDirectory() === true) throw fail(`cannot write ${path}: is a directory`);
    if (stats !== undefined && options.exclusive === true) throw fail(`cannot create ${path}: file exists`);
    if (stats !== undefined && !stats.isFile()) return inPlace(path, who, fail);
    return atomic(path, who, options, fail);
  } catch (error) {
    throw error instanceof ApproveRunError ? error : fail(`cannot write ${path}: ${fileErrorReason(error)}`);
  }
}

/** Writes `bytes` to `path` as one atomic output (openOutputFile). */
export function writeOutputFile(path: string, who: Who, bytes: Buffer, options: OutputOptions): void {
  const output = openOutputFile(path, who, options);
  try {
    output.write(bytes);
  } catch (error) {
    output.abort();
    throw error;
  }
  output.commit();
}
