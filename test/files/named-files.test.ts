// Files named on the command line in privileged mode (SPEC §11), in-process with real uid
// switches (the tests run as root): read and written with the invoker's rights (nobody, 65534),
// and -o output written atomically.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, constants, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApproveRunError, policyError } from '../../src/errors.js';
import { asInvoker } from '../../src/files/as-invoker.js';
import { readNamedFile } from '../../src/files/input-file.js';
import { openOutputFile, writeOutputFile } from '../../src/files/output-file.js';
import { tempDir } from '../helpers/tmp.js';

const NOBODY = 65534;
const sudo = { privileged: true, invoker: { uid: NOBODY, gid: NOBODY, groups: [NOBODY] } };
const root = { privileged: false };

// A directory everyone may enter, holding a root-only 0600 file with a secret line.
function rootOnlyFile(): { dir: string; file: string } {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  const file = join(dir, 'shadow');
  writeFileSync(file, 'root:$6$secret-hash:19000:0:99999:7:::\n', { mode: 0o600 });
  return { dir, file };
}

// The message of the ApproveRunError `act` throws.
function refusal(act: () => unknown): string {
  try {
    act();
  } catch (error) {
    if (error instanceof ApproveRunError) return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
}

const read = (path: string, who: typeof sudo | typeof root = sudo) => readNamedFile({ path, what: 'policy file', limit: 1 << 20, fail: policyError }, who);

describe('asInvoker', () => {
  it('acts with the invoker\'s uid, gid and groups, and gives root\'s back', () => {
    const seen = asInvoker(sudo, () => [process.geteuid?.(), process.getegid?.(), process.getgroups?.()]);
    expect(seen).toEqual([NOBODY, NOBODY, [NOBODY]]);
    expect([process.geteuid?.(), process.getegid?.()]).toEqual([0, 0]);
  });

  it('gives root\'s rights back when the action throws', () => {
    expect(() => asInvoker(sudo, () => { throw new Error('boom'); })).toThrow('boom');
    expect(process.geteuid?.()).toBe(0);
  });

  it('refuses to act when the invoker is unknown', () => {
    expect(refusal(() => asInvoker({ privileged: true }, () => 1))).toMatch(/credentials are unknown/);
  });
});

describe('reading a named file in privileged mode', () => {
  it('never shows a root-only file: permission denied, as the invoker would see', () => {
    const { file } = rootOnlyFile();
    const message = refusal(() => read(file));
    expect(message).toBe(`cannot read policy file ${file}: permission denied`);
    expect(message).not.toContain('secret');
    // Root itself (not privileged mode) reads it.
    expect(read(file, root).toString()).toContain('secret-hash');
  });

  it('a missing file and a present one in a directory the invoker cannot search fail alike', () => {
    const { dir } = rootOnlyFile();
    const hidden = join(dir, 'hidden');
    mkdirSync(hidden, { mode: 0o700 });
    writeFileSync(join(hidden, 'present.yaml'), 'version: 1\n', { mode: 0o644 });
    const present = refusal(() => read(join(hidden, 'present.yaml')));
    const missing = refusal(() => read(join(hidden, 'missing.yaml')));
    expect(present.replace('present', 'X')).toBe(missing.replace('missing', 'X'));
    expect(present).toMatch(/permission denied$/);
  });

  it('reads a file the invoker may read, through a symlink too', () => {
    const { dir } = rootOnlyFile();
    const mine = join(dir, 'mine.yaml');
    writeFileSync(mine, 'version: 1\n', { mode: 0o644 });
    symlinkSync(mine, join(dir, 'link.yaml'));
    expect(read(join(dir, 'link.yaml')).toString()).toBe('version: 1\n');
  });

  it('a symlink to a root-only file is no way round', () => {
    const { dir, file } = rootOnlyFile();
    symlinkSync(file, join(dir, 'link'));
    expect(refusal(() => read(join(dir, 'link')))).toMatch(/permission denied$/);
  });

  it.each(['/proc/self/maps', '/proc/self/status'])('refuses %s (it describes the root process)', (path) => {
    expect(refusal(() => read(path))).toMatch(/under \/proc is refused in privileged mode/);
  });
});

describe('-o output', () => {
  // A directory the invoker may write in.
  function invokerDir(): string {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const mine = join(dir, 'mine');
    mkdirSync(mine);
    chownSync(mine, NOBODY, NOBODY);
    return mine;
  }

  it('is created with the invoker\'s rights: owned by them', () => {
    const file = join(invokerDir(), 'out.jsonl');
    writeOutputFile(file, sudo, Buffer.from('x\n'), { mode: 0o600 });
    expect(statSync(file)).toMatchObject({ uid: NOBODY, gid: NOBODY });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('is refused in a directory only root may write, and nothing is created', () => {
    const { dir } = rootOnlyFile();
    const file = join(dir, 'planted');
    expect(refusal(() => writeOutputFile(file, sudo, Buffer.from('x'), { mode: 0o644 }))).toBe(`cannot write ${file}: permission denied`);
    expect(readdirSync(dir)).toEqual(['shadow']);
  });

  it('cannot replace a root-owned file, even in a directory the invoker may write', () => {
    const dir = tempDir();
    chmodSync(dir, 0o1777);
    const { file } = { file: join(dir, 'rootfile') };
    writeFileSync(file, 'keep', { mode: 0o644 });
    expect(refusal(() => writeOutputFile(file, sudo, Buffer.from('x'), { mode: 0o644 }))).toMatch(/permission denied|operation not permitted|EPERM/);
    expect(readFileSync(file, 'utf8')).toBe('keep');
    expect(readdirSync(dir)).toEqual(['rootfile']);
  });

  it('refuses a symlink at the target rather than follow it', () => {
    const dir = invokerDir();
    const { file } = rootOnlyFile();
    asInvoker(sudo, () => symlinkSync(file, join(dir, 'link')));
    expect(refusal(() => writeOutputFile(join(dir, 'link'), root, Buffer.from('x'), { mode: 0o644 }))).toMatch(/symbolic link/);
    expect(readFileSync(file, 'utf8')).toContain('secret-hash');
  });

  it('replaces an existing file whole, and leaves it as it was when the output is abandoned', () => {
    const dir = invokerDir();
    const file = join(dir, 'export.jsonl');
    writeOutputFile(file, sudo, Buffer.from('old\n'), { mode: 0o600 });
    const output = openOutputFile(file, sudo, { mode: 0o600 });
    output.write(Buffer.from('new, half'));
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    output.abort();
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['export.jsonl']);
    writeOutputFile(file, sudo, Buffer.from('new\n'), { mode: 0o600 });
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['export.jsonl']);
  });

  it('exclusive output never replaces an existing file', () => {
    const file = join(invokerDir(), 'k.pub');
    writeOutputFile(file, root, Buffer.from('one'), { mode: 0o644, exclusive: true });
    expect(refusal(() => writeOutputFile(file, root, Buffer.from('two'), { mode: 0o644, exclusive: true }))).toMatch(/file exists/);
    expect(readFileSync(file, 'utf8')).toBe('one');
  });

  // A FIFO everyone may write to, in a directory everyone may enter.
  function fifo(): string {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const path = join(dir, 'pipe');
    execFileSync('/usr/bin/mkfifo', ['-m', '0666', path]);
    return path;
  }

  it('a FIFO nobody reads is refused at once, not waited on', () => {
    const path = fifo();
    const started = Date.now();
    expect(refusal(() => writeOutputFile(path, sudo, Buffer.from('x\n'), { mode: 0o644 }))).toBe(`cannot write ${path}: no process reads it`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a FIFO with a reader gets the whole output, as a shell redirection would', () => {
    const path = fifo();
    const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      writeOutputFile(path, sudo, Buffer.from('note\n'), { mode: 0o644 });
      const buffer = Buffer.alloc(64);
      expect(buffer.subarray(0, readSync(reader, buffer)).toString()).toBe('note\n');
    } finally {
      closeSync(reader);
    }
  });

  it('a write error on a device is exit 125 naming the cause', () => {
    let error: unknown;
    try {
      writeOutputFile('/dev/full', root, Buffer.from('x'.repeat(10)), { mode: 0o644 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApproveRunError);
    expect((error as ApproveRunError).exitCode).toBe(125);
    expect((error as ApproveRunError).message).toBe('cannot write /dev/full: no space left on device');
    expect(existsSync('/dev/full')).toBe(true);
  });
});
