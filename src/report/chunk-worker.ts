// The report's chunk reducer for a parallel `audit verify` (../audit/verify/parallel.ts): worker
// threads run this module, so each reduces the chunks it verified to the report's facts
// (./chunk.ts) and posts only those. Loaded in a worker of that kind, the module becomes the
// worker (a bundle needs no separate worker file, as with ./verify-thread.ts).
// Invariants:
//   1. Workers and the main thread reduce with the same function, reduceChunk, and the same
//      period: a chunk's facts do not depend on who verified it.
//   2. Where this module cannot be a worker's script (TypeScript sources under a test runner),
//      the verifier starts no workers and the main thread reduces every chunk.
import { isMainThread, workerData } from 'node:worker_threads';
import type { ChunkReducer } from '../audit/verify/visit.js';
import { runVerifyWorker, type VerifyWorkerData } from '../audit/verify/worker.js';
import { reduceChunk, type ChunkFacts, type Period } from './chunk.js';

const KIND = 'approve-run-report-chunks';

/** The reducer of a report over `period`, whose facts go to `merge`. */
export function chunkReducer(period: Period, merge: (facts: ChunkFacts) => void): ChunkReducer<ChunkFacts> {
  return { moduleUrl: import.meta.url, kind: KIND, data: period, reduce: reduceChunk, merge };
}

// Loaded as the script of a report's verify worker: be that worker.
if (!isMainThread && (workerData as Partial<VerifyWorkerData> | null)?.kind === KIND) runVerifyWorker(workerData as VerifyWorkerData, reduceChunk);
