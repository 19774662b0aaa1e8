// The SQLite hash-chained audit log (SPEC §8): opening, and appending in BEGIN IMMEDIATE
// transactions so any number of processes produce one linear chain.
// Invariants:
//   1. An append reads the tail, builds the leaf and inserts it inside one write transaction:
//      seq and prev always describe the entry that is really before it.
//   2. When append() returns, the entry is committed with synchronous=FULL (durable); any
//      failure throws ApproveRunError('audit') and nothing is half-written.
//   3. Opening never loosens permissions: a new directory is 0700 and a new file 0600; in
//      privileged mode an existing file or directory that others could write is refused.
//   4. close() of a log opened `untilExit` leaves its connection to the process exit, held
//      in a module list so garbage collection cannot close it either: the WAL (every commit
//      in it durable) stays for the next writer, and is copied into the database by the
//      writers' automatic checkpoints (src/audit/schema.ts).
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { ulid } from '../approval/ids.js';
import { ApproveRunError, auditError } from '../errors.js';
import { findPackageAddon } from './addon.js';
import { GENESIS_PREV } from './envelope.js';
import { buildLeaf, prepareFields } from './leaf.js';
import { prepareLocation } from './location.js';
import { compileRedactor, type Redactor } from './redact.js';
import { applyWriterPragmas, BUSY_TIMEOUT_MS, createSchema, readLogId } from './schema.js';
import type { AppendResult, AuditLog, EntryType, OpenAuditOptions } from './types.js';
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

// One open audit database.
class SqliteAuditLog implements AuditLog {
  private readonly tail: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly nested: Database.Transaction<(fn: () => unknown) => unknown>;

  constructor(
    readonly db: Database.Database,
    readonly path: string,
    readonly logId: string,
    private readonly redact: Redactor,
    private readonly now: () => Date,
    private readonly busyTimeoutMs: number,
    private readonly untilExit: boolean,
  ) {
    this.tail = db.prepare('SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1').raw();
    this.insert = db.prepare('INSERT INTO entries(seq, leaf, hash) VALUES (?, ?, ?)');
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    // Inside an open transaction better-sqlite3 uses a SAVEPOINT, so nested calls join it.
    this.nested = db.transaction((fn: () => unknown) => fn());
  }

  // Prepares the fields outside the lock, then links and inserts the leaf inside it.
  append(type: EntryType, fields: Record<string, unknown>): AppendResult {
    let prepared: Record<string, unknown>;
    try {
      prepared = prepareFields(type, fields, this.redact);
    } catch (error) {
      throw auditError(`cannot log ${String(type)} entry: ${(error as Error).message}`, error);
    }
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
      return { seq, hash: leaf.hash.toString('hex') };
    });
  }

  // Joins an open transaction, or takes the write lock and commits (rolls back on throw).
  transaction<T>(fn: () => T): T {
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

  // Closes the connection once, or hands it to the process exit (OpenAuditOptions.untilExit).
  close(): void {
    if (!this.db.open) return;
    if (this.untilExit) openUntilExit.push(this.db);
    else this.db.close();
  }
}

/**
 * Opens (creating if needed) the audit log at `path`: directory 0700 and file 0600 when new,
 * WAL, synchronous=FULL, a busy timeout, prepared statements. Throws ApproveRunError('audit').
 */
export function openAuditLog(path: string, options: OpenAuditOptions): AuditLog {
  let redact: Redactor;
  try {
    redact = compileRedactor(options.redact);
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
    const logId = readLogId(db) ?? createSchema(db, () => `alog_${ulid(now().getTime(), random)}`, now().toISOString());
    // From here on the lock is taken by beginImmediate(), which waits more eagerly.
    db.pragma('busy_timeout = 0');
    return new SqliteAuditLog(db, path, logId, redact, now, busyTimeoutMs, options.untilExit === true);
  } catch (error) {
    db?.close();
    if (error instanceof ApproveRunError) throw error;
    throw auditError(`cannot open audit log ${path}: ${(error as Error).message}`, error);
  }
}
