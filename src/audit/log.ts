// The SQLite hash-chained audit log (SPEC §8): opening, and appending in BEGIN IMMEDIATE
// transactions so any number of processes produce one linear chain.
// Invariants:
//   1. An append reads the tail, builds the leaf and inserts it inside one write transaction:
//      seq and prev always describe the entry that is really before it.
//   2. When append() returns, the entry is committed with synchronous=FULL (durable); any
//      failure throws ApproveRunError('audit') and nothing is half-written.
//   3. Opening never loosens permissions: a new directory is 0700 and a new file 0600; in
//      privileged mode an existing file or directory that others could write is refused.
//   4. close() after appends copies the WAL into the database (wal_checkpoint), so the `.db`
//      file alone holds every entry, and records the log's head in the state file
//      (./state.ts); a failure there is returned, never thrown, since every entry is already
//      durable in the WAL. A log opened `untilExit` then leaves its connection to the process
//      exit, held in a module list so garbage collection cannot close it either.
//   5. Opening refuses a database that does not continue its state file (./state.ts), and
//      never creates a log where the state file records one; it then closes every run whose
//      supervisor is gone with exec_lost (./open-runs.ts).
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { ulid } from '../ids.js';
import { ApproveRunError, auditError } from '../errors.js';
import { findPackageAddon } from './addon.js';
import { GENESIS_PREV } from './envelope.js';
import { buildLeaf, prepareFields } from './leaf.js';
import { prepareLocation } from './location.js';
import { closeLostRuns } from './open-runs.js';
import { compileRedactor, type Redactor } from './redact.js';
import { applyWriterPragmas, BUSY_TIMEOUT_MS, createSchema, readLogId } from './schema.js';
import { readState, stateProblem, statePath, writeState, type LogState } from './state.js';
import type { AppendResult, AuditLog, EntryType, OpenAuditOptions, PreparedEntry } from './types.js';
import { beginImmediate } from './write-lock.js';

let sqlite: typeof Database | undefined;

// better-sqlite3, loaded on the first open. The Node 20 fast path bundles it (scripts/build.mjs)
// and esbuild keeps a bundled require() lazy, so a run handed over to the full program before
// its log is opened (an approval) loads better-sqlite3 once, there, and not twice.
function betterSqlite3(): typeof Database {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy, bundled require; createRequire where there is none
  sqlite ??= (typeof require === 'function' ? require('better-sqlite3') : createRequire(import.meta.url)('better-sqlite3')) as typeof Database;
  return sqlite;
}

let addonPath: string | null | undefined;

/** Connections left for the process exit to end; held so garbage collection never closes one. */
const openUntilExit: Database.Database[] = [];

// better-sqlite3's compiled addon where npm builds it (src/audit/addon.ts), handed over directly
// so the `bindings` package's search of a dozen paths is skipped; null (let it search) when it
// is elsewhere.
function nativeBinding(): string | null {
  if (addonPath === undefined) {
    try {
      addonPath = findPackageAddon(import.meta.dirname);
    } catch {
      addonPath = null;
    }
  }
  return addonPath;
}

/** Entries made by prepare(): only these skip preparation in append(). */
const preparedHere = new WeakSet<object>();

// Whether fields were prepared by AuditLog.prepare (not merely shaped like it).
function isPrepared(fields: Record<string, unknown> | PreparedEntry): fields is PreparedEntry {
  return preparedHere.has(fields);
}

// The redactor, remembering each result: text prepared before the lock is not redacted again under it.
function remembering(redact: Redactor): Redactor {
  const seen = new Map<string, string>();
  return (text) => {
    let out = seen.get(text);
    if (out === undefined) {
      out = redact(text);
      if (text.length <= 1 << 16) seen.set(text, out);
    }
    return out;
  };
}

// One open audit database.
class SqliteAuditLog implements AuditLog {
  private readonly tail: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly nested: Database.Transaction<(fn: () => unknown) => unknown>;
  private wrote = false;
  private closed = false;

  constructor(
    readonly db: Database.Database,
    readonly path: string,
    readonly logId: string,
    private readonly redact: Redactor,
    private readonly now: () => Date,
    private readonly busyTimeoutMs: number,
    private readonly untilExit: boolean,
    private readonly privileged: boolean,
  ) {
    this.tail = db.prepare('SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1').raw();
    this.insert = db.prepare('INSERT INTO entries(seq, leaf, hash) VALUES (?, ?, ?)');
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    // Inside an open transaction better-sqlite3 uses a SAVEPOINT, so nested calls join it.
    this.nested = db.transaction((fn: () => unknown) => fn());
  }

  // Encodes and redacts the fields (called outside the lock).
  prepare(type: EntryType, fields: Record<string, unknown>): PreparedEntry {
    try {
      const entry: PreparedEntry = Object.freeze({ type, fields: prepareFields(type, fields, this.redact), prepared: true });
      preparedHere.add(entry);
      return entry;
    } catch (error) {
      throw auditError(`cannot log ${String(type)} entry: ${(error as Error).message}`, error);
    }
  }

