// The report's build for tests that need its worker threads: bundled like dist/ (ESM, code
// splitting, the report in a lazily imported chunk), since a worker cannot load TypeScript.
import { importBundled } from '../helpers/bundle.js';

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
  const modules = { build: 'src/report/build.ts', parallel: 'src/audit/verify/parallel.ts', chunks: 'src/report/chunk-worker.ts', collect: 'src/report/collect.ts', entries: 'src/report/entries.ts', read: 'src/audit/read.ts' };
  const { entry } = await importBundled<{ load: () => Promise<unknown[]> }>('approve-run-report-bundle-', `export const load = () => Promise.all([${Object.values(modules).map((m) => `import('./${m}')`).join(', ')}]);`);
  const loaded = await entry.load();
  return Object.fromEntries(Object.keys(modules).map((name, i) => [name, loaded[i]])) as unknown as ReportBundle;
}
