// The full program: every command through commander (src/cli.ts), with any failure turned into
// its one-line message and SPEC §7 exit code. It is the entry of the full bundle, to which the
// fast path (src/fast-path.ts) hands every invocation it does not finish itself.
import { runCli } from './cli.js';
import type { FastCommand } from './commands/option-tables.js';
import type { Context } from './context.js';
import { exitCodeFor, messageFor } from './errors.js';

/** What the fast path already did for an invocation it hands over. */
export interface HandedOver {
  context: Context;
  /** Its parse of argv, which commander would give too (test/run/fast-parse.test.ts). */
  parsed: FastCommand;
}

// Runs a run or check the fast path parsed, as commander would have started it.
async function runParsed({ parsed, context }: HandedOver): Promise<number> {
  if (parsed.name === 'run') {
    const { runRun } = await import('./commands/run.js');
    return runRun(parsed.options, context);
  }
  if (parsed.name === 'hook') {
    const { runHook, selfLauncher } = await import('./commands/hook.js');
    return runHook(parsed.options, context, { stdin: [parsed.input], launcher: selfLauncher(parsed.options.sudo, parsed.options.policy), startedMs: parsed.startedMs, consumed: parsed.input });
  }
  const { runCheck } = await import('./commands/check.js');
  return runCheck(parsed.options, context);
}

/** Runs one invocation to its exit code; `from` is what the fast path did before handing it over. */
export async function runProgram(argv: string[], from?: HandedOver): Promise<number> {
  try {
    return await (from === undefined ? runCli(argv) : runParsed(from));
  } catch (error) {
    process.stderr.write(`approve-run: ${messageFor(error)}\n`);
    return exitCodeFor(error);
  }
}