  // Prepares the fields (unless given prepared), then links and inserts the leaf under the lock.
  append(type: EntryType, fields: Record<string, unknown> | PreparedEntry): AppendResult {
    const entry = isPrepared(fields) ? fields : this.prepare(type, fields);
    if (entry.type !== type) throw auditError(`cannot log ${type} entry: it was prepared as ${entry.type}`);
    const prepared = entry.fields;
    return this.transaction(() => {
      const last = this.tail.get() as [number, Buffer] | undefined;
      const seq = last === undefined ? 0 : last[0] + 1;
      const prev = last === undefined ? GENESIS_PREV : last[1].toString('hex');
      let leaf;
      try {
        leaf = buildLeaf({ logId: this.logId, seq, prev, ts: this.now(), type }, prepared);
      } catch (error) {
        throw auditError(`cannot log ${type} entry: ${(error as Error).message}`, error);
      }
      this.insert.run(seq, leaf.text, leaf.hash);
      this.wrote = true;
      return { seq, hash: leaf.hash.toString('hex') };
    });
  }

  // Joins an open transaction, or takes the write lock and commits (rolls back on throw).
  transaction<T>(fn: () => T): T {
    if (this.closed) throw auditError(`audit log ${this.path} is already closed`);
    try {
      if (this.db.inTransaction) return this.nested(fn) as T;
      beginImmediate(this.begin, this.busyTimeoutMs);
      try {
        const result = fn();
        this.commit.run();
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.rollback.run();
        throw error;
      }
    } catch (error) {
      if (error instanceof ApproveRunError) throw error;
      throw auditError(`cannot write audit log ${this.path}: ${(error as Error).message}`, error);
    }
  }

  // The log's id, size and head as they are now.
  head(): LogState {
    const last = this.tail.get() as [number, Buffer] | undefined;
    return { log_id: this.logId, size: last === undefined ? 0 : last[0] + 1, head: last === undefined ? GENESIS_PREV : last[1].toString('hex') };
  }

  // After appends: the WAL copied into the database, and the head recorded in the state file.
  private seal(): string | null {
    if (!this.wrote || this.db.inTransaction) return null;
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
      writeState(statePath(this.path), this.head(), this.privileged);
      return null;
    } catch (error) {
      return `audit log ${this.path}: every entry is stored, but ${(error as Error).message}`;
    }
  }

  // Seals, then closes the connection once, or hands it to the process exit (OpenAuditOptions.untilExit).
  close(): string | null {
    if (!this.db.open || this.closed) return null;
    const problem = this.seal();
    this.closed = true;
    if (this.untilExit) openUntilExit.push(this.db);
    else this.db.close();
    return problem;
  }
}

// The database's log id after checking it continues the state file; null for a database
// without a log where no state file records one (a new log may be created).
function continuedLogId(db: Database.Database, path: string, state: LogState | null): string | null {
  const logId = readLogId(db);
  if (state === null) return logId;
  const size = logId === null ? 0 : ((db.prepare('SELECT max(seq) AS m FROM entries').get() as { m: number | null }).m ?? -1) + 1;
  const hashAt = (seq: number) => (db.prepare('SELECT hash FROM entries WHERE seq = ?').get(seq) as { hash: Buffer } | undefined)?.hash ?? null;
  const problem = stateProblem(path, state, { logId, size, hashAt });
  if (problem !== null) throw auditError(`${problem}; refusing to start a new log or to continue from there (restore the database; run audit verify)`);
  return logId;
}

/**
 * Opens (creating if needed) the audit log at `path`: directory 0700 and file 0600 when new,
 * WAL, synchronous=FULL, a busy timeout, prepared statements. Throws ApproveRunError('audit').
 */
export function openAuditLog(path: string, options: OpenAuditOptions): AuditLog {
  let redact: Redactor;
  try {
    redact = options.redact.length === 0 ? compileRedactor([]) : remembering(compileRedactor(options.redact));
  } catch (error) {
    throw auditError(`cannot open audit log ${path}: ${(error as Error).message}`, error);
  }
  const now = options.now ?? (() => new Date());
  const busyTimeoutMs = options.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
  const random = options.random ?? randomBytes;
  let db: Database.Database | undefined;
  try {
    prepareLocation(path, options.privileged);
    const binding = nativeBinding();
    const Sqlite = betterSqlite3();
    db = new Sqlite(path, binding === null ? { fileMustExist: true } : { fileMustExist: true, nativeBinding: binding });
    applyWriterPragmas(db, busyTimeoutMs);
    const state = readState(statePath(path), options.privileged);
    const logId = continuedLogId(db, path, state) ?? createSchema(db, () => `alog_${ulid(now().getTime(), random)}`, now().toISOString());
    // From here on the lock is taken by beginImmediate(), which waits more eagerly.
    db.pragma('busy_timeout = 0');
    const log = new SqliteAuditLog(db, path, logId, redact, now, busyTimeoutMs, options.untilExit === true, options.privileged);
    if (state === null) writeState(statePath(path), log.head(), options.privileged);
    closeLostRuns(log);
    return log;
  } catch (error) {
    db?.close();
    if (error instanceof ApproveRunError) throw error;
    throw auditError(`cannot open audit log ${path}: ${(error as Error).message}`, error);
  }
}
