// The allow path as one bundle of its own (scripts/build.mjs): `approve-run [run options] --
// cmd` (and `check`) parsed without commander, the policy from the compiled-policy cache, the
// decision, the audit appends, a webhook approval and the command, and nothing else. The
// policy loader, the shell parser, the terminal prompt library and checkpoint signing are not
// in this bundle: a run that needs one of them is handed over (src/hand-over.ts) before
// anything is logged, and the full program (src/program.ts) then does the whole invocation,
// as it does every other command line. Agent hooks have a bundle of their own (src/hook-path.ts).
import { assertUtf8Argv } from './binding/argv-bytes.js';
import { runCheck } from './commands/check.js';
import { parseFastCommand } from './commands/option-tables.js';
import { runRunSummary } from './commands/run.js';
import { realContext, stdoutInUse, type Context } from './context.js';
import { exitCodeFor, messageFor } from './errors.js';
import { isRefusal } from './commands/refusal.js';
import { HandOver } from './hand-over.js';
import type { HandedOver } from './program.js';

/**
 * The exit code of an invocation finished here (whether stdout was set up, so must be drained
 * before exiting, and whether it was a run the policy allowed, which went the whole allow
 * path), or the hand-over (with what was done so far).
 */
export type FastOutcome = { exitCode: number; stdout: boolean; allowed: boolean } | { handOver: HandedOver | undefined };

/** Runs one invocation on the fast path when it can be finished here. */
export async function runFast(argv: string[]): Promise<FastOutcome> {
  try {
    assertUtf8Argv(argv); // bytes are never silently replaced (SPEC §10), whatever the command
  } catch (error) {
    process.stderr.write(`approve-run: ${messageFor(error)}\n`);
    return { exitCode: exitCodeFor(error), stdout: false, allowed: false };
  }
  const parsed = parseFastCommand(argv);
  if (parsed === null) return { handOver: undefined };
  let ctx: Context | undefined;
  try {
    ctx = realContext();
    if (parsed.name === 'check') return { exitCode: await runCheck(parsed.options, ctx), stdout: stdoutInUse(), allowed: false };
    const summary = await runRunSummary(parsed.options, ctx);
    return { exitCode: summary.exit_code, stdout: stdoutInUse(), allowed: summary.outcome === 'allowed' };
  } catch (error) {
    if (error instanceof HandOver && ctx !== undefined) return { handOver: { context: ctx, parsed } };
    // A privileged-mode refusal is logged (SPEC §11) by the full program, which starts over:
    // nothing was done before the refusal, and the logger is not in this bundle.
    if (isRefusal(error)) return { handOver: undefined };
    process.stderr.write(`approve-run: ${messageFor(error)}\n`);
    return { exitCode: exitCodeFor(error), stdout: stdoutInUse(), allowed: false };
  }
}
