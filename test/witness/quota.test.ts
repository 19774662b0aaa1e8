// A host's checkpoint key may make only so many logs (origins) at the witness
// (src/service/witness/quota.ts): a host spraying new origins cannot fill the witness's storage.
// A real `approve-run serve` witness on SQLite; notes signed directly with the hosts' keys.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LOGS_PER_HOST } from '../../src/service/witness/quota.js';
import { tempDir } from '../helpers/tmp.js';
import { FakeLog, keygen, startWitness, submit, type Witness } from './world.js';

let witness: Witness;
let sprayKey: string;
let calmKey: string;

beforeAll(async () => {
  const dir = tempDir();
  const spray = keygen(dir, 'spray');
  const calm = keygen(dir, 'calm');
  sprayKey = readFileSync(spray.key, 'utf8');
  calmKey = readFileSync(calm.key, 'utf8');
  witness = await startWitness({ spray: spray.line, calm: calm.line });
}, 30_000);
afterAll(() => witness.stop());

// The witness's kept state, by host: how many logs, and the evidence bucket names.
const logsOf = (host: string) => witness.records('witness.log').filter((r) => r.key.startsWith(`${host} `)).length;
const evidenceBuckets = () => new Set(witness.records('witness.evidence').map((r) => r.key.slice(0, r.key.lastIndexOf('/'))));

describe('logs per host at the witness', () => {
  it(`admits at most ${MAX_LOGS_PER_HOST} origins per host key, even when the last places are raced for`, async () => {
    const first = new FakeLog(sprayKey, 'spray/log-0').grow(3);
    expect((await submit(witness.url, first.body(0))).status).toBe(200);
    for (let i = 1; i < MAX_LOGS_PER_HOST - 10; i++) {
      expect((await submit(witness.url, new FakeLog(sprayKey, `spray/log-${i}`).grow(1).body(0))).status).toBe(200);
    }
    // 30 new origins at once for the last 10 places: exactly 10 are admitted.
    const raced = await Promise.all(Array.from({ length: 30 }, (_, i) => submit(witness.url, new FakeLog(sprayKey, `spray/race-${i}`).grow(1).body(0))));
    expect(raced.filter((r) => r.status === 200)).toHaveLength(10);
    expect(raced.filter((r) => r.status === 404)).toHaveLength(20);
    expect(logsOf('spray')).toBe(MAX_LOGS_PER_HOST);
    const over = await submit(witness.url, new FakeLog(sprayKey, 'spray/one-more').grow(2).body(0));
    expect(over.status).toBe(404);
    expect(over.text).toMatch(new RegExp(`^unknown log: host spray already has ${MAX_LOGS_PER_HOST} logs`));
    // A known log goes on; a replay of its stored tree is still cosigned.
    expect((await submit(witness.url, first.grow(2).body(3))).status).toBe(200);
    expect((await submit(witness.url, first.body(3))).status).toBe(200);
    // Another host's key has its own places.
    expect((await submit(witness.url, new FakeLog(calmKey, 'calm/log').grow(1).body(0))).status).toBe(200);
  }, 60_000);

  it('a refused new origin leaves no log state and no bucket of its own, only bounded evidence', async () => {
    const before = evidenceBuckets();
    // Stale old sizes and bad proofs of new origins: each would have made a per-log bucket.
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => submit(witness.url, new FakeLog(sprayKey, `spray/flood-${i}`).grow(8).body(i % 2 === 0 ? 4 : 0))));
    expect(answers.every((r) => r.status === 404)).toBe(true);
    expect(logsOf('spray')).toBe(MAX_LOGS_PER_HOST);
    const added = [...evidenceBuckets()].filter((b) => !before.has(b));
    expect(added.every((b) => b === 'spray over limit')).toBe(true);
    expect(witness.records('witness.evidence').filter((r) => r.key.startsWith('spray over limit/')).length).toBeLessThanOrEqual(64);
    expect(witness.out()).not.toMatch(/internal error/);
  }, 60_000);
});
