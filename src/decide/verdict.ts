// The decision for one simple command from the rules that match it (SPEC §4.2, §4.3):
// any deny → deny; else any approve → approve; else a transparent wrapper needs no rule;
// else an allow rule covers the command only if it names every escalation literally;
// else settings.default.
import type { Decision, Settings } from '../policy/types.js';
import type { Candidate, Escalation } from '../shell/types.js';
import { displayArgv } from './display.js';
import type { CompiledRule } from './rules.js';

/** What one simple command gets. */
export interface Verdict {
  argv: readonly string[];
  decision: Decision;
  /** Every rule that matched this command. */
  matched: CompiledRule[];
  /** The rules behind the decision: deny rules, approve rules, or the allow rules (covering or escalated). */
  deciding: CompiledRule[];
  /**
   * True when the decision comes from no rule's approval settings (settings.default or an
   * escalation): such an approve goes to all approvers, quorum 1, all channels, no session.
   */
  generic: boolean;
  reasons: string[];
}

// True when the allow rule names the escalation's cover literally (never for cover: null).
function covers(rule: CompiledRule, escalation: Escalation): boolean {
  return escalation.cover !== null && rule.literals.has(escalation.cover);
}

/** Decides one command from the rules that matched it. */
export function judgeCommand(candidate: Candidate, matched: CompiledRule[], settings: Settings): Verdict {
  const base = { argv: candidate.argv, matched };
  const withDecision = (decision: Decision) => matched.filter((r) => r.rule.decision === decision);
  const denies = withDecision('deny');
  if (denies.length > 0) return { ...base, decision: 'deny', deciding: denies, generic: false, reasons: [] };
  const approves = withDecision('approve');
  if (approves.length > 0) return { ...base, decision: 'approve', deciding: approves, generic: false, reasons: [] };

  const allows = withDecision('allow');
  const escalations = candidate.escalations;
  if (allows.length === 0 && candidate.role !== 'wrapper') {
    const reasons = [`no rule matched: ${displayArgv(candidate.argv)}`];
    return { ...base, decision: settings.default, deciding: [], generic: true, reasons };
  }
  const covering = allows.filter((rule) => escalations.every((escalation) => covers(rule, escalation)));
  if (covering.length > 0 || (allows.length === 0 && escalations.length === 0)) {
    return { ...base, decision: 'allow', deciding: covering, generic: false, reasons: [] };
  }
  // Escalated: list what is not covered, by any matching allow rule that leaves it out.
  const uncovered = escalations.filter((e) => allows.length === 0 || allows.some((rule) => !covers(rule, e)));
  return { ...base, decision: 'approve', deciding: allows, generic: true, reasons: uncovered.map((e) => e.reason) };
}
