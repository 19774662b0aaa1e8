// The controlling terminal, opened directly (SPEC §5.2): never stdin, so a piped caller
// cannot answer a prompt meant for a person.
// Invariants:
//   1. Only /dev/tty is read; if it cannot be opened there is no terminal (never stdin).
//   2. Each prompt gets its own output stream (a prompt ends the stream it is given), and
//      stream errors are swallowed here so a vanished terminal ends the prompt, never the
//      process; close() restores cooked mode and releases every descriptor.
import { closeSync, openSync, writeSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';

export interface Terminal {
  input: ReadStream;
  /** A fresh output stream for one prompt. */
  promptOutput(): WriteStream;
  /** Writes our own text to the terminal, synchronously. */
  write(text: string): void;
  /** Restores the terminal mode and closes everything; safe to call twice. */
  close(): void;
}

// Ignores an error event (the prompt's signal or the deadline ends the wait instead).
const ignore = (): void => {};

/** True when this process has a controlling terminal (/dev/tty opens). */
export function hasTerminal(): boolean {
  try {
    closeSync(openSync('/dev/tty', 'r'));
    return true;
  } catch {
    return false;
  }
}

/** Opens /dev/tty for reading and writing, or says why there is none. */
export function openTerminal(): { ok: true; terminal: Terminal } | { ok: false; reason: string } {
  let inFd = -1;
  let outFd = -1;
  try {
    inFd = openSync('/dev/tty', 'r');
    outFd = openSync('/dev/tty', 'w');
  } catch (error) {
    for (const fd of [inFd, outFd]) if (fd >= 0) closeSync(fd);
    const code = (error as { code?: unknown }).code;
    return { ok: false, reason: `no controlling terminal (${typeof code === 'string' ? code : 'cannot open /dev/tty'})` };
  }
  const input = new ReadStream(inFd);
  input.on('error', ignore);
  const outputs: WriteStream[] = [];
  let closed = false;
  const terminal: Terminal = {
    input,
    promptOutput: () => {
      const stream = new WriteStream(openSync('/dev/tty', 'w'));
      stream.on('error', ignore);
      outputs.push(stream);
      return stream;
    },
    write: (text) => {
      try {
        if (!closed) writeSync(outFd, text);
      } catch {
        // A terminal that is gone cannot show the line; the decision stands and is logged.
      }
    },
    close: () => {
      if (closed) return;
      closed = true;
      try {
        if (input.isRaw) input.setRawMode(false);
      } catch {
        // The terminal is already gone; nothing to restore.
      }
      input.destroy();
      for (const stream of outputs) stream.destroy();
      closeSync(outFd);
    },
  };
  return { ok: true, terminal };
}
