// The fast path's parser (src/commands/option-tables.ts) against commander (src/cli.ts): for
// every argv vector the fast parser accepts, commander must produce exactly the same options;
// what it declines (bad, unusual or other commands) is left to commander unchanged.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { CHECK_OPTIONS, commanderFlags, parseFastCommand, RUN_OPTIONS, type FastCommand } from '../../src/commands/option-tables.js';
import { ApproveRunError } from '../../src/errors.js';

/** Thrown when commander would start another command (it asks for the context). */
class OtherCommand extends Error {}

// What commander parsed (through the handler seams), the usage error it threw, or that it
// would start some other command.
async function viaCommander(argv: string[]): Promise<FastCommand | { error: string } | { other: true }> {
  let parsed: FastCommand | null = null;
  try {
    await runCli(argv, {
      context: () => {
        throw new OtherCommand();
      },
      run: async (options) => {
        parsed = { name: 'run', options };
        return 0;
      },
      check: async (options) => {
        parsed = { name: 'check', options };
        return 0;
      },
    });
  } catch (error) {
    if (error instanceof ApproveRunError && error.kind === 'usage') return { error: error.message };
    if (error instanceof OtherCommand) return { other: true };
    throw error;
  }
  if (parsed === null) throw new Error(`commander ran no run or check handler for ${JSON.stringify(argv)}`);
  return parsed;
}

// Vectors the fast path takes: [argv].
const FAST: string[][] = [
  ['--', 'true'],
  ['--', 'systemctl', 'restart', 'nginx', '--', '-x'],
  ['run', '--', 'true'],
  ['-p', 'p.yaml', '--', 'ls', '-l'],
  ['--policy', 'p.yaml', '--audit-db', 'a.db', '--', 'ls'],
  ['--policy=p.yaml', '--audit-db=a.db', '--', 'ls'],
  ['-pp.yaml', '--', 'ls'],
  ['-r', 'deploy the thing', '--actor', 'agent:ci', '--timeout', '90s', '--', 'make'],
  ['-rdeploy', '--', 'make'],
  ['--reason=', '--json', '--', 'make'],
  ['--no-wait', '--json', '--shell', '--', 'make install'],
  ['run', '--no-wait', '--', 'systemctl', 'restart', 'nginx'],
  ['-r', '-x', '--', 'make'],
  ['-p', '--json', '--', 'make'],
  ['--reason', 'run', '--', 'make'],
  ['--shell', '--', 'a && b'],
  ['--shell', '--shell', '--non-interactive', '--json', '--', 'a'],
  ['run', '-p', 'a.yaml', '-p', 'b.yaml', '--', 'x'],
  ['run', '--json', '--', ''],
  ['check', '--', 'rm', '-rf', '/'],
  ['check', '--json', '--shell', '-p', 'p.yaml', '--', 'a | b'],
  ['check', '--actor', 'agent:x', '--policy=q.yaml', '--', 'git', 'push'],
  ['check', '-pq.yaml', '--', 'ls'],
];

// Vectors the fast path declines: [argv]; commander must still answer them.
const DECLINED: string[][] = [
  ['true'],
  ['--'],
  ['run', '--'],
  ['run'],
  ['-p', 'p.yaml'],
  ['-p', 'p.yaml', 'true'],
  ['stray', '--', 'true'],
  ['--json', 'run', '--', 'true'],
  ['--unknown', '--', 'true'],
  ['--pol', 'x', '--', 'true'],
  ['--json=1', '--', 'true'],
  ['--shell=yes', '--', 'true'],
  ['-x', '--', 'true'],
  ['-', '--', 'true'],
  ['-p', '--', 'true'],
  ['--reason', '--', 'true'],
  ['--timeout', '--', '--', 'x'],
  ['check', '--audit-db', 'a.db', '--', 'ls'],
  ['check', '-r', 'why', '--', 'ls'],
  ['check', '--non-interactive', '--', 'ls'],
  ['check', '--', ],
  ['check', 'ls'],
  ['run', 'check', '--', 'ls'],
  ['policy', 'validate', '--', 'x'],
  ['audit', 'verify', '--', 'x'],
  ['keygen', '-o', 'k', '--', 'x'],
];

// Vectors declined and printing help or the version (commander would write it out).
const HELP: string[][] = [
  [],
  ['-h', '--', 'true'],
  ['--help', '--', 'true'],
  ['-V', '--', 'true'],
  ['--version', '--', 'true'],
  ['run', '--help', '--', 'true'],
  ['check', '-h', '--', 'ls'],
  ['help', '--', 'run'],
];

describe('the fast parser agrees with commander', () => {
  it.each(FAST.map((argv) => [argv.join(' '), argv]))('takes `%s` exactly as commander does', async (_shown, argv) => {
    const fast = parseFastCommand(argv);
    expect(fast).not.toBeNull();
    expect(await viaCommander(argv)).toEqual(fast);
  });

  it.each(DECLINED.map((argv) => [argv.join(' '), argv]))('leaves `%s` to commander, which rejects it or runs another command', async (_shown, argv) => {
    expect(parseFastCommand(argv)).toBeNull();
    const answer = await viaCommander(argv);
    expect('error' in answer || 'other' in answer).toBe(true);
  });

  it.each(HELP.map((argv) => [argv.join(' '), argv]))('leaves help and version `%s` to commander', (_shown, argv) => {
    expect(parseFastCommand(argv)).toBeNull();
  });
});

describe('one table drives both parsers', () => {
  it('every run and check option appears in commander help, spelled from the table', async () => {
    let out = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      out += chunk;
      return true;
    }) as typeof process.stdout.write;
    try {
      await runCli(['run', '--help']);
      await runCli(['check', '--help']);
    } finally {
      process.stdout.write = write;
    }
    for (const spec of [...RUN_OPTIONS, ...CHECK_OPTIONS]) expect(out).toContain(`${commanderFlags(spec)}`);
    expect(out).toContain('--non-interactive');
  });
});
