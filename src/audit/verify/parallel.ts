// `audit verify` of a long log on several cores. The log is cut into chunks that the main
// thread and worker threads claim from a shared counter and verify as segments
// (./verify-segment.ts); the main thread joins the results strictly in order, checking the
// links between chunks and every checkpoint. Workers run this very module (import.meta.url),
// so a bundle needs no separate worker file: loaded in a verify worker, it starts the worker.
// Invariants:
//   1. The report is the one verifyLog (./verify.ts) gives: same checks, same first bad seq,
//      code and message; only the order in which chunks are checked differs.
//   2. Nothing a worker does is needed for a verdict: a chunk a worker cannot deliver (it
//      failed to start, threw, or went silent) is verified on the main thread.
//   3. From the first chunk that cannot be read as batches, the rest of the log is read row by
//      row on the main thread, in its own snapshot.
//   4. Workers read with their own connections, so possibly a later snapshot; the chain links
//      checked between every two chunks tie the pieces into one chain all the same.
//   5. options.visit (./visit.ts) is called on the main thread only, with a chunk's leaves
//      once its join has passed, so in seq order and never past a failure; a worker then
//      posts its chunks' leaves along with their results. With options.reduce, a chunk is
//      reduced by whoever verified it (workers run the reducer's module) and only the
//      reduction is posted; options.reduce.merge() hears of it where visit would have.
import { availableParallelism } from 'node:os';
import { isMainThread, receiveMessageOnPort, workerData, type MessagePort, type Worker } from 'node:worker_threads';
import { ChainVerifier } from './chain.js';
import { NoteChecker, type VerifyOptions } from './notes.js';
import { reportOf, type VerifyReport } from './report.js';
import { SegmentJoiner, type SegmentResult } from './segment.js';
import { asLeafRun } from './visit.js';
import { claimChunk, runVerifyWorker, SLOT, SLOTS, startWorkers, stopAfter, verifyChunk, type VerifyWorkerData, type VerifyWorkerMessage } from './worker.js';
import { BATCH_ROWS, verifyLog, type VerifySource } from './verify.js';

/** How a parallel verify spreads the work; the defaults suit `audit verify`. */
export interface ParallelTuning {
  /** Worker threads to start at most (default: one per extra core, at most 3). */
  workers?: number;
  /** Logs shorter than this are verified on the main thread alone (default 131,072). */
  minEntries?: number;
  chunkRows?: number;
  batchRows?: number;
  /** Whether the main thread verifies chunks besides joining them (default true). */
  mainVerifies?: boolean;
  /** Milliseconds without news from any worker before the main thread takes a chunk over. */
  stallMs?: number;
  /** The module workers run: this one (tests pass a bundle's). */
  moduleUrl?: string;
}

/** A log the workers can open themselves. */
export interface ParallelSource extends VerifySource {
  readonly path: string;
}

const KIND = 'approve-run-verify';

// Worker threads to start: none where this module cannot be a worker's script (TypeScript
// sources under a test runner, a CommonJS bundle).
function workerCount(tuning: ParallelTuning, moduleUrl: string): number {
  if (!/^file:.*\.m?js$/.test(moduleUrl)) return 0;
  return Math.max(0, tuning.workers ?? Math.min(3, availableParallelism() - 1));
}

// One parallel verification: the chunks, who has verified which, and the join so far.
class ParallelRun {
  private readonly chunks: number;
  private readonly shared: Int32Array;
  private readonly notes: NoteChecker;
  private readonly joiner: SegmentJoiner;
  private rowWalk: ChainVerifier | null = null;
  private readonly results = new Map<number, SegmentResult>();
  private readonly chunk: Omit<VerifyWorkerData, 'kind' | 'path' | 'shared' | 'port'>;
  private pool: { worker: Worker; port: MessagePort }[] = [];
  private live = 0;
  private next = 0;
  private mainVerifies: boolean;
  workerChunks = 0;

  constructor(
    private readonly source: ParallelSource,
    private readonly options: VerifyOptions,
    private readonly tuning: ParallelTuning,
    logId: string,
    private readonly size: number,
    batchRows: number,
  ) {
    const chunkRows = tuning.chunkRows ?? 8 * batchRows;
    const reduce = options.reduce !== undefined;
    this.chunk = { logId, size, chunkRows, batchRows, keep: reduce || options.visit !== undefined, reduce, reduceWith: options.reduce?.data };
    this.chunks = Math.ceil(size / chunkRows);
    this.shared = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
    this.shared[SLOT.stop] = this.chunks;
    this.notes = new NoteChecker(options);
    this.joiner = new SegmentJoiner(this.notes, options);
    this.mainVerifies = tuning.mainVerifies ?? true;
  }

