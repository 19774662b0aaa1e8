// The hook's judgement (SPEC §12): one agent's shell call, judged as a `--shell` line by the
// same evaluate() that `check` and `run` use, turned into that agent's answer.
// Invariants:
//   1. deny: the agent is told not to run the call, with the policy's reason for the model.
//   2. allow and approve: the call is rewritten so that `approve-run run --shell` runs the
//      line; that run decides again, asks approvers, confines, supervises and logs. The hook
//      never answers a bare allow, so nothing the policy did not see runs unsupervised.
//   3. defer (Claude Code, non-interactive): an approve is submitted without waiting and the
//      call deferred; when the agent resumes the same call, the hook rewrites it to
//      `approve-run wait <id>`, which runs the approved request exactly once.
import type { Evaluation } from '../decide/types.js';
import type { AgentProtocol, HookAnswer } from './protocols.js';
import { runLine, waitLine, type Launcher } from './rewrite.js';
import type { ShellCall } from './hook-input.js';

/** What the hook needs besides the call. */
export interface HookJudge {
  agent: AgentProtocol;
  launcher: Launcher;
  /** Judges the line as `check --shell` would, in the call's directory. */
  evaluate(call: ShellCall): Promise<Judged>;
  /** Defer approvals (Claude Code -p): the request id already submitted for this call, if any. */
  deferred?: {
    find(call: ShellCall): string | null;
    submit(call: ShellCall): Promise<{ requestId: string } | { stop: string }>;
  };
}

/** What the hook needs of an evaluation (a whole one, or one kept by ./verdict-cache.ts). */
export type Judged = Pick<Evaluation, 'decision' | 'decided_by' | 'message'>;

// The reason the model sees for a policy deny.
function denyReason(e: Judged): string {
  const by = e.decided_by.length > 0 ? e.decided_by.join(', ') : 'settings.default';
  return `approve-run: denied by ${by}: ${e.message ?? 'no rule allows this command'}`;
}

// The call with its command replaced (every other argument kept).
function rewritten(call: ShellCall, command: string): Record<string, unknown> {
  return { ...call.toolInput, command };
}

/** The agent's answer for one shell call. */
export async function judgeCall(call: ShellCall, j: HookJudge): Promise<HookAnswer> {
  const { agent, launcher } = j;
  const earlier = j.deferred?.find(call) ?? null;
  if (earlier !== null) {
    return { kind: 'rewrite', toolInput: rewritten(call, waitLine(launcher, earlier)), reason: `approve-run: runs request ${earlier} once its approval arrives` };
  }
  const evaluation = await j.evaluate(call);
  if (evaluation.decision === 'deny') return { kind: 'deny', reason: denyReason(evaluation) };
  if (evaluation.decision === 'approve' && j.deferred !== undefined) {
    const submitted = await j.deferred.submit(call);
    if ('stop' in submitted) return { kind: 'deny', reason: `approve-run: ${submitted.stop}` };
    return { kind: 'defer', reason: `approve-run: approval pending for request ${submitted.requestId}; resume the session to run it once approved` };
  }
  const why = evaluation.decision === 'allow' ? 'allowed by policy' : 'needs approval';
  return { kind: 'rewrite', toolInput: rewritten(call, runLine(launcher, agent.actor, call.line)), reason: `approve-run: ${why}; runs supervised through approve-run` };
}
