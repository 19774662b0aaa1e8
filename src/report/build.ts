// Builds the report's data from an audit database (SPEC §14): the verification of the whole
// log first (the readers and verifier of `audit verify`), then one pass over the entries.
// Invariants:
//   1. The verification (on its own thread, ./verify-thread.ts) starts inside the snapshot the
//      entries are read in, so it covers at least those entries (the log is append-only).
//   2. A log that fails verification, or no longer holds the --previous tree, is reported as
//      not intact at the top of every rendering and makes the command exit 1; its entries
//      are still listed, as data that cannot be trusted.
//   3. Nothing is written: the database is opened read-only.
import { parseCheckpoint } from '../audit/checkpoint-note.js';
import type { AuditReader } from '../audit/read.js';
import type { VerifyReport } from '../audit/verify/report.js';
import { Collector } from './collect.js';
import { parsedEntries } from './entries.js';
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

/** Verifies the log and gathers the period's facts, in one read snapshot. */
export async function buildReport(reader: AuditReader, input: ReportInput): Promise<ReportData> {
  let verifying: Promise<VerifyReport[]> | undefined;
  const gathered = reader.snapshot(() => {
    // A first read fixes this snapshot; the threads start after it, so theirs are the same
    // log or a longer one.
    reader.size();
    const jobs = [input.trusted, ...(input.previous === null ? [] : [input.previous])].map((trusted) => ({ path: reader.path, key: input.key, trusted }));
    verifying = Promise.all(jobs.map(verifyInThread));
    verifying.catch(() => {});
    const collector = new Collector(input.since?.getTime() ?? -Infinity, input.until.getTime(), input.roster);
    for (const [seq, entry] of parsedEntries(reader)) {
      if (typeof entry === 'string') collector.unreadable(seq, entry);
      else collector.add(seq, entry);
    }
    const facts = collector.finish();
    const checks = checkDuties(facts.runs, facts.rosterAt);
    const failed = checks.filter((c) => c.result === 'fail').length;
    const unknown = checks.filter((c) => c.result === 'unknown').length;
    return { facts, checks, failed, unknown, witness: witnessView(reader, reader.size()) };
  });
  const { facts, checks, failed, unknown, witness } = gathered;
  const verified = verification(await verifying!, input);
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
