// Every run's deadline (SPEC §5.3): the earlier of its start plus max_runtime and, for runs
// under a session, the session's expiry; and the message shown when it is reached (SPEC §7).
import type { Evaluation } from '../decide/types.js';
import { formatDuration } from '../policy/duration.js';
import type { Policy } from '../policy/types.js';
import type { ChildDeadline } from './spawn.js';

export interface MaxRuntime {
  seconds: number;
  /** Where the limit comes from: `max_runtime of <rule>`, `settings.max_runtime`, `--timeout`. */
  label: string;
}

/** The run's max runtime: the evaluation's, lowered (never raised) by --timeout. */
export function effectiveMaxRuntime(policy: Policy, evaluation: Evaluation, timeoutS: number | null): MaxRuntime {
  const seconds = Math.min(evaluation.max_runtime_s, policy.settings.max_runtime_s);
  if (timeoutS !== null && timeoutS < seconds) return { seconds: timeoutS, label: '--timeout' };
  const rule = seconds === evaluation.max_runtime_s ? evaluation.max_runtime_rule : null;
  return { seconds, label: rule !== null ? `max_runtime of ${rule}` : 'settings.max_runtime' };
}

export interface SessionWindow {
  id: string;
  /** null: the approval covers this run only (approve once), with no expiry of its own. */
  expiresAt: Date | null;
}

/**
 * The deadline on the monotonic scale for a run starting at `startMs` (monotonic) and
 * `startWall` (wall clock): max runtime, or the session's expiry if that comes first.
 */
export function runDeadline(startMs: number, startWall: Date, max: MaxRuntime, session: SessionWindow | null): ChildDeadline {
  const byRuntime = { atMs: startMs + max.seconds * 1000, label: max.label };
  if (session === null || session.expiresAt === null) return byRuntime;
  const sessionAt = startMs + (session.expiresAt.getTime() - startWall.getTime());
  return sessionAt < byRuntime.atMs ? { atMs: sessionAt, label: `expiry of session ${session.id}` } : byRuntime;
}

/** `stopped after 2m (max_runtime of restart-web)`, the allotted time rounded up to seconds. */
export function stoppedMessage(deadline: ChildDeadline, startMs: number): string {
  // Whole milliseconds first: monotonic clocks are fractional, and 1000.0000001 ms is 1s.
  const seconds = Math.max(0, Math.ceil(Math.round(deadline.atMs - startMs) / 1000));
  return `stopped after ${formatDuration(seconds)} (${deadline.label})`;
}
