// A real witness (the built CLI's `approve-run serve` with a `witness` section) on 127.0.0.1,
// SQLite storage in a temp dir, and hosts that run the real CLI with checkpoints submitted to
// it; plus notes signed directly with a host's checkpoint key for protocol-level cases.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect } from 'vitest';
import { checkpointBody } from '../../src/audit/checkpoint-note.js';
import { consistencyProof } from '../../src/crypto/consistency.js';
import { parsePrivateKey, parsePublicKey, rawPublicKey } from '../../src/crypto/ed25519.js';
import { Frontier, leafHash, nodeHash } from '../../src/crypto/merkle.js';
import { signNote } from '../../src/crypto/note.js';
import { closedPort } from '../approval/server.js';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { fixture, SECURE_PATH, world, type World } from '../run/support.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

/** A key pair made by `approve-run keygen -o <dir>/<name>`. */
export function keygen(dir: string, name: string): { key: string; pub: string; line: string } {
  const made = spawnSync(process.execPath, [CLI, 'keygen', '-o', join(dir, name)]);
  expect(made.status).toBe(0);
  return { key: join(dir, `${name}.key`), pub: join(dir, `${name}.pub`), line: readFileSync(join(dir, `${name}.pub`), 'utf8').trim() };
}

export interface Witness {
  dir: string;
  url: string;
  db: string;
  pub: string;
  out(): string;
  stop(): Promise<void>;
  /** Records of `kind` in the service's storage. */
  records(kind: string): { key: string; value: string }[];
}

/** Starts `approve-run serve` as a witness for `hosts` (name → checkpoint public key line). */
export async function startWitness(hosts: Record<string, string>, port?: number): Promise<Witness> {
  const dir = tempDir('approve-run-witness-');
  const listen = port ?? (await closedPort());
  const keys = keygen(dir, 'witness');
  writeFileSync(join(dir, 'host.secret'), 'secret\n', { mode: 0o600 });
  const db = join(dir, 'state', 'server.db');
  const config = join(dir, 'service.yaml');
  const hostLines = Object.entries(hosts).map(([name, key]) => `  ${name}: { secret_file: ${join(dir, 'host.secret')}, checkpoint_key: "${key}" }\n`).join('');
  writeFileSync(config, `version: 1\nlisten: 127.0.0.1:${listen}\npublic_url: http://127.0.0.1:${listen}\nstorage: sqlite:${db}\nhosts:\n${hostLines}witness: { key_file: ${keys.key} }\n`, { mode: 0o600 });
  const child = spawn(process.execPath, [CLI, 'serve', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  for (let i = 0; i < 400 && !out.includes('listening on') && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 25));
  if (!out.includes('listening on')) throw new Error(`witness did not start: ${out}`);
  return {
    dir, db, url: `http://127.0.0.1:${listen}`, pub: keys.pub, out: () => out,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
    records: (kind) => {
      const handle = new Database(db, { readonly: true });
      try {
        return handle.prepare('SELECT key, value FROM records WHERE kind = ?').all(kind) as { key: string; value: string }[];
      } finally {
        handle.close();
      }
    },
  };
}

export interface Host extends World {
  key: string;
  pub: string;
  /** Runs the allowed fixture, exiting with `code`. */
  runExit(code?: number): Promise<{ code: number | null; stderr: string; ms: number }>;
  /** Copies the database and its state file to `to` (an intruder's backup) or back. */
  copyLog(to: string): void;
  restoreLog(from: string): void;
  verify(args?: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
  cosignatures(): { size: number; line: string }[];
}

/** A host whose policy signs a checkpoint after every run and submits it to `witnessUrl`. */
export function host(witnessUrl: string, keyDir = tempDir()): Host {
  const keys = existsSync(join(keyDir, 'audit.key')) ? { key: join(keyDir, 'audit.key'), pub: join(keyDir, 'audit.pub') } : keygen(keyDir, 'audit');
  const w = world(`
version: 1
settings:
  default: deny
  secure_path: "${SECURE_PATH}"
  audit:
    checkpoint_key: ${keys.key}
    witness: ${witnessUrl}
rules:
  - id: exits
    match: { command: ${fixture('exit-with.mjs')} }
    decision: allow
`);
  return {
    ...w, key: keys.key, pub: readFileSync(keys.pub, 'utf8').trim(),
    runExit: async (code = 0) => {
      const started = Date.now();
      const r = await w.run(['--', fixture('exit-with.mjs'), String(code)]);
      return { code: r.code, stderr: r.stderr, ms: Date.now() - started };
    },
    copyLog: (to) => {
      mkdirSync(to, { recursive: true });
      copyFileSync(w.db, join(to, 'audit.db'));
      copyFileSync(`${w.db}.state`, join(to, 'audit.db.state'));
    },
    restoreLog: (from) => {
      copyFileSync(join(from, 'audit.db'), w.db);
      copyFileSync(join(from, 'audit.db.state'), `${w.db}.state`);
      for (const extra of ['-wal', '-shm']) if (existsSync(`${w.db}${extra}`)) writeFileSync(`${w.db}${extra}`, '');
    },
    verify: async (args = []) => {
      const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI, 'audit', 'verify', '--audit-db', w.db, ...args], { cwd: w.dir, env: w.env });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
      return r;
    },
    cosignatures: () => {
      const handle = new Database(w.db, { readonly: true });
      try {
        const has = handle.prepare("SELECT 1 FROM sqlite_master WHERE name = 'witness_cosignatures'").get() !== undefined;
        return has ? (handle.prepare('SELECT size, line FROM witness_cosignatures ORDER BY size').all() as { size: number; line: string }[]) : [];
      } finally {
        handle.close();
      }
    },
  };
}

