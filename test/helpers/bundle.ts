// Bundles test entry code the way scripts/build.mjs bundles the full program (ESM, code
// splitting, lazily imported chunks), for code that needs real JavaScript: worker threads
// cannot load the TypeScript sources the tests import.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { tempDir } from './tmp.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Bundles `contents` (TypeScript, paths relative to the repository) into a new temp dir and imports it. */
export async function importBundled<T>(prefix: string, contents: string): Promise<{ entry: T; dir: string }> {
  const dir = tempDir(prefix);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: dir,
    entryNames: 'entry',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    external: ['better-sqlite3'],
    banner: { js: "import { createRequire as __arCreateRequire } from 'node:module'; const require = __arCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return { entry: (await import(pathToFileURL(join(dir, 'entry.mjs')).href)) as T, dir };
}
