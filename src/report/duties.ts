// Separation of duties over every decision of the period (SPEC §14): no approver whose users
// include the requester. The result is computed, not left to the reader of the data.
import { includesRequester, type RosterMember } from './roster.js';
import type { DutyCheck, RunView } from './model.js';

/** Checks every accepted approval and every counted approver of every run; fills key ids the decision entries did not record (older logs). */
export function checkDuties(runs: RunView[], rosterAt: Map<string, RosterMember[] | null>): DutyCheck[] {
  const checks: DutyCheck[] = [];
  for (const run of runs) {
    const roster = rosterAt.get(run.request_id) ?? null;
    const member = (id: string) => roster?.find((m) => m.id === id);
    for (const d of run.decisions) d.key_id ??= member(d.approver)?.key_id ?? null;
    const approvers = new Set([...run.approvers, ...run.decisions.filter((d) => d.accepted && d.decision === 'approve').map((d) => d.approver)]);
    for (const approver of approvers) {
      const m = member(approver);
      if (m === undefined) {
        checks.push({ request_id: run.request_id, requester: run.requester, approver, result: 'unknown', detail: 'approver not in the recorded roster: cannot check' });
      } else if (includesRequester(m, run.requester, run.requester_uid)) {
        checks.push({ request_id: run.request_id, requester: run.requester, approver, result: 'fail', detail: `approver ${approver} has the requester ${run.requester} among its users` });
      } else {
        checks.push({ request_id: run.request_id, requester: run.requester, approver, result: 'pass', detail: `users ${m.users.join(', ')} do not include ${run.requester}` });
      }
    }
  }
  return checks;
}
