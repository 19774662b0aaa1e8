// Every file named on the command line under sudo (SPEC §11), through the built CLI with
// SUDO_UID set (the tests run as root, nobody is the invoker): a root-only file's content never
// reaches the output, whatever subcommand names it. And `-o` output is atomic (item 9).
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attacker, newLogPath, openTestLog, appendRun } from '../audit/helpers.js';
import { cliEnv } from '../audit/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const SECRET = 'root-only-marker-7f3a';
const sudo = { ...cliEnv(), SUDO_UID: '65534', SUDO_USER: 'nobody', SUDO_GID: '65534' };

// A traversable directory with root-only (0600) files: a shadow-like file, a YAML file whose
// keys are secret, a test-case file, a key and a note.
function rootOnlyFiles(): Record<'dir' | 'shadow' | 'yaml' | 'cases' | 'pub' | 'note', string> {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text, { mode: 0o600 });
    return join(dir, name);
  };
  return {
    dir,
    shadow: write('shadow', `root:$6$${SECRET}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n`),
    yaml: write('secret.yaml', `version: 1\n${SECRET}: 1\nrules: []\n`),
    cases: write('cases.yaml', `- { command: [${SECRET}], expect: allow }\n`),
    pub: write('key.pub', `${SECRET}\n`),
    note: write('note', `${SECRET}\n`),
  };
}

describe('privileged mode: files named on the command line are read with the invoker\'s rights', () => {
  const files = rootOnlyFiles();
  it.each([
    ['policy validate /etc/shadow-like', ['policy', 'validate', files.shadow], files.shadow],
    ['policy validate root-only YAML', ['policy', 'validate', files.yaml], files.yaml],
    ['policy test root-only cases', ['policy', 'test', files.cases], files.cases],
    ['audit verify --key', ['audit', 'verify', '--key', files.pub], files.pub],
    ['audit verify --trusted', ['audit', 'verify', '--trusted', files.note], files.note],
  ])('%s: refused with exit 125, permission denied, nothing of the content shown', async (_what, args, path) => {
    const result = await runCli(args, { env: sudo, cwd: files.dir });
    expect(result.code).toBe(125);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(result.stdout + result.stderr).not.toContain('daemon');
    expect(result.stderr).toMatch(new RegExp(`cannot read .*${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: permission denied\\n$`));
  });

  it('the same files are read by root outside privileged mode (so the refusal is the invoker\'s)', async () => {
    const result = await runCli(['policy', 'validate', files.yaml], { env: cliEnv() });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(SECRET);
  });

  it('a missing file and a present one in a root-only directory give the same answer', async () => {
    const hidden = join(files.dir, 'hidden');
    mkdirSync(hidden, { mode: 0o700 });
    writeFileSync(join(hidden, 'a.yaml'), 'version: 1\nrules: []\n', { mode: 0o644 });
    const present = await runCli(['policy', 'validate', join(hidden, 'a.yaml')], { env: sudo });
    const missing = await runCli(['policy', 'validate', join(hidden, 'b.yaml')], { env: sudo });
    expect(present.code).toBe(125);
    expect(missing.code).toBe(125);
    expect(present.stderr.replace('a.yaml', 'X')).toBe(missing.stderr.replace('b.yaml', 'X'));
  });

  it('a file the invoker can read is validated as usual', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'p.yaml'), 'version: 1\nrules: []\n', { mode: 0o644 });
    const result = await runCli(['policy', 'validate', 'p.yaml'], { env: sudo, cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/p\.yaml: valid/);
  });

  it('policy test cases look up commands with the invoker\'s rights: a root-only program does not exist for them', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const bin = join(dir, 'bin');
    mkdirSync(bin, { mode: 0o700 });
    writeFileSync(join(bin, 'tool'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(dir, 'p.yaml'), `version: 1\nsettings: { secure_path: "${bin}" }\nrules:\n  - { id: t, match: { command: tool }, decision: allow }\ntests:\n  - { command: [tool], expect: allow }\n`, { mode: 0o644 });
    expect((await runCli(['policy', 'validate', join(dir, 'p.yaml')], { env: cliEnv() })).code).toBe(0);
    const result = await runCli(['policy', 'validate', join(dir, 'p.yaml')], { env: sudo });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/expected allow, got deny/);
  });
});

describe('-o is written atomically (audit export)', () => {
  it('a failure half-way leaves the old file whole and no temporary file', async () => {
    const path = newLogPath();
    const log = openTestLog(path);
    appendRun(log, 1);
    appendRun(log, 2);
    log.close();
    const db = attacker(path);
    db.prepare('UPDATE entries SET leaf = ? WHERE seq = 5').run('not json');
    db.close();
    const dir = tempDir();
    const out = join(dir, 'runs.csv');
    writeFileSync(out, 'previous export\n');
    const result = await runCli(['audit', 'export', '--format', 'csv', '-o', out, '--audit-db', path], { env: cliEnv() });
    expect(result.code).toBe(125);
    expect(result.stderr).toMatch(/unreadable entry/);
    expect(readFileSync(out, 'utf8')).toBe('previous export\n');
    expect(readdirSync(dir)).toEqual(['runs.csv']);
  });

  it('a write error (/dev/full) is exit 125 naming the cause', async () => {
    const path = newLogPath();
    const log = openTestLog(path);
    appendRun(log, 1);
    log.close();
    const result = await runCli(['audit', 'export', '-o', '/dev/full', '--audit-db', path], { env: cliEnv() });
    expect(result.code).toBe(125);
    expect(result.stderr).toBe('approve-run: cannot write /dev/full: no space left on device\n');
  });
});
