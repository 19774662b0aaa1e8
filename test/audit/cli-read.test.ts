// `audit verify` and `audit log` through the built CLI (run `npm run build` first): outputs,
// exit codes, and hostile input to each.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { appendRun, attacker, newLogPath, openTestLog, rowsOf } from './helpers.js';
import { buildLog, cliEnv, cliVerify, tempFile } from './fixtures.js';

const cli = (args: string[]) => runCli(args, { env: cliEnv() });

describe('audit verify', () => {
  it('prints a one-line verdict for people', async () => {
    const built = buildLog(2, true);
    const ok = await cli(['audit', 'verify', '--audit-db', built.path]);
    expect(ok.stdout).toBe('audit log intact: 10 entries, 2 checkpoints verified (signatures not checked: no --key)\n');
    expect(ok.code).toBe(0);
    const one = await cli(['audit', 'verify', '--audit-db', buildLog(1, true).path]);
    expect(one.stdout).toMatch(/^audit log intact: \d+ entries, 1 checkpoint verified \(/);
    const db = attacker(built.path);
    db.prepare('DELETE FROM entries WHERE seq = 2').run();
    db.close();
    const broken = await cli(['audit', 'verify', '--audit-db', built.path, '--key', built.key.publicLine]);
    expect(broken.stdout).toBe('audit log NOT intact: SEQ_GAP at seq 2: entry 2 is missing (next stored seq is 3)\n');
    expect(broken.code).toBe(1);
  });

  it('LOG_MISSING for a missing file or a database without entries', async () => {
    const missing = await cliVerify(join(tempDir(), 'none.db'));
    expect(missing.report).toMatchObject({ ok: false, entries: 0, code: 'LOG_MISSING', first_bad_seq: 0 });
    expect(missing.code).toBe(1);
    const empty = join(tempDir(), 'other.db');
    new Database(empty).exec('CREATE TABLE unrelated(x)');
    expect((await cliVerify(empty)).report).toMatchObject({ code: 'LOG_MISSING' });
  });

  it('an empty but valid log is intact', async () => {
    const path = newLogPath();
    openTestLog(path).close();
    expect((await cliVerify(path)).report).toEqual({ ok: true, entries: 0, checkpoints: 0, first_bad_seq: null, code: null, message: null });
  });

  it.each([
    ['a file that is not a database', async () => ['--audit-db', tempFile('x.db', 'garbage '.repeat(200))], /cannot read audit log/],
    ['a directory as database', async () => ['--audit-db', tempDir()], /cannot read audit log/],
    ['an unreadable --key', async () => ['--audit-db', buildLog(1, false).path, '--key', '/nonexistent.pub'], /cannot read --key \/nonexistent.pub: no such file/],
    ['a malformed --key', async () => ['--audit-db', buildLog(1, false).path, '--key', 'ed25519:AAAA'], /cannot use --key/],
    ['a --trusted file that is not a note', async () => ['--audit-db', buildLog(1, false).path, '--trusted', tempFile('n', 'hello\n')], /cannot use --trusted/],
  ])('exits 125 on %s', async (_name, args, message) => {
    const result = await cli(['audit', 'verify', '--json', ...(await args())]);
    expect(result.code).toBe(125);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('audit log', () => {
  // A log with three runs, the second with a hostile argv.
  function sampleLog(): string {
    const path = newLogPath();
    const log = openTestLog(path);
    appendRun(log, 1);
    appendRun(log, 2, { argv: ['echo', '\u001b[31mred\u001b[0m', 'a b'], outcome: 'denied_by_policy', exit: null });
    appendRun(log, 3);
    log.close();
    return path;
  }

  it('prints a table with terminal escapes neutralised', async () => {
    const result = await cli(['audit', 'log', '--audit-db', sampleLog()]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s+SEQ\s+TIME\s+TYPE\s+DETAILS$/);
    expect(lines).toHaveLength(13);
    expect(lines[5]).toMatch(/^\s+4\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+request\s+req_0002 deploy as agent:ci: echo '\\u\{001B\}\[31mred\\u\{001B\}\[0m' 'a b' \[restart-web\]$/);
    expect(lines[6]).toContain('denied_by_policy by alice');
    expect(result.stdout).not.toContain('\u001b');
  });

  it('--limit keeps the most recent entries; --json prints the stored leaves', async () => {
    const path = sampleLog();
    const limited = await cli(['audit', 'log', '--audit-db', path, '--limit', '2', '--json']);
    const leaves = rowsOf(new Database(path, { readonly: true })).map(([, leaf]) => leaf);
    expect(limited.stdout).toBe(`${leaves.slice(-2).join('\n')}\n`);
  });

  it('--since filters by time (dates, date-times and durations)', async () => {
    const path = sampleLog();
    const future = await cli(['audit', 'log', '--audit-db', path, '--since', '2999-01-01', '--json']);
    expect(future.stdout).toBe('');
    const past = await cli(['audit', 'log', '--audit-db', path, '--since', '2000-01-01T00:00Z', '--json']);
    expect(past.stdout.trimEnd().split('\n')).toHaveLength(12);
    const cut = await cli(['audit', 'log', '--audit-db', path, '--since', '2026-11-21T12:00:00.010Z', '--json']);
    expect(cut.stdout.trimEnd().split('\n').length).toBeLessThan(12);
    expect(cut.code).toBe(0);
  });

  it.each([
    [['--since', 'yesterday'], /--since: expected a duration/],
    [['--since', '2026-02-30'], /not a date/],
    [['--since', '0m'], /--since/],
    [['--since', '400d'], /366d/],
    [['--limit', '0'], /--limit/],
    [['--limit', '-3'], /--limit/],
    [['--limit', 'ten'], /--limit/],
  ])('refuses %j with exit 125', async (args, message) => {
    const result = await cli(['audit', 'log', '--audit-db', sampleLog(), ...args]);
    expect(result.code).toBe(125);
    expect(result.stderr).toMatch(message);
  });

  it('fails with 125 on a missing log', async () => {
    const result = await cli(['audit', 'log', '--audit-db', join(tempDir(), 'none.db')]);
    expect(result.code).toBe(125);
    expect(result.stderr).toMatch(/does not exist/);
  });
});

