// `approve-run hook <agent>` as a bundle of its own (scripts/build.mjs, dist/hook.cjs): the
// agent's call answered from the verdict cache (src/commands/hook-cached.ts), loading no
// more than Node's file system, path and os modules. Every other call (a line not judged
// recently, --defer, options the small parser does not take) is handed over to the full
// program (src/program.ts) with the input already read and the deadline already running.
// Invariants:
//   1. Every failure here is exit 2 with one line on stderr and nothing on stdout
//      (src/commands/hook-deadline.ts); a hand-over happens before anything is written.
//   2. The answer is written to fd 1 whole, synchronously; a descriptor that would block
//      takes the rest through process.stdout, which main.ts drains before exiting. A write
//      that fails is exit 2.
//   3. A regular file on stdin is read synchronously (it cannot block); anything else
//      (a pipe, a socket, a terminal) through process.stdin, so the deadline still holds
//      when a writer stalls.
//   4. The bundle requires no other built-in module than fs, path and os, and no package: the
//      build refuses one that does (scripts/build.mjs).
import { fstatSync, readSync, writeSync } from 'node:fs';
import { monotonicMs } from './clock.js';
import { cachedAnswer } from './commands/hook-cached.js';
import { answerWithin, HOOK_BLOCK_EXIT, selfLauncher, type HookIo } from './commands/hook-deadline.js';
import { parseFastHook } from './commands/option-tables.js';
import { MAX_INPUT_BYTES } from './agents/hook-input.js';
import { messageFor } from './errors.js';
import { HandOver } from './hand-over.js';
import type { FastOutcome } from './fast-path.js';

// stdin as one chunk when it is a regular file (invariant 3), else process.stdin.
function stdinSource(): HookIo['stdin'] {
  let regular = false;
  try {
    regular = fstatSync(0).isFile();
  } catch {
    // No stdin: the stream reports it.
  }
  if (!regular) return process.stdin;
  const buffer = Buffer.allocUnsafe(MAX_INPUT_BYTES + 1);
  let length = 0;
  for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(0, buffer, length, buffer.length - length, null);
  return [buffer.subarray(0, length)];
}

// Writes the answer to fd 1 (invariant 2); true when part of it went to process.stdout.
function writeAnswer(text: string): boolean {
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
    return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
  }
  process.stdout.write(bytes.subarray(done));
  return true;
}

/** Answers one hook invocation from the verdict cache, or hands it over (same contract as src/fast-path.ts). */
export async function runFast(argv: string[]): Promise<FastOutcome> {
  const options = parseFastHook(argv);
  if (options === null) return { handOver: undefined };
  const io: HookIo = { stdin: [], launcher: selfLauncher(options.sudo, options.policy), startedMs: monotonicMs() };
  let stdout = false;
  const out = {
    stdout: (line: string) => void (stdout = writeAnswer(line)),
    stderr: (line: string) => void writeSync(2, line),
    monotonicMs,
  };
  try {
    io.stdin = stdinSource();
    const exitCode = await answerWithin(options.deadline, out, io, () => cachedAnswer(options, io, process.env, process.cwd()));
    return { exitCode, stdout, allowed: exitCode === 0 };
  } catch (error) {
    if (error instanceof HandOver && io.consumed !== undefined) return { handOver: { parsed: { name: 'hook', options, input: io.consumed, startedMs: io.startedMs ?? 0 } } };
    try {
      writeSync(2, `approve-run hook: blocked: ${messageFor(error)}\n`);
    } catch {
      // stderr is gone too: the exit code still blocks.
    }
    return { exitCode: HOOK_BLOCK_EXIT, stdout, allowed: false };
  }
}
