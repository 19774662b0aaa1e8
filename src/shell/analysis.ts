// The context one request's analysis runs in, and small helpers on Expansions.
import type { Settings } from '../policy/types.js';
import type { Candidate, Escalation, Expansion } from './types.js';
import type { Dialect } from './word.js';

export interface Analysis {
  settings: Settings;
  /** Judges a shell script as a line; loads the bash parser on first use. */
  script(text: string, dialect: Dialect, depth: number): Promise<Expansion>;
}

/** An empty expansion. */
export function emptyExpansion(): Expansion {
  return { candidates: [], reasons: [] };
}

/** Appends `more` to `into`. */
export function merge(into: Expansion, more: Expansion): Expansion {
  into.candidates.push(...more.candidates);
  into.reasons.push(...more.reasons);
  return into;
}

/**
 * Marks candidates as observed only (deny and approve rules apply, no allow needed) and
 * returns their escalations, which then count against the command that runs them.
 */
export function observe(expansion: Expansion): Escalation[] {
  const lifted: Escalation[] = [];
  for (const candidate of expansion.candidates) {
    lifted.push(...candidate.escalations);
    candidate.escalations = [];
    candidate.role = 'wrapper';
  }
  return lifted;
}

/** Adds escalations to every candidate that needs its own allow rule. */
export function escalateCommands(candidates: readonly Candidate[], escalations: readonly Escalation[]): void {
  if (escalations.length === 0) return;
  for (const candidate of candidates) if (candidate.role === 'command') candidate.escalations.push(...escalations);
}

/** Removes repeated escalations (same reason and cover) and repeated reasons. */
export function dedupe(expansion: Expansion): Expansion {
  for (const candidate of expansion.candidates) {
    const seen = new Set<string>();
    candidate.escalations = candidate.escalations.filter((e) => {
      const key = `${e.reason}\u0000${e.cover ?? '\u0001'}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  expansion.reasons = [...new Set(expansion.reasons)];
  return expansion;
}
