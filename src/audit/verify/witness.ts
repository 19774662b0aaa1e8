// `audit verify --witness PUB` (SPEC §15): every cosignature stored beside a checkpoint must
// verify with the witness key on that checkpoint's text, and no refusal may be recorded.
// Invariants:
//   1. A cosignature counts only on a checkpoint the checkpoints table holds (whose tree the
//      main verification compared with the log): a cosignature on anything else fails.
//   2. A log that is not intact keeps its own failure; witness problems are reported after it.
//   3. `entries_beyond` is measured from the largest verified cosignature, never a failed one.
import type { KeyObject } from 'node:crypto';
import { verifyCosignature } from '../../crypto/cosignature.js';
import { parseNote } from '../../crypto/note.js';
import type { AuditReader } from '../read.js';
import type { VerifyReport, WitnessSummary } from './report.js';

// The note text (what was cosigned) of every stored checkpoint, by size.
function checkpointTexts(reader: AuditReader): Map<number, string> {
  const texts = new Map<number, string>();
  for (const { size, note } of reader.checkpoints()) {
    try {
      texts.set(size, parseNote(note).text);
    } catch {
      // A malformed note is the main verification's finding (BAD_CHECKPOINT_SIG).
    }
  }
  return texts;
}

/** Adds the witness findings to `report` (inside the reader's snapshot). */
export function checkWitness(reader: AuditReader, key: { key: KeyObject; raw: Buffer }, report: VerifyReport): VerifyReport {
  const texts = checkpointTexts(reader);
  const summary: WitnessSummary = { cosignatures: 0, verified: 0, last_cosigned_size: 0, entries_beyond: 0, refusals: 0 };
  let bad: { size: number; message: string } | null = null;
  for (const cosignature of reader.cosignatures()) {
    summary.cosignatures++;
    const text = texts.get(cosignature.size);
    if (text !== undefined && verifyCosignature(cosignature.line, text, key.key, key.raw)) {
      summary.verified++;
      summary.last_cosigned_size = Math.max(summary.last_cosigned_size, cosignature.size);
    } else {
      bad ??= { size: cosignature.size, message: `the cosignature stored for checkpoint ${cosignature.size} does not verify with the witness key` };
    }
  }
  const refusals = reader.entriesOfType('witness_refused');
  summary.refusals = refusals.length;
  summary.entries_beyond = Math.max(0, report.entries - summary.last_cosigned_size);
  const withSummary: VerifyReport = { ...report, witness: summary };
  if (!report.ok) return withSummary;
  if (bad !== null) return { ...withSummary, ok: false, first_bad_seq: bad.size, code: 'BAD_COSIGNATURE', message: bad.message };
  const first = refusals[0];
  if (first !== undefined) {
    const entry = JSON.parse(first[1]) as { status?: unknown; size?: unknown; witness_size?: unknown };
    const theirs = typeof entry.witness_size === 'number' ? ` (the witness has cosigned ${entry.witness_size})` : '';
    return {
      ...withSummary, ok: false, first_bad_seq: first[0], code: 'WITNESS_REFUSED',
      message: `the witness refused checkpoint ${String(entry.size)} with HTTP ${String(entry.status)}${theirs}: the log may have been rolled back or forked`,
    };
  }
  return withSummary;
}
