// `when` conditions of a rule (SPEC §4.1): all given conditions must hold; within one
// condition, any listed pattern may match.
import { inTimeWindow, parseTimeWindow, type TimeWindow } from '../policy/time-window.js';
import type { RuleWhen } from '../policy/types.js';
import { compileNameGlob, compilePathGlob, type Matcher } from './glob.js';

/** Who asks, from where and when: what `when` conditions are judged against. */
export interface Circumstances {
  user: string;
  groups: readonly string[];
  /** The claimed actor label; null never satisfies an `actor` condition. */
  actor: string | null;
  host: string;
  /** Normalised absolute cwd. */
  cwd: string;
  now: Date;
}

export interface CompiledWhen {
  user: Matcher[] | null;
  group: Matcher[] | null;
  actor: Matcher[] | null;
  host: Matcher[] | null;
  cwd: Matcher[] | null;
  time: TimeWindow[] | null;
}

// Compiles one list of patterns, or keeps null (condition not given).
function each<T>(list: string[] | null, compile: (text: string) => T): T[] | null {
  return list === null ? null : list.map(compile);
}

// Host names compare without regard to case, as DNS does.
function compileHostGlob(pattern: string): Matcher {
  const match = compileNameGlob(pattern.toLowerCase());
  return (host) => match(host.toLowerCase());
}

/**
 * Compiles a rule's `when`.
 * @throws Error with a one-line message for a bad glob or time window.
 */
export function compileWhen(when: RuleWhen | null): CompiledWhen | null {
  if (when === null) return null;
  return {
    user: each(when.user, compileNameGlob),
    group: each(when.group, compileNameGlob),
    actor: each(when.actor, compileNameGlob),
    host: each(when.host, compileHostGlob),
    cwd: each(when.cwd, compilePathGlob),
    time: each(when.time, parseTimeWindow),
  };
}

// A condition holds when it is not given or any of its patterns matches any subject.
function holds(matchers: Matcher[] | null, subjects: readonly (string | null)[]): boolean {
  if (matchers === null) return true;
  return subjects.some((subject) => subject !== null && matchers.some((match) => match(subject)));
}

/** True when every given condition holds for these circumstances. */
export function whenHolds(when: CompiledWhen | null, c: Circumstances): boolean {
  if (when === null) return true;
  return (
    holds(when.user, [c.user]) &&
    holds(when.group, c.groups) &&
    holds(when.actor, [c.actor]) &&
    holds(when.host, [c.host]) &&
    holds(when.cwd, [c.cwd]) &&
    (when.time === null || when.time.some((window) => inTimeWindow(window, c.now)))
  );
}
