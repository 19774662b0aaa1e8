import { describe, expect, it } from 'vitest';
import { compileCommandEntry } from '../../src/decide/command.js';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseName, realPathProbe, resolveExecutable } from '../../src/decide/resolve.js';
import { tempDir } from '../helpers/tmp.js';
import { DEFAULT_SECURE_PATH } from '../../src/policy/types.js';
import { decide, fakeFs, policy, rule, SYSTEM } from './world.js';

describe('resolveExecutable', () => {
  const cases: [argv0: string, cwd: string, securePath: string, expected: { path: string; real: string } | null][] = [
    ['sed', '/srv/app', DEFAULT_SECURE_PATH, { path: '/usr/bin/sed', real: '/usr/bin/sed' }],
    ['mkfs.ext4', '/', DEFAULT_SECURE_PATH, { path: '/usr/sbin/mkfs.ext4', real: '/usr/sbin/mkfs.ext4' }],
    ['vi', '/', DEFAULT_SECURE_PATH, { path: '/usr/local/bin/vi', real: '/usr/bin/vim.basic' }],
    ['/bin/../bin/rm', '/', DEFAULT_SECURE_PATH, { path: '/bin/../bin/rm', real: '/usr/bin/rm' }],
    ['./tool', '/srv/app', DEFAULT_SECURE_PATH, { path: '/srv/app/./tool', real: '/srv/app/tool' }],
    ['../app/tool', '/srv/app', DEFAULT_SECURE_PATH, { path: '/srv/app/../app/tool', real: '/srv/app/tool' }],
    ['../../tmp/sed', '/srv/app', DEFAULT_SECURE_PATH, { path: '/srv/app/../../tmp/sed', real: '/tmp/sed' }],
    ['/tmp/innocent', '/', DEFAULT_SECURE_PATH, { path: '/tmp/innocent', real: '/usr/bin/rm' }],
    // a bare name is never looked up in the cwd or the caller's PATH
    ['tool', '/srv/app', DEFAULT_SECURE_PATH, null],
    ['sed', '/home/u/bin', DEFAULT_SECURE_PATH, { path: '/usr/bin/sed', real: '/usr/bin/sed' }],
    ['sed', '/home/u/bin', '/home/u/bin-does-not-matter', null],
    // relative and empty secure_path entries are skipped
    ['tool', '/srv/app', '.:srv/app::/nonexistent', null],
    ['sed', '/', '/home/u/bin:/usr/bin', { path: '/home/u/bin/sed', real: '/home/u/bin/sed' }],
    // not there, not executable, not a file
    ['nosuch', '/', DEFAULT_SECURE_PATH, null],
    ['/tmp/notexec', '/', DEFAULT_SECURE_PATH, null],
    ['readme', '/', DEFAULT_SECURE_PATH, null],
    ['/usr/bin', '/', DEFAULT_SECURE_PATH, null],
    ['/usr/bin/rm/', '/', DEFAULT_SECURE_PATH, null],
    ['', '/', DEFAULT_SECURE_PATH, null],
    ['..', '/usr/bin', DEFAULT_SECURE_PATH, null],
  ];
  it.each(cases)('%s in %s (secure_path %s) → %j', (argv0, cwd, securePath, expected) => {
    expect(resolveExecutable(argv0, cwd, securePath, SYSTEM)).toEqual(expected);
  });

  it('takes the first secure_path directory that has the name', () => {
    const fs = fakeFs({ files: ['/a/tool', '/b/tool'] });
    expect(resolveExecutable('tool', '/', '/b:/a', fs)?.real).toBe('/b/tool');
    expect(resolveExecutable('tool', '/', '/a:/b', fs)?.real).toBe('/a/tool');
  });

  it('on the real file system: files with an x bit, through symlinks; nothing else, without throwing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tool'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(dir, 'plain'), 'x', { mode: 0o644 });
    mkdirSync(join(dir, 'sub'));
    symlinkSync(join(dir, 'tool'), join(dir, 'link'));
    symlinkSync(join(dir, 'gone'), join(dir, 'dangling'));
    const secure = `${join(dir, 'sub')}:${dir}`;
    expect(resolveExecutable('link', '/', secure, realPathProbe)).toEqual({ path: join(dir, 'link'), real: join(dir, 'tool') });
    expect(resolveExecutable('./sub/../link', dir, secure, realPathProbe)?.real).toBe(join(dir, 'tool'));
    for (const name of ['plain', 'sub', 'dangling', 'missing', 'tool/x']) expect(resolveExecutable(name.includes('/') ? join(dir, name) : name, '/', secure, realPathProbe)).toBeNull();
    expect(realPathProbe.realpath(join(dir, 'missing'))).toBeNull();
  });

  it('baseName ignores trailing slashes', () => {
    expect(baseName('/bin/../bin/rm')).toBe('rm');
    expect(baseName('rm')).toBe('rm');
    expect(baseName('/x/y/')).toBe('y');
  });
});

