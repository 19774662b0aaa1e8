// The witness's cosignatures kept in the audit database, beside the checkpoints they cosign
// (SPEC §15): table witness_cosignatures(size, line, witness, received_at).
// Invariants:
//   1. The table is append-only through triggers, like entries and checkpoints.
//   2. A cosignature is stored only for a size the checkpoints table holds, inside the
//      caller's write transaction.
import type BetterSqlite3 from 'better-sqlite3';

const TABLE_SQL = `
CREATE TABLE IF NOT EXISTS witness_cosignatures(size INTEGER NOT NULL REFERENCES checkpoints(size), line TEXT NOT NULL,
  witness TEXT NOT NULL, received_at TEXT NOT NULL, PRIMARY KEY (size, line));
CREATE TRIGGER IF NOT EXISTS witness_cosignatures_no_update BEFORE UPDATE ON witness_cosignatures
  BEGIN SELECT RAISE(ABORT, 'witness cosignatures are append-only'); END;
CREATE TRIGGER IF NOT EXISTS witness_cosignatures_no_delete BEFORE DELETE ON witness_cosignatures
  BEGIN SELECT RAISE(ABORT, 'witness cosignatures are append-only'); END;
`;

/** One stored cosignature. */
export interface StoredCosignature {
  size: number;
  /** The note signature line, without its newline. */
  line: string;
  /** The witness URL it came from. */
  witness: string;
  received_at: string;
}

// Whether the table exists (a log that never talked to a witness has none).
function hasTable(db: BetterSqlite3.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'witness_cosignatures'").get() !== undefined;
}

/** The largest cosigned size (0 when nothing was cosigned). */
export function lastCosignedSize(db: BetterSqlite3.Database): number {
  if (!hasTable(db)) return 0;
  return (db.prepare('SELECT max(size) AS m FROM witness_cosignatures').get() as { m: number | null }).m ?? 0;
}

/** Stores cosignature lines for the checkpoint of `size` (inside a write transaction). */
export function storeCosignatures(db: BetterSqlite3.Database, size: number, lines: string[], witness: string, receivedAt: string): void {
  db.exec(TABLE_SQL);
  const insert = db.prepare('INSERT OR IGNORE INTO witness_cosignatures(size, line, witness, received_at) VALUES (?, ?, ?, ?)');
  for (const line of lines) insert.run(size, line, witness, receivedAt);
}

/** Every stored cosignature, by size. */
export function readCosignatures(db: BetterSqlite3.Database): StoredCosignature[] {
  if (!hasTable(db)) return [];
  return db.prepare('SELECT size, line, witness, received_at FROM witness_cosignatures ORDER BY size, line').all() as StoredCosignature[];
}
