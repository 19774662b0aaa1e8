// How a run ends, as SPEC §7 words it: the outcome names, exit codes and stderr lines, and
// the one JSON result line of `run --json`.
import type { ApprovalResult } from '../approval/flow.js';
import { formatDuration } from '../policy/duration.js';

export type RunOutcome =
  | 'allowed'
  | 'approved'
  | 'session'
  | 'denied_by_policy'
  | 'denied_by_approver'
  | 'approval_expired'
  | 'approver_unreachable'
  | 'timed_out'
  | 'interrupted'
  | 'pending'
  | 'error';

/** The `run --json` line (SPEC §7), in this key order. */
export interface RunSummary {
  outcome: RunOutcome;
  exit_code: number;
  request_id: string | null;
  session_id: string | null;
  approvers: string[];
  rule_ids: string[];
  duration_ms: number;
  /** The requester, when their own self-confirmation (not an approver) released the run; absent otherwise. */
  confirmed_by?: string;
}

/** The JSON result line, keys in SPEC order; `confirmed_by` follows only for a self-confirmation. */
export function summaryLine(summary: RunSummary): string {
  const { outcome, exit_code, request_id, session_id, approvers, rule_ids, duration_ms, confirmed_by } = summary;
  return JSON.stringify({ outcome, exit_code, request_id, session_id, approvers, rule_ids, duration_ms, ...(confirmed_by === undefined ? {} : { confirmed_by }) });
}

/** An approval that does not let the command run. */
export type ApprovalStop = Exclude<ApprovalResult, { outcome: 'approved' } | { outcome: 'session' }>;

export interface Stop {
  outcome: RunOutcome;
  exitCode: number;
  /** The stderr line, without the `approve-run: ` prefix. */
  message: string;
  /** Who or what decided, for the decision entry. */
  decidedBy: string[];
}

/** `denied by <rules or the default>: <message>` for a policy deny (exit 77). */
export function policyDenial(decidedBy: string[], message: string | null): Stop {
  const by = decidedBy.length > 0 ? decidedBy.join(', ') : 'settings.default';
  return { outcome: 'denied_by_policy', exitCode: 77, message: `denied by ${by}: ${message ?? 'no rule allows this command'}`, decidedBy };
}

/** Maps an approval that did not approve to its exit code and SPEC §7 line. */
export function approvalStop(result: ApprovalStop, requestId: string, approvalTimeoutS: number, ruleIds: string[]): Stop {
  switch (result.outcome) {
    case 'denied_by_approver': {
      const by = result.approvers.length > 0 ? result.approvers.join(', ') : 'an approver';
      return { outcome: result.outcome, exitCode: 77, message: `denied by ${by}: ${result.message}`, decidedBy: result.approvers };
    }
    case 'denied_by_policy':
      return { ...policyDenial(ruleIds, result.message), outcome: result.outcome };
    case 'approval_expired':
      return {
        outcome: result.outcome,
        exitCode: 75,
        message: `approval expired after ${formatDuration(approvalTimeoutS)} (request ${requestId})`,
        decidedBy: [],
      };
    case 'approver_unreachable':
      return { outcome: result.outcome, exitCode: 75, message: `no approval (request ${requestId}): ${result.message}`, decidedBy: [] };
    case 'pending':
      return { outcome: 'pending', exitCode: 75, message: `pending: ${result.message}`, decidedBy: [] };
  }
}
