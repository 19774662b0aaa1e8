// The full program: every command through commander (src/cli.ts), with any failure turned into
// its one-line message and SPEC §7 exit code. It is the entry of the full bundle, to which the
// fast path (src/fast-path.ts) hands every invocation it does not finish itself.
import { runCli } from './cli.js';
import type { FastCommand } from './commands/option-tables.js';
import { realContext, type Context } from './context.js';
import { exitCodeFor, messageFor } from './errors.js';
import { isRefusal, logIfRefusal } from './commands/refusal.js';
import { HOOK_BLOCK_EXIT } from './commands/hook-deadline.js';

/** What the fast path (or the hook's bundle, src/hook-path.ts) already did for an invocation it hands over. */
export interface HandedOver {
  /** The context it made (the hook's bundle makes none: one is made here). */
  context?: Context;
  /** Its parse of argv, which commander would give too (test/run/fast-parse.test.ts). */
  parsed: FastCommand;
}

// Runs a run or check the fast path parsed, as commander would have started it.
async function runParsed(from: HandedOver): Promise<number> {
  const { parsed } = from;
  if (parsed.name === 'run') {
    const { runRun } = await import('./commands/run.js');
    return runRun(parsed.options, from.context ?? realContext());
  }
  if (parsed.name === 'hook') {
    // A hook fails closed however it fails (src/commands/hook-deadline.ts, invariant 1).
    try {
      const { runHook, selfLauncher } = await import('./commands/hook.js');
      return await runHook(parsed.options, from.context ?? realContext(), { stdin: [parsed.input], launcher: selfLauncher(parsed.options.sudo, parsed.options.policy), startedMs: parsed.startedMs, consumed: parsed.input });
    } catch (error) {
      process.stderr.write(`approve-run hook: blocked: ${messageFor(error)}\n`);
      return HOOK_BLOCK_EXIT;
    }
  }
  const { runCheck } = await import('./commands/check.js');
  return runCheck(parsed.options, from.context ?? realContext());
}

/** Runs one invocation to its exit code; `from` is what the fast path did before handing it over. */
export async function runProgram(argv: string[], from?: HandedOver): Promise<number> {
  try {
    return await (from === undefined ? runCli(argv) : runParsed(from));
  } catch (error) {
    process.stderr.write(`approve-run: ${messageFor(error)}\n`);
    if (isRefusal(error)) {
      try {
        await logIfRefusal(from?.context ?? realContext(), error);
      } catch {
        // The refusal is the answer (src/commands/refusal-log.ts, invariant 2).
      }
    }
    return exitCodeFor(error);
  }
}
