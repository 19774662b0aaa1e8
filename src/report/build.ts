// Builds the report's data from an audit database (SPEC §14): the verification of the whole
// log first (the readers and verifier of `audit verify`), then one pass over the entries.
// Invariants:
//   1. The verification and the entries are read in one snapshot, so they describe the same log.
//   2. A log that fails verification, or no longer holds the --previous tree, is reported as
//      not intact at the top of every rendering and makes the command exit 1; its entries
//      are still listed, as data that cannot be trusted.
//   3. Nothing is written: the database is opened read-only.
import { parseCheckpoint } from '../audit/checkpoint-note.js';
import type { AuditReader } from '../audit/read.js';
import type { VerifyOptions } from '../audit/verify.js';
import { verifyLogParallel } from '../audit/verify-parallel.js';
import { Collector } from './collect.js';
import { parsedEntries } from './entries.js';
import { CONTROLS } from './controls.js';
import { checkDuties } from './duties.js';
import type { CheckpointView, ReportData, VerificationView } from './model.js';
import type { RosterMember } from './roster.js';
import { tallies } from './tally.js';

/** What the report covers and checks. */
export interface ReportInput {
  since: Date | null;
  until: Date;
  now: Date;
  key: VerifyOptions['key'];
  keyId: string | null;
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

// The verification of the whole log, and with --previous a second pass that must contain it.
function verification(reader: AuditReader, input: ReportInput): VerificationView {
  const base = { logId: reader.logId, checkpoints: reader.checkpoints() };
  const report = verifyLogParallel(reader, { ...base, key: input.key, trusted: input.trusted }).report;
  let previous: VerificationView['previous'] = null;
  if (input.previous !== null) {
    const again = verifyLogParallel(reader, { ...base, key: input.key, trusted: input.previous }).report;
    previous = { size: parseCheckpoint(input.previous).size, ok: again.ok, code: again.code, message: again.message };
  }
  return {
    ...report,
    key_checked: input.key !== null,
    key_id: input.keyId,
    trusted_size: input.trusted === null ? null : parseCheckpoint(input.trusted).size,
    previous,
    intact: report.ok && (previous === null || previous.ok),
  };
}

/** Verifies the log and gathers the period's facts, in one read snapshot. */
export function buildReport(reader: AuditReader, input: ReportInput): ReportData {
  return reader.snapshot(() => {
    const verified = verification(reader, input);
    const collector = new Collector(input.since?.getTime() ?? -Infinity, input.until.getTime(), input.roster);
    for (const [seq, entry] of parsedEntries(reader)) {
      if (typeof entry === 'string') collector.unreadable(seq, entry);
      else collector.add(seq, entry);
    }
    const facts = collector.finish();
    const checks = checkDuties(facts.runs, facts.rosterAt);
    const failed = checks.filter((c) => c.result === 'fail').length;
    const unknown = checks.filter((c) => c.result === 'unknown').length;
    return {
      format_version: 1,
      generated_at: input.now.toISOString(),
      log: { path: reader.path, log_id: reader.logId, entries: verified.entries },
      period: { since: input.since?.toISOString() ?? null, until: input.until.toISOString() },
      verification: verified,
      checkpoints: { start: checkpointView(facts.checkpointBefore ?? facts.checkpoints[0]), end: checkpointView(facts.checkpoints.at(-1) ?? facts.checkpointBefore) },
      runs: facts.runs,
      separation_of_duties: { ok: failed === 0 && unknown === 0, checked: checks.length, passed: checks.length - failed - unknown, failed, unknown, checks },
      exceptions: facts.exceptions,
      changes: facts.changes,
      counts: tallies.counts(facts),
      charts: tallies.charts(facts.runs),
      controls: CONTROLS,
    };
  });
}
