// Authenticating a terminal approver with a TOTP code (SPEC §5.2, `authenticate: totp`).
// Invariants:
//   1. The approver must be one the request permits, and none of its users the requester.
//   2. The secret file must be a regular file not readable or writable by group or others;
//      in privileged mode it must also belong to root, so the requester cannot read it.
//   3. A code is accepted at most once per approver: its step must be later than the last
//      accepted one (RFC 6238 §5.2), recorded in the audit database in one transaction.
import { readFileSync, statSync } from 'node:fs';
import type { AuditLog } from '../../audit/types.js';
import type { Policy } from '../../policy/types.js';
import { approverProblem } from '../eligibility.js';
import type { ApprovalRequest } from '../request/request.js';
import { ensureApprovalTables } from '../session/sessions.js';
import { base32Decode, matchTotp } from './totp.js';

export interface TotpCheck {
  policy: Policy;
  request: ApprovalRequest;
  approverId: string;
  code: string;
  now: Date;
  privileged: boolean;
  audit: AuditLog;
}

// The approver's decoded secret, or why it cannot be used (invariant 2).
function readSecret(path: string, privileged: boolean): Buffer | string {
  try {
    const st = statSync(path);
    if (!st.isFile()) return `TOTP secret ${path} is not a regular file`;
    if ((st.mode & 0o077) !== 0) return `TOTP secret ${path} is accessible to group or others`;
    if (privileged && st.uid !== 0) return `TOTP secret ${path} is not owned by root`;
    const key = base32Decode(readFileSync(path, 'utf8'));
    if (key === null || key.length < 10) return `TOTP secret ${path} is not a base32 key of at least 80 bits`;
    return key;
  } catch {
    return `TOTP secret ${path} cannot be read`;
  }
}

// Records `step` as used for `approver` unless it (or a later one) already was (invariant 3).
function consumeStep(audit: AuditLog, approver: string, step: number): boolean {
  ensureApprovalTables(audit);
  return audit.transaction(() => {
    const row = audit.db.prepare('SELECT last_step FROM totp_steps WHERE approver = ?').get(approver) as { last_step: number } | undefined;
    if (row !== undefined && row.last_step >= step) return false;
    audit.db.prepare('INSERT INTO totp_steps (approver, last_step) VALUES (?, ?) ON CONFLICT(approver) DO UPDATE SET last_step = excluded.last_step').run(approver, step);
    return true;
  });
}

/** Null when the approver and code are accepted, else the reason for refusing them. */
export function totpProblem(c: TotpCheck): string | null {
  const permission = approverProblem(c.policy, c.request, c.approverId);
  if (permission !== null) return permission;
  const approver = c.policy.approvers[c.approverId];
  if (approver?.totp == null) return `approver ${c.approverId} has no TOTP secret in the policy`;
  const key = readSecret(approver.totp, c.privileged);
  if (typeof key === 'string') return key;
  const step = matchTotp(key, c.code.trim(), Math.floor(c.now.getTime() / 1000));
  if (step === null) return `wrong or expired TOTP code for approver ${c.approverId}`;
  if (!consumeStep(c.audit, c.approverId, step)) return `TOTP code for approver ${c.approverId} was already used`;
  return null;
}
