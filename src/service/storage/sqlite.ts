// ServiceStorage on SQLite through better-sqlite3, in one file the service owns (SPEC §13).
// Invariants:
//   1. The database file is created 0600 in a 0700 directory, before SQLite opens it; an
//      existing file or directory that others can read or write is refused.
//   2. Every write is one statement or one transaction; the replay cache's insert is the
//      atomic check (PRIMARY KEY), so two replicas of a replay cannot both pass.
//   3. Waiters are woken in-process after the transaction commits (storage/types.ts 2).
//   4. Records' atomic operations are single statements or transactions; a record whose
//      expires_at_ms has passed counts as absent everywhere (storage/types.ts 4).
import Database from 'better-sqlite3';
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import type { DecisionStore, ServiceStorage, StoredDecision, StoredOutcome, StoredRecord, StoredRequest } from './types.js';

/** SQL: the record row is live at the bound time (ms). */
const LIVE = '(expires_at_ms IS NULL OR expires_at_ms > ?)';

/** Most decisions kept per request: a bound on what a flood of junk can store. */
export const MAX_DECISIONS_PER_REQUEST = 1000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS requests (id TEXT PRIMARY KEY, host TEXT NOT NULL, request TEXT NOT NULL,
  request_hash TEXT NOT NULL, expires_at TEXT NOT NULL, received_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS decisions (seq INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL REFERENCES requests(id),
  decision TEXT NOT NULL, received_at TEXT NOT NULL, UNIQUE (request_id, decision));
CREATE TABLE IF NOT EXISTS outcomes (request_id TEXT PRIMARY KEY REFERENCES requests(id), outcome TEXT NOT NULL, received_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nonces (key TEXT PRIMARY KEY, expires_at_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS nonces_expiry ON nonces (expires_at_ms);
CREATE INDEX IF NOT EXISTS requests_received ON requests (received_at);
CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
  expires_at_ms INTEGER, written_ms INTEGER NOT NULL, PRIMARY KEY (kind, key));
CREATE INDEX IF NOT EXISTS records_written ON records (kind, written_ms);
`;

// Creates the directory 0700 and the file 0600 if missing; refuses ones open to others.
function prepareFile(path: string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const d = lstatSync(dir);
  if (!d.isDirectory()) throw new Error(`${dir} is not a directory`);
  if ((d.mode & 0o077) !== 0 || d.uid !== process.geteuid?.()) throw new Error(`directory ${dir} must be 0700 and owned by the service's user`);
  const fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  try {
    const f = fstatSync(fd);
    if (!f.isFile()) throw new Error(`${path} is not a regular file`);
    if ((f.mode & 0o077) !== 0) throw new Error(`${path} must not be readable or writable by group or others`);
  } finally {
    closeSync(fd);
  }
}

/** Opens (creating if needed) the SQLite store at `path`. */
export function openSqliteStorage(path: string): ServiceStorage {
  prepareFile(path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  const listeners = new Set<(id: string) => void>();
  const q = {
    addRequest: db.prepare('INSERT OR IGNORE INTO requests (id, host, request, request_hash, expires_at, received_at) VALUES (?, ?, ?, ?, ?, ?)'),
    getRequest: db.prepare('SELECT id, host, request, request_hash, expires_at, received_at FROM requests WHERE id = ?'),
    count: db.prepare('SELECT count(*) AS n FROM decisions WHERE request_id = ?'),
    addDecision: db.prepare('INSERT OR IGNORE INTO decisions (request_id, decision, received_at) VALUES (?, ?, ?)'),
    decisions: db.prepare('SELECT seq, request_id, decision, received_at FROM decisions WHERE request_id = ? ORDER BY seq LIMIT ? OFFSET ?'),
    setOutcome: db.prepare('INSERT OR IGNORE INTO outcomes (request_id, outcome, received_at) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM requests WHERE id = ?)'),
    getOutcome: db.prepare('SELECT request_id, outcome, received_at FROM outcomes WHERE request_id = ?'),
    purgeNonces: db.prepare('DELETE FROM nonces WHERE expires_at_ms < ?'),
    claimNonce: db.prepare('INSERT OR IGNORE INTO nonces (key, expires_at_ms) VALUES (?, ?)'),
    recent: db.prepare('SELECT id, host, request, request_hash, expires_at, received_at FROM requests ORDER BY received_at DESC, rowid DESC LIMIT ?'),
    putRecord: db.prepare('INSERT OR REPLACE INTO records (kind, key, value, expires_at_ms, written_ms) VALUES (?, ?, ?, ?, ?)'),
    getRecord: db.prepare(`SELECT value FROM records WHERE kind = ? AND key = ? AND ${LIVE}`),
    deleteRecord: db.prepare('DELETE FROM records WHERE kind = ? AND key = ?'),
    deleteDead: db.prepare(`DELETE FROM records WHERE kind = ? AND key = ? AND NOT ${LIVE}`),
    swapRecord: db.prepare(`UPDATE records SET value = ?, expires_at_ms = NULL, written_ms = ? WHERE kind = ? AND key = ? AND value = ? AND ${LIVE}`),
    insertNew: db.prepare('INSERT OR IGNORE INTO records (kind, key, value, expires_at_ms, written_ms) VALUES (?, ?, ?, ?, ?)'),
    listRecords: db.prepare(`SELECT key, value FROM records WHERE kind = ? AND ${LIVE} ORDER BY written_ms DESC, rowid DESC LIMIT ?`),
  };
  // Inserts (kind, key) unless a live value holds it; a dead one is replaced.
  const insertRecord = db.transaction((kind: string, key: string, value: string, expiresAtMs: number | null, now: number): boolean => {
    q.deleteDead.run(kind, key, now);
    return q.insertNew.run(kind, key, value, expiresAtMs, now).changes === 1;
  });
  // Reads and removes (kind, key) in one transaction.
  const takeRecord = db.transaction((kind: string, key: string, now: number): string | null => {
    const row = q.getRecord.get(kind, key, now) as { value: string } | undefined;
    q.deleteRecord.run(kind, key);
    return row?.value ?? null;
  });
  // Compare-and-set in one transaction (an absent `expected` inserts).
  const swapRecord = db.transaction((kind: string, key: string, expected: string | null, next: string, now: number): boolean => {
    if (expected === null) return insertRecord(kind, key, next, null, now);
    return q.swapRecord.run(next, now, kind, key, expected, now).changes === 1;
  });
  // Checks and appends one decision in one transaction.
  const addDecision = db.transaction((requestId: string, decision: string, receivedAt: string): DecisionStore => {
    if (q.getRequest.get(requestId) === undefined) return { stored: false, reason: 'unknown_request' };
    if ((q.count.get(requestId) as { n: number }).n >= MAX_DECISIONS_PER_REQUEST) return { stored: false, reason: 'full' };
    const info = q.addDecision.run(requestId, decision, receivedAt);
    return info.changes === 0 ? { stored: false, reason: 'duplicate' } : { stored: true, seq: Number(info.lastInsertRowid) };
  });
  return {
    addRequest: async (r: StoredRequest) => q.addRequest.run(r.id, r.host, r.request, r.request_hash, r.expires_at, r.received_at).changes === 1,
    getRequest: async (id: string) => (q.getRequest.get(id) as StoredRequest | undefined) ?? null,
    recentRequests: async (limit: number) => q.recent.all(limit) as StoredRequest[],
    async addDecision(requestId, decision, receivedAt) {
      const result = addDecision(requestId, decision, receivedAt);
      if (result.stored) for (const listener of listeners) listener(requestId);
      return result;
    },
    decisions: async (requestId: string, after: number, limit: number) => q.decisions.all(requestId, limit, after) as StoredDecision[],
    setOutcome: async (o: StoredOutcome) => q.setOutcome.run(o.request_id, o.outcome, o.received_at, o.request_id).changes === 1,
    getOutcome: async (id: string) => (q.getOutcome.get(id) as StoredOutcome | undefined) ?? null,
    async claimNonce(key, expiresAtMs) {
      q.purgeNonces.run(Date.now());
      return q.claimNonce.run(key, expiresAtMs).changes === 1;
    },
    onDecision(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async putRecord(kind, key, value, expiresAtMs) {
      q.putRecord.run(kind, key, value, expiresAtMs, Date.now());
    },
    insertRecord: async (kind, key, value, expiresAtMs) => insertRecord(kind, key, value, expiresAtMs, Date.now()),
    getRecord: async (kind, key) => (q.getRecord.get(kind, key, Date.now()) as { value: string } | undefined)?.value ?? null,
    takeRecord: async (kind, key) => takeRecord(kind, key, Date.now()),
    swapRecord: async (kind, key, expected, next) => swapRecord(kind, key, expected, next, Date.now()),
    async deleteRecord(kind, key) {
      q.deleteRecord.run(kind, key);
    },
    listRecords: async (kind, limit) => q.listRecords.all(kind, Date.now(), limit) as StoredRecord[],
    async close() {
      db.close();
    },
  };
}
