// The service configuration: validated like a policy (file:line:col, unknown keys refused),
// shipped as a JSON Schema that cannot drift, and read only from files that pass the trust
// checks (the tests run as root, so files must be root-owned).
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { renderServiceJsonSchema } from '../../src/service/json-schema.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = tempDir('approve-run-svc-config-');

// Writes `text` as a configuration file with `mode`.
function config(name: string, text: string, mode = 0o600): string {
  const file = join(dir, name);
  writeFileSync(file, text, { mode });
  chmodSync(file, mode);
  return file;
}

const BASE = (secret: string) => `version: 1
listen: 127.0.0.1:0
public_url: http://127.0.0.1:1
storage: sqlite:${join(dir, 'db', 'server.db')}
hosts:
  web-1: { secret_file: ${secret} }
`;

describe('serve validate', () => {
  test('the shipped example is valid', async () => {
    const r = await runCli(['serve', 'validate', join(ROOT, 'examples/service.yaml')]);
    expect(r.stdout).toMatch(/service\.yaml: valid \(2 hosts, 2 approvers\)/);
    expect(r.code).toBe(0);
  });

  test('every problem with file:line:col, unknown keys included; later keys are validated too', async () => {
    const file = config('bad.yaml', `version: 1
listen: localhost
public_url: https://a.example/?x=1
storage: sqlite:relative.db
hosts:
  web-1: { secret_file: relative, secret: inline }
  "bad host!": { secret_file: /x }
approvers:
  alice: { name: Alice, key: "ed25519:x" }
slack: { bot_token_file: /t, signing_secret_file: /s, channel: general }
teams: { webhook_url: https://x }
witness: { key_file: /k }
extra: true
`);
    const r = await runCli(['serve', 'validate', file]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual([
      `${file}:2:9: listen: expected host:port, e.g. 127.0.0.1:8787`,
      `${file}:3:13: public_url: public_url must not hold credentials, a query or a fragment`,
      `${file}:4:10: storage: expected sqlite:/absolute/path or postgres://...`,
      `${file}:6:25: hosts.web-1.secret_file: expected an absolute path (starting with /)`,
      `${file}:6:35: hosts.web-1.secret: unknown key "secret" (allowed: secret_file, checkpoint_key)`,
      `${file}:7:3: hosts.bad host!: a host name must be letters, digits, "_", "." and "-", starting with a letter or digit, at most 64 characters`,
      `${file}:9:25: approvers.alice.key: unknown key "key" (allowed: name, users)`,
      `${file}:10:64: slack.channel: expected a Slack channel id like C0123456`,
      `${file}:11:8: teams: missing required key "webhook_url_file"`,
      `${file}:11:10: teams.webhook_url: unknown key "webhook_url" (allowed: webhook_url_file)`,
      expect.stringMatching(new RegExp(`^${file}:13:1: extra: unknown key "extra"`)),
    ]);
  });

  test('YAML tricks are refused as in a policy (aliases, duplicate keys)', async () => {
    const file = config('yaml.yaml', 'version: 1\nversion: 1\nlisten: &a 127.0.0.1:1\npublic_url: *a\n');
    const r = await runCli(['serve', 'validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/:2:1: duplicate key "version"/);
  });

  test('plain HTTP off loopback is refused', async () => {
    const file = config('open.yaml', BASE('/s').replace('127.0.0.1:0', '0.0.0.0:8787'));
    const r = await runCli(['serve', 'validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/plain HTTP on 0\.0\.0\.0:8787 is only for loopback/);
  });
});

describe('serve refuses files others could change or read', () => {
  const secretDir = join(dir, 'secrets');
  mkdirSync(secretDir, { mode: 0o700 });
  const secret = (name: string, mode: number, owner = 0): string => {
    const file = join(secretDir, name);
    writeFileSync(file, 's3cret\n', { mode });
    chmodSync(file, mode);
    chownSync(file, owner, 0);
    return file;
  };

  test.each([
    ['a group-writable configuration', () => config('gw.yaml', BASE(secret('a', 0o600)), 0o660), /service configuration .*gw\.yaml is writable by group or others/],
    ['a configuration owned by another user', () => { const f = config('other.yaml', BASE(secret('b', 0o600))); chownSync(f, 1001, 0); return f; }, /service configuration .*other\.yaml is owned by uid 1001, not root/],
    ['a world-readable secret', () => config('wr.yaml', BASE(secret('c', 0o644))), /hosts\.web-1\.secret_file .* is accessible by group or others \(mode 0644/],
    ['a secret owned by another user', () => config('so.yaml', BASE(secret('d', 0o600, 1001))), /hosts\.web-1\.secret_file .* is owned by uid 1001/],
    ['a missing secret', () => config('ms.yaml', BASE(join(secretDir, 'none'))), /hosts\.web-1\.secret_file .*: not found/],
  ])('%s (exit 125, one line)', async (_name, make, why) => {
    const r = await runCli(['serve', '--config', make()], { timeoutMs: 10_000 });
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).not.toMatch(/listening/);
  });
});

describe('service.schema.json', () => {
  test('equals the schema generated from src/service/config-schema.ts', () => {
    expect(readFileSync(join(ROOT, 'service.schema.json'), 'utf8')).toBe(renderServiceJsonSchema());
  });

  test('gen-schema --check fails on a stale copy', () => {
    const stale = join(dir, 'stale.json');
    writeFileSync(stale, renderServiceJsonSchema().replace('"listen"', '"listens"'));
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/gen-schema.mjs'), '--check', '--service', stale], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('is out of date');
  });

  test('is strict', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'service.schema.json'), 'utf8'));
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['version', 'listen', 'public_url', 'storage']);
    expect(schema.properties.hosts.additionalProperties.additionalProperties).toBe(false);
  });
});
