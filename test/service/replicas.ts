// Service replicas for tests and benches: `approve-run serve` processes (the built CLI) on
// 127.0.0.1 sharing one storage URL, and host policies that list them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { closedPort } from '../approval/server.js';
import { HOST, hostPolicy, SECRET } from './world.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** A running `approve-run serve`. */
export interface Replica {
  url: string;
  child: ChildProcess;
  out(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Starts `serve` on a free port with `storage`; resolves once it listens, rejects with its log if it exits. */
export async function startReplica(dir: string, storage: string, mode = 0o600): Promise<Replica> {
  const port = await closedPort();
  mkdirSync(join(dir, 'hosts'), { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'hosts', 'host.secret'), `${SECRET}\n`, { mode: 0o600 });
  const config = join(dir, `service-${port}.yaml`);
  writeFileSync(config, `version: 1
listen: 127.0.0.1:${port}
public_url: http://127.0.0.1:${port}
storage: ${storage}
hosts:
  ${HOST}: { secret_file: ${join(dir, 'hosts', 'host.secret')} }
approvers:
  alice: { name: Alice Example }
`, { mode });
  const child = spawn(process.execPath, [CLI, 'serve', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening on')) resolve();
    });
    void exited.then(() => reject(new Error(`service did not start: ${out.trim()}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, out: () => out, exited };
}

/** A host policy sending `touch` for alice's approval to the service replicas at `urls`, in order. */
export function replicaPolicy(dir: string, urls: string[], alicePub: string, timeout = '20s'): string {
  return hostPolicy(dir, urls, alicePub, timeout);
}
