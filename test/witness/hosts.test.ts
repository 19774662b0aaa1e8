// Hosts and their witness, end to end (SPEC §15, issue 18): real `approve-run run` processes
// writing real audit logs, submitting each checkpoint to a real `approve-run serve` witness.
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../approval/server.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { host, keygen, startWitness } from './world.js';

// The entries of `type` in a host's log.
const ofType = (h: ReturnType<typeof host>, type: string) => h.entries().filter((e) => e.type === type);

describe('a host and its witness', () => {
  it('every checkpoint is cosigned and stored beside it; verify --witness checks them', async () => {
    const keys = tempDir();
    const { line } = keygen(keys, 'audit');
    const witness = await startWitness({ web1: line });
    try {
      const h = host(witness.url, keys);
      for (let i = 0; i < 3; i++) expect((await h.runExit(0)).code).toBe(0);
      const cosigned = h.cosignatures();
      expect(cosigned.map((c) => c.size)).toEqual([5, 10, 15]);
      const v = await h.verify(['--witness', witness.pub, '--json']);
      expect(v.code).toBe(0);
      const report = JSON.parse(v.stdout) as { ok: boolean; witness: Record<string, number> };
      expect(report.witness).toEqual({ cosignatures: 3, verified: 3, last_cosigned_size: 15, entries_beyond: 1, refusals: 0 });
      // Another key is not the witness's: every cosignature fails under it.
      const other = keygen(keys, 'other');
      const wrong = await h.verify(['--witness', other.pub, '--json']);
      expect(wrong.code).toBe(1);
      expect(JSON.parse(wrong.stdout)).toMatchObject({ ok: false, code: 'BAD_COSIGNATURE' });
      expect(witness.records('witness.log')).toHaveLength(1);
    } finally {
      await witness.stop();
    }
  });
});
