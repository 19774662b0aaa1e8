// Direct TLS from the configured certificate, and the SQLite store's file modes.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openSqliteStorage } from '../../src/service/storage/sqlite.js';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { closedPort } from '../approval/server.js';

const dir = tempDir('approve-run-svc-tls-');
const stops: Array<() => void> = [];
afterAll(() => {
  for (const stop of stops) stop();
});

describe('direct TLS', () => {
  test('serve speaks HTTPS with the configured certificate and key', async () => {
    const cert = join(dir, 'tls.crt');
    const key = join(dir, 'tls.key');
    const made = spawnSync('/usr/bin/openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    chmodSync(key, 0o600);
    writeFileSync(join(dir, 'host.secret'), 'x', { mode: 0o600 });
    const port = await closedPort();
    const config = join(dir, 'service.yaml');
    writeFileSync(config, `version: 1\nlisten: 127.0.0.1:${port}\npublic_url: https://127.0.0.1:${port}\ntls: { cert: ${cert}, key: ${key} }\nstorage: sqlite:${join(dir, 'db', 'server.db')}\nhosts:\n  web-1: { secret_file: ${join(dir, 'host.secret')} }\n`, { mode: 0o600 });
    const child = spawn(process.execPath, [CLI, 'serve', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    stops.push(() => child.kill('SIGTERM'));
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    for (let i = 0; i < 200 && !err.includes('listening on'); i++) await new Promise((r) => setTimeout(r, 25));
    expect(err).toContain(`listening on https://127.0.0.1:${port}`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/v1/nothing', ca: readFileSync(cert) }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(404);
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await closed).toBe(0);
  });
});

describe('SQLite storage', () => {
  test('creates the database 0600 in a 0700 directory', async () => {
    const path = join(dir, 'fresh', 'server.db');
    const store = openSqliteStorage(path);
    await store.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'fresh')).mode & 0o777).toBe(0o700);
  });

  test('refuses a directory others can read or write', () => {
    const open = join(dir, 'open');
    mkdirSync(open, { mode: 0o755 });
    chmodSync(open, 0o755);
    expect(() => openSqliteStorage(join(open, 'server.db'))).toThrow(/must be 0700/);
  });

  test('refuses a database file others can read', () => {
    const sub = join(dir, 'readable');
    mkdirSync(sub, { mode: 0o700 });
    writeFileSync(join(sub, 'server.db'), '', { mode: 0o644 });
    chmodSync(join(sub, 'server.db'), 0o644);
    expect(() => openSqliteStorage(join(sub, 'server.db'))).toThrow(/must not be readable or writable by group or others/);
  });
});
