// Time-bound sessions (SPEC §5.3), kept in the audit database next to the entries.
// Invariants:
//   1. A session is found only by the SHA-256 of its exact binding (argv, shell, executable,
//      cwd, run_as, requester, and the digests of the executable and script: SPEC §10),
//      computed from the unredacted command. A rewritten script or a swapped executable
//      therefore never runs under an existing session.
//   2. A session is reused only if it allows reuse (not "approve once"), is not revoked, has
//      not expired, is younger than the current rule's session_ttl, and its approvers still
//      satisfy the current quorum. Anything else means: ask again.
//   3. Tables are created and rows written inside audit transactions, so a session row and
//      its `session_open` / `session_revoke` entry are durable together.
import { createHash } from 'node:crypto';
import type { AuditLog } from '../../audit/types.js';
import { canonicalBytes } from '../../crypto/jcs.js';
import type { ApprovalRequest } from '../request/request.js';

/** What a session releases: exactly this command and content, here, as this user, for this requester. */
export type SessionBinding = Pick<ApprovalRequest, 'argv' | 'shell' | 'executable' | 'cwd' | 'run_as' | 'requester' | 'digests'>;

export interface SessionRow {
  id: string;
  binding_hash: string;
  /** The binding as shown to people (from the request, so redacted). */
  binding: SessionBinding;
  approvers: string[];
  request_id: string;
  rule_ids: string[];
  once: boolean;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY, binding_hash TEXT NOT NULL, binding TEXT NOT NULL, approvers TEXT NOT NULL,
  request_id TEXT NOT NULL, rule_ids TEXT NOT NULL, once INTEGER NOT NULL,
  created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT);
CREATE INDEX IF NOT EXISTS sessions_by_binding ON sessions(binding_hash);
CREATE TABLE IF NOT EXISTS session_runs (
  session_id TEXT NOT NULL, pid INTEGER NOT NULL, proc_start TEXT NOT NULL, started_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS totp_steps (approver TEXT PRIMARY KEY, last_step INTEGER NOT NULL);`;

const ready = new WeakSet<object>();

/** Creates the approval tables in the audit database if they are missing. */
export function ensureApprovalTables(audit: AuditLog): void {
  if (ready.has(audit.db)) return;
  // A read first: an existing schema needs no write transaction (and no fsync).
  const have = audit.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('sessions', 'session_runs', 'totp_steps')").get() as { n: number };
  if (have.n < 3) audit.transaction(() => audit.db.exec(SCHEMA));
  ready.add(audit.db);
}

/** The binding of `request`; `real` carries the unredacted argv/shell when they differ. */
export function sessionBinding(request: ApprovalRequest, real?: { argv: string[]; shell: string | null }): SessionBinding {
  return {
    argv: real?.argv ?? request.argv,
    shell: real?.shell ?? request.shell,
    executable: request.executable,
    cwd: request.cwd,
    run_as: request.run_as,
    requester: { user: request.requester.user, uid: request.requester.uid },
    digests: request.digests === null ? null : { executable: request.digests.executable, script: request.digests.script },
  };
}

/** `sha256:<hex>` over the RFC 8785 bytes of a binding. */
export function bindingHashOf(binding: SessionBinding): string {
  return `sha256:${createHash('sha256').update(canonicalBytes(binding)).digest('hex')}`;
}

interface RawRow {
  id: string; binding_hash: string; binding: string; approvers: string; request_id: string;
  rule_ids: string; once: number; created_at: string; expires_at: string; revoked_at: string | null;
}

// A stored row as a typed session.
function fromRaw(raw: RawRow): SessionRow {
  return {
    ...raw,
    binding: JSON.parse(raw.binding) as SessionBinding,
    approvers: JSON.parse(raw.approvers) as string[],
    rule_ids: JSON.parse(raw.rule_ids) as string[],
    once: raw.once === 1,
  };
}

export interface ReuseQuery {
  bindingHash: string;
  now: Date;
  /** The current rule's session_ttl (null: no reuse). */
  ttlS: number | null;
  quorum: number;
  /** Approver ids that would count toward the quorum today. */
  countable: string[];
  /** Whether the policy allows a self-confirmation for this request today (a session opened by one has no approvers). */
  confirmable: boolean;
}

/** The newest session that may release this request again (invariant 2), or null. */
export function findReusableSession(audit: AuditLog, q: ReuseQuery): SessionRow | null {
  if (q.ttlS === null || q.ttlS <= 0) return null;
  const rows = audit.db
    .prepare('SELECT * FROM sessions WHERE binding_hash = ? AND once = 0 AND revoked_at IS NULL ORDER BY created_at DESC')
    .all(q.bindingHash) as RawRow[];
  const now = q.now.getTime();
  for (const row of rows.map(fromRaw)) {
    const created = Date.parse(row.created_at);
    if (!(now >= created && now < Date.parse(row.expires_at) && now < created + q.ttlS * 1000)) continue;
    if (row.approvers.length === 0) {
      if (q.confirmable && q.quorum <= 1) return row;
      continue;
    }
    const still = new Set(row.approvers.filter((a) => q.countable.includes(a)));
    if (still.size >= Math.max(1, q.quorum)) return row;
  }
  return null;
}

/** Stores a new session; call inside the transaction that appends its `session_open`. */
export function insertSession(audit: AuditLog, row: SessionRow): void {
  audit.db
    .prepare('INSERT INTO sessions (id, binding_hash, binding, approvers, request_id, rule_ids, once, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)')
    .run(row.id, row.binding_hash, JSON.stringify(row.binding), JSON.stringify(row.approvers), row.request_id, JSON.stringify(row.rule_ids), row.once ? 1 : 0, row.created_at, row.expires_at);
}

/** One session by id, or null. */
export function getSession(audit: AuditLog, id: string): SessionRow | null {
  const raw = audit.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as RawRow | undefined;
  return raw === undefined ? null : fromRaw(raw);
}

/** Every session, newest first. */
export function allSessions(audit: AuditLog): SessionRow[] {
  return (audit.db.prepare('SELECT * FROM sessions ORDER BY created_at DESC, id DESC').all() as RawRow[]).map(fromRaw);
}

/** Marks a session revoked at `at`; call inside the transaction that appends `session_revoke`. */
export function markRevoked(audit: AuditLog, id: string, at: Date): void {
  audit.db.prepare('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at.toISOString(), id);
}
