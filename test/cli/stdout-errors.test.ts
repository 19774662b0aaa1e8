// Write errors on approve-run's own standard output: every command that prints exits 125 with
// the cause on stderr, with stdout on the real /dev/full (ENOSPC) and on a pipe whose reader
// is already gone (EPIPE). A command started by `run` owns its output: its write errors are its own.
import { spawn } from 'node:child_process';
import { openSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const POLICY = 'policies.example.yaml';
let dir = '';
let db = '';
let cases = '';

beforeAll(async () => {
  dir = tempDir('stdout-');
  db = join(dir, 'audit.db');
  cases = join(dir, 'cases.yaml');
  writeFileSync(cases, '- { command: [uname, -sr], expect: allow }\n');
  expect((await runCli(['-p', POLICY, '--audit-db', db, '--', 'true'])).code).toBe(0);
});

interface Ended {
  code: number | null;
  stderr: string;
}

// Runs the CLI with stdout on `stdout`: a file descriptor, or 'closed-pipe' (a pipe whose read end is closed at once).
function runWithStdout(args: string[], stdout: number | 'closed-pipe'): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ['ignore', stdout === 'closed-pipe' ? 'pipe' : stdout, 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.stdout?.destroy();
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

// Every command that prints, as a function of the test's files.
const printing = (): [string, string[]][] => [
  ['check', ['check', '-p', POLICY, '--', 'uname']],
  ['check --json', ['check', '--json', '-p', POLICY, '--', 'uname']],
  ['policy validate', ['policy', 'validate', POLICY]],
  ['policy test', ['policy', 'test', cases, '-p', POLICY]],
  ['audit log', ['audit', 'log', '--audit-db', db]],
  ['audit log --json', ['audit', 'log', '--json', '--audit-db', db]],
  ['audit export', ['audit', 'export', '--audit-db', db]],
  ['audit export --format csv', ['audit', 'export', '--format', 'csv', '--audit-db', db]],
  ['audit verify', ['audit', 'verify', '--audit-db', db]],
  ['audit verify --json', ['audit', 'verify', '--json', '--audit-db', db]],
  ['session list --json', ['session', 'list', '--json', '--all', '--audit-db', db]],
  ['keygen', ['keygen', '-o', join(dir, `key-${Math.random().toString(36).slice(2)}`)]],
  ['--help', ['--help']],
  ['check --help', ['check', '--help']],
  ['--version', ['--version']],
];

describe('write errors on stdout', () => {
  it.each(['/dev/full', 'closed-pipe'] as const)('every printing command exits 125 with the cause (%s)', async (target) => {
    for (const [name, args] of printing()) {
      const fd = target === '/dev/full' ? openSync('/dev/full', 'w') : 'closed-pipe';
      try {
        const ended = await runWithStdout(args, fd);
        const cause = target === '/dev/full' ? 'no space left on device (ENOSPC)' : 'the reader closed the pipe (EPIPE)';
        expect({ name, ...ended }).toEqual({ name, code: 125, stderr: expect.stringContaining(`approve-run: cannot write to standard output: ${cause}\n`) as unknown });
      } finally {
        if (typeof fd === 'number') closeSync(fd);
      }
    }
  });

  it("leaves a run's exit code to the command, which owns its output", async () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const quiet = await runWithStdout(['-p', POLICY, '--audit-db', db, '--', 'true'], fd);
      expect(quiet).toEqual({ code: 0, stderr: '' });
      const loud = await runWithStdout(['-p', POLICY, '--audit-db', db, '--', 'uname'], fd);
      expect(loud.code).toBe(1);
      expect(loud.stderr).not.toContain('approve-run:');
    } finally {
      closeSync(fd);
    }
  });

  it('still exits 0 when the output was written', async () => {
    const fd = openSync(join(dir, 'out.txt'), 'w');
    try {
      expect(await runWithStdout(['check', '-p', POLICY, '--', 'uname'], fd)).toEqual({ code: 0, stderr: '' });
    } finally {
      closeSync(fd);
    }
  });
});
