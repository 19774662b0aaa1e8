// SPEC §11: a run interrupted while it waits for an approval (SIGINT, SIGTERM, SIGHUP) logs a
// decision `interrupted` before it exits 128+N. Real processes, a real approver on 127.0.0.1
// that takes the request and never answers, real signals.
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { approverKey, fixture, jsonResult, SECURE_PATH, world } from './support.js';

let server: Server;
let url = '';
let requests = 0;

beforeAll(async () => {
  // Reads the request, then keeps the connection open without a word.
  server = createServer((req) => {
    req.resume();
    requests++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/approve`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const POLICY = () => `
version: 1
settings:
  default: deny
  secure_path: "${SECURE_PATH}"
  approval_timeout: 5m
approvers:
  alice: { users: [alice], key: "${approverKey()}" }
channels:
  webhook: { url: "${url}", timeout: 5m }
rules:
  - id: needs-alice
    match: { command: ${fixture('marker.mjs')} }
    decision: approve
    approvers: [alice]
    channel: webhook
`;

// Resolves once `check` holds, polling every 50 ms for up to 20 s.
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!check()) throw new Error('timed out waiting');
}

describe('a run interrupted while waiting for approval', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`${signal}: logs request and decision(interrupted), exits ${code}, and the log verifies`, async () => {
      const w = world(POLICY());
      const before = requests;
      const child = w.start(['--json', '--', fixture('marker.mjs'), `${w.dir}/never`]);
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      await until(() => requests > before);
      child.kill(signal);
      expect(await exited).toBe(code);
      const entries = w.entries();
      const request = entries.find((e) => e.type === 'request') as { request: { id: string } };
      const decisions = entries.filter((e) => e.type === 'decision');
      expect(decisions).toHaveLength(1);
      expect(decisions[0]).toMatchObject({ request_id: request.request.id, outcome: 'interrupted' });
      expect(String(decisions[0]?.message)).toContain(signal);
      expect(entries.some((e) => e.type === 'exec_start')).toBe(false);
      expect(jsonResult(stderr)).toMatchObject({ outcome: 'interrupted', exit_code: code });
      const verify = spawnSync(process.execPath, [CLI, 'audit', 'verify', '--json', '--audit-db', w.db], { env: w.env });
      expect(verify.status).toBe(0);
      expect(JSON.parse(verify.stdout.toString())).toMatchObject({ ok: true, entries: entries.length });
    }, 30_000);
  }
});
