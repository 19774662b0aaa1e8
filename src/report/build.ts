// Builds the report's data from an audit database (SPEC §14): the verification of the whole
// log (the readers and verifier of `audit verify`, with its state file check), and the
// period's facts collected from the entries as that same pass reads them (./entries.ts).
// Invariants:
//   1. The verification and the collection read one snapshot; the --previous check (on its own
//      thread, ./verify-thread.ts) starts inside it, so it covers at least those entries (the
//      log is append-only).
//   2. A log that fails verification, or no longer holds the --previous tree, is reported as
//      not intact at the top of every rendering and makes the command exit 1; its entries
//      are still listed, as data that cannot be trusted.
//   3. Nothing is written: the database is opened read-only.
import { parseCheckpoint } from '../audit/checkpoint-note.js';
import type { AuditReader } from '../audit/read.js';
import { verifyLogParallel, type ParallelTuning } from '../audit/verify/parallel.js';
import type { VerifyReport } from '../audit/verify/report.js';
import { checkState } from '../audit/verify/state.js';
import { parsePublicKey } from '../crypto/ed25519.js';
import { chunkReducer } from './chunk-worker.js';
import { Collector } from './collect.js';
import { EntryReader } from './entries.js';
import { CONTROLS } from './controls.js';
import { checkDuties } from './duties.js';
import type { CheckpointView, ReportData, VerificationView } from './model.js';
import { keyId, type RosterMember } from './roster.js';
import { tallies } from './tally.js';
import { verifyInThread } from './verify-thread.js';
import { witnessView } from './witness.js';

/** What the report covers and checks. */
export interface ReportInput {
  since: Date | null;
  until: Date;
  now: Date;
  /** `ed25519:<base64>` from --key, or null. */
  key: string | null;
  trusted: string | null;
  previous: string | null;
  /** The current policy's roster, for logs whose policy_loaded entries record none. */
  roster: RosterMember[] | null;
  /** Privileged mode: the state file beside the log is read as `audit verify` reads it. */
  privileged: boolean;
  /** How the verification spreads over threads (tests); the defaults of `audit verify` otherwise. */
  tuning?: ParallelTuning;
}

// A checkpoint entry as shown.
function checkpointView(found: { seq: number; time: string; note: string } | null | undefined): CheckpointView | null {
  if (found === null || found === undefined) return null;
  try {
    const parsed = parseCheckpoint(found.note);
    return { ...found, size: parsed.size, root: parsed.root.toString('base64') };
  } catch {
    return { ...found, size: null, root: null };
  }
}

// The verdict of the whole log, and with --previous of a second pass that must contain it.
function verification(reports: VerifyReport[], input: ReportInput): VerificationView {
  const [report, again] = reports as [VerifyReport, VerifyReport | undefined];
  const previous = again === undefined || input.previous === null ? null : { size: parseCheckpoint(input.previous).size, ok: again.ok, code: again.code, message: again.message };
  return {
    ...report,
    key_checked: input.key !== null,
    key_id: keyId(input.key),
    trusted_size: input.trusted === null ? null : parseCheckpoint(input.trusted).size,
    previous,
    intact: report.ok && (previous === null || previous.ok),
  };
}

/** Verifies the log and gathers the period's facts, in one read snapshot and one pass. */
export async function buildReport(reader: AuditReader, input: ReportInput): Promise<ReportData> {
  let previous: Promise<VerifyReport> | undefined;
  const gathered = reader.snapshot(() => {
    // A first read fixes this snapshot; the --previous thread starts after it, so its
    // snapshot is the same log or a longer one.
    reader.size();
    if (input.previous !== null) {
      previous = verifyInThread({ path: reader.path, key: input.key, trusted: input.previous });
      previous.catch(() => {});
    }
    const period = { since: input.since?.getTime() ?? -Infinity, until: input.until.getTime() };
    const collector = new Collector(period.since, period.until, input.roster);
    const entries = new EntryReader(collector, (merge) => chunkReducer(period, merge));
    const key = input.key === null ? null : parsePublicKey(input.key);
    const options = { logId: reader.logId, checkpoints: reader.checkpoints(), key, trusted: input.trusted, visit: entries, reduce: entries.reducer };
    const verified = verifyLogParallel(reader, options, input.tuning).report;
    const report = checkState(verified, reader.path, reader, input.privileged);
    // A failed verification stops early; the entries after that point are still listed.
    entries.rest(reader);
    const facts = collector.finish();
    const checks = checkDuties(facts.runs, facts.rosterAt);
    const failed = checks.filter((c) => c.result === 'fail').length;
    const unknown = checks.filter((c) => c.result === 'unknown').length;
    // A verified log was read whole, every row once: its witness entries are all in the facts.
    return { report, facts, checks, failed, unknown, witness: witnessView(reader, reader.size(), verified.ok ? facts.witness : null) };
  });
  const verified = verification([gathered.report, ...(previous === undefined ? [] : [await previous])], input);
  const { facts, checks, failed, unknown, witness } = gathered;
  if (witness.status === 'refused') verified.intact = false;
  return {
    format_version: 1,
    generated_at: input.now.toISOString(),
    log: { path: reader.path, log_id: reader.logId, entries: verified.entries },
    period: { since: input.since?.toISOString() ?? null, until: input.until.toISOString() },
    verification: verified,
    checkpoints: { start: checkpointView(facts.checkpointBefore ?? facts.checkpoints[0]), end: checkpointView(facts.checkpoints.at(-1) ?? facts.checkpointBefore) },
    witness,
    runs: facts.runs,
    separation_of_duties: { ok: failed === 0 && unknown === 0, checked: checks.length, passed: checks.length - failed - unknown, failed, unknown, checks },
    exceptions: facts.exceptions,
    changes: facts.changes,
    counts: tallies.counts(facts),
    charts: tallies.charts(facts.runs),
    controls: CONTROLS,
  };
}
