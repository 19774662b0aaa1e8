// `approve-run check`: decides on a command exactly as `run` would, with the same policy
// loading and the same `evaluate()`, but never executes it and never writes the audit log.
// Exit 0 allow, 1 approve, 77 deny, 125 error (SPEC §7).
import type { CheckOptions } from './option-tables.js';
import type { Context } from '../context.js';
import { evaluate } from '../decide/evaluate.js';
import { checkJson, checkText } from '../decide/explain.js';
import { decisionInput } from '../decide/input.js';
import { loadPolicyLazily, trustedPolicy } from '../policy/trusted.js';
import type { Decision } from '../policy/types.js';

const EXIT_FOR: Record<Decision, number> = { allow: 0, approve: 1, deny: 77 };

/** Runs `check`; resolves to its exit code. Policy and usage problems throw (exit 125). */
export async function runCheck(options: CheckOptions, ctx: Context): Promise<number> {
  const input = decisionInput(options, ctx);
  const policy = await trustedPolicy(ctx, options.policy, loadPolicyLazily);
  const evaluation = await evaluate(policy, input, ctx.paths);
  ctx.stdout.write(options.json ? `${checkJson(evaluation)}\n` : checkText(evaluation, ctx.stdout.color, input.shell !== null));
  return EXIT_FOR[evaluation.decision];
}
