// The report's second verification, for --previous (the log must still contain that note's
// tree), on a thread of its own so that it overlaps the main pass (./build.ts).
// Invariants:
//   1. The thread verifies exactly as `audit verify --trusted NOTE` does (verifyLogParallel
//      over its own read-only snapshot, taken after the caller's): the log is append-only, so
//      the caller's entries are a prefix of what the thread verified, and a verdict for the
//      longer log covers them.
//   2. Any failure of the thread (it could not start, read or finish) rejects; the report then
//      fails (exit 125) and never claims a verification it did not get.
//   3. Where this module cannot be a thread's script (TypeScript sources under a test runner),
//      the same verification runs on the calling thread.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { openAuditReader } from '../audit/read.js';
import type { VerifyReport } from '../audit/verify/report.js';
import { verifyLogParallel } from '../audit/verify/parallel.js';
import { parsePublicKey } from '../crypto/ed25519.js';

const KIND = 'approve-run-report-verify';

/** What one verification needs; plain data, so it can cross to the thread. */
export interface VerifyJob {
  path: string;
  /** `ed25519:<base64>`, or null. */
  key: string | null;
  trusted: string | null;
}

// Runs the job on this thread.
function verifyHere(job: VerifyJob): VerifyReport {
  const reader = openAuditReader(job.path);
  try {
    const key = job.key === null ? null : parsePublicKey(job.key);
    return reader.snapshot(() => verifyLogParallel(reader, { logId: reader.logId, checkpoints: reader.checkpoints(), key, trusted: job.trusted }).report);
  } finally {
    reader.close();
  }
}

/** Verifies on a thread of its own when it can, else here; resolves to the report. */
export function verifyInThread(job: VerifyJob): Promise<VerifyReport> {
  if (!/^file:.*\.m?js$/.test(import.meta.url)) return Promise.resolve().then(() => verifyHere(job));
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { kind: KIND, job } });
    let settled = false;
    worker.once('message', (report: VerifyReport | { error: string }) => {
      settled = true;
      if ('error' in report) reject(new Error(report.error));
      else resolve(report);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the verification thread exited with code ${code} before reporting`));
    });
  });
}

// Loaded as the script of a report verification thread: verify and report back.
if (!isMainThread && (workerData as { kind?: string } | null)?.kind === KIND) {
  const { job } = workerData as { job: VerifyJob };
  try {
    parentPort?.postMessage(verifyHere(job));
  } catch (error) {
    parentPort?.postMessage({ error: (error as Error).message });
  }
}