/** A log made of random leaves, signed with a checkpoint key, for protocol-level submissions. */
export class FakeLog {
  readonly leaves: Buffer[] = [];
  private readonly signer;
  constructor(
    keyPem: string,
    readonly origin: string,
  ) {
    const key = parsePrivateKey(keyPem);
    this.signer = { key, raw: rawPublicKey(key) };
  }

  /** Appends `n` random leaves. */
  grow(n: number): this {
    for (let i = 0; i < n; i++) this.leaves.push(leafHash(Buffer.from(`leaf ${this.leaves.length} ${Math.random()}`)));
    return this;
  }

  /** MTH of leaves [lo, hi). */
  mth(lo: number, hi: number): Buffer {
    if (hi - lo === 1) return this.leaves[lo] as Buffer;
    let k = 1;
    while (k * 2 < hi - lo) k *= 2;
    return nodeHash(this.mth(lo, lo + k), this.mth(lo + k, hi));
  }

  /** The signed checkpoint note of the first `size` leaves. */
  note(size = this.leaves.length): string {
    const f = Frontier.empty();
    for (const leaf of this.leaves.slice(0, size)) f.push(leaf);
    return signNote(checkpointBody(this.origin, size, f.root()), this.origin, this.signer.key, this.signer.raw);
  }

  /** An add-checkpoint body from `old` to `size`. */
  body(old: number, size = this.leaves.length, proof = consistencyProof(old, size, (lo, hi) => this.mth(lo, hi))): string {
    return `old ${old}\n${proof.map((h) => `${h.toString('base64')}\n`).join('')}\n${this.note(size)}`;
  }
}

/** POSTs a body to the witness's add-checkpoint, on a connection of its own. */
export function submit(url: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/add-checkpoint`, { method: 'POST', agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
    });
    // The service may answer 413 and close before a huge body is written: the answer counts.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.end(body);
  });
}

/** The public key line of a PEM private key file. */
export const publicLine = (pub: string): { raw: Buffer } => parsePublicKey(pub);
