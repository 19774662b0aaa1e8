// Finding better-sqlite3's addon (src/audit/addon.ts) in real directory trees: the package
// require() would find first, its addon or nothing, never a copy further up, and no
// environment taking part.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADDON_IN_PACKAGE, findPackageAddon } from '../../src/audit/addon.js';

let root = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'addon-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

// A better-sqlite3 package under `dir`/node_modules, with its built addon when `built`.
function installAt(dir: string, built: boolean): string {
  const pkg = join(dir, 'node_modules', 'better-sqlite3');
  mkdirSync(join(pkg, 'build', 'Release'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), '{"name":"better-sqlite3"}');
  if (built) writeFileSync(join(pkg, ADDON_IN_PACKAGE), 'addon');
  return join(pkg, ADDON_IN_PACKAGE);
}

describe('findPackageAddon', () => {
  it('finds the package beside the install (npm install -g, or a checkout)', () => {
    const app = join(root, 'lib', 'node_modules', 'approve-run');
    mkdirSync(join(app, 'dist'), { recursive: true });
    const addon = installAt(app, true);
    expect(findPackageAddon(join(app, 'dist'))).toBe(addon);
    mkdirSync(join(app, 'dist', 'chunks'));
    expect(findPackageAddon(join(app, 'dist', 'chunks'))).toBe(addon);
  });

  it('finds a hoisted package, skipping directories named node_modules as Node does', () => {
    const app = join(root, 'srv', 'node_modules', 'approve-run');
    mkdirSync(join(app, 'dist'), { recursive: true });
    const addon = installAt(join(root, 'srv'), true);
    // A node_modules/node_modules/better-sqlite3 would be wrong: Node never looks there.
    installAt(join(root, 'srv', 'node_modules'), true);
    expect(findPackageAddon(join(app, 'dist'))).toBe(addon);
  });

  it('prefers the nearest package to one further up', () => {
    const app = join(root, 'a', 'node_modules', 'approve-run');
    mkdirSync(join(app, 'dist'), { recursive: true });
    installAt(join(root, 'a'), true);
    const near = installAt(app, true);
    expect(findPackageAddon(join(app, 'dist'))).toBe(near);
  });

  it('answers null, not a copy further up, when the nearest package has no built addon', () => {
    const app = join(root, 'b', 'node_modules', 'approve-run');
    mkdirSync(join(app, 'dist'), { recursive: true });
    installAt(join(root, 'b'), true);
    installAt(app, false);
    expect(findPackageAddon(join(app, 'dist'))).toBeNull();
  });

  it('answers null when no package is found, whatever NODE_PATH says', () => {
    const elsewhere = join(root, 'elsewhere');
    installAt(elsewhere, true);
    const previous = process.env.NODE_PATH;
    process.env.NODE_PATH = join(elsewhere, 'node_modules');
    try {
      const app = join(root, 'c', 'dist');
      mkdirSync(app, { recursive: true });
      // The temp directory's ancestors hold no better-sqlite3 package (asked of the file system, not assumed).
      expect(findPackageAddon(app, 'better-sqlite3', (path) => path.startsWith(root) && existsIn(path))).toBeNull();
    } finally {
      if (previous === undefined) delete process.env.NODE_PATH;
      else process.env.NODE_PATH = previous;
    }
  });

  it('stops at the file system root', () => {
    const asked: string[] = [];
    expect(findPackageAddon('/a/b', 'no-such-package', (path) => (asked.push(path), false))).toBeNull();
    expect(asked).toEqual(['/a/b/node_modules/no-such-package/package.json', '/a/node_modules/no-such-package/package.json', '/node_modules/no-such-package/package.json']);
  });

  it('finds the addon this checkout built', () => {
    const found = findPackageAddon(join(import.meta.dirname, '..', '..', 'dist'));
    expect(found).toBe(join(import.meta.dirname, '..', '..', 'node_modules', 'better-sqlite3', ADDON_IN_PACKAGE));
  });
});

function existsIn(path: string): boolean {
  try {
    return statSync(path) !== undefined;
  } catch {
    return false;
  }
}
