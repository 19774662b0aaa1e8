// Runs that started but have not ended (SPEC §11): exec_start registers the run in a small
// `open_runs` table with who supervises it, exec_end removes it, and the next writer to open
// the log closes each run whose supervisor is gone with an `exec_lost` entry, so every run
// ends in the log. The table stays as small as the number of commands running right now, so
// the check on open costs one tiny query, not a scan of the log.
// Invariants:
//   1. A run is registered and unregistered in the same transaction as its exec_start and
//      exec_end entries: the table never disagrees with the log.
//   2. A supervisor counts as gone only when its pid is not running, or runs a process that
//      started at another time (pid reuse) or in another boot; when that cannot be read from
//      /proc, only a pid that does not exist at all counts as gone.
//   3. exec_lost is appended and the row removed in one transaction, after checking the row is
//      still there: two processes opening the log at once write one exec_lost.
import { readFileSync } from 'node:fs';
import type { AuditLog } from './types.js';

/** Who supervises a run: approve-run's pid, its start time in clock ticks since boot, the boot id. */
export interface Supervisor {
  pid: number;
  start_ticks: number | null;
  boot_id: string | null;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS open_runs(request_id TEXT PRIMARY KEY, pid INTEGER NOT NULL,
  supervisor_pid INTEGER NOT NULL, start_ticks INTEGER, boot_id TEXT)`;

interface OpenRun {
  request_id: string;
  pid: number;
  supervisor_pid: number;
  start_ticks: number | null;
  boot_id: string | null;
}

// The start time (field 22 of /proc/PID/stat, after the parenthesised name), or null.
function startTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isSafeInteger(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

// This boot's id, or null where the kernel does not say.
function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'latin1').trim();
  } catch {
    return null;
  }
}

/** This process, as the supervisor of the run it is about to start. */
export function currentSupervisor(): Supervisor {
  return { pid: process.pid, start_ticks: startTicks(process.pid), boot_id: bootId() };
}

/** Whether the supervisor recorded in a row is certainly no longer running. */
export function supervisorGone(s: Pick<OpenRun, 'supervisor_pid' | 'start_ticks' | 'boot_id'>): boolean {
  const boot = bootId();
  if (s.boot_id !== null && boot !== null && s.boot_id !== boot) return true;
  if (s.start_ticks !== null) {
    const now = startTicks(s.supervisor_pid);
    if (now !== null) return now !== s.start_ticks;
    if (boot !== null) return true;
  }
  try {
    process.kill(s.supervisor_pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Registers a started run (inside the exec_start transaction). */
export function registerOpenRun(log: AuditLog, requestId: string, pid: number, supervisor: Supervisor): void {
  log.db.exec(SCHEMA);
  log.db
    .prepare('INSERT OR REPLACE INTO open_runs(request_id, pid, supervisor_pid, start_ticks, boot_id) VALUES (?, ?, ?, ?, ?)')
    .run(requestId, pid, supervisor.pid, supervisor.start_ticks, supervisor.boot_id);
}

/** Removes an ended run (inside the exec_end transaction). */
export function unregisterOpenRun(log: AuditLog, requestId: string): void {
  log.db.exec(SCHEMA);
  log.db.prepare('DELETE FROM open_runs WHERE request_id = ?').run(requestId);
}

// The registered runs; none when the table was never created.
function openRuns(log: AuditLog): OpenRun[] {
  try {
    return log.db.prepare('SELECT request_id, pid, supervisor_pid, start_ticks, boot_id FROM open_runs').all() as OpenRun[];
  } catch (error) {
    if (/no such table/.test((error as Error).message)) return [];
    throw error;
  }
}

/** Appends exec_lost for every registered run whose supervisor is gone; returns their request ids. */
export function closeLostRuns(log: AuditLog): string[] {
  const lost = openRuns(log).filter((run) => supervisorGone(run));
  const closed: string[] = [];
  for (const run of lost) {
    log.transaction(() => {
      const still = log.db.prepare('SELECT 1 FROM open_runs WHERE request_id = ?').get(run.request_id);
      if (still === undefined) return;
      log.append('exec_lost', { request_id: run.request_id, pid: run.pid, supervisor_pid: run.supervisor_pid, reason: 'the supervising approve-run process ended without logging exec_end' });
      log.db.prepare('DELETE FROM open_runs WHERE request_id = ?').run(run.request_id);
      closed.push(run.request_id);
    });
  }
  return closed;
}
