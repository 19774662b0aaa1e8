// The audit database's layout (SPEC §8) and the pragmas every connection uses.
// `entries` is exactly the layout auditors are promised; `meta` holds the log id and the last
// logged policy digest; `checkpoints` holds each signed note with the Merkle frontier of its
// tree, so the next checkpoint only hashes the entries added since.
// Invariants:
//   1. Entries and checkpoints are append-only through triggers (a guard against accidents;
//      anyone who can write the file can drop them, which verification then exposes).
//   2. WAL with synchronous=FULL: a committed append survives a crash or power loss.
//   3. A log id is created once per database and never changes.
import type BetterSqlite3 from 'better-sqlite3';

/** Milliseconds a writer waits for the lock before the append fails (and the run with it). */
export const BUSY_TIMEOUT_MS = 30_000;
export const FORMAT = 'approve-run-audit-1';

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS entries(seq INTEGER PRIMARY KEY, leaf TEXT NOT NULL, hash BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints(size INTEGER PRIMARY KEY, note TEXT NOT NULL, frontier BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS open_runs(request_id TEXT PRIMARY KEY, pid INTEGER NOT NULL,
  supervisor_pid INTEGER NOT NULL, start_ticks INTEGER, boot_id TEXT);
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries
  BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
  BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
CREATE TRIGGER IF NOT EXISTS checkpoints_no_update BEFORE UPDATE ON checkpoints
  BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
CREATE TRIGGER IF NOT EXISTS checkpoints_no_delete BEFORE DELETE ON checkpoints
  BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
`;

/**
 * WAL pages after which a commit copies the WAL into the database. Each run also checkpoints
 * when it closes the log (src/audit/log.ts); this bounds the WAL for long-lived writers and
 * for runs whose checkpoint was held back by readers.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 128;

/** Per-connection settings for writers: wait for the lock, fsync every commit, keep the WAL short. */
export function applyWriterPragmas(db: BetterSqlite3.Database, busyTimeoutMs: number = BUSY_TIMEOUT_MS): void {
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (String(mode).toLowerCase() !== 'wal') throw new Error(`cannot switch to WAL journal mode (got ${String(mode)})`);
  db.pragma('synchronous = FULL');
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
}

/** The log id, or null when the schema does not exist yet. */
export function readLogId(db: BetterSqlite3.Database): string | null {
  const row = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (row === undefined) return null;
  const logId = readMeta(db, 'log_id');
  // Tables and log id are created in one transaction, so a missing id means tampering.
  if (logId === null) throw new Error('audit database has lost its log id');
  return logId;
}

/** One metadata value, or null. */
export function readMeta(db: BetterSqlite3.Database, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

/** Sets one metadata value (inside the caller's transaction). */
export function writeMeta(db: BetterSqlite3.Database, key: string, value: string): void {
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

/**
 * Creates the tables and the log id if missing, racing safely with other processes doing the
 * same; returns the log id that won.
 */
export function createSchema(db: BetterSqlite3.Database, newLogId: () => string, createdAt: string): string {
  const create = db.transaction(() => {
    db.exec(SCHEMA_SQL);
    const insert = db.prepare('INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)');
    insert.run('log_id', newLogId());
    insert.run('format', FORMAT);
    insert.run('created_at', createdAt);
    return readMeta(db, 'log_id');
  });
  const logId = create.immediate();
  if (logId === null) throw new Error('audit database has no log id');
  return logId;
}
