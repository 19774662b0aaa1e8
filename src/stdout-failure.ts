// Write errors on approve-run's own standard output (SPEC §7: approve-run failed, exit 125).
// Output that was not written is a failure, never a success: `check > /dev/full`,
// `audit export | head -1` and the like exit 125 with the cause.
// Invariants:
//   1. Only approve-run's own writes count: a command run by `run` writes to fd 1 itself, and
//      its output (and its write errors) are its own.
//   2. The first error is kept on process.stdout itself (under a registered symbol), so the
//      entry and every bundle of the process (fast path, full program) see the same one.
//   3. Imports nothing: main.ts bundles it without loading anything else.

const FAILURE = Symbol.for('approve-run.stdout-failure');

type Watched = NodeJS.WriteStream & { [FAILURE]?: NodeJS.ErrnoException | null };

/** Starts keeping the first write error of `stream` (once per stream); returns the stream. */
export function watchWrites(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  const watched = stream as Watched;
  if (!(FAILURE in watched)) {
    watched[FAILURE] = null;
    watched.on('error', (error: NodeJS.ErrnoException) => {
      watched[FAILURE] ??= error;
    });
  }
  return watched;
}

/** The first write error kept on `stream`, or null (also when it was never watched). */
export function writeFailure(stream: NodeJS.WriteStream): NodeJS.ErrnoException | null {
  return (stream as Watched)[FAILURE] ?? null;
}

const CAUSES: Record<string, string> = {
  EPIPE: 'the reader closed the pipe (EPIPE)',
  ENOSPC: 'no space left on device (ENOSPC)',
  EDQUOT: 'disk quota exceeded (EDQUOT)',
  EIO: 'input/output error (EIO)',
  EFBIG: 'file too large (EFBIG)',
  EAGAIN: 'the output would block (EAGAIN)',
};

/** The one stderr line for a write error on stdout. */
export function stdoutFailureLine(error: NodeJS.ErrnoException): string {
  const cause = (error.code !== undefined ? CAUSES[error.code] : undefined) ?? (error.code ?? error.message).replace(/\s*\n\s*/g, ' ');
  return `approve-run: cannot write to standard output: ${cause}\n`;
}
