// A throwaway PostgreSQL cluster for tests and benches: initdb in a fresh temp dir, the server
// on 127.0.0.1 (a free port) and a unix socket in that dir, password authentication, run as
// `nobody` through setpriv when we are root (postgres refuses to run as root). Debian's
// binaries are used by absolute path; without them every caller fails with one line naming
// scripts/install-test-tools.sh, so nothing is silently skipped. Tests trade durability for
// speed (fsync, synchronous_commit and full_page_writes off); a bench asks for `durable`, the
// server's defaults, as a real deployment runs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const NOBODY = 65534;
const USER = 'approve';

/** A running throwaway cluster. */
export interface Postgres {
  /** The URL of database `db` (with the password in it). */
  url(db?: string): string;
  /** Creates a fresh empty database; returns its URL. */
  createDatabase(): Promise<string>;
  /** The server's process, for tests that kill it. */
  process: ChildProcess;
  stop(): Promise<void>;
}

// The newest Debian PostgreSQL bin directory, or a one-line error saying how to install it.
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')));
  if (found === undefined) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres): run scripts/install-test-tools.sh');
  return found;
}

// A port that was free a moment ago on 127.0.0.1.
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const asRoot = process.geteuid?.() === 0;
// argv prefixed to drop to nobody when we are root.
const drop = (argv: string[]): string[] => (asRoot ? ['/usr/bin/setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', ...argv] : argv);
const ENV = { PATH: '/usr/bin:/bin', LC_ALL: 'C' };

// Starts `postgres` on `port`; resolves when it accepts connections, rejects if it exits first.
function launch(bin: string, data: string, socketDir: string, port: number, durable: boolean): Promise<ChildProcess> {
  const fast = durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const argv = drop([join(bin, 'postgres'), '-D', data, '-p', String(port), '-k', socketDir, '-c', 'listen_addresses=127.0.0.1',
    ...fast, '-c', 'max_connections=200', '-c', 'shared_buffers=16MB']);
  const child = spawn(argv[0] as string, argv.slice(1), { env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes('ready to accept connections')) resolve(child);
    });
    child.on('exit', () => reject(new Error(`postgres exited: ${log.trim().split('\n').slice(-2).join(' ')}`)));
  });
}

/** Starts a fresh cluster; call stop() when done. `durable`: fsync and synchronous commits on. */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<Postgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'approve-run-pg-'));
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  const socketDir = join(dir, 'run');
  const pwFile = join(dir, 'pw');
  const password = randomBytes(12).toString('hex');
  mkdirSync(data, { mode: 0o700 });
  mkdirSync(socketDir, { mode: 0o700 });
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (asRoot) for (const path of [data, socketDir, pwFile]) chownSync(path, NOBODY, NOBODY);
  const init = drop([join(bin, 'initdb'), '-D', data, '-U', USER, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--no-sync', '--locale=C', '-E', 'UTF8']);
  const made = spawnSync(init[0] as string, init.slice(1), { env: ENV, encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`initdb failed: ${(made.stderr || made.stdout).trim().split('\n').slice(-1)[0]}`);
  rmSync(pwFile);
  let child: ChildProcess | null = null;
  let port = 0;
  for (let attempt = 0; child === null; attempt++) {
    port = await freePort();
    try {
      child = await launch(bin, data, socketDir, port, options.durable === true);
    } catch (error) {
      // Another process took the port between the probe and the bind: try another.
      if (attempt >= 4) throw error;
    }
  }
  const running = child;
  const exited = new Promise<void>((resolve) => running.on('exit', () => resolve()));
  const url = (db = 'postgres'): string => `postgres://${USER}:${password}@127.0.0.1:${port}/${db}`;
  let n = 0;
  return {
    url,
    process: running,
    async createDatabase() {
      const name = `t${process.pid}_${n++}`;
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      if (running.exitCode === null && running.signalCode === null) {
        running.kill('SIGINT');
        const timer = setTimeout(() => running.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
