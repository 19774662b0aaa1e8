// `audit export`, `audit checkpoint` and `keygen` through the built CLI (run `npm run build`
// first), and docs/verify_export.py run by python3 against real and tampered exports.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { appendRun, attacker, newLogPath, openTestLog, parsedLeaves, rewriteChain } from './helpers.js';
import { buildLog, cliEnv, cliVerify, keyFiles, tempFile } from './fixtures.js';

const cli = (args: string[]) => runCli(args, { env: cliEnv() });

describe('audit export', () => {
  it('jsonl is the stored leaves byte for byte, to stdout or to a new 0600 file', async () => {
    const built = buildLog(2, true);
    const expected = Buffer.concat(
      (new Database(built.path, { readonly: true }).prepare('SELECT CAST(leaf AS BLOB) FROM entries ORDER BY seq').pluck().all() as Buffer[]).flatMap((b) => [b, Buffer.from('\n')]),
    );
    const stdout = await cli(['audit', 'export', '--audit-db', built.path]);
    expect(Buffer.from(stdout.stdout)).toEqual(expected);
    const file = join(tempDir(), 'audit.jsonl');
    const written = await cli(['audit', 'export', '--format', 'jsonl', '-o', file, '--audit-db', built.path]);
    expect(written.code).toBe(0);
    expect(readFileSync(file)).toEqual(expected);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('csv has one row per run, quoted properly, with formulas neutralised', async () => {
    const path = newLogPath();
    const log = openTestLog(path);
    appendRun(log, 1);
    appendRun(log, 2, { argv: ['=HYPERLINK("http://x")', 'a,b', 'say "hi"\nbye'], outcome: 'denied_by_policy', exit: null });
    appendRun(log, 3, { argv: ['-rm', '@x', '+1'], exit: 3 });
    log.close();
    const result = await cli(['audit', 'export', '--format', 'csv', '--audit-db', path]);
    expect(result.code).toBe(0);
    const rows = result.stdout.split('\r\n');
    expect(rows[0]).toBe('time,requester,actor,command,rules,decision,approvers,exit_code,duration_ms');
    expect(rows[1]).toBe('2026-11-21T12:00:00.002Z,deploy,agent:ci,systemctl restart nginx.service,restart-web,approved,alice,0,101');
    expect(rows[2]).toBe(`2026-11-21T12:00:00.006Z,deploy,agent:ci,"'=HYPERLINK(""http://x"")' a,b 'say ""hi""\nbye'",restart-web,denied_by_policy,alice,,102`);
    expect(rows[3]).toBe("2026-11-21T12:00:00.010Z,deploy,agent:ci,'-rm @x +1,restart-web,approved,alice,3,103");
    expect(rows[4]).toBe('');
    expect(rows).toHaveLength(5);
  });

  it('refuses an unknown format with exit 125', async () => {
    const result = await cli(['audit', 'export', '--format', 'xml', '--audit-db', buildLog(1, false).path]);
    expect(result.code).toBe(125);
  });
});

describe('docs/verify_export.py against real exports', () => {
  const script = join(process.cwd(), 'docs/verify_export.py');
  // Exports the log at `path` to a file and returns its path.
  async function exportOf(path: string): Promise<string> {
    const file = join(tempDir(), 'audit.jsonl');
    expect((await cli(['audit', 'export', '-o', file, '--audit-db', path])).code).toBe(0);
    return file;
  }
  const python = (args: string[]) => spawnSync('python3', [script, ...args], { encoding: 'utf8' });

  it('accepts an intact export and its trusted checkpoint', async () => {
    const built = buildLog(3, true);
    const file = await exportOf(built.path);
    const result = python([file, '--trusted', tempFile('t.note', built.notes[2] as string)]);
    expect(result.stdout).toBe('OK: 15 entries, 3 checkpoint roots match (signatures not checked)\n');
    expect(result.status).toBe(0);
  });

  it.each([
    ['a changed field', (lines: string[]) => void (lines[6] = (lines[6] as string).replace('"approved"', '"allowed"')), /PREV_MISMATCH at seq 7/],
    ['a deleted line', (lines: string[]) => void lines.splice(7, 1), /SEQ_GAP at seq 7/],
    ['a non-canonical line', (lines: string[]) => void (lines[0] = (lines[0] as string).replace(',', ', ')), /NONCANONICAL at seq 0/],
    ['a float', (lines: string[]) => void (lines[2] = (lines[2] as string).replace(/"pid":(\d+)/, '"pid":$1.0')), /NONCANONICAL at seq 2/],
    ['a truncated last line', (lines: string[]) => void (lines[14] = (lines[14] as string).slice(0, -1)), /NONCANONICAL at seq 14/],
  ])('rejects an export with %s', async (_name, tamper, message) => {
    const file = await exportOf(buildLog(3, true).path);
    const lines = readFileSync(file, 'utf8').split('\n');
    tamper(lines);
    writeFileSync(file, lines.join('\n'));
    const result = python([file]);
    expect(result.stdout).toMatch(message);
    expect(result.status).toBe(1);
  });

  it('rejects a forged, consistently re-hashed export by its checkpoint roots, and a cut one by --trusted', async () => {
    const built = buildLog(3, true);
    const db = attacker(built.path);
    const leaves = parsedLeaves(db);
    leaves.splice(6, 0, { ...leaves[7] });
    rewriteChain(db, leaves, 6);
    db.close();
    const forged = python([await exportOf(built.path)]);
    expect(forged.stdout).toMatch(/CHECKPOINT_MISMATCH: checkpoint at seq 10/);
    const cut = buildLog(3, true);
    const trusted = tempFile('t.note', cut.notes[2] as string);
    const cdb = attacker(cut.path);
    cdb.prepare('DELETE FROM entries WHERE seq >= 9').run();
    cdb.close();
    const result = python([await exportOf(cut.path), '--trusted', trusted]);
    expect(result.stdout).toMatch(/BEHIND_TRUSTED at seq 9/);
    expect(result.status).toBe(1);
  });
});

describe('audit checkpoint and keygen', () => {
  // A policy whose settings.audit points at `db` and `key`.
  function policyFile(db: string, key: string | null): string {
    const audit = key === null ? `{ db: ${db} }` : `{ db: ${db}, checkpoint_key: ${key} }`;
    return tempFile('policy.yaml', `version: 1\nsettings:\n  audit: ${audit}\nrules:\n  - id: t\n    match: { command: "true" }\n    decision: allow\n`);
  }

  it('signs, stores and prints the current note; -o writes it; verify --trusted accepts it', async () => {
    const key = keyFiles();
    const built = buildLog(2, false, key);
    const policy = policyFile(built.path, key.keyFile);
    const printed = await cli(['audit', 'checkpoint', '-p', policy]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/^approve-run\/alog_\w+\n8\n[A-Za-z0-9+/]{43}=\n\n— approve-run\/alog_\w+ \S+\n$/);
    expect(printed.stderr).toMatch(/^(approve-run: warning: checkpoint 8 is stored in the audit log but was not sent to syslog: .*\n)?$/);
    const file = join(tempDir(), 'checkpoint.txt');
    expect((await cli(['audit', 'checkpoint', '-p', policy, '-o', file])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(printed.stdout);
    const verify = await cliVerify(built.path, ['--key', key.pubFile, '--trusted', file]);
    expect(verify.report).toMatchObject({ ok: true, entries: 9, checkpoints: 1 });
  });

  it('exits 125 without a checkpoint key, or when the log does not exist', async () => {
    const built = buildLog(1, false);
    const noKey = await cli(['audit', 'checkpoint', '-p', policyFile(built.path, null)]);
    expect(noKey.code).toBe(125);
    expect(noKey.stderr).toMatch(/needs settings.audit.checkpoint_key/);
    const missing = await cli(['audit', 'checkpoint', '-p', policyFile(join(tempDir(), 'none.db'), keyFiles().keyFile)]);
    expect(missing.code).toBe(125);
    expect(missing.stderr).toMatch(/does not exist/);
  });

  it('keygen writes PREFIX.key (0600, PEM) and PREFIX.pub (one ed25519: line) and never overwrites', async () => {
    const prefix = join(tempDir(), 'audit');
    const first = await cli(['keygen', '-o', prefix]);
    expect(first.code).toBe(0);
    expect(statSync(`${prefix}.key`).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${prefix}.key`, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n$/);
    const pub = readFileSync(`${prefix}.pub`, 'utf8');
    expect(pub).toMatch(/^ed25519:[A-Za-z0-9+/]{43}=\n$/);
    const again = await cli(['keygen', '-o', prefix]);
    expect(again.code).toBe(125);
    expect(readFileSync(`${prefix}.pub`, 'utf8')).toBe(pub);
    const orphan = join(tempDir(), 'half');
    writeFileSync(`${orphan}.pub`, 'keep\n');
    expect((await cli(['keygen', '-o', orphan])).code).toBe(125);
    expect(existsSync(`${orphan}.key`)).toBe(false);
    expect((await cli(['keygen'])).code).toBe(125);
  });

  it.each(['audit verify', 'audit log', 'audit export', 'audit checkpoint', 'keygen', 'audit'])('%s --help shows an example', async (command) => {
    const result = await cli([...command.split(' '), '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Examples:\n\s+\$ approve-run /);
  });
});
