// `audit report --previous` and `--key` (SPEC §14), and the collector over entries given as
// data: cases beside the real runs of ./world.ts (an `interrupted` decision appended with the
// log's own API, exec_lost, confinement off), and entries with missing or mistyped fields, as
// an older or broken log has.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkpointNow } from '../../src/audit/checkpoint.js';
import { openAuditLog } from '../../src/audit/log.js';
import { Collector } from '../../src/report/collect.js';
import type { ReportData } from '../../src/report/model.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { attacker } from '../audit/helpers.js';

const dir = tempDir();
const db = join(dir, 'audit.db');

// One run's request entry fields.
function request(id: string, argv: string[]) {
  return { request: { v: 1, id, argv, shell: null, cwd: '/', requester: { user: 'dev', uid: 1000 }, actor: null, host: 'h', reason: null, rule_ids: ['r'], created_at: '2026-12-01T10:00:00.000Z' }, request_hash: 'sha256:00', policy_digest: 'sha256:00', rules: [{ id: 'r', decision: 'approve' }] };
}

// `audit report` as JSON.
async function report(extra: string[]) {
  const r = await runCli(['audit', 'report', '--format', 'json', '--audit-db', db, ...extra], { cwd: dir });
  return { ...r, data: r.stdout === '' ? null : (JSON.parse(r.stdout) as ReportData) };
}

describe('continuity between reports', () => {
  test('--previous: still contained after more entries; a truncated log is flagged; --key checks signatures', async () => {
    expect((await runCli(['keygen', '-o', join(dir, 'audit')], { cwd: dir })).code).toBe(0);
    const log = openAuditLog(db, { redact: [], privileged: false });
    log.append('request', request('req_1', ['systemctl', 'restart', 'nginx']));
    log.append('decision', { event: 'outcome', request_id: 'req_1', outcome: 'interrupted', decided_by: [], approvers: [], message: 'interrupted by SIGINT while waiting for approval (request req_1)', decisions: [] });
    const note = checkpointNow(log, join(dir, 'audit.key')).note;
    writeFileSync(join(dir, 'previous.txt'), note);
    log.append('request', request('req_2', ['true']));
    log.close();
    const key = join(dir, 'audit.pub');
    const ok = await report(['--previous', join(dir, 'previous.txt'), '--key', key]);
    expect(ok.code).toBe(0);
    expect(ok.data?.verification).toMatchObject({ ok: true, intact: true, key_checked: true, previous: { ok: true, size: 2 } });
    expect(ok.data?.verification.key_id).toMatch(/^SHA256:[0-9a-f]{16}$/);
    expect(ok.data?.counts.exceptions).toEqual({ interrupted: 1 });
    expect(ok.data?.checkpoints.end).toMatchObject({ size: 2 });
    const md = await runCli(['audit', 'report', '--format', 'md', '--audit-db', db, '--previous', join(dir, 'previous.txt')], { cwd: dir });
    expect(md.stdout).toMatch(/previous report's tree of 2 entries still contained/);
    // Entries removed since the previous report: the log no longer holds its tree.
    const handle = attacker(db);
    handle.prepare('DELETE FROM entries WHERE seq >= 1').run();
    handle.prepare('DELETE FROM checkpoints').run();
    handle.close();
    // The state file beside the log would flag the cut first: set aside, so that the
    // --previous check speaks alone.
    renameSync(`${db}.state`, `${db}.state.kept`);
    const cut = await report(['--previous', join(dir, 'previous.txt')]);
    expect(cut.code).toBe(1);
    expect(cut.data?.verification).toMatchObject({ intact: false, previous: { ok: false } });
    expect(cut.stderr).toMatch(/AUDIT LOG NOT INTACT: it no longer holds the previous report's tree of 2 entries/);
    // Without --previous, the state file beside the log (as `audit verify` reads it) still
    // records more entries than are left.
    renameSync(`${db}.state.kept`, `${db}.state`);
    const behind = await report([]);
    expect(behind.code).toBe(1);
    expect(behind.data?.verification).toMatchObject({ ok: false, intact: false, code: 'BEHIND_TRUSTED' });
  });

  test('hostile flags: bad format, reversed period, unreadable notes and keys are usage errors', async () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'not a note\n');
    for (const args of [['--format', 'pdf'], ['--since', '2026-12-02', '--until', '2026-12-01'], ['--since', 'soon'], ['--until', 'x'], ['--previous', bad], ['--trusted', join(dir, 'missing')], ['--key', bad]]) {
      const r = await runCli(['audit', 'report', '--audit-db', db, ...args], { cwd: dir });
      expect(r.code, args.join(' ')).toBeGreaterThan(1);
      expect(r.stdout, args.join(' ')).toBe('');
    }
    const missing = await runCli(['audit', 'report', '--audit-db', join(dir, 'none.db')], { cwd: dir });
    expect(missing.code).toBe(125);
    expect(readFileSync(db).length).toBeGreaterThan(0);
  });
});

