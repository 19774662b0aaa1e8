// STUB: obtains an approval for a request whose decision is `approve` (SPEC §5).
// The full version checks for a live session, asks the webhook and/or terminal channel,
// verifies every decision, logs each one, and opens a session. This stub never approves.
import type { AuditLog } from '../audit/types.js';
import type { Context } from '../context.js';
import type { Evaluation } from '../decide/types.js';
import type { Policy } from '../policy/types.js';
import type { ApprovalRequest } from './request.js';

export interface ApprovalInput {
  policy: Policy;
  evaluation: Evaluation;
  request: ApprovalRequest;
  /** `sha256:<hex>` binding hash of `request`. */
  requestHash: string;
  audit: AuditLog;
  ctx: Context;
  nonInteractive: boolean;
}

export type ApprovalResult =
  | { outcome: 'approved'; approvers: string[]; sessionId: string; sessionExpiresAt: Date | null }
  | { outcome: 'session'; approvers: string[]; sessionId: string; sessionExpiresAt: Date }
  | { outcome: 'denied_by_approver'; approvers: string[]; message: string }
  | { outcome: 'denied_by_policy'; message: string }
  | { outcome: 'approval_expired'; message: string }
  | { outcome: 'approver_unreachable'; message: string };

/**
 * Resolves to the approval outcome; never throws for approver misbehaviour (that is an
 * outcome), only for failures of approve-run itself (audit log, bad policy).
 */
export async function obtainApproval(input: ApprovalInput): Promise<ApprovalResult> {
  const rules = input.evaluation.decided_by.join(', ') || 'the default decision';
  return {
    outcome: 'approver_unreachable',
    message: `approval required by ${rules} (request ${input.request.id}), but no approval channel is available`,
  };
}
