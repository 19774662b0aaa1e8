// `run` with a real approval: a webhook approver on 127.0.0.1 signs decisions with a real
// Ed25519 key; the command runs under the session, and a session's expiry is a deadline.
import { createServer, type Server } from 'node:http';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../src/crypto/jcs.js';
import { fixture, jsonResult, moduleLogger, SECURE_PATH, world } from './support.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicText = `ed25519:${Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('base64')}`;
const mallory = generateKeyPairSync('ed25519').privateKey;
// What the approver sends: an honest answer, or (hostile) an approval signed with another key,
// bound to another request, or not JSON at all.
let answer: 'approve' | 'deny' | 'forged' | 'rebound' | 'garbage' = 'approve';
let server: Server;
let url = '';

// A signed decision for the request in a webhook body.
function decisionFor(body: { request: { id: string; created_at: string }; request_hash: string }, key: KeyObject): Record<string, string> {
  const decision = {
    request_id: body.request.id,
    request_hash: answer === 'rebound' ? `sha256:${'0'.repeat(64)}` : body.request_hash,
    decision: answer === 'deny' ? 'deny' : 'approve',
    approver: 'alice',
    reason: answer === 'deny' ? 'not today' : 'looks fine',
    decided_at: new Date(Date.parse(body.request.created_at) + 1).toISOString(),
  };
  const signer = answer === 'forged' ? mallory : key;
  return { ...decision, signature: `ed25519:${sign(null, canonicalBytes(decision), signer).toString('base64')}` };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const body = JSON.parse(text);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(answer === 'garbage' ? '{"decisions": [' : JSON.stringify({ decisions: [decisionFor(body, privateKey)] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/approve`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// A policy whose only rule needs alice's approval over the webhook.
function policy(sessionTtl: string): string {
  return `
version: 1
settings:
  default: deny
  secure_path: "${SECURE_PATH}"
  kill_grace: 1s
approvers:
  alice: { users: [alice], key: "${publicText}" }
channels:
  webhook: { url: "${url}", timeout: 5s }
rules:
  - id: needs-alice
    match: { command: [${fixture('marker.mjs')}, ${fixture('sleep.mjs')}] }
    decision: approve
    approvers: [alice]
    channel: webhook
    session_ttl: ${sessionTtl}
`;
}

describe('run with a webhook approval', () => {
  it('runs once approved, logging the session; an identical request reuses the session', async () => {
    answer = 'approve';
    const w = world(policy('15m'));
    const marker = join(w.dir, 'approved');
    const first = await w.run(['--json', '--', fixture('marker.mjs'), marker]);
    expect(first.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    const firstResult = jsonResult(first.stderr);
    expect(firstResult).toMatchObject({ outcome: 'approved', exit_code: 0, approvers: ['alice'], rule_ids: ['needs-alice'] });
    expect(firstResult.session_id).toMatch(/^ses_/);

    const second = await w.run(['--json', '--', fixture('marker.mjs'), marker]);
    expect(second.code).toBe(0);
    expect(jsonResult(second.stderr)).toMatchObject({ outcome: 'session', session_id: firstResult.session_id });

    const starts = w.entries().filter((e) => e.type === 'exec_start');
    expect(starts.map((e) => e.session_id)).toEqual([firstResult.session_id, firstResult.session_id]);
    const types = w.entries().map((e) => e.type);
    expect(types.indexOf('session_open')).toBeLessThan(types.indexOf('exec_start'));
  });

  it('an approver’s deny is 77 naming the approver, and nothing runs', async () => {
    answer = 'deny';
    const w = world(policy('15m'));
    const marker = join(w.dir, 'denied');
    const result = await w.run(['--json', '--', fixture('marker.mjs'), marker]);
    expect(result.code).toBe(77);
    expect(result.stderr).toContain('approve-run: denied by alice: not today\n');
    expect(jsonResult(result.stderr)).toMatchObject({ outcome: 'denied_by_approver', exit_code: 77 });
    expect(existsSync(marker)).toBe(false);
    expect(w.entries().some((e) => e.type === 'exec_start')).toBe(false);
  });

  it('a run under a session stops when the session expires, before max_runtime, on a policy-cache miss and hit', async () => {
    answer = 'approve';
    const w = world(policy('2s'));
    for (const arg of ['60000', '60001']) {
      const result = await w.run(['--json', '--', fixture('sleep.mjs'), arg]);
      expect(result.code).toBe(124);
      expect(result.stderr).toMatch(/approve-run: stopped after [12]s \(expiry of session ses_\w+\)\n/);
      expect(jsonResult(result.stderr)).toMatchObject({ outcome: 'timed_out', exit_code: 124 });
    }
  });

  it.each(['forged', 'rebound', 'garbage'] as const)('a %s answer never approves, on a policy-cache miss or hit: 75, nothing runs', async (hostile) => {
    const w = world(policy('15m'));
    for (const name of ['miss', 'hit']) {
      answer = hostile;
      const marker = join(w.dir, name);
      const result = await w.run(['--json', '--', fixture('marker.mjs'), marker]);
      expect(result.code).toBe(75);
      expect(jsonResult(result.stderr)).toMatchObject({ outcome: 'approver_unreachable', exit_code: 75 });
      expect(existsSync(marker)).toBe(false);
    }
    expect(w.entries().filter((e) => e.type === 'request')).toHaveLength(2);
    expect(w.entries().some((e) => e.type === 'exec_start' || e.type === 'session_open')).toBe(false);
  });

  it('on a policy-cache hit the fast bundle does the whole approval, logging what the full program logs', async () => {
    answer = 'approve';
    const w = world(policy('15m'));
    const modules = join(w.dir, 'modules.log');
    const options = { NODE_OPTIONS: `--import=${moduleLogger(w.dir, modules)}` };
    const results = [];
    for (const name of ['miss', 'hit']) {
      writeFileSync(modules, '');
      const result = await w.run(['--json', '--', fixture('marker.mjs'), join(w.dir, name)], options);
      results.push({ result, loaded: readFileSync(modules, 'utf8') });
    }
    const [miss, hit] = results;
    expect(miss?.loaded).toMatch(/dist\/program\.js/);
    expect(hit?.loaded).not.toMatch(/program\.js|chunks\//);
    for (const { result } of results) expect(jsonResult(result.stderr)).toMatchObject({ outcome: 'approved', exit_code: 0, approvers: ['alice'] });
    expect(existsSync(join(w.dir, 'hit'))).toBe(true);
    const byRun = (id: unknown) => w.entries().filter((e) => e.request_id === id).map((e) => [e.type, e.event ?? e.outcome ?? null]);
    const ids = results.map(({ result }) => jsonResult(result.stderr).request_id);
    expect(byRun(ids[1])).toEqual(byRun(ids[0]));
    expect(byRun(ids[1]).map(([type]) => type)).toEqual(['decision', 'session_open', 'decision', 'exec_start', 'exec_end']);
    expect(w.entries().filter((e) => e.type === 'request')).toHaveLength(2);
  });
});
