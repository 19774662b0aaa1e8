// Appending to a real SQLite file: the exact leaf bytes of SPEC §8, the chain, durability
// settings, file modes, append-only triggers and transactions.
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/audit/log.js';
import { appendPolicyLoadedIfChanged, lastPolicyDigest } from '../../src/audit/policy-entry.js';
import { ApproveRunError } from '../../src/errors.js';
import { appendRun, leafHashOf, newLogPath, openTestLog, rowsOf, steppingClock, verifyFile } from './helpers.js';

const zeros = (n: number) => Buffer.alloc(n);

describe('entries', () => {
  // The clock is read twice while the database is created (log id, created_at).
  it('stores each entry as the exact JCS leaf of SPEC §8, hashed as SHA-256(0x00 || leaf)', () => {
    const path = newLogPath();
    const log = openAuditLog(path, { redact: [], privileged: false, now: steppingClock(), random: zeros });
    expect(log.logId).toMatch(/^alog_[0-9A-HJKMNP-TV-Z]{26}$/);
    const first = log.append('exec_end', { request_id: 'req_1', exit_code: 0, signal: null, duration_ms: 12, timed_out: false, revoked: false });
    const second = log.append('policy_loaded', { file: '/etc/approve-run/policy.yaml', digest: 'sha256:ab' });
    log.close();
    const rows = rowsOf(new Database(path, { readonly: true }));
    const id = JSON.stringify(log.logId);
    expect(rows[0]?.[1]).toBe(
      `{"duration_ms":12,"exit_code":0,"log":${id},"prev":"${'0'.repeat(64)}","request_id":"req_1","revoked":false,"seq":0,"signal":null,"timed_out":false,"ts":"2026-11-21T12:00:00.002Z","type":"exec_end","v":1}`,
    );
    const hash0 = leafHashOf(rows[0]?.[1] as string);
    expect(rows[0]?.[2]).toEqual(hash0);
    expect(first).toEqual({ seq: 0, hash: hash0.toString('hex') });
    expect(rows[1]?.[1]).toBe(
      `{"digest":"sha256:ab","file":"/etc/approve-run/policy.yaml","log":${id},"prev":"${hash0.toString('hex')}","seq":1,"ts":"2026-11-21T12:00:00.003Z","type":"policy_loaded","v":1}`,
    );
    expect(second.seq).toBe(1);
    expect(rows.map((r) => r[2].length)).toEqual([32, 32]);
  });

  it('keeps the log id across reopening and continues the chain', () => {
    const path = newLogPath();
    const a = openTestLog(path);
    appendRun(a, 1);
    a.close();
    const b = openTestLog(path);
    expect(b.logId).toBe(a.logId);
    expect(b.append('exec_end', { request_id: 'x' }).seq).toBe(4);
    b.close();
    expect(verifyFile(path)).toMatchObject({ ok: true, entries: 5 });
  });

  it.each([
    ['a float', { duration_ms: 1.5 }, /only safe integers/],
    ['undefined', { x: undefined }, /undefined/],
    ['a Date', { at: new Date(0) }, /plain objects/],
    ['a reserved field', { seq: 7 }, /reserved/],
    ['a reserved field (log)', { log: 'other' }, /reserved/],
  ])('refuses %s with ApproveRunError(audit) and writes nothing', (_name, fields, message) => {
    const path = newLogPath();
    const log = openTestLog(path);
    log.append('exec_start', { request_id: 'before' });
    let thrown: unknown;
    try {
      log.append('exec_end', fields as Record<string, unknown>);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApproveRunError);
    expect((thrown as ApproveRunError).kind).toBe('audit');
    expect((thrown as Error).message).toMatch(message);
    expect(rowsOf(log.db)).toHaveLength(1);
    log.close();
  });

  it('refuses an unknown entry type', () => {
    const log = openTestLog(newLogPath());
    expect(() => log.append('exec_middle' as never, {})).toThrow(/unknown audit entry type/);
    log.close();
  });

  it('logs bytes that are not UTF-8 in an explicit form, and the chain still verifies', () => {
    const path = newLogPath();
    const log = openTestLog(path);
    log.append('exec_start', { argv: ['cat', Buffer.from([0x2f, 0x74, 0x6d, 0x70, 0x2f, 0xff, 0x25]), Buffer.from('ok')], cwd: 'a\ud800b' });
    log.close();
    const leaf = rowsOf(new Database(path, { readonly: true }))[0]?.[1] as string;
    expect(leaf).toContain('"argv":["cat",{"non_utf8":"/tmp/%FF%25"},"ok"]');
    expect(leaf).toContain('"cwd":{"non_utf8":"a%ED%A0%80b"}');
    expect(verifyFile(path).ok).toBe(true);
  });
});

