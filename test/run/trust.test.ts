// readPolicyBytes on real files: privileged mode refuses files and directories others could
// have written (checked on the opened descriptor), ordinary mode just reads.
import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPolicyBytes } from '../../src/config/trust.js';
import { ApproveRunError } from '../../src/errors.js';
import { tempDir } from '../helpers/tmp.js';

const privileged = { privileged: true };
const ordinary = { privileged: false };

// A root-owned 0755 directory with a root-owned 0644 policy file in it.
function goodPolicy(): { dir: string; file: string } {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, 'version: 1\n', { mode: 0o644 });
  return { dir, file };
}

// The ApproveRunError a read throws.
function refusal(path: string, identity = privileged): ApproveRunError {
  try {
    readPolicyBytes(path, identity);
  } catch (error) {
    if (error instanceof ApproveRunError) return error;
    throw error;
  }
  throw new Error(`expected ${path} to be refused`);
}

describe('readPolicyBytes in privileged mode', () => {
  it('reads a root-owned, not group/world-writable file in such a directory', () => {
    expect(readPolicyBytes(goodPolicy().file, privileged).toString()).toBe('version: 1\n');
  });

  it.each([
    ['group-writable file', (p: { dir: string; file: string }) => chmodSync(p.file, 0o664), /writable by group or others \(mode 0664\)/],
    ['world-writable file', (p: { dir: string; file: string }) => chmodSync(p.file, 0o646), /writable by group or others/],
    ['file owned by another user', (p: { dir: string; file: string }) => chownSync(p.file, 65534, 0), /owned by uid 65534, not root/],
    ['group-writable directory', (p: { dir: string; file: string }) => chmodSync(p.dir, 0o775), /directory .* is writable by group or others/],
    ['world-writable sticky directory', (p: { dir: string; file: string }) => chmodSync(p.dir, 0o1777), /directory .* writable/],
    ['directory owned by another user', (p: { dir: string; file: string }) => chownSync(p.dir, 65534, 0), /directory .* owned by uid 65534/],
  ])('refuses a %s (125, names the path)', (_what, spoil, message) => {
    const p = goodPolicy();
    spoil(p);
    const error = refusal(p.file);
    expect(error.exitCode).toBe(125);
    expect(error.message).toContain(p.file);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('checks the real file behind a symlink and the directory it lives in', () => {
    const target = goodPolicy();
    const link = goodPolicy();
    const linkPath = join(link.dir, 'linked.yaml');
    symlinkSync(target.file, linkPath);
    expect(readPolicyBytes(linkPath, privileged).toString()).toBe('version: 1\n');
    chmodSync(target.dir, 0o777);
    expect(refusal(linkPath).message).toMatch(/directory .* writable/);
  });

  it('refuses a symlink whose target others can write', () => {
    const target = goodPolicy();
    chmodSync(target.file, 0o666);
    const link = goodPolicy();
    symlinkSync(target.file, join(link.dir, 'l.yaml'));
    expect(refusal(join(link.dir, 'l.yaml')).message).toMatch(/writable by group or others/);
  });

  it.each([
    ['a missing file', (dir: string) => join(dir, 'missing.yaml'), /not found/],
    ['a directory', (dir: string) => (mkdirSync(join(dir, 'd')), join(dir, 'd')), /not a regular file/],
    ['a FIFO (without hanging)', (dir: string) => (mkfifoSync(join(dir, 'fifo')), join(dir, 'fifo')), /not a regular file/],
    ['a character device', () => '/dev/zero', /directory \/dev is|not a regular file/],
  ])('refuses %s', (_what, make, message) => {
    const { dir } = goodPolicy();
    const error = refusal(make(dir));
    expect(error.exitCode).toBe(125);
    expect(error.message).toMatch(message);
  });
});

describe('readPolicyBytes outside privileged mode', () => {
  it('reads a file others could write (trust is the caller’s own business)', () => {
    const p = goodPolicy();
    chmodSync(p.file, 0o666);
    chmodSync(p.dir, 0o777);
    expect(readPolicyBytes(p.file, ordinary).toString()).toBe('version: 1\n');
  });

  it.each([
    ['missing', (dir: string) => join(dir, 'nope.yaml'), /not found/],
    ['a directory', (dir: string) => dir, /not a regular file/],
    ['a FIFO', (dir: string) => (mkfifoSync(join(dir, 'f')), join(dir, 'f')), /not a regular file/],
  ])('still refuses %s, naming the path', (_what, make, message) => {
    const { dir } = goodPolicy();
    const path = make(dir);
    const error = refusal(path, ordinary);
    expect(error.exitCode).toBe(125);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(message);
  });
});

// A named pipe with no writer: reading it naively would block forever.
function mkfifoSync(path: string): void {
  execFileSync('mkfifo', [path]);
}
