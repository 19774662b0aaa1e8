// Obtains an approval for a request whose decision is `approve` (SPEC §5, §5.3, §7): reuse
// a live session, or ask the rule's channels, verify and log every decision, and open a
// session for an approval.
// Invariants:
//   1. The result is `approved` or `session` only through a live matching session or a
//      tally that reached the quorum with decisions that passed every check; every other
//      path (error, timeout, refusal, no channel) is a not-approved outcome or a throw.
//   2. Every outcome is in the audit log before this function returns.
//   3. The wait ends at the request's `expires_at`; nothing is waited for after it.
import type { AuditLog } from '../audit/types.js';
import type { Context } from '../context.js';
import type { Evaluation } from '../decide/types.js';
import type { Policy } from '../policy/types.js';
import type { ChannelEnd } from './channel.js';
import { Collector } from './collect.js';
import { approverLabel, approverProblem, eligibleApprovers } from './eligibility.js';
import { escapeInvisible } from '../shell/invisible.js';
import { concludeApproved, concludeDenied, concludeNoApprover, concludeSession, concludeUndecided, type OutcomeContext } from './decision/outcome.js';
import type { ChannelPlan, TerminalCase } from './plan.js';
import type { ApprovalRequest } from './request/request.js';
import { bindingHashOf, ensureApprovalTables, findReusableSession, sessionBinding } from './session/sessions.js';
import { startWaitNotice } from './status.js';
import { loadPrompts } from './terminal/terminal.js';
import { loadWebauthn } from './decision/webauthn-key.js';

export interface ApprovalInput {
  policy: Policy;
  evaluation: Evaluation;
  request: ApprovalRequest;
  /** `sha256:<hex>` binding hash of `request`. */
  requestHash: string;
  audit: AuditLog;
  ctx: Context;
  nonInteractive: boolean;
  /** The unredacted argv/shell when redaction changed the request's; binds the session. */
  binding?: { argv: string[]; shell: string | null };
  /** A request submitted earlier without waiting (`wait`): where the webhook said to poll. */
  resume?: { statusUrl: string | null };
  /**
   * Called inside the transaction that logs an approval (or a session reuse), before it
   * commits; throwing rolls the approval back (`wait` claims its stored request here).
   */
  claim?: () => void;
  /**
   * Monotonic milliseconds at which to stop waiting before the request expires (`wait
   * --timeout`, MCP `wait_s`): an undecided request then ends as `pending`, logged as nothing,
   * still open for a later wait.
   */
  stopAtMs?: number;
  /** Learns where to report the outcome when the webhook is an approval service. */
  report?: { set(url: URL, secret: string | null): void };
}

/**
 * `confirmedBy` is set (to the requester's user name) when no approver decided and the
 * requester's own unauthenticated terminal answer released the request (a self-confirmation,
 * valid only where the policy allows one); `approvers` is then empty.
 */
export type ApprovalResult =
  | { outcome: 'approved'; approvers: string[]; sessionId: string; sessionExpiresAt: Date | null; confirmedBy?: string }
  | { outcome: 'session'; approvers: string[]; sessionId: string; sessionExpiresAt: Date; confirmedBy?: string }
  | { outcome: 'denied_by_approver'; approvers: string[]; message: string }
  | { outcome: 'denied_by_policy'; message: string }
  | { outcome: 'approval_expired'; message: string }
  | { outcome: 'approver_unreachable'; message: string }
  | { outcome: 'pending'; message: string };

/**
 * Checks that an approver can be reached at all (a configuration error otherwise), and loads
 * what obtainApproval() loads for this case, so that it happens before anything is
 * logged (src/commands/run.ts invariant 5): the channel plan, the prompt library when the
 * terminal may ask, and the WebAuthn library when an approver has a passkey. (The fast bundle
 * has the plan but neither library: such a run is handed over to the full program here.)
 */
export async function loadApprovalParts(c: TerminalCase): Promise<void> {
  const { assertReachable, terminalMayAsk } = await import('./plan.js');
  assertReachable(c);
  if (terminalMayAsk(c)) await loadPrompts();
  if (Object.values(c.policy.approvers).some((a) => a.webauthn !== null)) await loadWebauthn();
}

/**
 * Resolves to the approval outcome; never throws for approver misbehaviour (that is an
 * outcome), only for failures of approve-run itself (audit log, bad policy). `message` is the
 * one-line reason (escaped), without the `denied by <who>: ` or `no approval (request …): `
 * head that the caller prints; the outcome's `decision` entry holds the whole line. On
 * `approved`/`session` the caller
 * runs the command under `sessionId`: pass `watchRevocation(audit, sessionId)` (./revocation.js)
 * as the child's abort signal and cap the deadline at `sessionExpiresAt`.
 */
