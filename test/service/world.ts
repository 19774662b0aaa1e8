// A real approval service (the built CLI, `approve-run serve`) on 127.0.0.1 with a real
// SQLite store in a temp dir, plus hosts that run the real CLI against it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { closedPort } from '../approval/server.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
});

export const HOST = hostname();
export const SECRET = 'correct horse battery staple';

export interface Service {
  dir: string;
  url: string;
  db: string;
  out(): string;
  stop(): Promise<number | null>;
}

/**
 * Writes a configuration (root-owned 0600 files, as the tests run as root) and starts serve;
 * `extraConfig` is appended as top-level YAML (e.g. a `slack:` section).
 */
export async function startService(extraHosts = '', extraConfig = ''): Promise<Service> {
  const dir = tempDir('approve-run-svc-');
  const port = await closedPort();
  mkdirSync(join(dir, 'hosts'), { mode: 0o700 });
  writeFileSync(join(dir, 'hosts', 'host.secret'), `${SECRET}\n`, { mode: 0o600 });
  const db = join(dir, 'state', 'server.db');
  const config = join(dir, 'service.yaml');
  writeFileSync(config, `version: 1
listen: 127.0.0.1:${port}
public_url: http://127.0.0.1:${port}
storage: sqlite:${db}
hosts:
  ${HOST}: { secret_file: ${join(dir, 'hosts', 'host.secret')} }
${extraHosts}approvers:
  alice: { name: Alice Example }
${extraConfig}`, { mode: 0o600 });
  const child = spawn(process.execPath, [CLI, 'serve', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  // Up to 20 s: the wait ends as soon as it listens, and a loaded machine can take a while.
  for (let i = 0; i < 800 && !out.includes('listening on') && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 25));
  if (!out.includes('listening on')) throw new Error(`service did not start: ${out}`);
  return {
    dir, db, url: `http://127.0.0.1:${port}`, out: () => out,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** An approver key pair made by `approve-run keygen`. */
export async function approverKey(dir: string, name: string): Promise<{ key: string; pub: string }> {
  const prefix = join(dir, name);
  const r = await runCli(['keygen', '-o', prefix]);
  if (r.code !== 0) throw new Error(r.stderr);
  return { key: `${prefix}.key`, pub: readFileSync(`${prefix}.pub`, 'utf8').trim() };
}

/**
 * A host policy that sends `touch` to the service for alice's approval; given several service
 * URLs (replicas), the host tries them in order.
 */
export function hostPolicy(dir: string, serviceUrl: string | string[], alicePub: string, timeout = '20s'): string {
  const urls = (Array.isArray(serviceUrl) ? serviceUrl : [serviceUrl]).map((u) => `"${u}/v1/requests"`);
  const file = join(dir, `policy-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `version: 1
settings: { default: deny, approval_timeout: ${timeout} }
approvers:
  alice: { users: [alice], key: "${alicePub}" }
channels:
  webhook: { url: ${urls.length === 1 ? urls[0] : `[${urls.join(', ')}]`}, secret_env: APPROVE_RUN_WEBHOOK_SECRET, timeout: 5s }
rules:
  - id: touch-files
    match: { command: touch }
    decision: approve
    approvers: [alice]
`);
  return file;
}

export interface Host {
  /** The request id, once the host printed it. */
  requestId(): Promise<string>;
  code: Promise<number | null>;
  err(): string;
}

/** Starts `approve-run run --json -p POLICY -- touch FILE` as a waiting host. */
export function startHost(policy: string, auditDb: string, marker: string): Host {
  const child = spawn(process.execPath, [CLI, 'run', '--json', '-p', policy, '--audit-db', auditDb, '--', 'touch', marker], {
    env: { ...process.env, APPROVE_RUN_WEBHOOK_SECRET: SECRET, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const code = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    code,
    err: () => err,
    async requestId() {
      for (let i = 0; i < 400; i++) {
        const id = /\(request (req_[0-9A-Z]{26})\)/.exec(err)?.[1];
        if (id !== undefined) return id;
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`host printed no request id: ${err}`);
    },
  };
}
