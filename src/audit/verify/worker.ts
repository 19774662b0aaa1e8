// The worker threads of a parallel `audit verify` (./verify-parallel.ts): starting them, and
// their side: each claims chunks of the log from a shared counter, verifies each as a segment
// (./verify-segment.ts) over its own read-only connection, and posts the result for the main
// thread to join in order.
// Invariants:
//   1. A worker only ever reports what it found; the main thread decides. Any error is posted
//      as an error for its chunk, which the main thread then verifies itself.
//   2. A chunk at or past the lowest one known to fail is not started (it cannot matter).
//   3. With a reducer, a chunk that passed is reduced where it was verified, and only its
//      reduction is posted; a failing chunk is not reduced (its entries are never merged).
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { openAuditReader } from '../read.js';
import { verifySegment, type SegmentResult } from './segment.js';
import type { ChunkReduce } from './visit.js';

/** Tells a worker thread started on the module that runs a parallel verify what to do. */
export interface VerifyWorkerData {
  /** Which module's worker this is (./parallel.ts, or a ChunkReducer's). */
  kind: string;
  path: string;
  logId: string;
  size: number;
  chunkRows: number;
  batchRows: number;
  /** Whether results carry their chunk's leaves (for a visitor on the main thread). */
  keep: boolean;
  /** Whether they carry the leaves reduced instead, and what the reduction needs. */
  reduce: boolean;
  reduceWith: unknown;
  /** Int32 slots, see SLOT. */
  shared: SharedArrayBuffer;
  port: MessagePort;
}

/** What a worker posts: one chunk's result, or why it could not verify it (or start). */
export interface VerifyWorkerMessage {
  chunk: number | null;
  result?: SegmentResult;
  error?: string;
}

/** The shared Int32 slots: next chunk to claim, results posted, lowest chunk known to fail. */
export const SLOT = { next: 0, posted: 1, stop: 2 } as const;
export const SLOTS = 3;

/** Claims the next chunk, or null when none is left worth verifying. */
export function claimChunk(shared: Int32Array, chunks: number): number | null {
  const chunk = Atomics.add(shared, SLOT.next, 1);
  return chunk < chunks && chunk <= Atomics.load(shared, SLOT.stop) ? chunk : null;
}

/** Records that `chunk` fails or stops, so later chunks are not started. */
export function stopAfter(shared: Int32Array, chunk: number): void {
  for (let seen = Atomics.load(shared, SLOT.stop); chunk < seen; seen = Atomics.load(shared, SLOT.stop)) {
    if (Atomics.compareExchange(shared, SLOT.stop, seen, chunk) === seen) return;
  }
}

/** Verifies one chunk as a segment, through `read`; with `reduce`, reduces its leaves (invariant 3). */
export function verifyChunk(read: Parameters<typeof verifySegment>[0], data: Omit<VerifyWorkerData, 'kind' | 'path' | 'shared' | 'port'>, chunk: number, reduce?: ChunkReduce): SegmentResult {
  const from = chunk * data.chunkRows;
  const result = verifySegment(read, data.logId, from, Math.min(from + data.chunkRows, data.size), data.batchRows, data.keep);
  if (!data.reduce || result.runs === null) return result;
  // A worker started on a module that brought no reducer: the main thread does this chunk.
  if (reduce === undefined) throw new Error('this worker has no reducer');
  return { ...result, runs: null, reduced: result.failure === null ? reduce(result.runs, data.reduceWith) : null };
}

// Posts a message and wakes the main thread if it waits.
function post(data: VerifyWorkerData, shared: Int32Array, message: VerifyWorkerMessage): void {
  data.port.postMessage(message);
  Atomics.add(shared, SLOT.posted, 1);
  Atomics.notify(shared, SLOT.posted);
}

/** Starts workers on `moduleUrl`; one that cannot start is not there (others do its share). */
export function startWorkers(count: number, moduleUrl: string, data: Omit<VerifyWorkerData, 'port'>): { worker: Worker; port: MessagePort }[] {
  const pool: { worker: Worker; port: MessagePort }[] = [];
  for (let i = 0; i < count; i++) {
    const { port1, port2 } = new MessageChannel();
    try {
      const worker = new Worker(new URL(moduleUrl), { workerData: { ...data, port: port2 }, transferList: [port2] });
      // A worker that fails delivers nothing, and what it does not deliver the main thread does.
      worker.on('error', () => undefined);
      worker.unref();
      pool.push({ worker, port: port1 });
    } catch {
      port1.close();
    }
  }
  return pool;
}

/** The body of a verify worker thread, with the reducer's `reduce` if any; its last message is always `chunk: null`. */
export function runVerifyWorker(data: VerifyWorkerData, reduce?: ChunkReduce): void {
  const shared = new Int32Array(data.shared);
  const chunks = Math.ceil(data.size / data.chunkRows);
  let reason: string | undefined;
  try {
    const reader = openAuditReader(data.path);
    const read = (from: number, to: number) => reader.batch(from, to, from === 0, false);
    try {
      reader.snapshot(() => {
        for (let chunk = claimChunk(shared, chunks); chunk !== null; chunk = claimChunk(shared, chunks)) {
          let message: VerifyWorkerMessage;
          try {
            const result = verifyChunk(read, data, chunk, reduce);
            if (result.failure !== null || result.irregular) stopAfter(shared, chunk);
            message = { chunk, result };
          } catch (error) {
            message = { chunk, error: (error as Error).message };
          }
          post(data, shared, message);
        }
      });
    } finally {
      reader.close();
    }
  } catch (error) {
    reason = (error as Error).message;
  } finally {
    post(data, shared, { chunk: null, ...(reason === undefined ? {} : { error: reason }) });
    data.port.close();
  }
}
