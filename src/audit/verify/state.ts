// `audit verify` against the state file beside the database (./state.ts): an intact chain
// that is shorter than the state file records, belongs to another log, or has another entry
// at the recorded head is not the log that was written (entries lost with a deleted WAL, an
// older copy put back, a schema dropped and recreated).
import type { AuditReader } from '../read.js';
import { readState, stateProblem, statePath } from '../state.js';
import type { VerifyReport } from './report.js';

// The stored hash of entry `seq`, or null.
function hashAt(reader: AuditReader, seq: number): Buffer | null {
  for (const row of reader.rows(seq)) return row[0] === seq ? row[2] : null;
  return null;
}

/** The report, failed when the log does not continue its state file. Throws when the state file cannot be read. */
export function checkState(report: VerifyReport, path: string, reader: AuditReader | null, privileged: boolean): VerifyReport {
  const state = readState(statePath(path), privileged);
  if (state === null) return report;
  if (report.code === 'LOG_MISSING') {
    return { ...report, message: `${report.message ?? ''}; ${statePath(path)} records log ${state.log_id} with ${state.size} entries` };
  }
  if (!report.ok || reader === null) return report;
  const size = reader.size();
  const problem = stateProblem(path, state, { logId: reader.logId, size, hashAt: (seq) => hashAt(reader, seq) });
  if (problem === null) return report;
  const wrongLog = reader.logId !== state.log_id;
  const seq = wrongLog ? 0 : size < state.size ? size : state.size - 1;
  return { ok: false, entries: report.entries, checkpoints: report.checkpoints, first_bad_seq: seq, code: wrongLog ? 'WRONG_LOG' : 'BEHIND_TRUSTED', message: problem };
}
