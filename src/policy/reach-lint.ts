// What `policy validate` says about approve decisions no approver can ever answer (SPEC §5,
// §11), from the same reasons the run gives (./channel-reach.ts):
//   - an error when no channel can ever approve it, in any mode (no channel at all, only an
//     unauthenticated terminal for a quorum above 1, a webhook url that is not https);
//   - a warning when that is so only in privileged mode (under sudo): a webhook secret_env,
//     an unauthenticated terminal. The same policy works for a user running it without sudo.
import { neverReachable } from './channel-reach.js';
import type { Locator, PathSegment, Problem, Warning } from './problems.js';
import type { ChannelName, Policy } from './types.js';

/** Errors (the policy is then invalid) and warnings about approvals that cannot happen. */
export interface ReachFindings {
  errors: Problem[];
  warnings: Warning[];
}

/** The findings for every approve rule and an approve default. */
export function reachFindings(policy: Policy, locate: Locator, file: string): ReachFindings {
  const findings: ReachFindings = { errors: [], warnings: [] };
  const judge = (path: PathSegment[], what: string, channel: ChannelName[], quorum: number) => {
    const at = locate(path, false);
    const anywhere = neverReachable(policy, { channel, quorum, privileged: false });
    if (anywhere !== null) {
      findings.errors.push({ file, ...at, message: `${what} can never be approved: ${anywhere}` });
      return;
    }
    const underSudo = neverReachable(policy, { channel, quorum, privileged: true });
    if (underSudo !== null) findings.warnings.push({ file, ...at, message: `${what} can never be approved under sudo (privileged mode): ${underSudo}` });
  };
  policy.rules.forEach((rule, i) => {
    if (rule.decision === 'approve') judge(['rules', i, 'decision'], `rule ${JSON.stringify(rule.id)}`, rule.channel ?? [], rule.quorum ?? 1);
  });
  if (policy.settings.default === 'approve') judge(['settings', 'default'], 'settings.default approve', [], 1);
  return findings;
}
