// Two witness replicas on one database (SPEC §15): the compare-and-set on the log's state means
// racing submissions never both advance a log, and a lost race is re-checked, never rolled
// back. Each replica has its own SQLite connection to the same file; every storage call is
// delayed by a random few milliseconds, as a networked database would be, so the checks and
// writes of concurrent submissions interleave.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePrivateKey, parsePublicKey, rawPublicKey } from '../../src/crypto/ed25519.js';
import { openSqliteStorage } from '../../src/service/storage/sqlite.js';
import type { ServiceStorage } from '../../src/service/storage/types.js';
import { addCheckpoint, LOG_KIND } from '../../src/service/witness/witness.js';
import { tempDir } from '../helpers/tmp.js';
import { FakeLog, keygen } from './world.js';

// `storage` with every call delayed by 0-4 ms.
function slow(storage: ServiceStorage): ServiceStorage {
  return new Proxy(storage, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await new Promise((r) => setTimeout(r, Math.random() * 4));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

describe('two replicas racing on one log', () => {
  it('exactly one of many branches from the stored tree is cosigned; the stored tree is the winner', async () => {
    const dir = tempDir();
    const host = keygen(dir, 'web1');
    const witnessKey = parsePrivateKey(readFileSync(keygen(dir, 'witness').key, 'utf8'));
    const hostKey = parsePublicKey(host.line);
    const identity = { name: 'witness.test', key: witnessKey, raw: rawPublicKey(witnessKey), logs: [{ host: 'web1', key: hostKey.key, raw: hostKey.raw }] };
    const file = join(dir, 'state', 'server.db');
    const replicas = [openSqliteStorage(file), openSqliteStorage(file)].map(slow);
    const call = (i: number, body: string) => addCheckpoint({ identity, storage: replicas[i % 2] as ServiceStorage, now: () => Date.now(), log: () => {} }, Buffer.from(body));
    const pem = readFileSync(host.key, 'utf8');
    const trunk = new FakeLog(pem, 'approve-run/race').grow(8);
    expect((await call(0, trunk.body(0))).status).toBe(200);
    for (let round = 0; round < 5; round++) {
      const size = trunk.leaves.length;
      const branches = Array.from({ length: 10 }, (_, i) => {
        const b = new FakeLog(pem, trunk.origin);
        b.leaves.push(...trunk.leaves);
        return b.grow(i + 1);
      });
      const answers = await Promise.all(branches.map((b, i) => call(i, b.body(size))));
      const winners = answers.flatMap((a, i) => (a.status === 200 ? [i] : []));
      expect(winners, `round ${round}`).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409)).toHaveLength(9);
      const won = branches[winners[0] as number] as FakeLog;
      const stored = JSON.parse((await replicas[1]!.getRecord(LOG_KIND, `web1 ${trunk.origin}`)) as string) as { size: number; root: string };
      expect(stored.size).toBe(won.leaves.length);
      expect(stored.root).toBe(won.mth(0, won.leaves.length).toString('base64'));
      trunk.leaves.splice(0, trunk.leaves.length, ...won.leaves);
    }
    await Promise.all(replicas.map((r) => r.close()));
  });
});