  /** Starts `workers` workers running `moduleUrl`, verifies and joins everything, stops them. */
  run(workers: number, moduleUrl: string): VerifyReport {
    const data = { kind: this.options.reduce?.kind ?? KIND, path: this.source.path, shared: this.shared.buffer as SharedArrayBuffer, ...this.chunk };
    this.pool = startWorkers(workers, moduleUrl, data);
    this.live = this.pool.length;
    try {
      return reportOf(
        () => this.walk(),
        () => ({ entries: this.rowWalk?.entries ?? this.joiner.entries, checkpoints: this.notes.checked }),
      );
    } finally {
      for (const { worker, port } of this.pool) {
        port.close();
        void worker.terminate();
      }
    }
  }

  // Joins every chunk in order, verifying here what no worker delivers; then the rest row by
  // row if a chunk was irregular; then the checkpoints beyond the end.
  private walk(): void {
    let posted = Atomics.load(this.shared, SLOT.posted);
    let heard = Date.now();
    while (this.next < this.chunks) {
      this.drain();
      const ready = this.results.get(this.next);
      if (ready !== undefined) {
        this.results.delete(this.next++);
        const regular = this.joiner.join(ready);
        if (this.options.reduce !== undefined) this.options.reduce.merge(ready.reduced);
        else for (const run of ready.runs ?? []) this.options.visit?.batch(asLeafRun(run), run.count);
        if (!regular) break;
        continue;
      }
      if (this.live === 0) this.mainVerifies = true;
      const claimed = this.mainVerifies ? claimChunk(this.shared, this.chunks) : null;
      if (claimed !== null) {
        this.verifyHere(claimed);
      } else if (this.live === 0) {
        // Claimed by a worker that has stopped without delivering it.
        this.verifyHere(this.next);
      } else {
        Atomics.wait(this.shared, SLOT.posted, posted, 50);
        const now = Atomics.load(this.shared, SLOT.posted);
        if (now !== posted) {
          posted = now;
          heard = Date.now();
        } else if (Date.now() - heard > (this.tuning.stallMs ?? 30_000)) {
          // No worker has posted anything for too long: take over (a late copy is dropped).
          this.mainVerifies = true;
          this.verifyHere(this.next);
        }
      }
    }
    if (this.joiner.entries < this.size) {
      // A chunk could not be read as batches: the rest, row by row (invariant 3).
      const start = this.joiner.start;
      this.rowWalk = new ChainVerifier(this.notes, this.options, start);
      for (const row of this.source.rows(start.position === 0 ? undefined : start.position)) {
        this.rowWalk.entry(row);
        this.options.visit?.row(row[0], row[1]);
      }
    }
    this.notes.finish(this.rowWalk?.entries ?? this.joiner.entries);
  }

  // Verifies a chunk on this thread.
  private verifyHere(chunk: number): void {
    const read = (from: number, to: number) => this.source.batch(from, to, from === 0, false);
    this.keep(chunk, verifyChunk(read, this.chunk, chunk, this.options.reduce?.reduce));
  }

  // Keeps a chunk's result until its turn; a failing one stops later chunks from starting.
  private keep(chunk: number, result: SegmentResult): void {
    if (result.failure !== null || result.irregular) stopAfter(this.shared, chunk);
    this.results.set(chunk, result);
  }

  // Takes in what the workers posted: results, chunks to redo here, workers that are done.
  private drain(): void {
    for (const { port } of this.pool) {
      for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
        const message = m.message as VerifyWorkerMessage;
        if (message.chunk === null) {
          this.live--;
        } else if (!this.results.has(message.chunk) && message.chunk >= this.next) {
          if (message.result === undefined) {
            this.verifyHere(message.chunk);
          } else {
            this.keep(message.chunk, message.result);
            this.workerChunks++;
          }
        }
      }
    }
  }
}

/**
 * Verifies a whole log like verifyLog, on worker threads too when the log is long enough.
 * Also returns how many chunks workers verified (for tests and benchmarks).
 */
export function verifyLogParallel(source: ParallelSource, options: VerifyOptions, tuning: ParallelTuning = {}): { report: VerifyReport; workerChunks: number } {
  const moduleUrl = options.reduce?.moduleUrl ?? tuning.moduleUrl ?? import.meta.url;
  const batchRows = tuning.batchRows ?? BATCH_ROWS;
  const size = source.size();
  const workers = workerCount(tuning, moduleUrl);
  if (workers === 0 || options.logId === null || size < (tuning.minEntries ?? 131_072)) {
    return { report: verifyLog(source, options, batchRows), workerChunks: 0 };
  }
  const parallel = new ParallelRun(source, options, tuning, options.logId, size, batchRows);
  return { report: parallel.run(workers, moduleUrl), workerChunks: parallel.workerChunks };
}

// Loaded as the script of a verify worker: be that worker.
if (!isMainThread && (workerData as Partial<VerifyWorkerData> | null)?.kind === KIND) runVerifyWorker(workerData as VerifyWorkerData);
