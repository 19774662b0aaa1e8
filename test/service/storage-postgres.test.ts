// The storage contract (./storage-contract.ts) on a real PostgreSQL cluster, plus what only a
// shared database has: decisions heard by every replica, a lost LISTEN connection, migrations
// run twice, and a password that never reaches a message.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import pg from 'pg';
import { openPostgresStorage } from '../../src/service/storage/postgres.js';
import type { ServiceStorage } from '../../src/service/storage/types.js';
import { startPostgres, type Postgres } from '../helpers/postgres.js';
import { storageContract } from './storage-contract.js';

let cluster: Postgres;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(() => cluster?.stop());

storageContract('PostgreSQL', async () => openPostgresStorage(await cluster.createDatabase()));

const ID = 'req_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z';
const now = (): string => new Date().toISOString();
const request = (id: string) => ({ id, host: 'h', request: '{}', request_hash: 'sha256:0', expires_at: now(), received_at: now() });

// Resolves with the first request id `store` announces.
const heard = (store: ServiceStorage): Promise<string> => new Promise((resolve) => {
  const off = store.onDecision((id) => {
    off();
    resolve(id);
  });
});

describe('PostgreSQL storage shared by replicas', () => {
  test('a decision stored through one replica is announced on the other, after it is readable there', async () => {
    const url = await cluster.createDatabase();
    const [a, b] = [await openPostgresStorage(url), await openPostgresStorage(url)];
    try {
      await a.addRequest(request(ID));
      const onB = heard(b);
      expect(await a.addDecision(ID, '{"d":1}', now())).toMatchObject({ stored: true });
      expect(await onB).toBe(ID);
      expect((await b.decisions(ID, 0, 10)).map((d) => d.decision)).toEqual(['{"d":1}']);
      expect(await b.addDecision(ID, '{"d":1}', now())).toEqual({ stored: false, reason: 'duplicate' });
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('a decision made while the listening connection was lost is announced once it is back', async () => {
    const url = await cluster.createDatabase();
    const [a, b] = [await openPostgresStorage(url), await openPostgresStorage(url)];
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    try {
      await a.addRequest(request(ID));
      const onB = heard(b);
      // Every listening session on this database ends; the decision lands before any reconnects.
      const killed = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'approve-run-listen' AND datname = $1", [new URL(url).pathname.slice(1)]);
      expect(killed.rowCount).toBe(2);
      expect(await a.addDecision(ID, '{"d":"gap"}', now())).toMatchObject({ stored: true });
      expect(await onB).toBe(ID);
      // And the new session hears later decisions as they come.
      const again = heard(b);
      await a.addDecision(ID, '{"d":"after"}', now());
      expect(await again).toBe(ID);
    } finally {
      await admin.end();
      await a.close();
      await b.close();
    }
  });

  test('migrations are recorded once, however many replicas start together', async () => {
    const url = await cluster.createDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStorage(url)));
    await Promise.all(stores.map((s) => s.close()));
    const again = await openPostgresStorage(url);
    await again.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      expect((await admin.query('SELECT version FROM approve_run_schema ORDER BY version')).rows).toEqual([{ version: 1 }, { version: 2 }]);
      await admin.query('INSERT INTO approve_run_schema (version) VALUES (99)');
    } finally {
      await admin.end();
    }
    await expect(openPostgresStorage(url)).rejects.toThrow(/schema version 99 is newer/);
  });

  test('hostile values are stored as data: long decisions, quotes, NUL-free unicode, SQL in keys', async () => {
    const store = await openPostgresStorage(await cluster.createDatabase());
    try {
      const id = "req_'; DROP TABLE requests; --";
      expect(await store.addRequest(request(id))).toBe(true);
      const long = JSON.stringify({ sig: 'x'.repeat(200_000) });
      expect(await store.addDecision(id, long, now())).toMatchObject({ stored: true });
      expect(await store.addDecision(id, long, now())).toEqual({ stored: false, reason: 'duplicate' });
      expect((await store.decisions(id, 0, 1))[0]?.decision).toBe(long);
      await store.putRecord("k'", '\u202e$1', '"v"; --', null);
      expect(await store.getRecord("k'", '\u202e$1')).toBe('"v"; --');
      expect(await store.getRequest(ID)).toBeNull();
    } finally {
      await store.close();
    }
  });

  test('a refused connection names the server without the password', async () => {
    const url = cluster.url();
    const password = decodeURIComponent(new URL(url).password);
    const wrong = url.replace(`:${password}@`, ':not-the-password@');
    const error = await openPostgresStorage(wrong).then(() => null, (e: Error) => e);
    expect(error?.message).toMatch(/^storage postgres:\/\/approve:\*\*\*@127\.0\.0\.1:\d+\/postgres: .*password authentication failed/);
    expect(error?.message).not.toContain('not-the-password');
    const closed = await openPostgresStorage(url.replace(/:\d+\//, ':1/')).then(() => null, (e: Error) => e);
    expect(closed?.message).not.toContain(password);
    expect(closed?.message).toMatch(/ECONNREFUSED/);
  });
});
