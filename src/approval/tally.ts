// Counting accepted decisions toward a quorum (SPEC §5): any valid deny denies; approvals
// count once per distinct approver.
import type { ChannelName } from '../policy/types.js';
import type { SignedDecision } from './decision.js';

/** A decision that passed every check of its channel. */
export interface AcceptedDecision {
  /** Policy approver id, or `terminal` for an unauthenticated terminal answer. */
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
  | { state: 'approved'; approvers: string[]; decisions: AcceptedDecision[] };

/** The state after `decisions` (in arrival order) toward `quorum` distinct approvals. */
export function tally(decisions: readonly AcceptedDecision[], quorum: number): TallyState {
  const deny = decisions.find((d) => d.decision === 'deny');
  if (deny !== undefined) return { state: 'denied', by: deny };
  const counted = new Map<string, AcceptedDecision>();
  for (const d of decisions) if (!counted.has(d.approver)) counted.set(d.approver, d);
  const approvers = [...counted.keys()];
  if (approvers.length >= Math.max(1, quorum)) return { state: 'approved', approvers, decisions: [...counted.values()] };
  return { state: 'pending', approvers };
}
