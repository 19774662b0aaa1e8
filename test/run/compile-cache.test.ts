// The compile cache for approve-run's bundles (src/config/compile-cache.ts): where it lives
// for root and for others, and the vm.Script code cache used where Node has no built-in one:
// used only when V8 accepts it and the file is the owner's alone, rewritten when rejected.
import { chmodSync, chownSync, copyFileSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import module from 'node:module';
import { compileCacheDir, hasNodeCompileCache, loadWithCodeCache, SYSTEM_COMPILE_CACHE_DIR } from '../../src/config/compile-cache.js';
import type { OwnedDirectory } from '../../src/config/trust.js';
import { tempDir } from '../helpers/tmp.js';

// A CommonJS bundle that requires a built-in, uses its own file name and exports a function.
function bundle(): { file: string; location: OwnedDirectory } {
  const dir = tempDir();
  const file = join(dir, 'bundle.cjs');
  writeFileSync(file, "const { basename } = require('node:path');\nexports.name = basename(__filename);\nexports.twice = (n) => n * 2;\n");
  const cache = join(dir, 'cache');
  mkdirSync(cache, { mode: 0o700 });
  return { file, location: { dir: cache, owner: process.geteuid?.() ?? 0, checkAncestors: false } };
}

// The cache files in a location.
const cacheFiles = (location: OwnedDirectory) => readdirSync(location.dir).filter((n) => n.endsWith('.v8'));

// Loads the bundle (from a fresh copy: V8 keeps scripts it compiled, by file name, for the
// life of the process, and a real start compiles each bundle once) and checks that it works.
function load(file: string, location: OwnedDirectory, build = 'b1') {
  const copy = join(tempDir(), 'bundle.cjs');
  copyFileSync(file, copy);
  const loaded = loadWithCodeCache(copy, location, build);
  const exports = loaded.exports as { name: string; twice: (n: number) => number };
  expect(exports.name).toBe('bundle.cjs');
  expect(exports.twice(21)).toBe(42);
  return loaded;
}

describe('compileCacheDir', () => {
  it('for root: only /var/cache/approve-run/compile, root-owned with every directory above checked, whatever XDG says', () => {
    expect(compileCacheDir(0, { XDG_CACHE_HOME: '/tmp/evil' })).toEqual({ dir: SYSTEM_COMPILE_CACHE_DIR, owner: 0, checkAncestors: true });
  });

  it('for anyone else: $XDG_CACHE_HOME/approve-run/compile (absolute only), owned by them', () => {
    expect(compileCacheDir(1002, { XDG_CACHE_HOME: '/x/cache' })).toEqual({ dir: '/x/cache/approve-run/compile', owner: 1002, checkAncestors: false });
    expect(compileCacheDir(1002, { XDG_CACHE_HOME: 'relative', HOME: '/home/u' }).dir).toMatch(/\/\.cache\/approve-run\/compile$/);
  });
});

describe('hasNodeCompileCache', () => {
  it.each([
    ['20.20.2', false],
    ['22.0.0', false],
    ['22.1.0', true],
    ['23.0.0', true],
    ['24.21.0', true],
    ['100.0.0', true],
  ])('Node %s: %s', (version, expected) => {
    expect(hasNodeCompileCache(version)).toBe(expected);
  });

  it('agrees with what this Node has', () => {
    expect(hasNodeCompileCache()).toBe(typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function');
  });
});

describe('the vm.Script code cache', () => {
  it('first load compiles and saves 0600 data; the next load uses it', () => {
    const { file, location } = bundle();
    const first = load(file, location);
    expect(first.fromCache).toBe(false);
    first.save(false);
    const [name] = cacheFiles(location);
    expect(name).toMatch(/^bundle\.cjs-b1-v[\d.]+-\w+\.v8$/);
    expect(statSync(join(location.dir, name as string)).mode & 0o777).toBe(0o600);
    const second = load(file, location);
    expect(second.fromCache).toBe(true);
  });

  it('data V8 rejects (garbage) is not used, and is replaced', () => {
    const { file, location } = bundle();
    load(file, location).save(false);
    const [name] = cacheFiles(location);
    writeFileSync(join(location.dir, name as string), Buffer.alloc(4096, 7));
    const rejected = load(file, location);
    expect(rejected.fromCache).toBe(false);
    rejected.save(false);
    expect(load(file, location).fromCache).toBe(true);
  });

  it.each([
    ['owned by another uid', (path: string) => chownSync(path, 65534, 65534)],
    ['writable by group', (path: string) => chmodSync(path, 0o620)],
    ['writable by others', (path: string) => chmodSync(path, 0o602)],
  ])('data %s is never used', (_what, spoil) => {
    const { file, location } = bundle();
    load(file, location).save(false);
    spoil(join(location.dir, cacheFiles(location)[0] as string));
    expect(load(file, location).fromCache).toBe(false);
  });

  it('another build never uses it', () => {
    const { file, location } = bundle();
    load(file, location, 'b1').save(false);
    expect(load(file, location, 'b2').fromCache).toBe(false);
    expect(load(file, location, 'b1').fromCache).toBe(true);
  });

  it('a run that went the whole allow path replaces plain data with full data, which other runs keep', () => {
    const { file, location } = bundle();
    load(file, location).save(false);
    expect(cacheFiles(location)).toEqual([expect.stringMatching(/-\w+\.v8$/)]);
    expect(cacheFiles(location)[0]).not.toMatch(/\.full\.v8$/);
    const plain = load(file, location);
    expect(plain.fromCache).toBe(true);
    plain.save(true);
    const [full] = cacheFiles(location);
    expect(cacheFiles(location)).toHaveLength(1);
    expect(full).toMatch(/^bundle\.cjs-b1-v[\d.]+-\w+\.full\.v8$/);
    const stamp = statSync(join(location.dir, full as string)).mtimeMs;
    for (const wentFull of [false, true]) {
      const again = load(file, location);
      expect(again.fromCache).toBe(true);
      again.save(wentFull);
    }
    expect(cacheFiles(location)).toEqual([full]);
    expect(statSync(join(location.dir, full as string)).mtimeMs).toBe(stamp);
  });

  it('full data V8 rejects is dropped by any run: replaced by a full run, by plain data otherwise', () => {
    for (const wentFull of [false, true]) {
      const { file, location } = bundle();
      load(file, location).save(true);
      const [full] = cacheFiles(location);
      writeFileSync(join(location.dir, full as string), Buffer.alloc(4096, 7));
      const rejected = load(file, location);
      expect(rejected.fromCache).toBe(false);
      rejected.save(wentFull);
      expect(cacheFiles(location)).toEqual([expect.stringMatching(wentFull ? /\.full\.v8$/ : /\d-\w+\.v8$/)]);
      expect(load(file, location).fromCache).toBe(true);
    }
  });
});
