// The strictest combination of the approve rules behind a decision (SPEC §4.2): largest
// quorum, intersection of approvers and of channels, smallest session_ttl, highest risk.
// Invariants:
//   1. An approver is permitted only if every approve rule (and the generic terms, when
//      they apply) permits it, and none of its `users` is the requester (SPEC §5).
//   2. An empty set of permitted approvers or channels, or a quorum larger than the set,
//      is a problem that the caller turns into a deny; never a silent fallback.
//   3. Any approve rule without session_ttl, or generic terms, means approve once (null).
import { RISK_RANK, type ChannelName, type Policy, type Risk, type Rule } from '../policy/types.js';

/** What an approval must satisfy. */
export interface ApprovalTerms {
  approvers: string[];
  quorum: number;
  channel: ChannelName[];
  session_ttl_s: number | null;
  risk: Risk | null;
}

const CHANNEL_ORDER: readonly ChannelName[] = ['webhook', 'terminal'];

// Approver ids for a rule's references (`id` or `group:NAME`); unknown references name no one.
function resolveApprovers(policy: Policy, refs: string[]): Set<string> {
  const ids = new Set<string>();
  for (const ref of refs) {
    const members = ref.startsWith('group:') ? (Object.hasOwn(policy.groups, ref.slice(6)) ? policy.groups[ref.slice(6)] : []) : [ref];
    for (const id of members ?? []) if (Object.hasOwn(policy.approvers, id)) ids.add(id);
  }
  return ids;
}

// Members of every set, in the first set's order.
function intersect<T>(sets: Iterable<T>[]): T[] {
  const [first, ...rest] = sets.map((s) => [...s]);
  return (first ?? []).filter((item) => rest.every((set) => set.includes(item)));
}

const ruleList = (rules: Rule[]) => rules.map((r) => r.id).join(', ');

/**
 * Combines the approve rules (sorted by id) and, when `generic`, the terms of an approve that
 * comes from the default or an escalation (all approvers, quorum 1, all channels, no session).
 * Returns the terms, or a one-line problem that makes the request a deny.
 */
export function combineApprovalTerms(policy: Policy, rules: Rule[], generic: boolean, requester: string): { terms: ApprovalTerms } | { problem: string } {
  const everyone = Object.keys(policy.approvers).sort();
  const approverSets = rules.map((rule) => resolveApprovers(policy, rule.approvers ?? everyone));
  if (generic) approverSets.push(new Set(everyone));
  const common = intersect(approverSets).sort();
  if (common.length === 0) {
    if (everyone.length === 0) return { problem: 'no permitted approver: the policy defines no approvers' };
    if (rules.length > 1 || (generic && rules.length > 0)) return { problem: `no permitted approver: the approvers of rules ${ruleList(rules)} have no one in common` };
    return { problem: `no permitted approver: rule ${ruleList(rules)} names no approver defined in the policy` };
  }
  const approvers = common.filter((id) => !(policy.approvers[id]?.users ?? []).includes(requester));
  if (approvers.length === 0) return { problem: `no permitted approver: every approver of this request (${common.join(', ')}) is the requester` };

  const quorum = Math.max(1, ...rules.map((rule) => rule.quorum ?? 1));
  if (quorum > approvers.length) {
    return { problem: `no permitted approver: quorum ${quorum} cannot be met by ${approvers.length} permitted approver(s) (${approvers.join(', ')})` };
  }

  const configured = CHANNEL_ORDER.filter((name) => policy.channels[name] !== null);
  const channelSets = rules.map((rule) => rule.channel ?? configured);
  if (generic) channelSets.push([...configured]);
  const channel = intersect([configured, ...channelSets]);
  if (channel.length === 0) {
    if (configured.length === 0) return { problem: 'no approval channel: the policy configures none' };
    return { problem: `no approval channel is common to rules ${ruleList(rules)} and the configured channels (${configured.join(', ')})` };
  }

  const ttls = rules.map((rule) => rule.session_ttl_s);
  const session_ttl_s = generic || ttls.some((ttl) => ttl === null) ? null : Math.min(...(ttls as number[]));
  const risks = rules.map((rule) => rule.risk).filter((risk): risk is Risk => risk !== null);
  const risk = risks.reduce<Risk | null>((top, r) => (top === null || RISK_RANK[r] > RISK_RANK[top] ? r : top), null);
  return { terms: { approvers, quorum, channel, session_ttl_s, risk } };
}
