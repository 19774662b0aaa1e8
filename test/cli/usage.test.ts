// Top-level usage: help, version, and a bare invocation, through the built CLI.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('top-level usage', () => {
  it.each([[[]], [['audit']], [['session']], [['policy']]])('%j shows usage on stderr and exits 125, with no stray line', async (args) => {
    const result = await runCli(args);
    expect(result.code).toBe(125);
    expect(result.stderr).toContain('Usage: approve-run');
    expect(result.stderr).not.toContain('(outputHelp)');
    expect(result.stdout).toBe('');
  });

  it('--help prints usage with examples on stdout and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Examples:');
  });

  it('--version prints the package version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

// Typos and misplaced commands are refused (125) with a message that names the mistake and,
// where a fix is plain, shows the corrected line; nothing is guessed and nothing runs.
describe('precise usage errors', () => {
  const P = ['-p', 'policies.example.yaml'];
  it.each([
    [['chek', '--', 'uname'], "approve-run: unknown command 'chek' (did you mean check?)"],
    [['chek'], "approve-run: unknown command 'chek' (did you mean check?)"],
    [['audti', 'log'], "approve-run: unknown command 'audti' (did you mean audit?)"],
    [['sesion', 'list'], "approve-run: unknown command 'sesion' (did you mean session?)"],
    [['Polcy', 'validate'], "approve-run: unknown command 'Polcy' (did you mean policy?)"],
    [['audit', 'lg'], "approve-run: unknown command 'lg' (did you mean log?)"],
    [['--jsno', '--', 'uname'], "approve-run: unknown option '--jsno' (did you mean --json?)"],
    [['uname', '-a'], "approve-run: missing '--' before the command: approve-run -- uname -a"],
    [['check', ...P, 'uname', '-a'], "approve-run: missing '--' before the command: approve-run check -p policies.example.yaml -- uname -a"],
    [['check', 'ls', '--', '-la'], "approve-run: the command goes after '--': approve-run check -- ls -la"],
    [['foo', '--', 'uname'], "approve-run: unknown command 'foo' (commands: run, check, policy, audit, session, keygen, config, serve, approve, deny, hook, mcp, wait, request; a command to run goes after '--': approve-run -- foo uname)"],
    [['run', 'uname', '--json'], "approve-run: missing '--' before the command, and '--json' after uname could be approve-run's or the command's: write approve-run run --json -- uname or approve-run run -- uname --json"],
    [['run', 'ls', '-p', 'x.yaml', 'dir'], "approve-run: missing '--' before the command, and '-p' after ls could be approve-run's or the command's: write approve-run run -p x.yaml -- ls dir or approve-run run -- ls -p x.yaml dir"],
    [['run', "it's", '-r', 'a b'], "approve-run: missing '--' before the command, and '-r' after 'it'\\''s' could be approve-run's or the command's: write approve-run run -r 'a b' -- 'it'\\''s' or approve-run run -- 'it'\\''s' -r 'a b'"],
    [['\u001b[2Jchek', '--', 'x'], "approve-run: unknown command '\\x1b[2Jchek' (commands: run, check, policy, audit, session, keygen, config, serve, approve, deny, hook, mcp, wait, request; a command to run goes after '--': approve-run -- '\\x1b[2Jchek' x)"],
    [['-x\u001b', '--', 'ls'], "approve-run: unknown option '-x\\x1b'"],
  ])('%j → exit 125: %s', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(125);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${message}\n`);
  });

  it('a command word far from every command name is not called a typo', async () => {
    for (const word of ['ls', 'id', 'env', 'cat', 'top']) {
      const result = await runCli([word]);
      expect(result.stderr).toBe(`approve-run: missing '--' before the command: approve-run -- ${word}\n`);
    }
  });
});
