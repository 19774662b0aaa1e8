// The witness's view of the log in the auditor's report (SPEC §14, §15): how far the witness
// has cosigned, what it has not seen yet, and every refusal it answered.
// Invariants:
//   1. Read inside the report's snapshot, from the stored cosignatures and the
//      `witness_refused` / `witness_unreachable` entries of the whole log (not only the period:
//      a refusal is about the log itself): as the report's pass met them when it read every
//      row of a verified log once, else looked up in the database.
//   2. A recorded refusal is a finding: the report's verdict names it and the command exits 1.
//      Cosignatures are counted here, verified by `audit verify --witness PUB`.
import type { AuditReader } from '../audit/read.js';

/** One refusal the host recorded. */
export interface WitnessRefusalView {
  seq: number;
  time: string;
  witness: string;
  status: number | null;
  size: number | null;
  witness_size: number | null;
}

/** The witness section of the report. */
export interface WitnessView {
  /** `none`: no witness was ever asked; `refused`: at least one refusal is recorded. */
  status: 'none' | 'cosigned' | 'refused';
  cosignatures: number;
  last_cosigned_size: number;
  entries_beyond: number;
  unreachable: number;
  refusals: WitnessRefusalView[];
}

// A number field of a parsed entry, or null.
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/**
 * Gathers the witness view (call inside the reader's snapshot). `seen`: the witness entries of
 * a pass that read every row of the log once (../collect.ts), or null to look them up here.
 */
export function witnessView(reader: AuditReader, entries: number, seen: { refusals: WitnessRefusalView[]; unreachable: number } | null): WitnessView {
  const cosignatures = reader.cosignatures();
  const last = cosignatures.reduce((max, c) => Math.max(max, c.size), 0);
  const refusals = seen?.refusals ?? reader.entriesOfType('witness_refused').map(([seq, leaf]): WitnessRefusalView => {
    const e = JSON.parse(leaf) as Record<string, unknown>;
    return { seq, time: String(e.ts), witness: String(e.witness), status: num(e.status), size: num(e.size), witness_size: num(e.witness_size) };
  });
  const unreachable = seen?.unreachable ?? reader.entriesOfType('witness_unreachable').length;
  const status = refusals.length > 0 ? 'refused' : cosignatures.length > 0 || unreachable > 0 ? 'cosigned' : 'none';
  return { status, cosignatures: cosignatures.length, last_cosigned_size: last, entries_beyond: Math.max(0, entries - last), unreachable, refusals };
}

/** One line for the renderings. */
export function witnessLine(w: WitnessView): string {
  if (w.status === 'none') return 'no witness cosignatures or refusals recorded';
  const base = `${w.cosignatures} cosignatures stored, last cosigned tree of ${w.last_cosigned_size} entries, ${w.entries_beyond} entries beyond it${w.unreachable > 0 ? `, ${w.unreachable} submissions found the witness unreachable` : ''}`;
  if (w.status !== 'refused') return base;
  const first = w.refusals[0] as WitnessRefusalView;
  const theirs = first.witness_size === null ? '' : ` (the witness holds a tree of ${first.witness_size})`;
  return `THE WITNESS REFUSED THIS LOG: ${w.refusals.length === 1 ? '1 refusal' : `${w.refusals.length} refusals`}, the first at seq ${first.seq}, HTTP ${first.status ?? '?'} for the tree of ${first.size ?? '?'} entries${theirs}; the log may have been rolled back or forked. ${base}`;
}
