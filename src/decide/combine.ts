// Combines the verdicts of every simple command into one Evaluation (SPEC §4.2): the most
// restrictive decision wins (deny > approve > allow), independent of rule order.
// Invariants:
//   1. A deny for any command denies the request; nothing else can weaken it.
//   2. Request-level reasons (non-fixed constructs, parse errors…) make it at least approve.
//   3. Every list in the result is sorted or in command order, never in policy order.
//   4. max_runtime never exceeds settings.max_runtime.
import { DECISION_RANK, type Decision, type Policy, type Rule } from '../policy/types.js';
import { combineApprovalTerms } from './approval-terms.js';
import { combineConfinement } from './confine.js';
import type { CompiledRule } from './rules.js';
import type { Evaluation } from './types.js';
import type { Verdict } from './verdict.js';

export interface CombineInput {
  policy: Policy;
  verdicts: Verdict[];
  /** Reasons from request expansion that no allow rule can cover. */
  requestReasons: string[];
  /** Requester's user name (never a permitted approver of their own request). */
  requester: string;
  executable: string | null;
}

// Unique rules sorted by id.
function sortedRules(rules: Iterable<CompiledRule>): Rule[] {
  return [...new Set([...rules].map((r) => r.rule))].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// The deny message: the first deny rule's (by id) message, or one naming it, or the default's reason.
function denyMessage(denyRules: Rule[], winners: Verdict[]): string {
  const first = denyRules[0];
  if (first !== undefined) return first.message ?? `rule ${first.id} denies this command`;
  return winners.find((v) => v.reasons.length > 0)?.reasons[0] ?? 'denied by the default decision';
}

/** The Evaluation for a request from its commands' verdicts. */
export function combineVerdicts(input: CombineInput): Evaluation {
  const { policy, verdicts, requestReasons } = input;
  const matched = sortedRules(verdicts.flatMap((v) => v.matched));
  const reasons = [...new Set([...verdicts.flatMap((v) => v.reasons), ...requestReasons])];
  let decision: Decision = verdicts.reduce<Decision>((top, v) => (DECISION_RANK[v.decision] > DECISION_RANK[top] ? v.decision : top), 'allow');
  const raisedByRequest = requestReasons.length > 0 && decision === 'allow';
  if (raisedByRequest) decision = 'approve';
  const winners = verdicts.filter((v) => v.decision === decision);
  const deciding = sortedRules(winners.flatMap((v) => v.deciding));
  const caps = deciding.map((r) => r.max_runtime_s).filter((s): s is number => s !== null);
  const maxRuntime = Math.min(policy.settings.max_runtime_s, ...caps);

  const base: Evaluation = {
    decision,
    rules: matched.map((r) => ({ id: r.id, decision: r.decision })),
    reasons,
    approvers: [],
    quorum: 0,
    channel: [],
    session_ttl_s: null,
    max_runtime_s: maxRuntime,
    max_runtime_rule: deciding.find((r) => r.max_runtime_s === maxRuntime)?.id ?? null,
    risk: null,
    commands: verdicts.filter((v) => v.argv.length > 0).map((v) => [...v.argv]),
    executable: input.executable,
    decided_by: deciding.map((r) => r.id),
    message: null,
    run_as: null,
    confine: combineConfinement(policy.settings, decision, deciding),
  };
  const deny = (message: string): Evaluation => ({ ...base, decision: 'deny', reasons: [...new Set([...reasons, message])], message, confine: null });

  if (decision === 'deny') return { ...base, message: denyMessage(deciding, winners) };
  const runAs = [...new Set(deciding.map((r) => r.run_as).filter((u): u is string => u !== null))].sort();
  if (runAs.length > 1) return deny(`rules ${base.decided_by.join(', ')} set different run_as users (${runAs.join(', ')})`);
  const run_as = runAs[0] ?? null;
  if (decision === 'allow') return { ...base, run_as };

  const approveRules = deciding.filter((r) => r.decision === 'approve');
  const generic = raisedByRequest || winners.some((v) => v.generic);
  const combined = combineApprovalTerms(policy, approveRules, generic, input.requester);
  if ('problem' in combined) return deny(combined.problem);
  return { ...base, ...combined.terms, run_as };
}
