// Counting accepted decisions toward a quorum (SPEC §5): any valid deny denies; approvals
// count once per distinct approver. An unauthenticated terminal answer is the requester's
// self-confirmation, not an approver's decision: it is never an approver and never counts
// toward a quorum; it releases a request only where nothing more is asked (quorum 1), which
// the terminal channel is offered for only where the policy allows it (src/approval/plan.ts).
import type { ChannelName } from '../../policy/types.js';
import type { SignedDecision } from './decision.js';

/** A decision that passed every check of its channel. */
export interface AcceptedDecision {
  /** Policy approver id, or `terminal` for an unauthenticated terminal answer (see isConfirmation). */
  approver: string;
  decision: 'approve' | 'deny';
  reason: string | null;
  channel: ChannelName;
  /** How the approver proved who they are. */
  authentication: 'signature' | 'totp' | 'none';
  /** The signed decision exactly as received (webhook), else null. */
  signed: SignedDecision | null;
  /** False when the approver chose "approve once": the session covers this run only. */
  allowsSession: boolean;
}

export type TallyState =
  | { state: 'pending'; approvers: string[] }
  | { state: 'denied'; by: AcceptedDecision }
  | { state: 'approved'; approvers: string[]; decisions: AcceptedDecision[] }
  | { state: 'confirmed'; by: AcceptedDecision };

/** Whether `d` is a self-confirmation: an approve answer nobody authenticated. */
export function isConfirmation(d: AcceptedDecision): boolean {
  return d.decision === 'approve' && d.authentication === 'none';
}

/** The state after `decisions` (in arrival order) toward `quorum` distinct approvals. */
export function tally(decisions: readonly AcceptedDecision[], quorum: number): TallyState {
  const deny = decisions.find((d) => d.decision === 'deny');
  if (deny !== undefined) return { state: 'denied', by: deny };
  const counted = new Map<string, AcceptedDecision>();
  for (const d of decisions) if (!isConfirmation(d) && !counted.has(d.approver)) counted.set(d.approver, d);
  const approvers = [...counted.keys()];
  if (approvers.length >= Math.max(1, quorum)) return { state: 'approved', approvers, decisions: [...counted.values()] };
  const confirmation = decisions.find(isConfirmation);
  if (confirmation !== undefined && quorum <= 1) return { state: 'confirmed', by: confirmation };
  return { state: 'pending', approvers };
}
