// How `session revoke` reaches commands already running under the session (SPEC §5.3).
// The supervising approve-run process registers itself (pid + kernel start time) in the
// transaction that opens or reuses the session, then watches; the revoker marks the session
// revoked, then nudges each live supervisor with SIGUSR2. The supervisor re-reads the database and aborts its signal; the run path then
// stops the child exactly as at a deadline (SIGTERM to the group, SIGKILL after kill_grace).
// Invariants:
//   1. A signal is only a hint: the watcher aborts only when the database says revoked.
//   2. A supervisor is signalled only if a process with its pid AND its recorded start time
//      still exists, so a reused pid is never signalled.
//   3. A run registered after the revocation sees it at once (register, then check), and a
//      registered process always has a SIGUSR2 listener, so a nudge never kills it.
//   4. Without the signal (e.g. another uid), a periodic re-read still ends the run.
import { readFileSync } from 'node:fs';
import type { AuditLog } from '../../audit/types.js';
import { ensureApprovalTables } from './sessions.js';

const POLL_MS = 1000;
const stoppers = new WeakMap<AbortSignal, () => void>();
/** Checks of every watch in this process; one SIGUSR2 listener runs them all. */
const watchers = new Set<() => void>();
let listening = false;

// Installs the single SIGUSR2 listener, so a nudge never meets the default action (exit).
function listenForNudges(): void {
  if (listening) return;
  listening = true;
  process.on('SIGUSR2', () => {
    for (const check of watchers) check();
  });
}

/** The kernel start time of `pid` (field 22 of /proc/<pid>/stat), or null. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * Registers this process as a supervisor of `sessionId`; call inside the transaction that
 * opens or reuses the session, so registering costs no commit of its own.
 */
export function registerSupervisor(audit: AuditLog, sessionId: string, now: Date): void {
  listenForNudges();
  const start = processStartTime(process.pid) ?? '';
  // Rows of sessions that can no longer run anything are only clutter; drop them here.
  audit.db.prepare('DELETE FROM session_runs WHERE session_id IN (SELECT id FROM sessions WHERE revoked_at IS NOT NULL OR expires_at < ?)').run(now.toISOString());
  audit.db
    .prepare('INSERT INTO session_runs (session_id, pid, proc_start, started_at) SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM session_runs WHERE session_id = ? AND pid = ? AND proc_start = ?)')
    .run(sessionId, process.pid, start, now.toISOString(), sessionId, process.pid, start);
}

// Why the session no longer covers runs (revoked, gone, unreadable), or null while it does.
function endReason(audit: AuditLog, sessionId: string): string | null {
  try {
    const row = audit.db.prepare('SELECT revoked_at FROM sessions WHERE id = ?').get(sessionId) as { revoked_at: string | null } | undefined;
    if (row === undefined) return `session ${sessionId} does not exist`;
    return row.revoked_at === null ? null : `session ${sessionId} was revoked`;
  } catch {
    return `session ${sessionId} could not be checked for revocation`;
  }
}

/**
 * An AbortSignal that aborts when session `sessionId` is revoked, registering this process
 * as a supervisor of the session. The run path passes it to the child runner and treats an
 * abort like a deadline (exec_end with `revoked: true`). Call `stopRevocationWatch` after the
 * child has ended; the watch never keeps the process alive.
 */
export function watchRevocation(audit: AuditLog, sessionId: string, clock: { now(): Date } = { now: () => new Date() }): AbortSignal {
  ensureApprovalTables(audit);
  const controller = new AbortController();
  const known = audit.db.prepare('SELECT 1 FROM session_runs WHERE session_id = ? AND pid = ?').get(sessionId, process.pid);
  if (known === undefined) audit.transaction(() => registerSupervisor(audit, sessionId, clock.now()));
  listenForNudges();
  // Aborts the signal once the database says the session no longer covers runs.
  const check = (): void => {
    if (controller.signal.aborted) return;
    const reason = endReason(audit, sessionId);
    if (reason !== null) controller.abort(new Error(reason));
  };
  const timer = setInterval(check, POLL_MS);
  timer.unref();
  watchers.add(check);
  // Stops the periodic re-read and the nudge dispatch for this watch.
  const stop = (): void => {
    clearInterval(timer);
    watchers.delete(check);
  };
  controller.signal.addEventListener('abort', stop, { once: true });
  // The row stays: once this process is gone, invariant 2 keeps its pid from being signalled.
  stoppers.set(controller.signal, stop);
  check();
  return controller.signal;
}

/** Ends a watch made by `watchRevocation`. */
export function stopRevocationWatch(signal: AbortSignal): void {
  stoppers.get(signal)?.();
  stoppers.delete(signal);
}

/** Pids of live supervisors of `sessionId` (invariant 2). */
export function liveSupervisors(audit: AuditLog, sessionId: string): number[] {
  const rows = audit.db.prepare('SELECT pid, proc_start FROM session_runs WHERE session_id = ?').all(sessionId) as Array<{ pid: number; proc_start: string }>;
  return [...new Set(rows.filter((r) => r.proc_start !== '' && processStartTime(r.pid) === r.proc_start).map((r) => r.pid))];
}

/** Nudges each live supervisor to re-read the session; returns the pids reached. */
export function nudgeSupervisors(pids: number[]): number[] {
  const reached: number[] = [];
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGUSR2');
      reached.push(pid);
    } catch {
      // Not ours to signal (or gone): the supervisor's periodic re-read still ends it (invariant 4).
    }
  }
  return reached;
}
