// Checks that span several parts of a policy: duplicate rule ids, references to approvers and
// groups, quorums that can never be met, approve decisions with nobody to approve, channels
// that are named but not configured. It reads the raw data defensively, so it can run (and
// report) even when other parts of the file have shape errors.
import type { Issue } from './problems.js';

type Raw = Record<string, unknown>;
// Small readers for untrusted data: a mapping, a scalar-or-list as a list, its strings.
const isRecord = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');

// Approver ids reachable through one rule's `approvers` list (or all, when absent).
function reachable(refs: string[] | null, approvers: Set<string>, groups: Raw): Set<string> {
  if (refs === null) return approvers;
  const out = new Set<string>();
  for (const ref of refs) {
    const members = ref.startsWith('group:') ? strings(groups[ref.slice(6)]) : [ref];
    for (const member of members) if (approvers.has(member)) out.add(member);
  }
  return out;
}

// Problems in one rule's approval settings.
function checkRule(rule: Raw, index: number, approvers: Set<string>, groups: Raw, channels: Raw): Issue[] {
  const issues: Issue[] = [];
  const at = (...path: (string | number)[]) => ['rules', index, ...path];
  const refs = rule.approvers === undefined ? null : strings(rule.approvers);
  list(rule.approvers).forEach((ref, k) => {
    if (typeof ref !== 'string') return;
    const where = Array.isArray(rule.approvers) ? at('approvers', k) : at('approvers');
    if (ref.startsWith('group:') && !(ref.slice(6) in groups)) issues.push({ path: where, message: `unknown group ${JSON.stringify(ref.slice(6))}` });
    if (!ref.startsWith('group:') && !approvers.has(ref)) issues.push({ path: where, message: `unknown approver ${JSON.stringify(ref)}` });
  });
  if (rule.decision === 'approve' && approvers.size === 0) {
    issues.push({ path: at('decision'), message: 'approve rule, but the policy defines no approvers' });
  }
  const count = reachable(refs, approvers, groups).size;
  if (typeof rule.quorum === 'number' && Number.isInteger(rule.quorum) && rule.quorum > count && approvers.size > 0) {
    issues.push({ path: at('quorum'), message: `quorum ${rule.quorum} is more than the ${count} approver${count === 1 ? '' : 's'} this rule can reach` });
  }
  list(rule.channel).forEach((name, k) => {
    if ((name === 'webhook' || name === 'terminal') && channels[name] === undefined) {
      const where = Array.isArray(rule.channel) ? at('channel', k) : at('channel');
      issues.push({ path: where, message: `channel ${name} is not configured under channels` });
    }
  });
  return issues;
}

/** Cross-reference problems in raw policy data. */
export function crossCheck(data: unknown): Issue[] {
  if (!isRecord(data)) return [];
  const issues: Issue[] = [];
  // A section with the wrong shape is reported by the schema; references into it are not judged.
  const readable = (v: unknown) => v === undefined || isRecord(v);
  if (!readable(data.approvers) || !readable(data.groups) || !readable(data.channels)) return [];
  const approvers = new Set(isRecord(data.approvers) ? Object.keys(data.approvers) : []);
  const groups = isRecord(data.groups) ? data.groups : {};
  const channels = isRecord(data.channels) ? data.channels : {};
  for (const [name, members] of Object.entries(groups)) {
    list(members).forEach((member, k) => {
      if (typeof member === 'string' && !approvers.has(member)) issues.push({ path: ['groups', name, k], message: `unknown approver ${JSON.stringify(member)}` });
    });
  }
  if (isRecord(data.settings) && data.settings.default === 'approve' && approvers.size === 0) {
    issues.push({ path: ['settings', 'default'], message: 'default is approve, but the policy defines no approvers' });
  }
  const seen = new Map<string, number>();
  (Array.isArray(data.rules) ? data.rules : []).forEach((rule: unknown, index: number) => {
    if (!isRecord(rule)) return;
    if (typeof rule.id === 'string') {
      const first = seen.get(rule.id);
      if (first !== undefined) issues.push({ path: ['rules', index, 'id'], message: `duplicate rule id ${JSON.stringify(rule.id)} (also rules[${first}])` });
      else seen.set(rule.id, index);
    }
    issues.push(...checkRule(rule, index, approvers, groups, channels));
  });
  return issues;
}
