// The parallel verifier needs real JavaScript for its worker threads (a worker cannot load the
// TypeScript sources the tests import). This bundles it the way scripts/build.mjs bundles the
// full program: ESM, code splitting, the verifier in a lazily imported chunk.
import { importBundled } from '../helpers/bundle.js';
import type { verifyLogParallel } from '../../src/audit/verify/parallel.js';
import type { runAuditVerify } from '../../src/commands/audit-verify.js';
import type { openAuditReader } from '../../src/audit/read.js';

/** What the bundle gives the tests. */
export interface VerifyBundle {
  verifyLogParallel: typeof verifyLogParallel;
  runAuditVerify: typeof runAuditVerify;
  openAuditReader: typeof openAuditReader;
  dir: string;
}

/** Builds and loads the bundle (once per test file). */
export async function loadVerifyBundle(): Promise<VerifyBundle> {
  const { entry, dir } = await importBundled<{
    loadVerifier: () => Promise<typeof import('../../src/audit/verify/parallel.js')>;
    loadCommand: () => Promise<typeof import('../../src/commands/audit-verify.js')>;
    openAuditReader: typeof openAuditReader;
  }>(
    'approve-run-verify-bundle-',
    [
      "export const loadVerifier = () => import('./src/audit/verify/parallel.ts');",
      "export const loadCommand = () => import('./src/commands/audit-verify.ts');",
      "export { openAuditReader } from './src/audit/read.ts';",
    ].join('\n'),
  );
  const verifier = await entry.loadVerifier();
  const command = await entry.loadCommand();
  return { verifyLogParallel: verifier.verifyLogParallel, runAuditVerify: command.runAuditVerify, openAuditReader: entry.openAuditReader, dir };
}
