// The audit entries one run writes (SPEC §8): policy_loaded when the policy changed, request,
// decision, exec_start, exec_end. Field shapes are the audit contract's (src/audit/types.ts).
// Invariants:
//   1. Every append is durable when it returns and throws ApproveRunError('audit') otherwise;
//      callers let that stop the run (exit 125) before the command starts.
//   2. exec_start registers the run as open and exec_end closes it, in the entry's own
//      transaction (src/audit/open-runs.ts): a run whose supervisor dies is closed by exec_lost.
//   3. policy_loaded is written when the digest differs from the last one this log recorded
//      (the audit module compares and appends in one transaction).
import type {
  AuditLog,
  DecisionEntryFields,
  ExecEndEntryFields,
  ExecStartEntryFields,
  PreparedEntry,
  RequestEntryFields,
} from '../audit/types.js';
import { registerOpenRun, unregisterOpenRun } from '../audit/open-runs.js';
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

/** Appends the `request` entry (raw, or prepared outside the lock by AuditLog.prepare). */
export function appendRequest(log: AuditLog, fields: RequestEntryFields | PreparedEntry): void {
  log.append('request', 'prepared' in fields ? fields : { ...fields });
}

/** Appends the `decision` entry; it must be durable before the command starts. */
export function appendDecision(log: AuditLog, fields: DecisionEntryFields | PreparedEntry): void {
  log.append('decision', 'prepared' in fields ? fields : { ...fields });
}

/** Appends `exec_start` once the command's pid is known, and registers the run as open. */
export function appendExecStart(log: AuditLog, fields: ExecStartEntryFields): void {
  log.transaction(() => {
    log.append('exec_start', { ...fields });
    registerOpenRun(log, fields.request_id, fields.pid, fields.supervisor);
  });
}

/** Appends `exec_end` with how the command ended, and closes the open run. */
export function appendExecEnd(log: AuditLog, fields: ExecEndEntryFields): void {
  log.transaction(() => {
    log.append('exec_end', { ...fields });
    unregisterOpenRun(log, fields.request_id);
  });
}