export async function obtainApproval(input: ApprovalInput): Promise<ApprovalResult> {
  const { audit, ctx, request, policy } = input;
  ensureApprovalTables(audit);
  const { planChannels, terminalNoneAcceptable } = await import('./plan.js');
  const binding = sessionBinding(request, input.binding);
  const bindingHash = bindingHashOf(binding);
  const out: OutcomeContext = { input, pending: [] };
  const eligible = eligibleApprovers(policy, request);
  const now = ctx.clock.now();
  const session = findReusableSession(audit, { bindingHash, now, ttlS: request.session_ttl_s, quorum: request.quorum, countable: eligible, confirmable: terminalNoneAcceptable(input) });
  if (session !== null) {
    const capped = Math.min(Date.parse(session.expires_at), Date.parse(session.created_at) + (request.session_ttl_s ?? 0) * 1000);
    return concludeSession(out, session, new Date(capped));
  }
  if (eligible.length < Math.max(1, request.quorum)) {
    const problems = request.approvers.map((id) => approverProblem(policy, request, id)).filter((p): p is string => p !== null);
    return concludeNoApprover(out, problems);
  }
  const deadlineMs = ctx.clock.monotonicMs() + Math.max(0, Date.parse(request.expires_at) - now.getTime());
  const plan = planChannels(input, deadlineMs);
  if (plan.runners.length === 0) return concludeUndecided(out, false, false, plan.unavailable);
  return waitForDecision(input, plan, deadlineMs, { binding, bindingHash, eligible });
}

// Runs every planned channel until the tally is final, all channels end, or time is up.
async function waitForDecision(
  input: ApprovalInput,
  plan: ChannelPlan,
  deadlineMs: number,
  bound: { binding: ReturnType<typeof sessionBinding>; bindingHash: string; eligible: string[] },
): Promise<ApprovalResult> {
  const { ctx, request, policy, audit } = input;
  const stop = new AbortController();
  const collector = new Collector({ policy, request, requestHash: input.requestHash, audit, clock: ctx.clock, onFinal: () => stop.abort() });
  const stopAt = Math.min(deadlineMs, input.stopAtMs ?? deadlineMs);
  const timer = setTimeout(() => stop.abort(), Math.max(0, stopAt - ctx.clock.monotonicMs()));
  const who = escapeInvisible(approverLabel(policy, request.rule_ids, bound.eligible));
  const notice = startWaitNotice({ out: ctx.stderr, clock: ctx.clock, who, requestId: request.id, deadlineMs, live: !plan.runners.some((r) => r.usesTerminal) });
  let ends: ChannelEnd[];
  try {
    ends = await Promise.all(
      plan.runners.map((runner) =>
        runner.run(collector, stop.signal, notice.trouble).catch((error: unknown) => {
          stop.abort();
          throw error;
        }),
      ),
    );
  } finally {
    clearTimeout(timer);
    notice.stop();
  }
  const out: OutcomeContext = { input, pending: collector.drain() };
  const state = collector.state;
  if (state.state === 'denied') return concludeDenied(out, state.by);
  if (state.state === 'approved') return concludeApproved(out, state.approvers, state.decisions, bound.binding, bound.bindingHash);
  if (state.state === 'confirmed') return concludeApproved(out, [], [state.by], bound.binding, bound.bindingHash);
  const waiting = ends.some((end) => end.state === 'pending');
  if (stopAt < deadlineMs && ctx.clock.monotonicMs() < deadlineMs && state.approvers.length === 0 && (waiting || stop.signal.aborted)) {
    return { outcome: 'pending', message: `no decision yet (request ${request.id}); it stays open until ${request.expires_at}` };
  }
  const answered = ends.some((end) => end.state === 'answered');
  const problems = [
    ...plan.runners.flatMap((runner, i) => {
      const end = ends[i];
      return end === undefined || end.state === 'pending' || end.message === 'decided' ? [] : [`${runner.name}: ${end.message}`];
    }),
    ...collector.refusals,
    ...plan.unavailable,
  ];
  if (state.approvers.length > 0) problems.push(`quorum of ${request.quorum} not reached (approved by ${state.approvers.join(', ')})`);
  return concludeUndecided(out, waiting, answered, problems);
}
