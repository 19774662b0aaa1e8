// Runs policy test cases through the same decision function `run` and `check` use (STYLE §6),
// for both inline `tests:` (policy validate) and test-case files (policy test). A case passes
// only when evaluation succeeds and yields exactly the expected decision; an error fails it.
import { evaluate } from '../decide/evaluate.js';
import type { DecisionInput, PathProbe, Requester } from '../decide/types.js';
import type { Policy, PolicyTestCase } from './types.js';

/** What a case does not state itself. */
export interface CaseEnvironment {
  paths: PathProbe;
  /** Used when a case has no cwd. */
  cwd: string;
  host: string;
  now: Date;
  /** Used when a case has no user. */
  requester: Requester;
  /** Requester for a case's `user`. */
  lookupRequester(user: string): Requester;
}

export interface CaseFailure {
  test: PolicyTestCase;
  /** `file:line:col: expected allow, got approve (rules: a, b)` */
  line: string;
}

export interface CaseResults {
  passed: number;
  failures: CaseFailure[];
}

/** The decision input a case stands for. */
export function caseInput(test: PolicyTestCase, env: CaseEnvironment): DecisionInput {
  return {
    argv: test.shell !== null ? [test.shell] : [...(test.command ?? [])],
    shell: test.shell,
    cwd: test.cwd ?? env.cwd,
    requester: test.user === null ? env.requester : env.lookupRequester(test.user),
    actor: test.actor,
    host: env.host,
    now: env.now,
  };
}

// One failure line, or null when the case passes.
async function judge(policy: Policy, test: PolicyTestCase, env: CaseEnvironment): Promise<string | null> {
  try {
    const result = await evaluate(policy, caseInput(test, env), env.paths);
    if (result.decision === test.expect) return null;
    const rules = result.rules.length === 0 ? 'none' : result.rules.map((r) => r.id).join(', ');
    const why = result.reasons.length === 0 ? '' : `: ${result.reasons.join('; ')}`;
    return `${test.where}: expected ${test.expect}, got ${result.decision} (rules: ${rules})${why}`;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `${test.where}: expected ${test.expect}, got an error: ${message.replace(/\s*\n\s*/g, ' ')}`;
  }
}

/** Judges every case, in order. */
export async function runPolicyCases(policy: Policy, cases: readonly PolicyTestCase[], env: CaseEnvironment): Promise<CaseResults> {
  const failures: CaseFailure[] = [];
  for (const test of cases) {
    const line = await judge(policy, test, env);
    if (line !== null) failures.push({ test, line });
  }
  return { passed: cases.length - failures.length, failures };
}

/** `3 passed, 1 failed` */
export function summaryLine(results: CaseResults): string {
  return `${results.passed} passed, ${results.failures.length} failed`;
}
