// What a valid policy turns into: defaults filled in, durations in seconds, scalars as lists.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile, loadPolicyText } from '../../src/policy/load.js';
import { DEFAULT_ENV_KEEP, DEFAULT_SECURE_PATH } from '../../src/policy/types.js';

const K1 = 'ed25519:3Kp7m32yh5mmf24fyqqTvBM95imrcHa3QmvXHv1sK3E=';
const K2 = 'ed25519:jKZadKfjcJjcqjTcV1W+xwS3XBg1VmBugUF5CyRVo9M=';

const MINIMAL = 'version: 1\nrules: []\n';

const FULL = `version: 1
settings:
  default: approve
  approval_timeout: 90s
  max_runtime: 2h
  kill_grace: 5s
  require_reason: true
  secure_path: /usr/bin:/bin
  env_keep: [TERM]
  redact: ['token=\\S+']
  audit: { db: /var/tmp/a.db, checkpoint_key: /etc/k, witness: "https://approvals.example.com" }
approvers:
  alice: { name: Alice, users: [alice, al], key: "${K1}" }
  bob: { key: "${K2}", totp: /etc/totp/bob }
groups:
  sre: [alice, bob, alice]
channels:
  webhook: { url: "http://127.0.0.1:8787/x", secret_env: SECRET }
  terminal: {}
rules:
  - id: r1
    description: first
    match: { command: systemctl, args: [restart, "**"], options: [--now] }
    when: { user: deploy, group: [ops, wheel], actor: "agent:*", host: web-1, cwd: "/srv/**", time: "Mon-Fri 08:00-18:00" }
    decision: approve
    approvers: group:sre
    quorum: 2
    channel: [webhook, terminal, webhook]
    session_ttl: 15m
    max_runtime: 1d
    risk: high
    run_as: www-data
    confine: { filesystem: read-only, writable: [/srv/app, /srv/app], network: none }
  - id: r2
    match: { command: [mkfs, "mkfs.*"] }
    decision: deny
    message: never
tests:
  - { command: [ls, -l], expect: allow }
  - shell: "echo hi"
    user: alice
    actor: agent:ci
    cwd: /tmp
    expect: deny
`;

describe('normalisation', () => {
  it('fills every default for a minimal policy', () => {
    const policy = loadPolicyText('min.yaml', MINIMAL);
    expect(policy.settings).toEqual({
      default: 'deny',
      approval_timeout_s: 300,
      max_runtime_s: 3600,
      kill_grace_s: 10,
      require_reason: false,
      secure_path: DEFAULT_SECURE_PATH,
      env_keep: DEFAULT_ENV_KEEP,
      redact: [],
      audit: { db: null, checkpoint_key: null, checkpoint_interval: 1, witness: null },
      confine: 'required',
    });
    expect(policy.approvers).toEqual({});
    expect(policy.groups).toEqual({});
    expect(policy.channels).toEqual({ webhook: null, terminal: null });
    expect(policy.rules).toEqual([]);
    expect(policy.tests).toEqual([]);
    expect(policy.version).toBe(1);
  });

  it('normalises every field of a full policy', () => {
    const policy = loadPolicyText('full.yaml', FULL);
    expect(policy.settings).toEqual({
      default: 'approve',
      approval_timeout_s: 90,
      max_runtime_s: 7200,
      kill_grace_s: 5,
      require_reason: true,
      secure_path: '/usr/bin:/bin',
      env_keep: ['TERM'],
      redact: ['token=\\S+'],
      audit: { db: '/var/tmp/a.db', checkpoint_key: '/etc/k', checkpoint_interval: 1, witness: 'https://approvals.example.com' },
      confine: 'required',
    });
    expect(policy.approvers).toEqual({
      alice: { id: 'alice', name: 'Alice', users: ['alice', 'al'], key: K1, webauthn: null, totp: null },
      bob: { id: 'bob', name: null, users: [], key: K2, webauthn: null, totp: '/etc/totp/bob' },
    });
    expect(policy.groups).toEqual({ sre: ['alice', 'bob'] });
    expect(policy.channels).toEqual({
      webhook: { url: 'http://127.0.0.1:8787/x', fallback_urls: [], secret_env: 'SECRET', secret_file: null, timeout_s: 10 },
      terminal: { authenticate: 'none' },
    });
    expect(policy.rules[0]).toEqual({
      id: 'r1',
      description: 'first',
      match: { command: ['systemctl'], args: ['restart', '**'], options: ['--now'] },
      when: { user: ['deploy'], group: ['ops', 'wheel'], actor: ['agent:*'], host: ['web-1'], cwd: ['/srv/**'], time: ['Mon-Fri 08:00-18:00'] },
      decision: 'approve',
      approvers: ['group:sre'],
      quorum: 2,
      channel: ['webhook', 'terminal'],
      session_ttl_s: 900,
      max_runtime_s: 86_400,
      risk: 'high',
      message: null,
      run_as: 'www-data',
      confine: { filesystem: 'read-only', writable: ['/srv/app'], network: 'none', terminal: null },
    });
    expect(policy.rules[1]).toEqual({
      id: 'r2',
      description: null,
      match: { command: ['mkfs', 'mkfs.*'], args: null, options: [] },
      when: null,
      decision: 'deny',
      approvers: null,
      quorum: null,
      channel: null,
      session_ttl_s: null,
      max_runtime_s: null,
      risk: null,
      message: 'never',
      run_as: null,
      confine: null,
    });
    expect(policy.tests).toEqual([
      { command: ['ls', '-l'], shell: null, user: null, actor: null, cwd: null, expect: 'allow', where: 'full.yaml:39:5' },
      { command: null, shell: 'echo hi', user: 'alice', actor: 'agent:ci', cwd: '/tmp', expect: 'deny', where: 'full.yaml:40:5' },
    ]);
  });

  it('records the absolute path and the digest of the exact bytes', () => {
    const bytes = Buffer.from(`\uFEFF${MINIMAL}`, 'utf8');
    const policy = loadPolicyFile('some/dir/p.yaml', bytes);
    expect(policy.file).toBe(resolve('some/dir/p.yaml'));
    expect(policy.digest).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
    expect(loadPolicyText('/abs/p.yaml', MINIMAL).digest).toBe(`sha256:${createHash('sha256').update(MINIMAL).digest('hex')}`);
  });

  it('throws a policy error from loadPolicyFile for a bad file', () => {
    expect(() => loadPolicyFile('p.yaml', Buffer.from('version: 3\nrules: []\n'))).toThrow(/^p\.yaml:1:10: version: unsupported policy version 3/);
  });
});
