// The audit entries one run writes (SPEC §8): policy_loaded when the policy changed, request,
// decision, exec_start, exec_end. Field shapes are the audit contract's (src/audit/types.ts).
// Invariants:
//   1. Every append is durable when it returns and throws ApproveRunError('audit') otherwise;
//      callers let that stop the run (exit 125) before the command starts.
//   2. policy_loaded is written when the digest differs from the last one this log recorded
//      (the audit module compares and appends in one transaction).
import type {
  AuditLog,
  DecisionEntryFields,
  ExecEndEntryFields,
  ExecStartEntryFields,
  RequestEntryFields,
} from '../audit/types.js';
import { appendPolicyLoadedIfChanged } from '../audit/policy-entry.js';
import { ApproveRunError, auditError } from '../errors.js';
import type { Policy } from '../policy/types.js';

/** Appends `policy_loaded` if this policy's digest is not the last one the log recorded. */
export function recordPolicyLoaded(log: AuditLog, policy: Pick<Policy, 'file' | 'digest' | 'approvers'>): boolean {
  try {
    return appendPolicyLoadedIfChanged(log, policy) !== null;
  } catch (error) {
    if (error instanceof ApproveRunError) throw error;
    throw auditError(`audit log ${log.path}: cannot record the policy digest: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

/** Appends the `request` entry. */
export function appendRequest(log: AuditLog, fields: RequestEntryFields): void {
  log.append('request', { ...fields });
}

/** Appends the `decision` entry; it must be durable before the command starts. */
export function appendDecision(log: AuditLog, fields: DecisionEntryFields): void {
  log.append('decision', { ...fields });
}

/** Appends `exec_start` once the command's pid is known. */
export function appendExecStart(log: AuditLog, fields: ExecStartEntryFields): void {
  log.append('exec_start', { ...fields });
}

/** Appends `exec_end` with how the command ended. */
export function appendExecEnd(log: AuditLog, fields: ExecEndEntryFields): void {
  log.append('exec_end', { ...fields });
}
