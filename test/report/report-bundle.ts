// The report's build for tests that need its worker threads: bundled like dist/ (ESM, code
// splitting, the report in a lazily imported chunk), since a worker cannot load TypeScript.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { tempDir } from '../helpers/tmp.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What the bundle gives the tests. */
export interface ReportBundle {
  build: typeof import('../../src/report/build.js');
  parallel: typeof import('../../src/audit/verify/parallel.js');
  chunks: typeof import('../../src/report/chunk-worker.js');
  collect: typeof import('../../src/report/collect.js');
  entries: typeof import('../../src/report/entries.js');
  read: typeof import('../../src/audit/read.js');
}

/** Builds and loads the bundle (once per test file). */
export async function loadReportBundle(): Promise<ReportBundle> {
  const dir = tempDir('approve-run-report-bundle-');
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const modules = { build: 'src/report/build.ts', parallel: 'src/audit/verify/parallel.ts', chunks: 'src/report/chunk-worker.ts', collect: 'src/report/collect.ts', entries: 'src/report/entries.ts', read: 'src/audit/read.ts' };
  await build({
    stdin: { contents: `export const load = () => Promise.all([${Object.values(modules).map((m) => `import('./${m}')`).join(', ')}]);`, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
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
  const entry = (await import(pathToFileURL(join(dir, 'entry.mjs')).href)) as { load: () => Promise<unknown[]> };
  const loaded = await entry.load();
  return Object.fromEntries(Object.keys(modules).map((name, i) => [name, loaded[i]])) as unknown as ReportBundle;
}
