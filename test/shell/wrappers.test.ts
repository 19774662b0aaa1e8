// Transparent wrappers, shells and privilege runners (SPEC §4.3): where the inner command
// starts, which candidate needs an allow rule, and when the reader is unsure.
import { describe, expect, it } from 'vitest';
import { expandRequest } from '../../src/shell/expand.js';
import type { Expansion } from '../../src/shell/types.js';
import { settings } from '../helpers/settings.js';

const expand = (argv: string[]): Promise<Expansion> => expandRequest({ argv, shell: null }, settings);
const commands = (e: Expansion): string[][] => e.candidates.filter((c) => c.role === 'command').map((c) => c.argv);
const unsure = (e: Expansion): boolean => e.candidates.some((c) => c.escalations.some((x) => x.cover === null));

// Each wrapper spelling must leave exactly `git status` as the command that needs a rule.
const UNWRAPS: readonly string[][] = [
  ['timeout', '30'], ['timeout', '-s', 'KILL', '5'], ['timeout', '-sKILL', '5'], ['timeout', '-k', '5', '10'], ['timeout', '--signal=KILL', '1.5m'],
  ['timeout', '--preserve-status', '--foreground', '10'], ['timeout', '--kill-after', '5s', '--sig', 'TERM', '9'],
  ['nice'], ['nice', '-n', '5'], ['nice', '-n5'], ['nice', '-5'], ['nice', '--5'], ['nice', '--adjustment=3'], ['nice', '--adj', '3'],
  ['nohup'], ['nohup', '--'], ['stdbuf', '-oL'], ['stdbuf', '-i', '0', '-e', 'L'], ['stdbuf', '--output=L'],
  ['ionice', '-c', '2', '-n', '7'], ['ionice', '-c2', '-t'], ['ionice', '--class', 'idle'],
  ['chrt', '-f', '10'], ['chrt', '--rr', '5'], ['chrt', '-b', '0'], ['chrt', '-T', '100', '-P', '200', '-D', '300', '-d', '0'],
  ['taskset', '0x3'], ['taskset', '-c', '0,2-3'], ['taskset', '-a', 'ff'],
  ['setsid'], ['setsid', '-f'], ['setsid', '-w', '--ctty'],
  ['time'], ['time', '-p'], ['time', '-f', '%e'], ['time', '--format=%e', '-q'],
  ['command'], ['command', '-p'], ['builtin'], ['exec'], ['exec', '-l'], ['exec', '-c', '--'],
  ['env'], ['env', '-i'], ['env', '-'], ['env', '-u', 'HOME'], ['env', '--unset=X', '-v'], ['env', '--'],
  ['timeout', '5', 'nice', '-n', '2', 'nohup', 'stdbuf', '-oL', 'env'],
];

describe('transparent wrappers', () => {
  it.each(UNWRAPS.map((w) => [w.join(' '), w] as const))('%s git status', async (_name, wrapper) => {
    const e = await expand([...wrapper, 'git', 'status']);
    expect(commands(e)).toEqual([['git', 'status']]);
    expect(e.candidates.filter((c) => c.role === 'wrapper').length).toBeGreaterThan(0);
    expect(unsure(e)).toBe(false);
  });

  it('takes env NAME=value words as environment of the inner command; env -i drops earlier prefixes', async () => {
    const e = await expand(['env', 'LANG=C', 'TZ=UTC', 'git', 'status']);
    expect(e.candidates.find((c) => c.role === 'command')!.env).toEqual([['LANG', 'C'], ['TZ', 'UTC']]);
    const line = 'LANG=x env -i TERM=y git status';
    const s = await expandRequest({ argv: [line], shell: line }, settings);
    expect(s.candidates.find((c) => c.role === 'command')!.env).toEqual([['TERM', 'y']]);
  });

  it.each([
    [['timeout', '--bogus', '5', 'git', 'status']],
    [['timeout', 'soon', 'git', 'status']],
    [['nice', '-x', 'git', 'status']],
    [['nohup', '-n', 'git', 'status']],
    [['chrt', 'high', 'git', 'status']],
    [['taskset', 'zz', 'git', 'status']],
    [['env', '-C', '/tmp', 'git', 'status']],
    [['env', '-S', 'git status']],
    [['env', '--block-signal=INT', 'git', 'status']],
    [['exec', '-a', 'sshd', 'git', 'status']],
    [['time', '-o', '/tmp/t', 'git', 'status']],
    [['timeout', '-s']],
  ])('escalates with cover null when unsure or when the wrapper changes the command: %j', async (argv) => {
    const e = await expand(argv);
    expect(unsure(e)).toBe(true);
    expect(commands(e).length).toBeGreaterThan(0);
  });

  it('runs nothing for pid or print modes, so the wrapper itself needs a rule', async () => {
    for (const argv of [['ionice', '-p', '42'], ['chrt', '-p', '42'], ['taskset', '-p', '42'], ['command', '-v', 'git'], ['env'], ['timeout', '--version']]) {
      const e = await expand(argv);
      expect(e.candidates.map((c) => [c.role, c.argv])).toEqual([['command', argv]]);
    }
  });

  it('does not unwrap a wrapper outside secure_path, but does unwrap one inside it', async () => {
    expect(commands(await expand(['./timeout', '5', 'rm', '-rf', '/']))).toEqual([['./timeout', '5', 'rm', '-rf', '/']]);
    expect(commands(await expand(['/tmp/timeout', '5', 'git', 'status']))).toEqual([['/tmp/timeout', '5', 'git', 'status']]);
    expect(commands(await expand(['/usr/bin/timeout', '5', 'git', 'status']))).toEqual([['git', 'status']]);
  });
});

