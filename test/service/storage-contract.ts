// The storage interface's contract (src/service/storage/types.ts), written once and run
// against every implementation: each test opens a fresh store through `open`.
import { describe, expect, test } from 'vitest';
import type { ServiceStorage } from '../../src/service/storage/types.js';

const ID = 'req_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z';
const OTHER = 'req_01JD0Y7X9M3K5Q8R2T4V6W8Y0Y';

// A stored request with the given id, received at `at`.
const request = (id: string, at = new Date().toISOString()) => ({ id, host: 'h', request: '{}', request_hash: 'sha256:0', expires_at: at, received_at: at });

/** Runs the contract against stores made by `open`. */
export function storageContract(name: string, open: () => Promise<ServiceStorage>): void {
  // Runs `body` with a fresh store, closed afterwards.
  const withStore = async (body: (store: ServiceStorage) => Promise<void>): Promise<void> => {
    const store = await open();
    try {
      await body(store);
    } finally {
      await store.close();
    }
  };

  describe(`${name} storage`, () => {
    test('a replay key is claimed once; a stored decision wakes listeners after it is stored', () => withStore(async (store) => {
      expect(await store.claimNonce('k', Date.now() + 60_000)).toBe(true);
      expect(await store.claimNonce('k', Date.now() + 60_000)).toBe(false);
      const now = new Date().toISOString();
      expect(await store.addRequest(request(ID, now))).toBe(true);
      expect(await store.addRequest(request(ID, now))).toBe(false);
      const seen: Promise<number>[] = [];
      const woken = new Promise<void>((resolve) => store.onDecision((id) => {
        seen.push(store.decisions(id, 0, 10).then((rows) => rows.length));
        resolve();
      }));
      expect(await store.addDecision(ID, '{"a":1}', now)).toMatchObject({ stored: true });
      await woken;
      expect(await store.addDecision(ID, '{"a":1}', now)).toEqual({ stored: false, reason: 'duplicate' });
      expect(await store.addDecision(OTHER, '{"a":1}', now)).toEqual({ stored: false, reason: 'unknown_request' });
      expect(await Promise.all(seen)).toEqual([1]);
    }));

    test('decisions page in arrival order; an outcome is stored once, only for a known request', () => withStore(async (store) => {
      const now = new Date().toISOString();
      await store.addRequest(request(ID, now));
      for (let i = 0; i < 5; i++) await store.addDecision(ID, `{"n":${i}}`, now);
      expect((await store.decisions(ID, 2, 2)).map((d) => d.decision)).toEqual(['{"n":2}', '{"n":3}']);
      expect(await store.setOutcome({ request_id: OTHER, outcome: '{}', received_at: now })).toBe(false);
      expect(await store.setOutcome({ request_id: ID, outcome: '{"o":1}', received_at: now })).toBe(true);
      expect(await store.setOutcome({ request_id: ID, outcome: '{"o":2}', received_at: now })).toBe(false);
      expect((await store.getOutcome(ID))?.outcome).toBe('{"o":1}');
      expect(await store.getOutcome(OTHER)).toBeNull();
    }));

    test('a request holds at most 1000 decisions, however many race for the last places', () => withStore(async (store) => {
      const now = new Date().toISOString();
      await store.addRequest(request(ID, now));
      const results = await Promise.all(Array.from({ length: 1030 }, (_, i) => store.addDecision(ID, `{"n":${i}}`, now)));
      expect(results.filter((r) => r.stored)).toHaveLength(1000);
      expect(results.filter((r) => !r.stored && r.reason === 'full')).toHaveLength(30);
      expect(await store.decisions(ID, 0, 2000)).toHaveLength(1000);
      expect(await store.addDecision(ID, '{"n":0}', now)).toEqual({ stored: false, reason: 'full' });
      const seqs = results.flatMap((r) => (r.stored ? [r.seq] : []));
      expect(new Set(seqs).size).toBe(1000);
    }));

    test('recent requests come newest first', () => withStore(async (store) => {
      await store.addRequest(request(OTHER, '2026-01-01T00:00:00.000Z'));
      await store.addRequest(request(ID, '2026-01-02T00:00:00.000Z'));
      expect((await store.recentRequests(10)).map((r) => r.id)).toEqual([ID, OTHER]);
      expect((await store.recentRequests(1)).map((r) => r.id)).toEqual([ID]);
    }));

    test('records: put, insert-if-absent, one-time take, compare-and-set, list, delete', () => withStore(async (store) => {
      await store.putRecord('k', 'a', 'one', null);
      expect(await store.getRecord('k', 'a')).toBe('one');
      expect(await store.getRecord('other-kind', 'a')).toBeNull();
      expect(await store.insertRecord('k', 'a', 'two', null)).toBe(false);
      expect(await store.insertRecord('k', 'b', 'two', null)).toBe(true);
      expect((await store.listRecords('k', 10)).map((r) => r.key).sort()).toEqual(['a', 'b']);
      expect(await store.swapRecord('k', 'a', 'wrong', 'x')).toBe(false);
      expect(await store.swapRecord('k', 'a', 'one', 'x')).toBe(true);
      expect(await store.getRecord('k', 'a')).toBe('x');
      expect(await store.swapRecord('k', 'c', null, 'new')).toBe(true);
      expect(await store.swapRecord('k', 'c', null, 'again')).toBe(false);
      expect(await store.takeRecord('k', 'b')).toBe('two');
      expect(await store.takeRecord('k', 'b')).toBeNull();
      await store.deleteRecord('k', 'a');
      expect(await store.getRecord('k', 'a')).toBeNull();
      expect((await store.listRecords('k', 10)).map((r) => r.key)).toEqual(['c']);
    }));

    test('an expired record is absent everywhere, and its key can be taken again', () => withStore(async (store) => {
      await store.putRecord('k', 'gone', 'v', Date.now() - 1);
      expect(await store.getRecord('k', 'gone')).toBeNull();
      expect(await store.takeRecord('k', 'gone')).toBeNull();
      expect(await store.listRecords('k', 10)).toEqual([]);
      expect(await store.swapRecord('k', 'gone', 'v', 'w')).toBe(false);
      await store.putRecord('k', 'gone', 'v', Date.now() - 1);
      expect(await store.insertRecord('k', 'gone', 'fresh', Date.now() + 60_000)).toBe(true);
      expect(await store.getRecord('k', 'gone')).toBe('fresh');
    }));

    test('of many racing one-time takes and inserts, exactly one wins', () => withStore(async (store) => {
      await store.putRecord('k', 'once', 'v', null);
      const takes = await Promise.all(Array.from({ length: 20 }, () => store.takeRecord('k', 'once')));
      expect(takes.filter((v) => v !== null)).toEqual(['v']);
      const inserts = await Promise.all(Array.from({ length: 20 }, (_, i) => store.insertRecord('k', 'race', String(i), null)));
      expect(inserts.filter(Boolean)).toHaveLength(1);
    }));
  });
}
