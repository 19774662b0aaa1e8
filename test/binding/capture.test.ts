// Capturing what an approval binds (SPEC §10), on real files: the executable, the script an
// interpreter reads, a `#!` executable as its own script, and the refusals.
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { captureDigests } from '../../src/binding/capture.js';
import { digestOf } from '../../src/binding/digest.js';
import { realFileReader, type FileReader } from '../../src/binding/file-reader.js';
import { assertUnchanged } from '../../src/binding/recheck.js';
import { realPathProbe } from '../../src/decide/resolve.js';
import { DEFAULT_SECURE_PATH } from '../../src/policy/types.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const bash = realPathProbe.realpath('/bin/bash') as string;
const python = realPathProbe.realpath('/usr/bin/python3') as string;
writeFileSync(join(dir, 'deploy.sh'), '#!/bin/sh\necho deploy\n', { mode: 0o755 });
writeFileSync(join(dir, 'x.py'), 'print(1)\n');
writeFileSync(join(dir, 'other.sh'), 'echo other\n');
symlinkSync('deploy.sh', join(dir, 'run.sh'));
const sha = (text: string) => digestOf(Buffer.from(text));

// Captures for `commands` (the first is the top-level command) started as `executable`.
function capture(executable: string, ...commands: string[][]) {
  return captureDigests({ executable, commands, cwd: dir, securePath: DEFAULT_SECURE_PATH }, realFileReader, realPathProbe);
}

describe('captureDigests', () => {
  test('bash -x deploy.sh: the executable is bash, the script deploy.sh', () => {
    const c = capture(bash, ['bash', '-x', 'deploy.sh']);
    expect(c.digests).toEqual({ executable: digestOf(realFileReader.read(bash).bytes), script: sha('#!/bin/sh\necho deploy\n') });
    expect(c.files.map((f) => f.path)).toEqual([bash, join(dir, 'deploy.sh')]);
  });

  test('a #! executable is its own script', () => {
    const c = capture(join(dir, 'deploy.sh'), ['./deploy.sh']);
    expect(c.digests.executable).toBe(sha('#!/bin/sh\necho deploy\n'));
    expect(c.digests.script).toBe(c.digests.executable);
    expect(c.files).toHaveLength(1);
  });

  test('through a wrapper, the inner interpreter script counts', () => {
    const timeout = realPathProbe.realpath('/usr/bin/timeout') as string;
    const c = capture(timeout, ['timeout', '10', 'python3', '-u', 'x.py'], ['python3', '-u', 'x.py']);
    expect(c.digests.script).toBe(sha('print(1)\n'));
  });

  test('a symlinked script is read through the link and named as written', () => {
    const c = capture(bash, ['bash', './run.sh']);
    expect(c.digests.script).toBe(sha('#!/bin/sh\necho deploy\n'));
    expect(c.files[1]).toMatchObject({ path: `${dir}/./run.sh`, real: join(dir, 'deploy.sh') });
  });

  test('python3 -m, bash -c and an ELF binary bind no script', () => {
    expect(capture(python, ['python3', '-m', 'json.tool']).digests.script).toBeNull();
    expect(capture(bash, ['bash', '-c', 'echo hi']).digests.script).toBeNull();
    expect(capture(bash, ['bash', '--version']).digests.script).toBeNull();
  });

  test('a script operand that cannot be read fails instead of binding nothing', () => {
    expect(() => capture(bash, ['bash', 'missing.sh'])).toThrow(/missing\.sh: cannot be read/);
    mkdirSync(join(dir, 'adir'));
    expect(() => capture(bash, ['bash', 'adir'])).toThrow(/not a regular file/);
    expect(() => capture(bash, ['bash', '/dev/null'])).toThrow(/\/dev\/null: not a regular file/);
    expect(() => capture(python, ['python3', '/dev/stdin'])).toThrow(/not a regular file|cannot be read/);
  });

  test('two script files in one request are refused', () => {
    expect(() => capture(bash, ['bash', 'deploy.sh'], ['sh', 'other.sh'])).toThrow(/runs 2 script files/);
  });

  test('the reader is injectable: hashing uses the bytes it returns', () => {
    const fake: FileReader = { read: (path) => ({ path, real: path, bytes: Buffer.from(`bytes of ${path}`), uid: 0, mode: 0o755 }) };
    const c = captureDigests({ executable: '/usr/bin/python3', commands: [['python3', '/srv/x.py']], cwd: '/', securePath: DEFAULT_SECURE_PATH }, fake, realPathProbe);
    expect(c.digests).toEqual({ executable: sha('bytes of /usr/bin/python3'), script: sha('bytes of /srv/x.py') });
  });
});

describe('assertUnchanged', () => {
  test('passes for unchanged files, names a rewritten or removed one', () => {
    const file = join(dir, 'mutable.sh');
    writeFileSync(file, 'echo one\n');
    chmodSync(file, 0o755);
    const c = capture(bash, ['bash', file]);
    expect(() => assertUnchanged(c.files, realFileReader)).not.toThrow();
    writeFileSync(file, 'echo two\n');
    expect(() => assertUnchanged(c.files, realFileReader)).toThrow(new RegExp(`${file} changed since it was approved`));
  });
});