describe('storage', () => {
  it('creates the directory 0700 and the database 0600, in WAL mode with synchronous=FULL', () => {
    const path = newLogPath();
    const log = openTestLog(path);
    appendRun(log, 1);
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
    expect(log.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(log.db.pragma('synchronous', { simple: true })).toBe(2);
    log.close();
  });

  it('has the table layout promised to auditors', () => {
    const log = openTestLog(newLogPath());
    const columns = log.db.prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info('entries')").all();
    expect(columns).toEqual([
      { name: 'seq', type: 'INTEGER', notnull: 0, pk: 1 },
      { name: 'leaf', type: 'TEXT', notnull: 1, pk: 0 },
      { name: 'hash', type: 'BLOB', notnull: 1, pk: 0 },
    ]);
    log.close();
  });

  it('refuses UPDATE and DELETE on entries and checkpoints through triggers', () => {
    const log = openTestLog(newLogPath());
    appendRun(log, 1);
    expect(() => log.db.prepare("UPDATE entries SET leaf = 'x' WHERE seq = 0").run()).toThrow(/append-only/);
    expect(() => log.db.prepare('DELETE FROM entries WHERE seq = 3').run()).toThrow(/append-only/);
    log.db.prepare("INSERT INTO checkpoints(size, note, frontier) VALUES (0, 'n', x'')").run();
    expect(() => log.db.prepare('DELETE FROM checkpoints').run()).toThrow(/append-only/);
    expect(() => log.db.prepare("UPDATE checkpoints SET note = 'm'").run()).toThrow(/append-only/);
    expect(rowsOf(log.db)).toHaveLength(4);
    log.close();
  });
});

describe('transactions', () => {
  it('commits appends made inside transaction() together', () => {
    const path = newLogPath();
    const log = openTestLog(path);
    const seqs = log.transaction(() => [log.append('exec_start', { n: 1 }).seq, log.append('exec_end', { n: 2 }).seq]);
    expect(seqs).toEqual([0, 1]);
    log.close();
    expect(verifyFile(path)).toMatchObject({ ok: true, entries: 2 });
  });

  it('rolls back every append of a transaction that throws', () => {
    const log = openTestLog(newLogPath());
    log.append('exec_start', { n: 0 });
    expect(() =>
      log.transaction(() => {
        log.append('exec_start', { n: 1 });
        log.append('exec_end', { n: 2 });
        throw new Error('boom');
      }),
    ).toThrow(/boom/);
    expect(rowsOf(log.db)).toHaveLength(1);
    expect(log.append('exec_end', { n: 3 }).seq).toBe(1);
    log.close();
  });
});

describe('policy_loaded', () => {
  it('is appended only when the digest differs from the last one logged', () => {
    const path = newLogPath();
    const log = openTestLog(path);
    expect(lastPolicyDigest(log)).toBeNull();
    expect(appendPolicyLoadedIfChanged(log, { file: '/p.yaml', digest: 'sha256:aa' })?.seq).toBe(0);
    expect(appendPolicyLoadedIfChanged(log, { file: '/p.yaml', digest: 'sha256:aa' })).toBeNull();
    appendRun(log, 1);
    expect(appendPolicyLoadedIfChanged(log, { file: '/p.yaml', digest: 'sha256:bb' })?.seq).toBe(5);
    log.close();
    const reopened = openTestLog(path);
    expect(lastPolicyDigest(reopened)).toBe('sha256:bb');
    expect(appendPolicyLoadedIfChanged(reopened, { file: '/p.yaml', digest: 'sha256:bb' })).toBeNull();
    reopened.close();
    const types = rowsOf(new Database(path, { readonly: true })).map(([, leaf]) => (JSON.parse(leaf) as { type: string }).type);
    expect(types.filter((t) => t === 'policy_loaded')).toHaveLength(2);
  });
});
