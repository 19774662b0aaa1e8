// Reading a run of audit entries in one SQLite query instead of one row at a time, for
// `audit verify`: the leaves arrive as one buffer, the stored hashes as another. Per-row reads
// allocate two buffers per entry, which cost more than hashing the entry.
// Invariants:
//   1. A batch is returned only when the rows it covers are exactly seq from..to-1, packed in
//      that order (the query reports the order it saw), each with a non-null leaf and a
//      32-byte BLOB hash, and the leaves split back into exactly their stored bytes; anything
//      else returns null and the caller reads those rows one by one.
//   2. Batches are offered only when `seq` is the table's rowid (SQLite's query plan says so):
//      then seqs are unique integers, and counting rows in a range proves none is missing.
//   3. The first batch has no lower bound (`first`), so rows below 0 make it irregular instead
//      of going unread; `last` drops the upper bound too, though within one snapshot no row
//      lies past max(seq).
import type Database from 'better-sqlite3';

/** Rows seq from..from+count-1, leaves and hashes packed. */
export interface LeafBatch {
  from: number;
  count: number;
  /** 0x00 || leaf_from || 0x00 || leaf_from+1 || ...: each 0x00 is the RFC 6962 leaf prefix. */
  leaves: Buffer;
  /** offsets[i] is where the 0x00 before leaf i sits; offsets[count] = leaves.length. */
  offsets: Uint32Array;
  /** The stored hashes, 32 bytes each, in seq order. */
  hashes: Buffer;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// The aggregates see the rows in scan order (sorting them costs more than the rest of the
// query), so the query also returns that order, one character per row: char(256 + seq - from).
// It must read exactly orderChars[0..count), that is seq from, from+1, ... in turn.
const BATCH_SQL = `SELECT count(*), min(seq), max(seq), count(leaf),
  sum(typeof(hash) = 'blob' AND length(hash) = 32), sum(length(CAST(leaf AS BLOB))),
  CAST(X'00' || group_concat(CAST(leaf AS BLOB), X'00') AS BLOB),
  CAST(group_concat(hash, '') AS BLOB),
  group_concat(char(256 + seq - @from), '')
  FROM entries WHERE seq BETWEEN @low AND @high`;

/** Most rows one batch may hold (the order characters must stay below the surrogates). */
export const MAX_BATCH_ROWS = 0xd800 - 256;
let orderChars = '';

type BatchRow = [number, number | null, number | null, number, number | null, number | null, unknown, unknown, unknown];

// Whether SQLite looks rows of `entries` up by rowid when given a seq (seq is the rowid).
function seqIsRowid(db: Database.Database): boolean {
  const plan = db.prepare('EXPLAIN QUERY PLAN SELECT leaf FROM entries WHERE seq = 0').all() as { detail: string }[];
  return plan.length === 1 && /^SEARCH entries USING INTEGER PRIMARY KEY \(rowid=\?\)$/.test(plan[0]?.detail ?? '');
}

/** Reads batches from one database; see the invariants above. */
export class BatchReader {
  private readonly statement: Database.Statement;

  private constructor(db: Database.Database) {
    this.statement = db.prepare(BATCH_SQL).raw();
  }

  /** A reader, or null when this table cannot be read in batches (then read row by row). */
  static open(db: Database.Database): BatchReader | null {
    return seqIsRowid(db) ? new BatchReader(db) : null;
  }

  /**
   * Rows from..to-1 as one batch, or null when that range is not exactly those rows.
   * `first` drops the lower bound and `last` the upper one (see invariant 3).
   */
  read(from: number, to: number, first: boolean, last: boolean): LeafBatch | null {
    const count = to - from;
    if (count < 1 || count > MAX_BATCH_ROWS) return null;
    let row: BatchRow;
    try {
      row = this.statement.get({ from, low: first ? INT64_MIN : from, high: last ? INT64_MAX : to - 1 }) as BatchRow;
    } catch (error) {
      // Leaves too long to pack into one value are read one by one instead.
      if ((error as { code?: unknown }).code === 'SQLITE_TOOBIG') return null;
      throw error;
    }
    const [rows, low, high, leafCount, hashCount, leafBytes, leaves, hashes, order] = row;
    if (rows !== count || low !== from || high !== to - 1 || leafCount !== count || hashCount !== count) return null;
    if (!inOrder(order, count)) return null;
    if (!Buffer.isBuffer(leaves) || !Buffer.isBuffer(hashes) || hashes.length !== 32 * count) return null;
    if (leafBytes === null || leaves.length !== leafBytes + count) return null;
    const offsets = splitAtZeros(leaves, count);
    return offsets === null ? null : { from, count, leaves, offsets, hashes };
  }
}

// Positions of the `count` zero bytes of `leaves` (the first at 0), or null if there are more
// or fewer: with the length check above, exactly `count` zeros means no leaf holds one.
function splitAtZeros(leaves: Buffer, count: number): Uint32Array | null {
  const offsets = new Uint32Array(count + 1);
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (leaves[at] !== 0) return null;
    offsets[i] = at;
    const next = leaves.indexOf(0, at + 1);
    at = next < 0 ? leaves.length : next;
    if (next < 0 && i !== count - 1) return null;
  }
  if (at !== leaves.length) return null;
  offsets[count] = at;
  return offsets;
}

// Whether `order` is the characters 256, 257, ... of `count` rows in seq order.
function inOrder(order: unknown, count: number): boolean {
  if (orderChars.length < count) orderChars = Array.from({ length: Math.max(count, 4096) }, (_, i) => String.fromCharCode(256 + i)).join('');
  return typeof order === 'string' && order.length === count && orderChars.startsWith(order);
}
