// Reads a file once, for hashing and for the private copy that runs in its place (SPEC §10).
// The one edge of src/binding/ that touches the disk; tests may pass another FileReader.
// Invariants:
//   1. The bytes, the owner and mode, and the real path all come from one open descriptor:
//      the file is never re-opened by name to learn more about what was read.
//   2. Only regular files are read (a FIFO or device could change what a second read sees),
//      and none larger than MAX_BYTES. Anything else is refused before it is opened, since
//      opening some devices as root acts (a watchdog starts, a tape rewinds); the descriptor
//      is checked again after the open.
import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync, statSync } from 'node:fs';
import { escapeInvisible } from '../shell/invisible.js';
import { ApproveRunError } from '../errors.js';

/** What one read of a file saw. */
export interface FileSnapshot {
  /** The absolute path the command will open (symlinks not resolved). */
  path: string;
  /** Its real path when it was read. */
  real: string;
  bytes: Buffer;
  uid: number;
  mode: number;
}

/** Reads files whole; throws ApproveRunError naming the file when it cannot. */
export interface FileReader {
  read(path: string): FileSnapshot;
}

/** Largest file hashed: an executable or script beyond this is refused, not half-read. */
export const MAX_BYTES = 512 * 1024 * 1024;

// Every byte from an open descriptor, up to `size` plus whatever was appended meanwhile.
function readAll(fd: number, size: number, path: string): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.max(65536, Math.min(size - total, 16 * 1024 * 1024)));
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    total += n;
    if (total > MAX_BYTES) throw new ApproveRunError('not_executable', `${escapeInvisible(path)}: larger than ${MAX_BYTES} bytes; not hashed, not run`);
    chunks.push(chunk.subarray(0, n));
  }
  return Buffer.concat(chunks, total);
}

// The real path of an open descriptor, as the kernel names it.
function realOf(fd: number, path: string): string {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    throw new ApproveRunError('internal', `${escapeInvisible(path)}: cannot tell which file was opened (is /proc mounted?)`);
  }
}

/** The real file system (invariants 1, 2). */
export const realFileReader: FileReader = {
  read(path) {
    let fd: number;
    try {
      if (!statSync(path).isFile()) throw new ApproveRunError('not_executable', `${escapeInvisible(path)}: not a regular file; only regular files can be bound to an approval`);
      fd = openSync(path, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
    } catch (error) {
      if (error instanceof ApproveRunError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      const kind = code === 'ENOENT' || code === 'ENOTDIR' ? 'not_found' : 'not_executable';
      throw new ApproveRunError(kind, `${escapeInvisible(path)}: cannot be read to bind it to the approval (${code})`);
    }
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile()) throw new ApproveRunError('not_executable', `${escapeInvisible(path)}: not a regular file; only regular files can be bound to an approval`);
      return { path, real: realOf(fd, path), bytes: readAll(fd, stats.size, path), uid: stats.uid, mode: stats.mode & 0o7777 };
    } finally {
      closeSync(fd);
    }
  },
};
