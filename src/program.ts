// The full program: every command through commander (src/cli.ts), with any failure turned into
// its one-line message and SPEC §7 exit code. It is the entry of the full bundle, to which the
// fast path (src/fast-path.ts) hands every invocation it does not finish itself.
import { runCli } from './cli.js';
import type { Context } from './context.js';
import { exitCodeFor, messageFor } from './errors.js';

/** Runs one invocation to its exit code; `context` is one the fast path already made, if any. */
export async function runProgram(argv: string[], context?: Context): Promise<number> {
  try {
    return await runCli(argv, context === undefined ? {} : { context: () => context });
  } catch (error) {
    process.stderr.write(`approve-run: ${messageFor(error)}\n`);
    return exitCodeFor(error);
  }
}
