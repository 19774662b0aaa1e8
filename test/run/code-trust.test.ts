// In privileged mode approve-run refuses to run from code others could have changed (SPEC §3,
// §11): a copy of the built package, spoiled one way at a time, run with SUDO_UID set. The copy
// lives under node_modules/.cache, whose directories up to / are root's: a /tmp path could not
// pass (it is world-writable).
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CACHE = join(REPO, 'node_modules', '.cache');
mkdirSync(CACHE, { recursive: true });
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const sudo = { PATH: '/usr/bin:/bin', NO_COLOR: '1', SUDO_UID: '65534', SUDO_USER: 'nobody', SUDO_GID: '65534' };
const plain = { PATH: '/usr/bin:/bin', NO_COLOR: '1' };
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const FAST = major > 22 || (major === 22 && minor >= 1) ? 'fast-path.mjs' : 'fast-path.cjs';

// A root-owned copy of the installed package: bin/, dist/, package.json, and a node_modules of
// links to the checkout's, except better-sqlite3's loaded files, which are copied.
function installCopy(): string {
  const root = mkdtempSync(join(CACHE, 'code-trust-'));
  made.push(root);
  chmodSync(root, 0o755);
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(REPO, part), join(root, part), { recursive: true });
  const modules = join(root, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(REPO, 'node_modules'))) {
    if (name !== 'better-sqlite3' && name !== '.cache') symlinkSync(join(REPO, 'node_modules', name), join(modules, name));
  }
  const sqlite = join(modules, 'better-sqlite3');
  for (const part of ['package.json', 'lib', 'build/Release/better_sqlite3.node']) cpSync(join(REPO, 'node_modules/better-sqlite3', part), join(sqlite, part), { recursive: true });
  return root;
}

// Runs the copy's bin with `args`.
function run(bin: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 20_000 });
}

describe('privileged mode: code files must be root\'s alone', () => {
  it('an intact root-owned copy runs', () => {
    const root = installCopy();
    const result = run(join(root, 'bin/approve-run.js'), ['--version'], sudo);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.each([
    ['dist/main.cjs owned by another user', (root: string) => chownSync(join(root, 'dist/main.cjs'), 65534, 65534), 'dist/main.cjs'],
    ['bin/approve-run.js group-writable', (root: string) => chmodSync(join(root, 'bin/approve-run.js'), 0o775), 'bin/approve-run.js'],
    [`the fast path (${FAST}) world-writable`, (root: string) => chmodSync(join(root, 'dist', FAST), 0o646), `dist/${FAST}`],
    ['dist/ group-writable', (root: string) => chmodSync(join(root, 'dist'), 0o775), 'dist,'],
    ['the package directory owned by another user', (root: string) => chownSync(root, 65534, 65534), `${'code-trust-'}`],
    ['the better-sqlite3 addon owned by another user', (root: string) => chownSync(join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), 65534, 65534), 'better_sqlite3.node'],
    ['a better-sqlite3 lib file group-writable', (root: string) => chmodSync(join(root, 'node_modules/better-sqlite3/lib/database.js'), 0o664), 'lib/database.js'],
  ])('%s: refused with 125 and one line naming it; fine outside privileged mode', (_what, spoil, named) => {
    const root = installCopy();
    spoil(root);
    const bin = join(root, 'bin/approve-run.js');
    // A command of the full program: it passes both checks (the fast path's, then the program's).
    const args = ['policy', 'validate', '/nonexistent.yaml'];
    const refused = run(bin, args, sudo);
    expect(refused.status).toBe(125);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^approve-run: privileged mode: refusing to run from \S+, which is .*\n$/);
    expect(refused.stderr).toContain(named);
    expect(run(bin, args, plain).stderr).toMatch(/cannot read policy file \/nonexistent\.yaml: no such file/);
  });

  it('a chunk of the full program is checked before the full program loads', () => {
    const root = installCopy();
    const [chunk] = readdirSync(join(root, 'dist/chunks')).filter((n) => n.endsWith('.js'));
    chownSync(join(root, 'dist/chunks', chunk!), 65534, 65534);
    const bin = join(root, 'bin/approve-run.js');
    const refused = run(bin, ['policy', 'validate', '/nonexistent.yaml'], sudo);
    expect(refused.status).toBe(125);
    expect(refused.stderr).toContain(chunk);
    expect(run(bin, ['policy', 'validate', '/nonexistent.yaml'], plain).stderr).toMatch(/no such file/);
  });

  it('a bin link is judged at both ends: in a root-owned directory it runs, in /tmp it is refused', () => {
    const root = installCopy();
    const binDir = join(root, 'usr-local-bin');
    mkdirSync(binDir, { mode: 0o755 });
    symlinkSync(join(root, 'bin/approve-run.js'), join(binDir, 'approve-run'));
    expect(run(join(binDir, 'approve-run'), ['--version'], sudo).status).toBe(0);
    const tmp = tempDir();
    chmodSync(tmp, 0o777);
    symlinkSync(join(root, 'bin/approve-run.js'), join(tmp, 'approve-run'));
    const refused = run(join(tmp, 'approve-run'), ['--version'], sudo);
    expect(refused.status).toBe(125);
    expect(refused.stderr).toContain(tmp);
  });
});
