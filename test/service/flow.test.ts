// End to end through the real service: a host (the real CLI) waits on the service, approvers
// answer with `approve-run approve|deny`, and junk posted by anyone never ends the wait.
import Database from 'better-sqlite3';
import { generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canonicalBytes } from '../../src/crypto/jcs.js';
import { runCli } from '../helpers/cli.js';
import { approverKey, hostPolicy, startHost, startService, type Service } from './world.js';

let svc: Service;
let alice: { key: string; pub: string };
beforeAll(async () => {
  svc = await startService();
  alice = await approverKey(svc.dir, 'alice');
});
afterAll(async () => {
  await svc.stop();
});

// Waits until the service holds request `id` (the host prints it just before posting).
async function stored(id: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const r = await fetch(`${svc.url}/v1/requests/${id}`);
    if (r.status === 200) return (await r.json()) as Record<string, unknown>;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`request ${id} never reached the service`);
}

// Posts `{"decision": value}` to request `id`'s decisions endpoint.
const postDecision = (id: string, value: unknown) =>
  fetch(`${svc.url}/v1/requests/${id}/decisions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: value }) });

// A decision signed with `key` over the SPEC §5 fields.
function signedBy(key: ReturnType<typeof generateKeyPairSync>['privateKey'], fields: Record<string, unknown>): Record<string, unknown> {
  return { ...fields, signature: `ed25519:${sign(null, canonicalBytes(fields), key).toString('base64')}` };
}

// The host's `decision` entries with event `received`, from its audit log.
function received(db: string): Array<Record<string, unknown>> {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare('SELECT leaf FROM entries ORDER BY seq').all() as Array<{ leaf: string }>)
      .map((r) => JSON.parse(r.leaf) as Record<string, unknown>)
      .filter((e) => e.type === 'decision' && e.event === 'received');
  } finally {
    d.close();
  }
}

describe('the approval service', () => {
  test('approve-run approve releases the waiting host; the command runs', async () => {
    const marker = join(svc.dir, 'approved');
    const host = startHost(hostPolicy(svc.dir, svc.url, alice.pub), join(svc.dir, 'a.db'), marker);
    const id = await host.requestId();
    const shown = await stored(id);
    expect(shown.request_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const r = await runCli(['approve', id, '--key', alice.key, '--as', 'alice', '--reason', 'looks fine', '--server', svc.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/command {5}touch \S+approved/);
    expect(r.stdout).toContain('approved as alice');
    expect(await host.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect(JSON.parse(host.err().trim().split('\n').at(-1)!)).toMatchObject({ outcome: 'approved', approvers: ['alice'], request_id: id });
    // The host reported the outcome (approval.completed) to the service.
    expect((await stored(id)).outcome).toMatchObject({ type: 'approval.completed', request_id: id, outcome: 'ran', exit_code: 0, duration_ms: expect.any(Number) });
  });

  test('deny with a reason: the host exits 77 and says why', async () => {
    const marker = join(svc.dir, 'denied');
    const policy = hostPolicy(svc.dir, svc.url, alice.pub);
    const host = startHost(policy, join(svc.dir, 'b.db'), marker);
    const id = await host.requestId();
    await stored(id);
    // --as left out: the policy names exactly one approver with this key.
    const r = await runCli(['deny', id, '--key', alice.key, '-p', policy, '--reason', 'not during the freeze', '--server', svc.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(await host.code).toBe(77);
    expect(host.err()).toMatch(/denied by alice: not during the freeze/);
    expect((await stored(id)).outcome).toMatchObject({ outcome: 'denied', exit_code: 77, duration_ms: null });
    expect(existsSync(marker)).toBe(false);
  });

  test('junk never cancels: forged, misdirected and unknown-key decisions are logged and ignored, then a valid one runs the command', async () => {
    const marker = join(svc.dir, 'after-junk');
    const db = join(svc.dir, 'c.db');
    const host = startHost(hostPolicy(svc.dir, svc.url, alice.pub), db, marker);
    const id = await host.requestId();
    const shown = await stored(id);
    const { privateKey: mallory } = generateKeyPairSync('ed25519');
    const base = { request_id: id, request_hash: shown.request_hash, decision: 'approve', approver: 'alice', reason: null, decided_at: new Date().toISOString() };
    // Signed by a key that is not alice's.
    expect((await postDecision(id, signedBy(mallory, base))).status).toBe(202);
    // A deny by an approver the policy does not know.
    expect((await postDecision(id, signedBy(mallory, { ...base, decision: 'deny', approver: 'zed' }))).status).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    expect(host.err()).not.toMatch(/"outcome"/);
    // A real alice approval of another request, relayed to this one.
    const other = startHost(hostPolicy(svc.dir, svc.url, alice.pub, '3s'), join(svc.dir, 'c2.db'), join(svc.dir, 'other'));
    const otherId = await other.requestId();
    await stored(otherId);
    const misdirected = await runCli(['approve', otherId, '--key', alice.key, '--as', 'alice', '--server', svc.url]);
    expect(misdirected.code).toBe(0);
    expect(await other.code).toBe(0);
    const otherDecision = ((await (await fetch(`${svc.url}/v1/requests/${otherId}`)).json()) as { decisions: number }).decisions;
    expect(otherDecision).toBe(1);
    const replayed = (received(join(svc.dir, 'c2.db')).find((e) => e.accepted === true)?.decisions as unknown[])[0];
    expect((await postDecision(id, replayed)).status).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    expect(host.err()).not.toMatch(/"outcome"/);
    expect(existsSync(marker)).toBe(false);
    const r = await runCli(['approve', id, '--key', alice.key, '--as', 'alice', '--server', svc.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(await host.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    const reasons = received(db).map((e) => `${String(e.accepted)} ${String(e.message)}`);
    expect(reasons).toEqual([
      'false bad signature for approver alice',
      'false unknown approver zed',
      expect.stringMatching(new RegExp(`^false request_id ${otherId} is not this request \\(${id}\\)$`)),
      'true signature, request binding, permission and time window verified',
    ]);
  });

  test('junk alone: the host waits until the approval expires (75), never cancelled early', async () => {
    const db = join(svc.dir, 'd.db');
    const host = startHost(hostPolicy(svc.dir, svc.url, alice.pub, '2s'), db, join(svc.dir, 'never'));
    const id = await host.requestId();
    await stored(id);
    const started = Date.now();
    expect((await postDecision(id, { request_id: id, request_hash: 'sha256:00', decision: 'deny', approver: 'alice', decided_at: new Date().toISOString(), signature: 'ed25519:AAAA' })).status).toBe(202);
    expect(await host.code).toBe(75);
    expect(Date.now() - started).toBeGreaterThan(1000);
    expect(host.err()).toMatch(/approval expired after 2s/);
    expect(received(db).map((e) => e.message)).toEqual(['bad signature for approver alice']);
    expect((await stored(id)).outcome).toMatchObject({ outcome: 'expired', exit_code: 75 });
  });
});

describe('approve-run approve|deny refuses what it cannot do safely', () => {
  test('without --as and without a policy naming the key, nothing is signed', async () => {
    const r = await runCli(['deny', 'req_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z', '--key', alice.key, '--server', svc.url]);
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/give --as <approver-id>, or -p POLICY/);
  });

  test('an unknown request is not signed', async () => {
    const r = await runCli(['approve', 'req_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z', '--key', alice.key, '--as', 'alice', '--server', svc.url]);
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/cannot fetch request req_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z: the service answered HTTP 404/);
  });
});

describe('the allow path never loads the service', () => {
  test('the fast-path bundles hold no service code', () => {
    for (const file of ['dist/fast-path.cjs', 'dist/fast-path.mjs', 'dist/main.cjs']) {
      const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
      expect(text).not.toMatch(/serviceApp|hono|openSqliteStorage/);
    }
  });
});

describe('a compromised service', () => {
  test('that shows the approver an altered request gets a signature the host refuses', async () => {
    // A real HTTP proxy in front of the real service that rewrites the request it shows.
    const { createServer } = await import('node:http');
    const proxy = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        void (async () => {
          const upstream = await fetch(`${svc.url}${req.url ?? '/'}`, { method: req.method, headers: { 'content-type': req.headers['content-type'] ?? 'application/json' }, body: req.method === 'POST' ? body : undefined });
          let text = await upstream.text();
          if (req.method === 'GET') {
            const shown = JSON.parse(text) as { request: { argv: string[] } };
            shown.request.argv = ['touch', '/tmp/harmless'];
            text = JSON.stringify(shown);
          }
          res.writeHead(upstream.status, { 'content-type': 'application/json' });
          res.end(text);
        })();
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    try {
      const marker = join(svc.dir, 'altered');
      const db = join(svc.dir, 'e.db');
      const host = startHost(hostPolicy(svc.dir, svc.url, alice.pub, '3s'), db, marker);
      const id = await host.requestId();
      await stored(id);
      const r = await runCli(['approve', id, '--key', alice.key, '--as', 'alice', '--server', proxyUrl]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('touch /tmp/harmless');
      expect(await host.code).toBe(75);
      expect(existsSync(marker)).toBe(false);
      expect(received(db).map((e) => e.message)).toEqual([expect.stringMatching(/^request_hash does not match this request/)]);
    } finally {
      proxy.close();
    }
  });
});
