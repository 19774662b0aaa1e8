// The allow path as one bundle of its own (scripts/build.mjs): `approve-run [run options] --
// cmd` parsed without commander, the policy from the compiled-policy cache, the decision, the
// audit appends and the command, and nothing else. The policy loader, the shell parser, the
// approval flow and checkpoint signing are not in this bundle: a run that needs one of them
// is handed over (src/hand-over.ts) before anything is logged, and the full program then
// does the whole invocation, as it does every other command line.
import { parseFastRun } from './commands/run-options.js';
import { runRun } from './commands/run.js';
import { realContext, type Context } from './context.js';
import { exitCodeFor, messageFor } from './errors.js';
import { HandOver } from './hand-over.js';

/** Runs one invocation to its exit code: here when the fast path can finish it, else in the full program. */
export async function runFastOrFull(argv: string[]): Promise<number> {
  const options = parseFastRun(argv);
  let ctx: Context | undefined;
  if (options !== null) {
    try {
      ctx = realContext();
      return await runRun(options, ctx);
    } catch (error) {
      if (!(error instanceof HandOver)) {
        process.stderr.write(`approve-run: ${messageFor(error)}\n`);
        return exitCodeFor(error);
      }
    }
  }
  const { runProgram } = await import('./program.js');
  return runProgram(argv, ctx);
}
