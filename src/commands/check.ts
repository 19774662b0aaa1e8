// `approve-run check`: decides on a command exactly as `run` would, with the same policy
// loading and the same `evaluate()`, but never executes it and never writes the audit log.
// Exit 0 allow, 1 approve, 77 deny, 125 error (SPEC §7).
import type { CheckOptions } from './option-tables.js';
import type { Context } from '../context.js';
import { evaluate } from '../decide/evaluate.js';
import { checkJson, checkText } from '../decide/explain.js';
import type { DecisionInput } from '../decide/types.js';
import { usageError } from '../errors.js';
import { loadPolicyLazily, trustedPolicy } from '../policy/trusted.js';
import type { Decision } from '../policy/types.js';

const EXIT_FOR: Record<Decision, number> = { allow: 0, approve: 1, deny: 77 };

/** The decision input for the calling user, here and now. */
export function checkInput(options: CheckOptions, ctx: Context): DecisionInput {
  if (options.shell && options.command.length !== 1) {
    throw usageError(`--shell takes the command line as one argument after -- (got ${options.command.length})`);
  }
  return {
    argv: options.command,
    shell: options.shell ? (options.command[0] ?? '') : null,
    cwd: ctx.cwd,
    requester: ctx.identity.requester,
    actor: options.actor ?? null,
    host: ctx.hostname,
    now: ctx.clock.now(),
  };
}

/** Runs `check`; resolves to its exit code. Policy and usage problems throw (exit 125). */
export async function runCheck(options: CheckOptions, ctx: Context): Promise<number> {
  const input = checkInput(options, ctx);
  const policy = await trustedPolicy(ctx, options.policy, loadPolicyLazily);
  const evaluation = await evaluate(policy, input, ctx.paths);
  ctx.stdout.write(options.json ? `${checkJson(evaluation)}\n` : checkText(evaluation, ctx.stdout.color, input.shell !== null));
  return EXIT_FOR[evaluation.decision];
}
