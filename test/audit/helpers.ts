// Shared pieces for the audit tests: logs with deterministic clocks, realistic runs, an
// "attacker" connection with the append-only triggers dropped, and chain recomputation.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { openAuditLog } from '../../src/audit/log.js';
import { openAuditReader } from '../../src/audit/read.js';
import type { AuditLog, OpenAuditOptions } from '../../src/audit/types.js';
import { verifyRows, type VerifyOptions, type VerifyReport } from '../../src/audit/verify/verify.js';
import { canonicalize } from '../../src/crypto/jcs.js';
import { tempDir } from '../helpers/tmp.js';

/** A fresh database path inside a directory that does not exist yet. */
export function newLogPath(): string {
  return join(tempDir('approve-run-audit-'), 'state', 'audit.db');
}

/** A clock that starts at 2026-11-21T12:00:00.000Z and advances 1 ms per reading. */
export function steppingClock(start = Date.parse('2026-11-21T12:00:00.000Z')): () => Date {
  let t = start;
  return () => new Date(t++);
}

/** Opens a log with a stepping clock and no redaction unless given. */
export function openTestLog(path: string, options: Partial<OpenAuditOptions> = {}): AuditLog {
  return openAuditLog(path, { redact: [], privileged: false, now: steppingClock(), ...options });
}

/** Appends one run's four entries, the way the run path does. */
export function appendRun(log: AuditLog, n: number, overrides: { argv?: unknown[]; outcome?: string; exit?: number | null } = {}): void {
  const id = `req_${String(n).padStart(4, '0')}`;
  log.append('request', {
    request: {
      v: 1, id, argv: overrides.argv ?? ['systemctl', 'restart', 'nginx.service'], shell: null, executable: '/usr/bin/systemctl', cwd: '/srv/app',
      run_as: 'root', requester: { user: 'deploy', uid: 1001 }, actor: 'agent:ci', host: 'web-1', reason: 'deploy', rule_ids: ['restart-web'],
      risk: 'high', approvers: ['alice'], quorum: 1, session_ttl_s: 900, max_runtime_s: 120, created_at: '2026-11-21T12:00:00.000Z',
      expires_at: '2026-11-21T12:05:00.000Z', nonce: 'AAAAAAAAAAAAAAAAAAAAAA',
    },
    request_hash: `sha256:${'b'.repeat(64)}`,
    policy_digest: `sha256:${'c'.repeat(64)}`,
    rules: [{ id: 'restart-web', decision: 'approve' }],
  });
  log.append('decision', { request_id: id, outcome: overrides.outcome ?? 'approved', decided_by: ['alice'], approvers: ['alice'], message: null, decisions: [] });
  log.append('exec_start', { request_id: id, pid: 4000 + n, session_id: null, deadline: '2026-11-21T12:02:00.000Z' });
  log.append('exec_end', { request_id: id, exit_code: overrides.exit === undefined ? 0 : overrides.exit, signal: null, duration_ms: 100 + n, timed_out: false, revoked: false });
}

/** Verifies a database file in-process, as `audit verify` does. */
export function verifyFile(path: string, options: Partial<VerifyOptions> = {}): VerifyReport {
  const reader = openAuditReader(path);
  try {
    return verifyRows(reader.rows(), { logId: reader.logId, checkpoints: reader.checkpoints(), key: null, trusted: null, ...options });
  } finally {
    reader.close();
  }
}

/** A writable connection with the append-only triggers dropped: what a tamperer has. */
export function attacker(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  for (const name of ['entries_no_update', 'entries_no_delete', 'checkpoints_no_update', 'checkpoints_no_delete']) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
  return db;
}

/** SHA-256(0x00 || bytes). */
export function leafHashOf(bytes: Buffer | string): Buffer {
  return createHash('sha256').update(Buffer.from([0])).update(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes).digest();
}

/** All rows as [seq, leaf text, hash]. */
export function rowsOf(db: Database.Database): [number, string, Buffer][] {
  return db.prepare('SELECT seq, leaf, hash FROM entries ORDER BY seq').raw().all() as [number, string, Buffer][];
}

/**
 * Rewrites the whole table from `leaves` (parsed objects or exact texts), renumbering seq and
 * recomputing every prev and hash from entry `from` on: a competent forger.
 */
export function rewriteChain(db: Database.Database, leaves: (Record<string, unknown> | string)[], from = 0): void {
  db.transaction(() => {
    db.exec('DELETE FROM entries');
    const insert = db.prepare('INSERT INTO entries(seq, leaf, hash) VALUES (?, ?, ?)');
    let prev = '0'.repeat(64);
    leaves.forEach((leaf, seq) => {
      let text: string;
      if (typeof leaf === 'string') text = leaf;
      else text = seq < from ? canonicalize(leaf) : canonicalize({ ...leaf, seq, prev });
      const hash = leafHashOf(text);
      insert.run(seq, text, hash);
      prev = hash.toString('hex');
    });
  })();
}

/** Parsed leaves of a database. */
export function parsedLeaves(db: Database.Database): Record<string, unknown>[] {
  return rowsOf(db).map(([, leaf]) => JSON.parse(leaf) as Record<string, unknown>);
}

/** Writes `count` small valid entries straight into a new log in one transaction (fast). */
export function generateEntries(path: string, count: number): void {
  openTestLog(path).close();
  const db = new Database(path);
  const logId = (db.prepare("SELECT value FROM meta WHERE key = 'log_id'").get() as { value: string }).value;
  const insert = db.prepare('INSERT INTO entries(seq, leaf, hash) VALUES (?, ?, ?)');
  const base = Date.parse('2026-11-21T00:00:00.000Z');
  db.transaction(() => {
    let prev = '0'.repeat(64);
    for (let seq = 0; seq < count; seq++) {
      const leaf = canonicalize({ v: 1, log: logId, seq, prev, ts: new Date(base + seq).toISOString(), type: 'exec_end', request_id: `req_${seq}`, exit_code: 0 });
      const hash = leafHashOf(leaf);
      insert.run(seq, leaf, hash);
      prev = hash.toString('hex');
    }
  })();
  db.close();
}
