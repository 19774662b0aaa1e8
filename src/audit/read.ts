// Read-only access to an audit database for `audit verify`, `log` and `export`. Never creates
// or changes anything: a missing file or table is reported as missing, not made.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { auditError } from '../errors.js';
import { BatchReader, type LeafBatch } from './read-batch.js';
import type { StoredRow } from './verify/verify.js';
import { readCosignatures, type StoredCosignature } from './witness/store.js';

/** An open, read-only audit database. */
export interface AuditReader {
  readonly path: string;
  /** The log id from the metadata table, or null if it is gone. */
  readonly logId: string | null;
  /** Number of entries (max seq + 1; rows themselves are checked by verify). */
  size(): number;
  /**
   * Rows in seq order, leaves as their exact stored bytes: every row (none filtered out), or
   * with `fromSeq` those with seq >= fromSeq.
   */
  rows(fromSeq?: number): IterableIterator<StoredRow>;
  /** Rows from..to-1 packed in one batch, or null when they must be read one by one. */
  batch(from: number, to: number, first: boolean, last: boolean): LeafBatch | null;
  /** Leaves as text, in seq order, from `fromSeq`. */
  leaves(fromSeq?: number): IterableIterator<[number, string]>;
  /** Notes of the checkpoints table, by size. */
  checkpoints(): { size: number; note: string }[];
  /** Runs `fn` in one read transaction, so every read inside sees the same snapshot. */
  snapshot<T>(fn: () => T): T;
  /** The witness's cosignatures stored beside the checkpoints (SPEC §15). */
  cosignatures(): StoredCosignature[];
  /** Leaves whose top-level type is `type`, in seq order (a text filter, then parsed). */
  entriesOfType(type: string): [number, string][];
  close(): void;
}

/** Why a log could not be opened as an audit log at all (SPEC: LOG_MISSING). */
export class LogMissingError extends Error {
  override name = 'LogMissingError';
}

// Whether a table exists.
function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/**
 * Opens `path` read-only. Throws LogMissingError when the file or its entries table does not
 * exist, ApproveRunError('audit') when it cannot be read.
 */
export function openAuditReader(path: string): AuditReader {
  if (!existsSync(path)) throw new LogMissingError(`audit log ${path} does not exist`);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    if (!hasTable(db, 'entries')) {
      db.close();
      throw new LogMissingError(`audit log ${path} has no entries table`);
    }
  } catch (error) {
    if (error instanceof LogMissingError) throw error;
    throw auditError(`cannot read audit log ${path}: ${(error as Error).message}`, error);
  }
  const logId = hasTable(db, 'meta') ? ((db.prepare("SELECT value FROM meta WHERE key = 'log_id'").get() as { value: string } | undefined)?.value ?? null) : null;
  const withCheckpoints = hasTable(db, 'checkpoints');
  let batches: BatchReader | null | undefined;
  return {
    path,
    logId,
    size: () => ((db.prepare('SELECT max(seq) AS m FROM entries').get() as { m: number | null }).m ?? -1) + 1,
    rows: (fromSeq) =>
      (fromSeq === undefined
        ? db.prepare('SELECT seq, CAST(leaf AS BLOB), hash FROM entries ORDER BY seq').raw().iterate()
        : db.prepare('SELECT seq, CAST(leaf AS BLOB), hash FROM entries WHERE seq >= ? ORDER BY seq').raw().iterate(fromSeq)) as IterableIterator<StoredRow>,
    batch: (from, to, first, last) => (batches === undefined ? (batches = BatchReader.open(db)) : batches)?.read(from, to, first, last) ?? null,
    leaves: (fromSeq = 0) => db.prepare('SELECT seq, leaf FROM entries WHERE seq >= ? ORDER BY seq').raw().iterate(fromSeq) as IterableIterator<[number, string]>,
    checkpoints: () => (withCheckpoints ? (db.prepare('SELECT size, note FROM checkpoints ORDER BY size').all() as { size: number; note: string }[]) : []),
    snapshot: (fn) => {
      db.prepare('BEGIN').run();
      try {
        return fn();
      } finally {
        if (db.inTransaction) db.prepare('COMMIT').run();
      }
    },
    cosignatures: () => readCosignatures(db),
    entriesOfType: (type) =>
      (db.prepare('SELECT seq, leaf FROM entries WHERE instr(leaf, ?) > 0 ORDER BY seq').raw().all(`"type":${JSON.stringify(type)}`) as [number, string][])
        .filter(([, leaf]) => (JSON.parse(leaf) as { type?: unknown }).type === type),
    close: () => db.close(),
  };
}
