// The audit log's public contract (SPEC §8). Implemented in ./log.ts; every other module
// appends through this interface only.
import type BetterSqlite3 from 'better-sqlite3';
import type { ApprovalRequest } from '../approval/request/request.js';

export type EntryType =
  | 'request'
  | 'decision'
  | 'exec_start'
  | 'exec_end'
  | 'exec_lost'
  | 'session_open'
  | 'session_revoke'
  | 'checkpoint'
  | 'policy_loaded'
  | 'witness_refused'
  | 'witness_unreachable'
  | 'refused';

export interface AppendResult {
  seq: number;
  /** Hex SHA-256 leaf hash of the stored entry. */
  hash: string;
}

/** An entry's fields already encoded and redacted (AuditLog.prepare), ready to append. */
export interface PreparedEntry {
  readonly type: EntryType;
  readonly fields: Record<string, unknown>;
  readonly prepared: true;
}

export interface AuditLog {
  readonly path: string;
  readonly logId: string;
  /**
   * Encodes and redacts an entry's fields. Redaction never runs under the write lock: call
   * this before `transaction` and append the result inside it. Throws ApproveRunError('audit').
   */
  prepare(type: EntryType, fields: Record<string, unknown>): PreparedEntry;
  /**
   * Appends one entry in its own BEGIN IMMEDIATE transaction (or joins the one opened by
   * `transaction`). Fields must be JSON with integers only; redaction applies before hashing
   * (and before the lock is taken, unless raw fields are appended inside `transaction`: each
   * string is redacted once per log, so text already prepared costs nothing there).
   * Durable (synchronous=FULL) when it returns; throws ApproveRunError('audit') on failure.
   */
  append(type: EntryType, fields: Record<string, unknown> | PreparedEntry): AppendResult;
  /** Runs `fn` inside one BEGIN IMMEDIATE transaction; appends inside it join it. */
  transaction<T>(fn: () => T): T;
  /** The better-sqlite3 handle, for modules that keep their own tables (sessions). */
  readonly db: BetterSqlite3.Database;
  /**
   * After appends, copies the WAL into the database and records the head in the state file,
   * then closes. Returns why sealing failed (every entry is durable all the same), or null.
   */
  close(): string | null;
}

export interface OpenAuditOptions {
  /** ECMAScript regex sources from settings.redact (case-insensitive). */
  redact: string[];
  /** Privileged mode: file 0600 and directory 0700, owned by root. */
  privileged: boolean;
  /** The clock for entry timestamps (default: the real one). */
  now?: () => Date;
  /** Randomness for the log id of a new database (default: node:crypto). */
  random?: (size: number) => Buffer;
  /** How long an append waits for other writers before failing (default 30 s). */
  busyTimeoutMs?: number;
  /**
   * The process exits soon after close(): close() then leaves the connection open for the exit
   * to end. Closing the last connection would delete the WAL file (and the next run would
   * recreate it and sync its directory); close() has already checkpointed its content.
   */
  untilExit?: boolean;
}

// Field shapes of the entries the run path writes (SPEC §8). Each leaf is
// {v, log, seq, prev, ts, type, ...fields}; `audit log` and `audit export --format csv`
// read these names. Strings that are not valid UTF-8 may be passed as Buffers (./bytes.ts).

/** `request`: the request object, its binding hash, the policy digest and the matched rules. */
export interface RequestEntryFields {
  request: ApprovalRequest;
  /** `sha256:<hex>` binding hash of `request`. */
  request_hash: string;
  /** `sha256:<hex>` of the policy file. */
  policy_digest: string;
  rules: { id: string; decision: string }[];
}

/** `decision`: the outcome, who or what decided, why; for approvals the signed decisions. */
export interface DecisionEntryFields {
  request_id: string;
  /** A SPEC §7 outcome: allowed, approved, session, denied_by_policy, ... */
  outcome: string;
  /** Rule ids or approver ids that decided (empty: settings.default). */
  decided_by: string[];
  /** Approvers whose approval counted (empty unless approved). */
  approvers: string[];
  message: string | null;
  /** Signed decision objects as received (SPEC §5), valid or not. */
  decisions: unknown[];
}

/** `exec_start`: the child started. */
export interface ExecStartEntryFields {
  request_id: string;
  pid: number;
  session_id: string | null;
  /** UTC ISO-8601 deadline. */
  deadline: string;
  /** The sandbox applied (SPEC §9), with the writable paths it bound; null: `settings.confine: off`. */
  confine: AppliedConfinement | null;
  /** The approve-run process supervising the command (./open-runs.ts), to tell later that it is gone. */
  supervisor: { pid: number; start_ticks: number | null; boot_id: string | null };
}

/** The confinement a run got: the policy's fields plus the paths `writable` expanded to. */
export interface AppliedConfinement {
  filesystem: 'read-only' | 'read-write';
  writable: string[];
  network: 'host' | 'none';
  terminal: 'none' | 'inherit';
  /** Existing paths bound read-write (read-only runs only). */
  writable_paths: string[];
}

/** `exec_end`: the child ended. */
export interface ExecEndEntryFields {
  request_id: string;
  exit_code: number | null;
  signal: string | null;
  duration_ms: number;
  timed_out: boolean;
  revoked: boolean;
}

/** `exec_lost`: the run's supervisor ended without logging exec_end (./open-runs.ts). */
export interface ExecLostEntryFields {
  request_id: string;
  /** The command's pid, from exec_start. */
  pid: number;
  supervisor_pid: number;
  reason: string;
}

/** `refused`: a caller's choice refused in privileged mode (SPEC §11): `--policy`, a refused subcommand, … */
export interface RefusedEntryFields {
  requester: { user: string; uid: number };
  /** approve-run's own arguments, as given (redacted like argv). */
  argv: string[];
  /** The one-line refusal the caller was shown. */
  reason: string;
}

/** `policy_loaded`: written when the policy digest differs from the last one logged. */
export interface PolicyLoadedEntryFields {
  file: string;
  digest: string;
  /** The approver roster (ids, users, key fingerprints); absent in older logs. */
  approvers?: { id: string; users: string[]; key_id: string | null; passkey_id?: string }[];
}

/** `checkpoint`: a signed C2SP checkpoint note for the tree of the `seq` entries before it. */
export interface CheckpointEntryFields {
  note: string;
}

/** `witness_refused`: the witness (SPEC §15) refused the checkpoint of `size` with `status`. */
export interface WitnessRefusedEntryFields {
  witness: string;
  /** 400, 403, 404, 409 or 422. */
  status: number;
  size: number;
  /** The old size the submission was made from. */
  old: number;
  /** The size the witness has cosigned (a 409's answer), or null. */
  witness_size: number | null;
  reason: string;
  origin: string;
}

/** `witness_unreachable`: the checkpoint of `size` could not be submitted; the next one catches up. */
export interface WitnessUnreachableEntryFields {
  witness: string;
  size: number;
  reason: string;
}
