// The audit log's public contract (SPEC §8). Implemented in ./log.ts; every other module
// appends through this interface only.
import type BetterSqlite3 from 'better-sqlite3';

export type EntryType =
  | 'request'
  | 'decision'
  | 'exec_start'
  | 'exec_end'
  | 'session_open'
  | 'session_revoke'
  | 'checkpoint'
  | 'policy_loaded';

export interface AppendResult {
  seq: number;
  /** Hex SHA-256 leaf hash of the stored entry. */
  hash: string;
}

export interface AuditLog {
  readonly path: string;
  readonly logId: string;
  /**
   * Appends one entry in its own BEGIN IMMEDIATE transaction (or joins the one opened by
   * `transaction`). Fields must be JSON with integers only; redaction applies before hashing.
   * Durable (synchronous=FULL) when it returns; throws ApproveRunError('audit') on failure.
   */
  append(type: EntryType, fields: Record<string, unknown>): AppendResult;
  /** Runs `fn` inside one BEGIN IMMEDIATE transaction; appends inside it join it. */
  transaction<T>(fn: () => T): T;
  /** The better-sqlite3 handle, for modules that keep their own tables (sessions). */
  readonly db: BetterSqlite3.Database;
  close(): void;
}

export interface OpenAuditOptions {
  /** ECMAScript regex sources from settings.redact (case-insensitive). */
  redact: string[];
  /** Privileged mode: file 0600 and directory 0700, owned by root. */
  privileged: boolean;
}
