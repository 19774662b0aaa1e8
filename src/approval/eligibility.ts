// Who may approve a request (SPEC §5): approvers the policy names for it, minus anyone
// whose accounts include the requester.
// Invariants:
//   1. An approver counts only if the request lists it and the policy defines it.
//   2. No self-approval: an approver any of whose `users` is the requester (by name, or by
//      numeric uid written as a name) never counts, on any channel.
import type { Approver, Policy } from '../policy/types.js';
import type { ApprovalRequest } from './request/request.js';

/** True when one of `approver.users` is the requester (self-approval). */
export function isRequesterAmong(approver: Pick<Approver, 'users'>, requester: ApprovalRequest['requester']): boolean {
  return approver.users.some((user) => user === requester.user || user === String(requester.uid) || user === `#${requester.uid}`);
}

/** Why `approverId` may not decide on `request`, or null when it may. */
export function approverProblem(policy: Policy, request: ApprovalRequest, approverId: string): string | null {
  const approver = Object.hasOwn(policy.approvers, approverId) ? policy.approvers[approverId] : undefined;
  if (approver === undefined) return `approver ${approverId} is not defined in the policy`;
  if (!request.approvers.includes(approverId)) return `approver ${approverId} may not approve this request (permitted: ${request.approvers.join(', ') || 'none'})`;
  if (isRequesterAmong(approver, request.requester)) return `self-approval: approver ${approverId} includes the requester ${request.requester.user}`;
  return null;
}

/** Approver ids that may decide on `request`, in request order. */
export function eligibleApprovers(policy: Policy, request: ApprovalRequest): string[] {
  return request.approvers.filter((id) => approverProblem(policy, request, id) === null);
}

/** How a group of approvers is named to people: the rules' own references (e.g. `sre`). */
export function approverLabel(policy: Policy, ruleIds: string[], fallback: string[]): string {
  const refs = new Set<string>();
  for (const rule of policy.rules) {
    if (!ruleIds.includes(rule.id) || rule.approvers === null) continue;
    for (const ref of rule.approvers) refs.add(ref.startsWith('group:') ? ref.slice('group:'.length) : ref);
  }
  const names = refs.size > 0 ? [...refs] : fallback;
  return names.join(', ') || 'nobody';
}
