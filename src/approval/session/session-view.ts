// What `session list` shows: each session's status, command and running supervisors, read
// without writing anything (a missing database or table simply has no sessions).
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { auditError } from '../../errors.js';
import { escapeInvisible } from '../../shell/invisible.js';
import { quoteWord } from '../terminal/render.js';
import type { SessionBinding, SessionRow } from './sessions.js';
import { processStartTime } from './revocation.js';
import { formatDuration } from '../status.js';

export type SessionStatus = 'active' | 'expired' | 'revoked' | 'once';

/** One line of `session list --json`. */
export interface SessionView extends SessionBinding {
  id: string;
  status: SessionStatus;
  approvers: string[];
  rule_ids: string[];
  request_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  /** Pids of approve-run processes still running a command under the session. */
  running_pids: number[];
}

// A session's status at `now`.
function statusOf(row: SessionRow, now: Date): SessionStatus {
  if (row.revoked_at !== null) return 'revoked';
  if (row.once) return 'once';
  return now.getTime() < Date.parse(row.expires_at) ? 'active' : 'expired';
}

/** Every session in the database at `path`, newest first; none when there is no database. */
export function readSessions(path: string, now: Date): SessionView[] {
  if (!existsSync(path)) return [];
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    // True when the database has table `name`.
    const has = (name: string) => db?.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    if (!has('sessions') || !has('session_runs')) return [];
    const rows = db.prepare('SELECT * FROM sessions ORDER BY created_at DESC, id DESC').all() as Array<Record<string, unknown>>;
    const runs = db.prepare('SELECT session_id, pid, proc_start FROM session_runs').all() as Array<{ session_id: string; pid: number; proc_start: string }>;
    return rows.map((raw) => {
      const row = { ...raw, binding: JSON.parse(String(raw.binding)), approvers: JSON.parse(String(raw.approvers)), rule_ids: JSON.parse(String(raw.rule_ids)), once: raw.once === 1 } as SessionRow;
      const running = runs.filter((r) => r.session_id === row.id && r.proc_start !== '' && processStartTime(r.pid) === r.proc_start).map((r) => r.pid);
      const { argv, shell, executable, cwd, run_as, requester } = row.binding;
      const digests = row.binding.digests ?? null;
      return { id: row.id, status: statusOf(row, now), argv, shell, executable, cwd, run_as, requester, digests, approvers: row.approvers, rule_ids: row.rule_ids, request_id: row.request_id, created_at: row.created_at, expires_at: row.expires_at, revoked_at: row.revoked_at, running_pids: running };
    });
  } catch (error) {
    throw auditError(`cannot read sessions from ${path}: ${(error as Error).message}`, error);
  } finally {
    db?.close();
  }
}

/** A session's command as a person reads it, escaped. */
export function commandText(view: Pick<SessionView, 'argv' | 'shell'>): string {
  return view.shell !== null ? escapeInvisible(view.shell) : view.argv.map(quoteWord).join(' ');
}

/** The human-readable listing, one block per session. */
export function sessionTable(views: SessionView[], now: Date): string {
  if (views.length === 0) return 'no sessions\n';
  return views
    .map((v) => {
      const left = v.status === 'active' ? ` (${formatDuration((Date.parse(v.expires_at) - now.getTime()) / 1000)} left)` : '';
      const running = v.running_pids.length > 0 ? `, ${v.running_pids.length} running` : '';
      const who = escapeInvisible(`${v.requester.user} in ${v.cwd} as ${v.run_as}`);
      return `${v.id}  ${v.status}${running}  until ${v.expires_at}${left}  approved by ${escapeInvisible(v.approvers.join(', '))}\n  ${commandText(v)}\n  ${who}\n`;
    })
    .join('');
}
