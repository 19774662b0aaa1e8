// Requests submitted without waiting (`run --no-wait`, SPEC §12), kept in the audit database
// beside the hash chain: the request as it was hashed and sent, where its answer will be,
// and how far it got.
// Invariants:
//   1. A row is written in the same transaction as the request's `request` entry, so a
//      pending request exists exactly when the log says it was asked for.
//   2. The only way out of `pending` is claim() or finish(), each a conditional UPDATE inside
//      the log's write transaction: two waiters can never both start the command.
//   3. The stored request is the hashed one: `wait` recomputes its binding hash and refuses a
//      row whose request no longer hashes to what was sent.
import type { AuditLog } from '../audit/types.js';
import { bindingHash, type ApprovalRequest } from '../approval/request/request.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS pending_requests (
  request_id TEXT PRIMARY KEY, request TEXT NOT NULL, request_hash TEXT NOT NULL,
  status_url TEXT, requester_uid INTEGER NOT NULL, agent_key TEXT,
  state TEXT NOT NULL, outcome TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS pending_requests_agent ON pending_requests(agent_key);`;

/** Where a stored request stands. */
export type PendingState = 'pending' | 'started' | 'finished';

export interface PendingRow {
  request: ApprovalRequest;
  requestHash: string;
  /** The webhook's 202 status URL, when the approver answered with one. */
  statusUrl: string | null;
  requesterUid: number;
  /** The agent call that submitted it (`claude-code:<session>:<tool use id>`), if any. */
  agentKey: string | null;
  state: PendingState;
  /** The final outcome once finished (a SPEC §7 outcome). */
  outcome: string | null;
  createdAt: string;
  updatedAt: string;
}

interface RawRow {
  request: string;
  request_hash: string;
  status_url: string | null;
  requester_uid: number;
  agent_key: string | null;
  state: PendingState;
  outcome: string | null;
  created_at: string;
  updated_at: string;
}

const ready = new WeakSet<object>();

/** Creates the table if it is missing. */
export function ensurePendingTable(log: AuditLog): void {
  if (ready.has(log.db)) return;
  const have = log.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'pending_requests'").get() as { n: number };
  if (have.n < 1) log.transaction(() => log.db.exec(SCHEMA));
  ready.add(log.db);
}

// A stored row as read, its request checked against its hash (invariant 3).
function fromRaw(raw: RawRow): PendingRow {
  const request = JSON.parse(raw.request) as ApprovalRequest;
  if (bindingHash(request) !== raw.request_hash) throw new Error(`stored request ${request.id} does not match its binding hash`);
  return {
    request, requestHash: raw.request_hash, statusUrl: raw.status_url, requesterUid: raw.requester_uid, agentKey: raw.agent_key,
    state: raw.state, outcome: raw.outcome, createdAt: raw.created_at, updatedAt: raw.updated_at,
  };
}

/** Stores a new pending request; call inside the transaction that logs its request entry. */
export function insertPending(log: AuditLog, row: { request: ApprovalRequest; requestHash: string; agentKey: string | null; now: Date }): void {
  const at = row.now.toISOString();
  log.db
    .prepare('INSERT INTO pending_requests (request_id, request, request_hash, status_url, requester_uid, agent_key, state, outcome, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?, ?, NULL, ?, ?)')
    .run(row.request.id, JSON.stringify(row.request), row.requestHash, row.request.requester.uid, row.agentKey, 'pending', at, at);
}

/** Records where the approver will answer (the webhook's 202 status URL). */
export function setStatusUrl(log: AuditLog, requestId: string, url: string, now: Date): void {
  log.transaction(() => log.db.prepare('UPDATE pending_requests SET status_url = ?, updated_at = ? WHERE request_id = ?').run(url, now.toISOString(), requestId));
}

/** One stored request, or null. */
export function findPending(log: AuditLog, requestId: string): PendingRow | null {
  const raw = log.db.prepare('SELECT * FROM pending_requests WHERE request_id = ?').get(requestId) as RawRow | undefined;
  return raw === undefined ? null : fromRaw(raw);
}

/** The request an agent call submitted, if it is still pending. */
export function findByAgentKey(log: AuditLog, key: string): PendingRow | null {
  const raw = log.db.prepare("SELECT * FROM pending_requests WHERE agent_key = ? AND state = 'pending' ORDER BY created_at DESC LIMIT 1").get(key) as RawRow | undefined;
  return raw === undefined ? null : fromRaw(raw);
}

/** Stored requests, newest first; only `uid`'s when given. */
export function listPending(log: AuditLog, uid: number | null, limit = 100): PendingRow[] {
  const rows = (uid === null
    ? log.db.prepare('SELECT * FROM pending_requests ORDER BY created_at DESC LIMIT ?').all(limit)
    : log.db.prepare('SELECT * FROM pending_requests WHERE requester_uid = ? ORDER BY created_at DESC LIMIT ?').all(uid, limit)) as RawRow[];
  return rows.map(fromRaw);
}

/** pending -> started; throws when another waiter got there first (call inside the log's transaction). */
export function claimPending(log: AuditLog, requestId: string, now: Date): void {
  const changed = log.db.prepare("UPDATE pending_requests SET state = 'started', outcome = 'approved', updated_at = ? WHERE request_id = ? AND state = 'pending'").run(now.toISOString(), requestId).changes;
  if (changed !== 1) throw new Error(`request ${requestId} was already picked up by another wait; it runs only once`);
}

/** Marks a request finished with its outcome (from pending, or after it ran). */
export function finishPending(log: AuditLog, requestId: string, outcome: string, now: Date): void {
  log.transaction(() => log.db.prepare("UPDATE pending_requests SET state = 'finished', outcome = ?, updated_at = ? WHERE request_id = ? AND state != 'finished'").run(outcome, now.toISOString(), requestId));
}
