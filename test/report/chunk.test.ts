// The report's facts gathered chunk by chunk where each chunk was verified (src/report/chunk.ts)
// and merged in order (Collector.merge) must be exactly those of one collector reading every
// entry in seq order: over random streams of hostile entries (./entry-stream.ts), cut into
// chunks and batches anywhere, the facts crossing a structured clone as between threads, and
// rows read one by one in between.
import { describe, expect, it } from 'vitest';
import { reduceChunk, type Period } from '../../src/report/chunk.js';
import { Collector } from '../../src/report/collect.js';
import { checkDuties } from '../../src/report/duties.js';
import { EntryReader, parseOne } from '../../src/report/entries.js';
import type { ChunkFacts } from '../../src/report/chunk.js';
import type { ChunkReducer, LeafRun } from '../../src/audit/verify/visit.js';
import { prng } from '../helpers/prng.js';
import { entryStream, PERIOD, startRoster } from './entry-stream.js';

// The leaves from..to-1 as one batch, as the verifier reads them (0x00 before each leaf).
function leafRun(leaves: string[], from: number, to: number): LeafRun {
  const parts = leaves.slice(from, to).map((leaf) => Buffer.from(leaf));
  const offsets = new Uint32Array(parts.length + 1);
  let at = 0;
  parts.forEach((part, i) => {
    offsets[i] = at;
    at += part.length + 1;
  });
  offsets[parts.length] = at;
  return { from, count: parts.length, leaves: Buffer.concat(parts.flatMap((part) => [Buffer.from([0]), part])), offsets };
}

// What a report is drawn from: every fact, the duty checks (which fill in key ids), as JSON.
function drawn(collector: Collector): string {
  const facts = collector.finish();
  const checks = checkDuties(facts.runs, facts.rosterAt);
  return JSON.stringify({ ...facts, rosterAt: [...facts.rosterAt], checks });
}

// One collector, every entry in seq order: the reference.
function whole(leaves: string[], seed: number, period: Period = PERIOD): string {
  const collector = new Collector(period.since, period.until, startRoster(seed));
  leaves.forEach((leaf, seq) => {
    const entry = parseOne(leaf);
    if (typeof entry === 'string') return collector.unreadable(seq, entry);
    collector.witnessEntry(seq, entry);
    collector.add(seq, entry);
  });
  return drawn(collector);
}

// Chunks of random length reduced on their own (through a structured clone), with stretches read as rows between them.
function chunked(leaves: string[], seed: number, cuts: number, period: Period = PERIOD): { drawn: string; deferred: number } {
  const random = prng(seed * 7919 + cuts);
  const collector = new Collector(period.since, period.until, startRoster(seed));
  let deferred = 0;
  const reducer = (merge: (facts: ChunkFacts) => void): ChunkReducer<ChunkFacts> => ({ moduleUrl: '', kind: '', data: period, reduce: reduceChunk, merge });
  const reader = new EntryReader(collector, reducer);
  for (let from = 0; from < leaves.length; ) {
    const to = Math.min(leaves.length, from + 1 + Math.floor(random() * cuts));
    if (random() < 0.15) {
      for (let seq = from; seq < to; seq++) reader.row(seq, Buffer.from(leaves[seq] as string));
    } else {
      const runs: LeafRun[] = [];
      for (let at = from; at < to; ) {
        const end = Math.min(to, at + 1 + Math.floor(random() * 6));
        runs.push(leafRun(leaves, at, end));
        at = end;
      }
      const facts = structuredClone(reduceChunk(runs, period));
      deferred += facts.deferred.length;
      reader.reducer.merge(facts);
    }
    from = to;
  }
  return { drawn: drawn(collector), deferred };
}

describe('chunked collection equals one pass', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('stream %i, cut anywhere', (seed) => {
    const leaves = entryStream(seed, 400);
    const reference = whole(leaves, seed);
    for (const cuts of [1, 3, 17, 80, 400]) {
      const { drawn: result } = chunked(leaves, seed, cuts);
      expect(result, `cuts up to ${cuts}`).toBe(reference);
    }
  });

  it('whole log as one period: the same, and entries of runs begun in an earlier chunk are left to the merge', () => {
    const everything = { since: -Infinity, until: Infinity };
    const leaves = entryStream(99, 600);
    const reference = whole(leaves, 99, everything);
    const { drawn: result, deferred } = chunked(leaves, 99, 20, everything);
    expect(result).toBe(reference);
    expect(deferred).toBeGreaterThan(0);
  });

  it('the streams reach every case the merge must judge', () => {
    const leaves = Array.from({ length: 40 }, (_, i) => entryStream(i + 1, 400)).flat();
    const facts = reduceChunk([leafRun(leaves.slice(0, 4000), 0, 4000)], PERIOD);
    const kinds = new Set(facts.deferred.map((d) => (d.kind === 'entry' ? `entry-${d.always}` : d.kind)));
    expect([...kinds].sort()).toEqual(['checkpoint', 'entry-false', 'entry-true', 'request']);
    expect(facts.undecided.length).toBeGreaterThan(0);
    expect(facts.begun.some((b) => b.roster === -1) && facts.begun.some((b) => b.roster >= 0)).toBe(true);
  });
});
