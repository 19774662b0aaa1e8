// Revoking a session (SPEC §5.3): no new runs, and its running commands are stopped.
// Invariants:
//   1. The `revoked_at` mark and the `session_revoke` entry are written in one transaction,
//      before any running supervisor is nudged (so a nudged supervisor always sees it).
//   2. Revoking twice is harmless and logs nothing new.
//   3. With `onlyOf` set, a session another requester holds is answered exactly as a missing
//      one (null), so its existence is not shown either (SPEC §11).
import type { AuditLog } from '../../audit/types.js';
import { liveSupervisors, nudgeSupervisors } from './revocation.js';
import { ensureApprovalTables, getSession, markRevoked, type SessionRow } from './sessions.js';

export interface RevokeResult {
  session: SessionRow;
  /** True when it was already revoked before this call. */
  already: boolean;
  /** Pids of the approve-run processes told to stop their commands. */
  signalled: number[];
}

/**
 * Revokes session `id` on behalf of `by`; null when there is no such session, or when
 * `onlyOf` (a requester's uid) is given and the session is another requester's.
 */
export function revokeSession(audit: AuditLog, id: string, by: { user: string; uid: number }, now: Date, onlyOf: number | null = null): RevokeResult | null {
  ensureApprovalTables(audit);
  const outcome = audit.transaction(() => {
    const session = getSession(audit, id);
    if (session === null || (onlyOf !== null && session.binding.requester.uid !== onlyOf)) return null;
    if (session.revoked_at !== null) return { session, already: true, running: [] as number[] };
    markRevoked(audit, id, now);
    const running = liveSupervisors(audit, id);
    audit.append('session_revoke', { session_id: id, revoked_by: by, revoked_at: now.toISOString(), running_pids: running });
    return { session: { ...session, revoked_at: now.toISOString() }, already: false, running };
  });
  if (outcome === null) return null;
  return { session: outcome.session, already: outcome.already, signalled: outcome.already ? [] : nudgeSupervisors(outcome.running) };
}
