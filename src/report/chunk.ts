// The report's facts of one chunk of the log, gathered where the chunk was verified (a worker
// thread, ./chunk-worker.ts), so that the main thread only merges them (Collector.merge in
// ./collect.ts) instead of parsing every entry itself.
// Invariants:
//   1. A chunk settles an entry alone only when nothing before the chunk can change what the
//      whole log's collector would do with it: a request of the period, an entry of a run
//      begun in the chunk, a request outside the period naming such a run. It settles them by
//      calling that very collector's add(), over the chunk's own runs.
//   2. Every other entry is left to the merge, in seq order, with what replaying it needs: its
//      exact stored text (parsed again there), or for a checkpoint its time and note, or for a
//      request outside the period only the run it names (it can only be counted).
//   3. The roster in force when the chunk began is not known here: runs begun before the
//      chunk's first policy_loaded entry refer to it, and a refused decision whose kind depends
//      on it (self-approval or not) is listed for the merge to judge.
//   4. The facts are plain data, so they can cross threads; they hold no leaf of a settled entry.
import { loggedText } from '../audit/display.js';
import type { LeafRun } from '../audit/verify/visit.js';
import { Collector, type Begun, type Collected } from './collect.js';
import { readRun } from './entries.js';
import type { ExceptionView, RunView } from './model.js';
import { loggedRoster, type RosterMember } from './roster.js';

/** The period a report covers, in epoch milliseconds (since may be -Infinity). */
export interface Period {
  since: number;
  until: number;
}

/** An entry a chunk left to the merge (invariant 2). */
export type Deferred =
  | { kind: 'request'; seq: number; key: string }
  | { kind: 'checkpoint'; seq: number; key: string; ts: string; note: string }
  | { kind: 'entry'; seq: number; key: string; leaf: string; always: boolean };

/** A refused decision that is a self-approval attempt if the approver's users, in the roster the chunk began with, include the requester. */
export interface Undecided {
  /** Its index in the chunk's exceptions. */
  index: number;
  approver: string;
  user: string;
  uid: number | null;
}

/** What a chunk found. */
export interface ChunkFacts {
  /** The entries reduced: from, from + 1, …, from + count - 1. */
  from: number;
  count: number;
  /** Runs begun in the chunk, in seq order; roster: index in `rosters`, or -1 for the roster in force when the chunk began. */
  begun: (Begun & { roster: number })[];
  rosters: RosterMember[][];
  deferred: Deferred[];
  exceptions: ExceptionView[];
  undecided: Undecided[];
  entries: number;
  decisionsReceived: number;
  decisionsAccepted: number;
  witness: Collected['witness'];
}

// Stands for the roster in force when the chunk began (compared by identity only).
const INHERITED: RosterMember[] = [];

/** Collects one chunk's entries; give them to take(), never to add(). */
export class ChunkCollector extends Collector {
  private readonly begun: ChunkFacts['begun'] = [];
  private readonly rosters: RosterMember[][] = [];
  private readonly deferred: Deferred[] = [];
  private readonly undecidedList: Undecided[] = [];

  constructor(period: Period) {
    super(period.since, period.until, INHERITED);
  }

  /** Settles the entry `seq` here, or leaves it to the merge; `leaf` gives its stored text. */
  take(seq: number, entry: Record<string, unknown>, leaf: () => string): void {
    const { ts, inPeriod, key } = this.place(entry);
    if (entry.type === 'checkpoint') {
      this.deferred.push({ kind: 'checkpoint', seq, key, ts, note: loggedText(entry.note) });
      return;
    }
    if (entry.type === 'policy_loaded') {
      // The change it makes is judged by the merge; later runs of the chunk are checked against its roster.
      const roster = loggedRoster(entry.approvers);
      if (roster !== null) this.rosters.push((this.roster = roster));
      this.deferred.push({ kind: 'entry', seq, key, leaf: leaf(), always: true });
      return;
    }
    const ofChunk = this.runs.has(key);
    if (entry.type === 'request' ? inPeriod || ofChunk : ofChunk) return this.add(seq, entry);
    if (entry.type === 'request') this.deferred.push({ kind: 'request', seq, key });
    else this.deferred.push({ kind: 'entry', seq, key, leaf: leaf(), always: inPeriod });
  }

  // A run begun here, with the roster it is checked against.
  protected override request(seq: number, ts: string, entry: Record<string, unknown>): Begun {
    const begun = super.request(seq, ts, entry);
    this.begun.push({ ...begun, roster: this.roster === INHERITED ? -1 : this.rosters.length - 1 });
    return begun;
  }

  // Not known here when the run's roster is the one the chunk began with.
  protected override isRequesters(run: RunView, approver: string): boolean | null {
    return this.out.rosterAt.get(run.request_id) === INHERITED ? null : super.isRequesters(run, approver);
  }

  protected override undecided(run: RunView, approver: string): void {
    this.undecidedList.push({ index: this.out.exceptions.length - 1, approver, user: run.requester, uid: run.requester_uid });
  }

  /** The facts of the `count` entries from `from`. */
  facts(from: number, count: number): ChunkFacts {
    const { exceptions, entries, decisionsReceived, decisionsAccepted, witness } = this.out;
    return { from, count, begun: this.begun, rosters: this.rosters, deferred: this.deferred, exceptions, undecided: this.undecidedList, entries, decisionsReceived, decisionsAccepted, witness };
  }
}

/** Reduces verified batches (one chunk, in seq order) to their facts; `period` is a Period. */
export function reduceChunk(runs: LeafRun[], period: unknown): ChunkFacts {
  const chunk = new ChunkCollector(period as Period);
  let count = 0;
  for (const run of runs) {
    readRun(run, run.count, (seq, entry, leaf) => {
      if (typeof entry === 'string') return chunk.unreadable(seq, entry);
      chunk.witnessEntry(seq, entry);
      chunk.take(seq, entry, leaf);
    });
    count += run.count;
  }
  return chunk.facts(runs[0]?.from ?? 0, count);
}
