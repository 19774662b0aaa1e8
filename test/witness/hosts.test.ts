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

describe('a log rewritten behind the witness', () => {
  it('restored from an old copy and extended: refused with 409, and verify and the report say so', async () => {
    const keys = tempDir();
    const { line } = keygen(keys, 'audit');
    const witness = await startWitness({ web1: line });
    try {
      const h = host(witness.url, keys);
      expect((await h.runExit(0)).code).toBe(0);
      const backup = join(h.dir, 'backup');
      h.copyLog(backup);
      expect((await h.runExit(0)).code).toBe(0);
      expect((await h.runExit(0)).code).toBe(0);
      expect(h.cosignatures().at(-1)?.size).toBe(15);
      h.restoreLog(backup);
      const after = await h.runExit(3);
      expect(after.code).toBe(3); // the command's own code: the witness is evidence, not a gate
      expect(after.stderr).toMatch(/witness refused checkpoint 10 \(HTTP 409\)/);
      expect(ofType(h, 'witness_refused')).toMatchObject([{ status: 409, size: 10, old: 5, witness_size: 15 }]);
      expect(h.cosignatures().map((c) => c.size)).toEqual([5]);
      const v = await h.verify(['--witness', witness.pub, '--json']);
      expect(v.code).toBe(1);
      expect(JSON.parse(v.stdout)).toMatchObject({ ok: false, code: 'WITNESS_REFUSED', witness: { refusals: 1, last_cosigned_size: 5 } });
      const report = await runCli(['audit', 'report', '--audit-db', h.db, '--format', 'md'], { env: h.env });
      expect(report.code).toBe(1);
      expect(report.stdout).toMatch(/AUDIT LOG REFUSED BY ITS WITNESS: THE WITNESS REFUSED THIS LOG: 1 refusal, the first at seq 11, HTTP 409/);
      const html = await runCli(['audit', 'report', '--audit-db', h.db, '--format', 'html'], { env: h.env });
      expect(html.stdout).toMatch(/<dt>Witness<\/dt><dd>THE WITNESS REFUSED THIS LOG/);
      const json = await runCli(['audit', 'report', '--audit-db', h.db, '--format', 'json'], { env: h.env });
      expect(JSON.parse(json.stdout)).toMatchObject({ witness: { status: 'refused', refusals: [{ status: 409, witness_size: 15 }] } });
      // The refusal is kept at the witness as evidence.
      expect(witness.records('witness.evidence').map((r) => JSON.parse(r.value) as { status: number }).map((e) => e.status)).toContain(409);
    } finally {
      await witness.stop();
    }
  });

  it('forked (two copies extended apart): the second copy is refused', async () => {
    const keys = tempDir();
    const { line } = keygen(keys, 'audit');
    const witness = await startWitness({ web1: line });
    try {
      const h = host(witness.url, keys);
      expect((await h.runExit(0)).code).toBe(0);
      const fork = join(h.dir, 'fork');
      h.copyLog(fork);
      expect((await h.runExit(0)).code).toBe(0);
      expect(h.cosignatures().at(-1)?.size).toBe(10);
      h.restoreLog(fork);
      expect((await h.runExit(0)).code).toBe(0);
      // Same size, another tree: the retry from the witness's size 10 shows the fork (422).
      expect(ofType(h, 'witness_refused')).toMatchObject([{ status: 422, size: 10, old: 10 }]);
      const v = await h.verify(['--witness', witness.pub, '--json']);
      expect(JSON.parse(v.stdout)).toMatchObject({ ok: false, code: 'WITNESS_REFUSED' });
    } finally {
      await witness.stop();
    }
  });
});

describe('a witness that is down', () => {
  it('the command runs and keeps its exit code; the next checkpoint catches up', async () => {
    const keys = tempDir();
    const { line } = keygen(keys, 'audit');
    const port = await closedPort();
    const h = host(`http://127.0.0.1:${port}`, keys);
    const first = await h.runExit(7);
    expect(first.code).toBe(7);
    expect(first.stderr).toMatch(/witness is unreachable/);
    expect((await h.runExit(0)).code).toBe(0);
    expect(ofType(h, 'witness_unreachable')).toHaveLength(2);
    expect(h.cosignatures()).toEqual([]);
    const witness = await startWitness({ web1: line }, port);
    try {
      const later = await h.runExit(0);
      expect(later.code).toBe(0);
      expect(later.stderr).toBe('');
      const sizes = h.cosignatures().map((c) => c.size);
      expect(sizes).toHaveLength(1);
      const v = await h.verify(['--witness', witness.pub, '--json']);
      expect(v.code).toBe(0);
      expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, witness: { verified: 1, refusals: 0, last_cosigned_size: sizes[0] } });
    } finally {
      await witness.stop();
    }
  });

  it('a witness that accepts and never answers delays the run by the bounded timeout only', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      const h = host(`http://127.0.0.1:${port}`);
      const r = await h.runExit(4);
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/no answer within 3000 ms/);
      expect(r.ms).toBeLessThan(15_000);
      expect(ofType(h, 'witness_unreachable')).toHaveLength(1);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});

describe('a hostile witness', () => {
  it('junk answers are never stored as cosignatures and never change the command\'s exit code', async () => {
    const { createServer: httpServer } = await import('node:http');
    const answers: [number, Record<string, string>, string | Buffer][] = [
      [200, {}, 'not a cosignature\n'],
      [200, {}, `— witness ${Buffer.alloc(75).toString('base64')}\n`], // one byte short
      [200, {}, Buffer.alloc(100_000, 0x41)], // larger than an answer may be
      [409, { 'content-type': 'text/x.tlog.size' }, '-5\n'],
      [409, { 'content-type': 'text/plain' }, '3\n'],
      [302, { location: 'http://127.0.0.1:1/' }, ''],
      [500, {}, 'boom'],
    ];
    let next = 0;
    const server = httpServer((req, res) => {
      req.resume();
      const [status, headers, body] = answers[next++ % answers.length] as [number, Record<string, string>, string | Buffer];
      res.writeHead(status, headers).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const h = host(`http://127.0.0.1:${port}`);
      for (let i = 0; i < answers.length; i++) {
        const r = await h.runExit(i);
        expect(r.code).toBe(i);
        expect(r.stderr).toMatch(/approve-run: warning: (checkpoint not cosigned|the witness refused)/);
      }
      expect(h.cosignatures()).toEqual([]);
      // Only the 409s are refusals; a 409 without its content type or size says nothing more.
      expect(ofType(h, 'witness_refused').map((e) => [e.status, e.witness_size])).toEqual([[409, null], [409, null]]);
      expect(ofType(h, 'witness_unreachable')).toHaveLength(5);
      expect((await h.verify()).code).toBe(0);
    } finally {
      server.close();
    }
  });
});