describe('shells', () => {
  it.each([
    [['sh', '-c', 'git status']], [['bash', '-lc', 'git status']], [['bash', '-ec', 'git status']], [['bash', '-xc', 'git status']],
    [['bash', '--norc', '-c', 'git status']], [['bash', '--noprofile', '--norc', '-e', '-c', 'git status']],
    [['bash', '-o', 'pipefail', '-c', 'git status']], [['dash', '-c', 'git status', 'arg0', 'arg1']], [['/bin/sh', '-c', 'git status']],
    [['bash', '-c', '--', 'git status']], [['bash', '-c', '-e', 'git status']],
  ])('judges the -c script as a line: %j', async (argv) => {
    const e = await expand(argv);
    expect(e.candidates.map((c) => [c.role, c.argv])).toEqual([['wrapper', argv], ['command', ['git', 'status']]]);
    expect(e.reasons).toEqual([]);
    expect(unsure(e)).toBe(false);
  });

  it.each([
    [['bash', '-i', '-c', 'git status']], [['bash', '-O', 'extglob', '-c', 'git status']], [['bash', '--rcfile', '/tmp/rc', '-c', 'git status']],
    [['bash', '-o', 'keyword', '-c', 'git status']], [['bash', '-k', '-c', 'git status']], [['bash', '--bogus', '-c', 'git status']],
  ])('escalates shell options that run more than the script: %j', async (argv) => {
    expect(unsure(await expand(argv))).toBe(true);
  });

  it('treats a script file, -s and a bare shell as commands that need their own rule', async () => {
    const file = await expand(['bash', 'deploy.sh']);
    expect(file.candidates.map((c) => [c.role, c.escalations.map((x) => x.cover)])).toEqual([['command', ['deploy.sh']]]);
    const stdin = await expand(['bash', '-s']);
    expect(stdin.candidates[0]!.escalations.map((x) => x.cover)).toEqual(['-s']);
    expect((await expand(['bash'])).candidates[0]!.escalations.map((x) => x.cover)).toEqual([null]);
  });

  it('recurses into nested shells and stops at a depth limit with a reason', async () => {
    const nested = await expand(['sh', '-c', "bash -c 'dash -c \"rm -rf /\"'"]);
    expect(commands(nested)).toEqual([['rm', '-rf', '/']]);
    let script = 'git status';
    for (let i = 0; i < 10; i += 1) script = `sh -c ${JSON.stringify(script).replace(/\$/g, '\\$')}`;
    const deep = await expand(['sh', '-c', script]);
    expect(deep.reasons.join(' ')).toMatch(/nesting deeper than/);
  });

  it('reads zsh and sh scripts more strictly than bash', async () => {
    expect((await expand(['zsh', '-c', 'ls =(id)'])).reasons.length).toBeGreaterThan(0);
    expect((await expand(['sh', '-c', "echo $'x'"])).reasons.join(' ')).toMatch(/not ANSI-C quoting in sh/);
    expect((await expand(['bash', '-c', "echo $'x'"])).reasons).toEqual([]);
  });
});

describe('privilege runners are never unwrapped', () => {
  it.each([
    [['sudo', 'rm', '-rf', '/'], ['rm', '-rf', '/']],
    [['sudo', '-u', 'root', '-E', 'rm', '-rf', '/'], ['rm', '-rf', '/']],
    [['sudo', '--user=root', 'VAR=1', 'rm', '-rf', '/'], ['rm', '-rf', '/']],
    [['doas', '-u', 'root', 'rm', '-rf', '/'], ['rm', '-rf', '/']],
    [['pkexec', '--user', 'root', 'rm', '-rf', '/'], ['rm', '-rf', '/']],
    [['busybox', 'rm', '-rf', '/'], ['rm', '-rf', '/']],
    [['su', '-c', 'rm -rf /', 'root'], ['rm', '-rf', '/']],
  ])('%j needs its own rule; the command it runs is observed for deny rules', async (argv, inner) => {
    const e = await expand(argv);
    expect(e.candidates[0]).toMatchObject({ argv, role: 'command' });
    expect(e.candidates.some((c) => c.role === 'wrapper' && JSON.stringify(c.argv) === JSON.stringify(inner))).toBe(true);
  });

  it('moves the observed command\'s escalations onto the runner', async () => {
    const e = await expand(['sudo', 'find', '/', '-delete']);
    expect(e.candidates[0]!.escalations.map((x) => x.cover)).toContain('-delete');
    expect(e.candidates.filter((c) => c.role === 'wrapper').every((c) => c.escalations.length === 0)).toBe(true);
  });
});
