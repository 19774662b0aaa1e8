// The parallel verifier needs real JavaScript for its worker threads (a worker cannot load the
// TypeScript sources the tests import). This bundles it the way scripts/build.mjs bundles the
// full program: ESM, code splitting, the verifier in a lazily imported chunk.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { tempDir } from '../helpers/tmp.js';
import type { verifyLogParallel } from '../../src/audit/verify/parallel.js';
import type { runAuditVerify } from '../../src/commands/audit-verify.js';
import type { openAuditReader } from '../../src/audit/read.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What the bundle gives the tests. */
export interface VerifyBundle {
  verifyLogParallel: typeof verifyLogParallel;
  runAuditVerify: typeof runAuditVerify;
  openAuditReader: typeof openAuditReader;
  dir: string;
}

/** Builds and loads the bundle (once per test file). */
export async function loadVerifyBundle(): Promise<VerifyBundle> {
  const dir = tempDir('approve-run-verify-bundle-');
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  await build({
    stdin: {
      contents: [
        "export const loadVerifier = () => import('./src/audit/verify/parallel.ts');",
        "export const loadCommand = () => import('./src/commands/audit-verify.ts');",
        "export { openAuditReader } from './src/audit/read.ts';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'entry.ts',
    },
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
  const entry = (await import(pathToFileURL(join(dir, 'entry.mjs')).href)) as {
    loadVerifier: () => Promise<typeof import('../../src/audit/verify/parallel.js')>;
    loadCommand: () => Promise<typeof import('../../src/commands/audit-verify.js')>;
    openAuditReader: typeof openAuditReader;
  };
  const verifier = await entry.loadVerifier();
  const command = await entry.loadCommand();
  return { verifyLogParallel: verifier.verifyLogParallel, runAuditVerify: command.runAuditVerify, openAuditReader: entry.openAuditReader, dir };
}
