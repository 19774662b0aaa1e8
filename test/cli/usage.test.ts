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
