// The resolved view of a path operand (SPEC §10), on a real directory tree.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isRelativePattern, resolvedOperand } from '../../src/decide/path-operand.js';
import { realPathProbe } from '../../src/decide/resolve.js';
import { tempDir } from '../helpers/tmp.js';

const root = realPathProbe.realpath(tempDir()) as string;
mkdirSync(join(root, 'logs'));
mkdirSync(join(root, 'work'));
writeFileSync(join(root, 'logs', 'app.log'), '');
writeFileSync(join(root, 'shadow'), '');
symlinkSync(join(root, 'shadow'), join(root, 'logs', 'evil.log'));
symlinkSync(join(root, 'nowhere'), join(root, 'logs', 'dangling.log'));
symlinkSync('../logs', join(root, 'work', 'up'));
const view = (token: string, relative = false) => resolvedOperand(token, join(root, 'work'), realPathProbe, relative);

describe('resolvedOperand', () => {
  test('an existing path resolves through every symlink', () => {
    expect(view(`${root}/logs/app.log`)).toBe(`${root}/logs/app.log`);
    expect(view(`${root}/logs/evil.log`)).toBe(`${root}/shadow`);
    expect(view(`${root}/logs/../shadow`)).toBe(`${root}/shadow`);
    expect(view('up/evil.log')).toBe(`${root}/shadow`);
  });

  test('a path that does not exist yet keeps its missing tail as written', () => {
    expect(view(`${root}/logs/new.log`)).toBe(`${root}/logs/new.log`);
    expect(view('up/new.log')).toBe(`${root}/logs/new.log`);
    expect(view('https://example.com/x', true)).toBe('https://example.com/x');
  });

  test('no view for a dangling symlink or a `..` after a missing part', () => {
    expect(view(`${root}/logs/dangling.log`)).toBeNull();
    expect(view(`${root}/logs/new/../../shadow`)).toBeNull();
  });

  test('relative patterns see the path relative to the real cwd, or nothing outside it', () => {
    writeFileSync(join(root, 'work', 'here.txt'), '');
    expect(view('./here.txt', true)).toBe('here.txt');
    expect(view('up/app.log', true)).toBeNull();
  });

  test('the value of --name=value is the path', () => {
    expect(view(`--file=${root}/logs/evil.log`)).toBe(`--file=${root}/shadow`);
  });

  test('which patterns are relative', () => {
    expect(isRelativePattern('/srv/*')).toBe(false);
    expect(isRelativePattern('--file=/srv/*')).toBe(false);
    expect(isRelativePattern('re:^/srv/.*')).toBe(false);
    expect(isRelativePattern('conf/*.yaml')).toBe(true);
  });
});
