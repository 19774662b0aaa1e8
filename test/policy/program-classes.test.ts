import { describe, expect, it } from 'vitest';
import { CONTEXT_RUNNERS } from '../../src/knowledge/context-runners.js';
import { PROGRAM_CLASSES, programClassOf, programsOfClass } from '../../src/knowledge/program-classes.js';
import { RUNNER_WRAPPERS } from '../../src/knowledge/runner-wrappers.js';
import { WRAPPERS } from '../../src/knowledge/wrappers.js';

describe('program classes', () => {
  it('has one entry per name, each with a reason', () => {
    const names = PROGRAM_CLASSES.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of PROGRAM_CLASSES) expect(entry.reason.length).toBeGreaterThan(10);
  });

  it.each([
    ['bash', 'shell'],
    ['/bin/sh', 'shell'],
    ['busybox', 'shell'],
    ['python3', 'interpreter'],
    ['/usr/bin/python3.12', 'interpreter'],
    ['perl5.36', 'interpreter'],
    ['gawk', 'interpreter'],
    ['env', 'exec-wrapper'],
    ['xargs', 'exec-wrapper'],
    ['sudo', 'privilege'],
    ['/usr/bin/pkexec', 'privilege'],
  ])('%s is a %s', (name, cls) => {
    expect(programClassOf(name)?.class).toBe(cls);
  });

  it.each(['ls', 'git', 'mkfs.ext4', 'systemctl', 'bashful', 'shx', ''])('%j is in no class', (name) => {
    expect(programClassOf(name)).toBeNull();
  });

  it('classes every runner of the wrapper and context-runner tables (so lint warns on "**")', () => {
    const runners = [...Object.keys(WRAPPERS), ...Object.keys(RUNNER_WRAPPERS), ...Object.keys(CONTEXT_RUNNERS)].filter((n) => !['command', 'builtin', 'exec'].includes(n));
    expect(runners.filter((name) => programClassOf(name) === null)).toEqual([]);
  });

  it('lists programs by class', () => {
    expect(programsOfClass('shell')).toEqual(expect.arrayContaining(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'fish', 'csh', 'tcsh', 'busybox']));
    expect(programsOfClass('privilege')).toEqual(expect.arrayContaining(['sudo', 'doas', 'su', 'pkexec', 'runuser']));
  });
});
