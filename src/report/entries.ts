// The log's entries parsed, in seq order, read in packed batches (./read-batch.ts) as
// `audit verify` reads them: one JSON.parse per batch instead of one per row, which is most of
// the report's own cost on long logs.
// Invariants:
//   1. Every row is yielded exactly once, in seq order, whichever way it was read.
//   2. A batch whose leaves do not parse as one array of objects (a tampered log) is parsed
//      leaf by leaf, so one bad leaf is reported as unreadable and the others still count.
import type { AuditReader } from '../audit/read.js';
import { BATCH_ROWS } from '../audit/verify/verify.js';

/** One entry: its seq and parsed leaf, or the reason it could not be parsed. */
export type ParsedEntry = [number, Record<string, unknown> | string];

// A leaf parsed as an object, or why not.
function parseOne(text: string): Record<string, unknown> | string {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : 'not a JSON object';
  } catch (error) {
    return (error as Error).message;
  }
}

/** Every entry of the log, parsed. Call inside the reader's snapshot. */
export function* parsedEntries(reader: AuditReader, batchRows: number = BATCH_ROWS): Generator<ParsedEntry> {
  const size = reader.size();
  let from = 0;
  while (from < size) {
    const to = Math.min(from + batchRows, size);
    const batch = reader.batch(from, to, from === 0, to === size);
    if (batch === null) break;
    // The 0x00 before each leaf becomes '[' or ',': the batch reads as one JSON array.
    const bytes = Buffer.allocUnsafe(batch.leaves.length + 1);
    batch.leaves.copy(bytes);
    for (let i = 0; i < batch.count; i++) bytes[batch.offsets[i]!] = i === 0 ? 0x5b : 0x2c;
    bytes[bytes.length - 1] = 0x5d;
    let values: unknown[] | null = null;
    try {
      const parsed: unknown = JSON.parse(bytes.toString('utf8'));
      if (Array.isArray(parsed) && parsed.length === batch.count && parsed.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) values = parsed;
    } catch {
      values = null;
    }
    for (let i = 0; i < batch.count; i++) {
      yield [batch.from + i, values !== null ? (values[i] as Record<string, unknown>) : parseOne(batch.leaves.toString('utf8', batch.offsets[i]! + 1, batch.offsets[i + 1]))];
    }
    from = to;
  }
  if (from === 0 || from < size) {
    for (const [seq, leaf] of reader.leaves(from)) yield [seq, parseOne(leaf)];
  }
}
