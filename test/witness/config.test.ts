// Configuring a witness (SPEC §13, §15): the service's witness key is a secret file whose
// keygen `.pub` must match, and a policy's settings.audit.witness must be an http(s) URL.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../approval/server.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { keygen } from './world.js';

// A service configuration with a witness key file; returns `serve`'s result (it must not start).
async function serveWith(mutate: (dir: string, key: string) => void): Promise<{ code: number | null; stderr: string }> {
  const dir = tempDir();
  const keys = keygen(dir, 'witness');
  writeFileSync(join(dir, 'host.secret'), 'secret\n', { mode: 0o600 });
  mutate(dir, keys.key);
  const port = await closedPort();
  const config = join(dir, 'service.yaml');
  writeFileSync(config, `version: 1\nlisten: 127.0.0.1:${port}\npublic_url: http://127.0.0.1:${port}\nstorage: sqlite:${join(dir, 'state', 'db')}\nhosts:\n  web1: { secret_file: ${join(dir, 'host.secret')}, checkpoint_key: "${keys.line}" }\nwitness: { key_file: ${keys.key} }\n`, { mode: 0o600 });
  const r = await runCli(['serve', '--config', config], { timeoutMs: 10_000 });
  return { code: r.code, stderr: r.stderr };
}

describe('witness.key_file', () => {
  it('is refused when group or others can read it', async () => {
    const r = await serveWith((_, key) => chmodSync(key, 0o640));
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/witness\.key_file .* is accessible by group or others/);
  });

  it('is refused when the .pub beside it holds another key', async () => {
    const r = await serveWith((dir) => {
      const other = keygen(dir, 'other');
      writeFileSync(join(dir, 'witness.pub'), `${other.line}\n`);
    });
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/witness public key .*witness\.pub does not match witness\.key_file/);
  });

  it('is refused when it is not a private key', async () => {
    const r = await serveWith((_, key) => writeFileSync(key, 'not a key\n', { mode: 0o600 }));
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/witness\.key_file .*: private key is not a PEM PKCS#8 key/);
  });
});

describe('settings.audit.witness', () => {
  it('accepts an http(s) URL and refuses anything else, with file:line:col', async () => {
    const dir = tempDir();
    const policy = (witness: string) => {
      const file = join(dir, `p-${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(file, `version: 1\nsettings:\n  audit:\n    witness: ${witness}\nrules: []\n`);
      return file;
    };
    expect((await runCli(['policy', 'validate', policy('https://approvals.example.com')])).code).toBe(0);
    for (const bad of ['ftp://approvals.example.com', 'approvals.example.com', '"https://"', '42', '[a]']) {
      const r = await runCli(['policy', 'validate', policy(bad)]);
      expect(r.code, bad).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/:4:\d+: /);
    }
  });
});
