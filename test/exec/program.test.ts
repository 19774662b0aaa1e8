// Which program starts: the judged real path, bash from secure_path for a shell line, and
// 126/127 for what cannot start, decided without ever running an unjudged file.
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realPathProbe } from '../../src/decide/resolve.js';
import { ApproveRunError } from '../../src/errors.js';
import { findShell, programFor } from '../../src/exec/program.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const bin = join(dir, 'bin');
mkdirSync(bin);
writeFileSync(join(bin, 'tool'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
writeFileSync(join(bin, 'noexec'), '#!/bin/sh\nexit 0\n', { mode: 0o644 });
mkdirSync(join(bin, 'adir'));
symlinkSync(join(bin, 'tool'), join(bin, 'alias'));
const securePath = `relative/dir:${bin}:/usr/bin:/bin`;

// The exit code of whatever programFor throws.
function codeOf(fn: () => unknown): number | null {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof ApproveRunError ? error.exitCode : -1;
  }
}

describe('programFor', () => {
  it('starts the resolved real path with argv untouched', () => {
    const program = programFor({ argv: ['alias', '-x'], shell: null, executable: join(bin, 'tool'), cwd: dir, securePath }, realPathProbe);
    expect(program).toEqual({ file: join(bin, 'tool'), argv: ['alias', '-x'] });
  });

  it('runs a shell line as bash --noprofile --norc -c, bash from secure_path', () => {
    const program = programFor({ argv: ['echo hi'], shell: 'echo hi', executable: null, cwd: dir, securePath }, realPathProbe);
    expect(program.argv).toEqual(['bash', '--noprofile', '--norc', '-c', 'echo hi']);
    expect(program.file).toMatch(/\/bash$/);
  });

  it('gives 127 when no bash is in secure_path', () => {
    expect(codeOf(() => findShell(bin, realPathProbe))).toBe(127);
  });

  it.each([
    ['a bare name nowhere in secure_path', 'missing-cmd', 127],
    ['a relative path that does not exist', './missing', 127],
    ['an empty name', '', 127],
    ['a bare name that is not executable', 'noexec', 126],
    ['a bare name that is a directory', 'adir', 126],
    ['an executable the decision did not resolve (never run)', 'tool', 125],
  ])('unresolved: %s gives %i', (_what, name, code) => {
    expect(codeOf(() => programFor({ argv: [name], shell: null, executable: null, cwd: dir, securePath }, realPathProbe))).toBe(code);
  });

  it('never finds a bare name through a relative secure_path entry', () => {
    mkdirSync(join(dir, 'relative', 'dir'), { recursive: true });
    writeFileSync(join(dir, 'relative', 'dir', 'sneaky'), '#!/bin/sh\n', { mode: 0o755 });
    chmodSync(join(dir, 'relative', 'dir', 'sneaky'), 0o755);
    expect(codeOf(() => programFor({ argv: ['sneaky'], shell: null, executable: null, cwd: dir, securePath }, realPathProbe))).toBe(127);
  });

  it('rechecks a resolved executable that is no longer runnable', () => {
    expect(codeOf(() => programFor({ argv: ['x'], shell: null, executable: join(bin, 'noexec'), cwd: dir, securePath }, realPathProbe))).toBe(126);
  });
});