describe('command entries', () => {
  it.each(['', 'bin/sed', './sed', '/usr/*/rm', '/usr/bin/..', '.', '..', '[abc'])('refuses %j', (entry) => {
    expect(() => compileCommandEntry(entry)).toThrow();
  });
  it.each([
    ['*', 'any'],
    ['sed', 'name'],
    ['/usr/bin/sed', 'path'],
    ['mkfs.*', 'glob'],
  ])('%s is a %s entry', (entry, kind) => {
    expect(compileCommandEntry(entry).kind).toBe(kind);
  });
});

// Which rule ids match a request, for one rule per decision kind on the same command entry.
function matchingIds(entry: string, argv: string[], cwd = '/srv/app', secure_path?: string): string[] {
  const p = policy(
    [rule('allow-it', 'allow', { command: [entry] }), rule('approve-it', 'approve', { command: [entry] }), rule('deny-it', 'deny', { command: [entry] })],
    secure_path === undefined ? {} : { settings: { secure_path } },
  );
  return decide(p, argv, { cwd }).rules.map((r) => r.id);
}

const ALL = ['allow-it', 'approve-it', 'deny-it'];
const BROAD = ['approve-it', 'deny-it'];

describe('command matching: strict for allow, broad for deny and approve', () => {
  const cases: [entry: string, argv0: string, expected: string[], cwd?: string][] = [
    ['sed', 'sed', ALL],
    ['sed', '/usr/bin/sed', ALL],
    ['sed', '/bin/sed', ALL],
    ['sed', '/bin/../bin/sed', ALL],
    ['sed', './sed', ALL, '/usr/bin'],
    ['sed', './sed', BROAD, '/tmp'],
    ['sed', '/tmp/sed', BROAD],
    ['sed', '/home/u/bin/sed', BROAD],
    ['rm', '/bin/../bin/rm', ALL],
    ['rm', '/tmp/rm', BROAD],
    ['rm', '/tmp/innocent', BROAD],
    ['rm', '/nonexistent/rm', BROAD],
    ['rm', 'cat', []],
    ['vi', 'vi', ALL],
    ['vi', '/usr/bin/vim.basic', BROAD],
    ['vim.basic', 'vi', BROAD],
    ['python3', 'python3.11', BROAD],
    ['/usr/bin/rm', 'rm', ALL],
    ['/usr/bin/rm', '/bin/rm', ALL],
    ['/bin/rm', 'rm', ALL],
    ['/usr/bin/rm', '/tmp/rm', BROAD],
    ['/usr/bin/rm', '/tmp/innocent', BROAD],
    ['/usr/bin/rm', 'sed', []],
    ['/usr/local/bin/vi', 'vi', ALL],
    ['mkfs.*', 'mkfs.ext4', ALL],
    ['mkfs.*', '/sbin/mkfs.ext4', ALL],
    ['mkfs.*', 'mkfs', BROAD], // mkfs runs mkfs.TYPE: one family to deny rules (SPEC §10)
    ['mkfs.*', '/tmp/mkfs.evil', BROAD],
    ['*', 'sed', ALL],
    ['*', '/tmp/sed', ALL],
    ['*', 'nosuch', ALL],
    ['sed', 'nosuch', []],
  ];
  it.each(cases)('%s vs %s', (entry, argv0, expected, cwd) => {
    expect(matchingIds(entry, [argv0, 'x'], cwd)).toEqual(expected);
  });

  it('a multi-call binary is allowed only under the rule name, denied under any alias', () => {
    const securePath = '/opt/bb:/usr/bin';
    expect(matchingIds('ls', ['ls'], '/', securePath)).toEqual(ALL);
    expect(matchingIds('ls', ['rm'], '/', securePath)).toEqual(BROAD);
    expect(matchingIds('ls', ['busybox', 'rm', '-rf', '/'], '/', securePath)).toEqual(BROAD);
    expect(matchingIds('ls', ['/opt/bb/busybox'], '/', securePath)).toEqual(BROAD);
    expect(matchingIds('busybox', ['busybox'], '/', securePath)).toEqual(ALL);
  });
});
