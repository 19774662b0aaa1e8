// What both hooks share, the full one (./hook.ts) and the cached one of the small bundle
// (./hook-cached.ts, src/hook-path.ts): reading the input, the deadline, exit 2 on failure,
// and how the rewrite names approve-run.
// Invariants:
//   1. These agents run the tool when a hook crashes, times out or exits with anything but 2.
//      So every failure (malformed input, an unknown tool, a policy or internal error, the
//      deadline) ends in exit 2 with one line on stderr and nothing on stdout.
//   2. The answer comes within `deadline` (default 20 s), far inside the agents' own hook
//      timeouts (Claude Code and Codex 600 s, Gemini CLI 60 s); past it the hook exits 2. A
//      hook handed from the small bundle to the full program keeps its first deadline.
//   3. stdout carries exactly one JSON answer line; nothing else is ever written to it.
//   4. A HandOver (src/hand-over.ts) is passed up untouched: it is not a failure, and nothing
//      has been written when it is thrown.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { messageFor } from '../errors.js';
import { HandOver } from '../hand-over.js';
import { parseDuration } from '../policy/duration.js';
import { MAX_INPUT_BYTES } from '../agents/hook-input.js';
import type { Launcher } from '../agents/rewrite.js';

/** Exit code that makes every supported agent block the tool call. */
export const HOOK_BLOCK_EXIT = 2;
const DEFAULT_DEADLINE_S = 20;

/** Where the hook reads its input and how the rewrite names approve-run. */
export interface HookIo {
  stdin: AsyncIterable<Buffer | string> | Iterable<Buffer | string>;
  launcher: Launcher;
  /** Monotonic ms at which the hook started (a handed-over hook keeps its first deadline). */
  startedMs?: number;
  /** The input as read, once read (the small bundle hands it over with the invocation). */
  consumed?: Buffer;
}

/** Reads the input up to one byte past the limit (the parser then refuses it). */
export async function readInput(stdin: HookIo['stdin']): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(b);
    size += b.length;
    if (size > MAX_INPUT_BYTES) break;
  }
  return Buffer.concat(chunks);
}

/** Where a hook writes, and its monotonic clock. */
export interface HookOutput {
  stdout(line: string): void;
  stderr(line: string): void;
  monotonicMs(): number;
}

/**
 * Runs `answer` within the deadline (invariants 1, 2, 4); resolves to 0 with its line on
 * stdout, or 2 with the cause on stderr.
 */
export async function answerWithin(deadline: string | undefined, out: HookOutput, io: HookIo, answer: () => Promise<string>): Promise<number> {
  io.startedMs ??= out.monotonicMs();
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadlineS = deadline === undefined ? DEFAULT_DEADLINE_S : parseDuration(deadline);
    const left = deadlineS * 1000 - (out.monotonicMs() - io.startedMs);
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within the hook's deadline of ${deadlineS}s`)), Math.max(0, left));
    });
    const line = await Promise.race([answer(), late]);
    out.stdout(`${line}\n`);
    return 0;
  } catch (error) {
    if (error instanceof HandOver) throw error;
    out.stderr(`approve-run hook: blocked: ${messageFor(error)}\n`);
    return HOOK_BLOCK_EXIT;
  } finally {
    clearTimeout(timer);
  }
}

/** How this process names approve-run in a rewrite: its Node binary and its own entry. */
export function selfLauncher(sudo: boolean, policy: string | undefined): Launcher {
  const entry = process.argv[1] ?? '';
  let node = process.execPath;
  try {
    node = realpathSync(node);
  } catch {
    // The path Node reported is used as it is.
  }
  return { node, entry, sudo, ...(policy !== undefined ? { policy: resolve(policy) } : {}) };
}
