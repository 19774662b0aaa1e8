// The command's standard descriptors under `terminal: none | inherit` (SPEC §9).
// Invariants:
//   1. Under `none` no descriptor the command holds is a terminal: a terminal on stdin becomes
//      /dev/null, and a terminal on stdout or stderr becomes a pipe that approve-run relays to
//      its own; pipes and files are passed as they are.
//   2. Under `inherit` the three descriptors are the caller's, whatever they are.
import { isatty } from 'node:tty';
import type { StdioOptions } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { TerminalMode } from '../policy/types.js';

/** How each of fds 0-2 is given to the command. */
export type StdSlot = 'inherit' | 'ignore' | 'pipe';

/** The three standard slots for `mode`, given which of fds 0-2 are terminals. */
export function standardSlots(mode: TerminalMode, isTerminal: (fd: number) => boolean = isatty): [StdSlot, StdSlot, StdSlot] {
  if (mode === 'inherit') return ['inherit', 'inherit', 'inherit'];
  return [isTerminal(0) ? 'ignore' : 'inherit', isTerminal(1) ? 'pipe' : 'inherit', isTerminal(2) ? 'pipe' : 'inherit'];
}

/** The spawn stdio: the standard slots, one pipe for bwrap's status at fd 3, and when `gated` one for the start gate at fd 4. */
export function sandboxStdio(slots: [StdSlot, StdSlot, StdSlot], gated = false): StdioOptions {
  return gated ? [...slots, 'pipe', 'pipe'] : [...slots, 'pipe'];
}

/**
 * Copies a relayed pipe to approve-run's stream `to()` (its stdout or stderr); resolves when the
 * pipe is closed. The stream is asked for only when there is a pipe: making process.stdout
 * costs a start that passes the descriptors on as they are.
 */
export function relay(from: Readable | null, to: () => NodeJS.WritableStream): Promise<void> {
  if (from === null) return Promise.resolve();
  const out = to();
  return new Promise((resolve) => {
    from.on('data', (chunk: Buffer) => void out.write(chunk));
    from.on('error', () => resolve());
    from.on('close', () => resolve());
  });
}