describe('the collector over entries as data', () => {
  const collector = () => new Collector(-Infinity, Infinity, null);
  test('exec_lost closes a run as lost; interrupted is an exception', () => {
    const c = collector();
    c.add(0, { ts: '2026-12-01T10:00:00.000Z', type: 'request', ...request('req_9', ['sleep', '100']) });
    c.add(1, { ts: '2026-12-01T10:00:01.000Z', type: 'decision', request_id: 'req_9', outcome: 'allowed', approvers: [] });
    c.add(2, { ts: '2026-12-01T10:00:01.000Z', type: 'exec_start', request_id: 'req_9', pid: 5, deadline: '2026-12-01T11:00:01.000Z', confine: 'default' });
    c.add(3, { ts: '2026-12-01T10:05:00.000Z', type: 'exec_lost', request_id: 'req_9', pid: 5, supervisor_pid: 4, reason: 'the supervising approve-run process ended without logging exec_end' });
    const out = c.finish();
    expect(out.runs[0]).toMatchObject({ lost: true, end: '2026-12-01T10:05:00.000Z', exit_code: null });
    expect(out.exceptions.map((e) => e.kind)).toEqual(['lost']);
  });

  test('confinement off, self-confirmation, and fields missing or of the wrong type', () => {
    const c = collector();
    const off = request('req_a', ['id']);
    c.add(0, { ts: '2026-12-01T10:00:00.000Z', type: 'request', ...off, request: { ...off.request, confine: null, digests: { exe: 'sha256:1' } } });
    c.add(1, { ts: '2026-12-01T10:00:01.000Z', type: 'decision', event: 'outcome', request_id: 'req_a', outcome: 'approved', approvers: ['x'], confirmed_by: 'dev' });
    c.add(2, { ts: 5, type: 'request', request: { id: 7, argv: 'no', requester: null } });
    c.add(3, { ts: '2026-12-01T10:00:02.000Z', type: 'request', request: { id: 'req_b', argv: ['a\u202Eb', '\u200B'], requester: { user: 'e\u0007v' } } });
    c.add(4, { ts: '2026-12-01T10:00:03.000Z', type: 'exec_end', request_id: 'req_b', exit_code: '0', revoked: 'yes' });
    c.unreadable(5, 'Unexpected token');
    const out = c.finish();
    // A self-confirmation is never an approval: no approvers on the run.
    expect(out.runs[0]).toMatchObject({ confine: 'off', confirmed_by: 'dev', approvers: [], latency_ms: null });
    expect(out.exceptions.map((e) => e.kind).sort()).toEqual(['confinement_off', 'self_confirmation', 'unreadable_entry']);
    // A policy deny has no confinement by construction: not an exception.
    const denied = collector();
    denied.add(0, { ts: '2026-12-01T10:00:00.000Z', type: 'request', ...off, request: { ...off.request, confine: null } });
    denied.add(1, { ts: '2026-12-01T10:00:00.000Z', type: 'decision', event: 'outcome', request_id: 'req_a', outcome: 'denied_by_policy', approvers: [] });
    const none = denied.finish();
    expect(none.runs[0]?.confine).toBe('none (denied)');
    expect(none.exceptions.map((e) => e.kind)).toEqual(['denial']);
    expect(out.runs.find((r) => r.request_id === 'req_b')).toMatchObject({ command: "'a\\u{202E}b' '\\u{200B}'", requester: 'e\\u{0007}v', exit_code: null, revoked: false });
  });
});
