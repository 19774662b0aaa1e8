// Two `approve-run serve` replicas on one real PostgreSQL database: a decision given on one
// reaches a host long-polling the other at once (LISTEN/NOTIFY, not the long-poll's 30 s
// renewal), and a replica killed with SIGKILL mid-approval leaves the host to finish through
// the other (the policy lists both). A database that refuses the service's password stops
// `serve` with one line that does not show the password.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startPostgres, type Postgres } from '../helpers/postgres.js';
import { tempDir } from '../helpers/tmp.js';
import { replicaPolicy, startReplica, type Replica } from './replicas.js';
import { approverKey, startHost } from './world.js';

let cluster: Postgres;
let dir: string;
let db: string;
let a: Replica;
let b: Replica;
let alice: { key: string; pub: string };
beforeAll(async () => {
  cluster = await startPostgres();
  dir = tempDir('approve-run-replicas-');
  db = await cluster.createDatabase();
  [a, b] = await Promise.all([startReplica(dir, db), startReplica(dir, db)]);
  alice = await approverKey(dir, 'alice');
}, 60_000);
afterAll(() => cluster?.stop());

// Waits until replica `r` shows request `id` (the host prints the id just before it posts).
async function shownBy(r: Replica, id: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 400; i++) {
    const res = await fetch(`${r.url}/v1/requests/${id}`);
    if (res.status === 200) return (await res.json()) as Record<string, unknown>;
    await new Promise((done) => setTimeout(done, 25));
  }
  throw new Error(`request ${id} never reached ${r.url}`);
}

describe('two service replicas on one PostgreSQL database', () => {
  test('a decision given on one replica releases a host long-polling the other, well before a poll renewal', async () => {
    const marker = join(dir, 'across');
    const host = startHost(replicaPolicy(dir, [a.url], alice.pub), join(dir, 'across.db'), marker);
    const id = await host.requestId();
    await shownBy(b, id);
    const started = Date.now();
    const r = await runCli(['approve', id, '--key', alice.key, '--as', 'alice', '--server', b.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(await host.code).toBe(0);
    // The host's long-poll on A holds for 30 s; only a wake from B's decision ends it sooner.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(existsSync(marker)).toBe(true);
    expect((await shownBy(b, id)).outcome).toMatchObject({ outcome: 'ran', exit_code: 0 });
  }, 30_000);

  test('the replica a host waits on is killed (SIGKILL) mid-approval; the host completes through the other', async () => {
    const victim = await startReplica(dir, db);
    const marker = join(dir, 'failover');
    const host = startHost(replicaPolicy(dir, [victim.url, b.url], alice.pub), join(dir, 'failover.db'), marker);
    const id = await host.requestId();
    await shownBy(victim, id);
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBeNull();
    const r = await runCli(['approve', id, '--key', alice.key, '--as', 'alice', '--server', b.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(await host.code, host.err()).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect((await shownBy(b, id)).outcome).toMatchObject({ outcome: 'ran', exit_code: 0 });
  }, 30_000);

  test('a database that refuses the password stops serve with one line, without the password', async () => {
    const password = decodeURIComponent(new URL(db).password);
    const wrong = db.replace(`:${password}@`, ':Wr0ng-Secret@');
    const error = await startReplica(tempDir('approve-run-badpg-'), wrong).then(() => '', (e: Error) => e.message);
    expect(error).toMatch(/storage postgres:\/\/approve:\*\*\*@127\.0\.0\.1:\d+\/\w+: password authentication failed/);
    expect(error).not.toContain('Wr0ng-Secret');
    expect(error).not.toContain(password);
  });

  test('a configuration holding the database password that others can read is refused before any connection', async () => {
    const error = await startReplica(tempDir('approve-run-openpg-'), db, 0o644).then(() => '', (e: Error) => e.message);
    expect(error).toMatch(/its storage URL holds a password\) is accessible by group or others \(mode 0644; chmod 600 it\)/);
    expect(error).not.toContain(decodeURIComponent(new URL(db).password));
  });
});
