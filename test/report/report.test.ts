// `audit report` end to end (SPEC §14): a log built from real runs (./world.ts), the report's
// JSON counts against what was done, OSCAL against NIST's schema, a tampered log, HTML safety.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { attacker } from '../audit/helpers.js';
import { buildWorld, leaves, type ReportWorld } from './world.js';
import type { ReportData } from '../../src/report/model.js';
import type { ParallelTuning } from '../../src/audit/verify/parallel.js';
import { loadReportBundle, type ReportBundle } from './report-bundle.js';

let w: ReportWorld;
let bundle: ReportBundle;
beforeAll(async () => {
  [w, bundle] = await Promise.all([buildWorld(), loadReportBundle()]);
}, 400_000);
afterAll(async () => w?.close());

// `audit report` over `db` in `format`.
async function report(format: string, db = w.db, extra: string[] = []) {
  return w.cli(['audit', 'report', '--format', format, '--audit-db', db, '-p', w.policy, ...extra]);
}

// Counts of each value.
function tally(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

describe('audit report over a log of real runs', () => {
  test('the JSON counts are exactly what was done', async () => {
    const r = await report('json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as ReportData;
    expect(data.verification).toMatchObject({ ok: true, intact: true });
    // Every kind of entry the log can hold is there, made by real runs.
    const types = new Set(leaves(w.db).map((e) => e.type));
    expect([...types].sort()).toEqual(['checkpoint', 'decision', 'exec_end', 'exec_lost', 'exec_start', 'policy_loaded', 'request', 'session_open', 'session_revoke']);
    expect(data.runs).toHaveLength(w.outcomes.length);
    expect(data.runs.map((run) => run.outcome)).toEqual(w.outcomes);
    expect(data.counts.outcomes).toEqual(tally(w.outcomes));
    const approved = w.outcomes.filter((o) => o === 'approved').length;
    const count = (outcome: string) => w.outcomes.filter((o) => o === outcome).length;
    // Exactly these exceptions, each as often as it was done: the forged and the self-approved
    // decisions leave their runs without a valid approval (approver_unreachable); the approver
    // that never answers and the one that answers 503 (retried) let their requests expire.
    expect(data.counts.exceptions).toEqual({
      denial: count('denied_by_policy') + count('denied_by_approver'),
      expiry: count('approval_expired'),
      unreachable: count('approver_unreachable'),
      forged_decision: 1,
      self_approval_attempt: 1,
      interrupted: 1,
      lost: 1,
      revocation: 1,
    });
    expect([count('approver_unreachable'), count('approval_expired')]).toEqual([2, 2]);
    expect(data.exceptions.find((e) => e.kind === 'interrupted')).toMatchObject({ request_id: w.interrupted, detail: expect.stringContaining('interrupted by SIGINT while waiting for approval') });
    expect(data.exceptions.find((e) => e.kind === 'lost')).toMatchObject({ request_id: w.lost });
    expect(data.runs.find((run) => run.request_id === w.lost)).toMatchObject({ outcome: 'allowed', lost: true, exit_code: null, rules: ['sleeper'] });
    expect(data.runs.find((run) => run.request_id === w.lost)?.start).not.toBeNull();
    expect(data.runs.find((run) => run.request_id === w.interrupted)).toMatchObject({ outcome: 'interrupted', start: null, approvers: [] });
    // Webhook approvals by two approvers, each checked for separation of duties.
    const approvers = new Set(data.runs.flatMap((run) => run.approvers));
    expect([...approvers].sort()).toEqual(['alice', 'bob']);
    expect(data.separation_of_duties).toMatchObject({ ok: true, checked: approved, passed: approved, failed: 0, unknown: 0 });
    expect(data.runs.filter((run) => run.latency_ms !== null)).toHaveLength(approved);
    expect(data.runs.find((run) => run.approvers[0] === 'alice')?.decisions[0]?.key_id).toMatch(/^SHA256:[0-9a-f]{16}$/);
    // The policy change: two versions, carol added to the roster.
    expect(data.changes).toHaveLength(2);
    expect(data.changes[1]).toMatchObject({ added: ['carol'], removed: [] });
    expect(data.counts.policy_versions).toBe(2);
    const ruleCounts = tally(w.rules.filter((rule): rule is string => rule !== null));
    expect(Object.fromEntries(data.charts.top_rules.map((t) => [t.label, t.count]))).toEqual(ruleCounts);
    // Signed checkpoints at the start and end of the period.
    expect(data.checkpoints.end?.size).toBeGreaterThan(0);
    expect(data.verification.checkpoints).toBeGreaterThan(0);
  });

  test('the OSCAL output validates against NIST OSCAL 1.0.6 assessment-results schema', async () => {
    const schema = JSON.parse(readFileSync(new URL('../../schemas/oscal_assessment-results_schema.json', import.meta.url), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const r = await report('oscal');
    expect(r.code).toBe(0);
    const document = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(validate(document), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    // And the validator can fail: a finding without a target is refused.
    const broken = JSON.parse(r.stdout);
    delete broken['assessment-results'].results[0].findings[0].target;
    expect(validate(broken)).toBe(false);
  });

  test('a log with one flipped byte in a leaf gives a report flagged at the top, exit 1', async () => {
    const copy = join(tempDir(), 'tampered.db');
    copyFileSync(w.db, copy);
    const handle = attacker(copy);
    const row = handle.prepare("SELECT seq, CAST(leaf AS BLOB) AS leaf FROM entries WHERE leaf LIKE '%change freeze%'").get() as { seq: number; leaf: Buffer };
    const at = row.leaf.indexOf('change freeze');
    row.leaf[at] = row.leaf[at]! ^ 0x01;
    handle.prepare('UPDATE entries SET leaf = ? WHERE seq = ?').run(row.leaf.toString('utf8'), row.seq);
    handle.close();
    for (const format of ['html', 'md', 'json', 'oscal']) {
      const r = await report(format, copy);
      expect(r.code, format).toBe(1);
      expect(r.stderr).toMatch(/AUDIT LOG NOT INTACT: HASH_MISMATCH at seq \d+/);
      // Before any section: the first thing a reader sees after the title.
      const first = r.stdout.search(/Verification|observations/);
      if (format !== 'json') expect(r.stdout.slice(0, first), format).toMatch(/AUDIT LOG NOT INTACT/);
      if (format === 'html') expect(r.stdout.slice(0, first)).toMatch(/<p class="verdict bad" id="verdict">AUDIT LOG NOT INTACT/);
      if (format === 'json') expect(JSON.parse(r.stdout).verification).toMatchObject({ ok: false, intact: false, code: 'HASH_MISMATCH' });
      if (format === 'oscal') expect(r.stdout).not.toMatch(/"state": "satisfied"/);
    }
  });
});

describe('the report reduced in worker threads', () => {
  // The report's data over `db`, verified and reduced as `tuning` says (workers: 0, one pass on this thread).
  async function built(db: string, tuning: ParallelTuning) {
    const reader = bundle.read.openAuditReader(db);
    try {
      const now = new Date('2030-01-01T00:00:00.000Z');
      return JSON.stringify(await bundle.build.buildReport(reader, { since: null, until: now, now, key: null, trusted: null, previous: null, roster: null, privileged: false, tuning }));
    } finally {
      reader.close();
    }
  }

  test('wherever the chunks are cut and whoever reduces them: the report of one pass', async () => {
    const tampered = join(tempDir(), 'tampered.db');
    copyFileSync(w.db, tampered);
    const handle = attacker(tampered);
    handle.prepare("UPDATE entries SET leaf = replace(leaf, 'change freeze', 'change frozen') WHERE leaf LIKE '%change freeze%'").run();
    handle.close();
    for (const db of [w.db, tampered]) {
      const one = await built(db, { workers: 0 });
      for (const tuning of [{ minEntries: 0, workers: 1, chunkRows: 7, batchRows: 3, mainVerifies: false }, { minEntries: 0, workers: 2, chunkRows: 5, batchRows: 2 }, { minEntries: 0, workers: 1, chunkRows: 1, batchRows: 1 }]) {
        expect(await built(db, tuning), JSON.stringify(tuning)).toBe(one);
      }
    }
  });

  test('the workers do reduce: chunks come back as facts, and only facts', () => {
    const reader = bundle.read.openAuditReader(w.db);
    try {
      const collector = new bundle.collect.Collector(-Infinity, Infinity, null);
      const merged: number[] = [];
      const pass = new bundle.entries.EntryReader(collector, (merge) => bundle.chunks.chunkReducer({ since: -Infinity, until: Infinity }, (facts) => {
        merged.push(facts.from);
        merge(facts);
      }));
      const options = { logId: reader.logId, checkpoints: reader.checkpoints(), key: null, trusted: null, visit: pass, reduce: pass.reducer };
      const { report, workerChunks } = reader.snapshot(() => bundle.parallel.verifyLogParallel(reader, options, { minEntries: 0, workers: 1, chunkRows: 10, batchRows: 4, mainVerifies: false }));
      expect(report.ok).toBe(true);
      expect(workerChunks).toBe(Math.ceil(report.entries / 10));
      expect(merged).toEqual(merged.map((_, i) => i * 10));
      expect(collector.finish().runs).toHaveLength(w.outcomes.length);
    } finally {
      reader.close();
    }
  });
});

describe('policy suggest over the same log', () => {
  test('proposes the repeated commands, nothing for the denied or the escalated one, and edits nothing', async () => {
    const before = readFileSync(w.policy);
    const r = await w.cli(['policy', 'suggest', '--min-approvals', '3', '--audit-db', w.db, '-p', w.policy]);
    expect(r.code).toBe(0);
    expect(readFileSync(w.policy)).toEqual(before);
    // mkdir was approved under settings.default: an allow rule for exactly it, with its evidence.
    expect(r.stdout).toMatch(/# allow \["mkdir","-p",".*made\/x"\]\n {2}# {3}evidence: approved 3 times by alice, bob; requesters \S+ \(3\); first \S+, last \S+; never denied\n {2}- id: suggested-\d+\n/);
    expect(r.stdout).toMatch(/decision: allow/g);
    expect(r.stdout.match(/decision: allow/g)).toHaveLength(1);
    // touch keeps matching its approve rule: a longer session_ttl, not an allow.
    expect(r.stdout).toMatch(/# longer session_ttl for rule touch-files: \["touch",".*m1"\]/);
    // find -exec is escalated by the built-in tables: never proposed.
    expect(r.stdout).toMatch(/# not proposed: \["find",.*find -exec runs a program/);
    expect(r.stdout).not.toMatch(/command: find/);
    // Denied or approved fewer times: not mentioned at all.
    expect(r.stdout).not.toMatch(/sleep|"rm"|m2"|m3"/);
  });

  test('fewer approvals than --min-approvals: nothing proposed', async () => {
    const r = await w.cli(['policy', 'suggest', '--min-approvals', '4', '--audit-db', w.db, '-p', w.policy]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/decision: allow|session_ttl|not proposed/);
  });

  test('bad flags are usage errors: exit 125, nothing printed', async () => {
    for (const args of [['--min-approvals', '0'], ['--min-approvals', 'x'], ['--since', 'yesterday']]) {
      const r = await w.cli(['policy', 'suggest', ...args, '--audit-db', w.db, '-p', w.policy]);
      expect(r.code, args.join(' ')).toBe(125);
      expect(r.stdout).toBe('');
    }
  });
});
