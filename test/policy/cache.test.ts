// The compiled-policy cache (src/policy/cache.ts) and the one function every command gets its
// policy through (src/policy/trusted.ts): real files in temp dirs, real ownership and modes.
// Every problem with an entry must end in the full loader judging the same bytes.
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Identity } from '../../src/exec/identity.js';
import { ApproveRunError } from '../../src/errors.js';
import { policyCacheLocation, policyDigest, readCachedPolicy, SYSTEM_CACHE_DIR, writeCachedPolicy, type CacheLocation } from '../../src/policy/cache.js';
import { loadPolicyFile } from '../../src/policy/load.js';
import { loadPolicyLazily, trustedPolicy } from '../../src/policy/trusted.js';
import { entryFile, tamper } from '../helpers/policy-cache.js';
import { tempDir } from '../helpers/tmp.js';

const POLICY = [
  'version: 1',
  'settings: { default: deny, max_runtime: 2h }',
  'approvers:',
  '  alice: { users: [alice], key: "ed25519:3Kp7m32yh5mmf24fyqqTvBM95imrcHa3QmvXHv1sK3E=" }',
  'rules:',
  '  - id: list',
  '    match: { command: ls, args: ["-l", "**"] }',
  '    decision: allow',
  '  - id: restart',
  '    match: { command: systemctl, args: [restart, "*.service"] }',
  '    when: { user: [deploy], time: "Mon-Fri 08:00-18:00" }',
  '    decision: approve',
  '    approvers: [alice]',
  '    session_ttl: 15m',
  'tests:',
  '  - { command: [ls, -l], expect: allow }',
  '',
].join('\n');

const OTHER_UID = 65534;
const user: Identity = { privileged: false, euid: 0, requester: { user: 'root', uid: 0, gid: 0, groups: ['root'] }, home: '/root' };

// A policy file, a private cache directory for it and a context that reads it as `identity`.
function setup(text = POLICY) {
  const dir = tempDir();
  const path = join(dir, 'policy.yaml');
  writeFileSync(path, text);
  const cache = join(dir, 'cache');
  const env = { XDG_CACHE_HOME: cache };
  const ctx = { identity: user, env, cwd: dir };
  const location = policyCacheLocation(user, env);
  return { dir, path, ctx, location, entries: () => (existsSync(location.dir) ? readdirSync(location.dir) : []) };
}

// A loader that counts its calls.
function countingLoader() {
  const loader = Object.assign((path: string, bytes: Buffer) => {
    loader.calls++;
    return loadPolicyFile(path, bytes);
  }, { calls: 0 });
  return loader;
}

describe('trustedPolicy with the cache', () => {
  it('a hit gives a policy deep-equal to a fresh load, without calling the loader', () => {
    const w = setup();
    const loader = countingLoader();
    const first = trustedPolicy(w.ctx, w.path, loader, 'build-a');
    const second = trustedPolicy(w.ctx, w.path, loader, 'build-a');
    expect(loader.calls).toBe(1);
    expect(second).toEqual(loadPolicyFile(w.path, readFileSync(w.path)));
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });

  it('stores entries 0600 in a 0700 directory, one per policy path', () => {
    const w = setup();
    trustedPolicy(w.ctx, w.path, countingLoader(), 'build-a');
    trustedPolicy(w.ctx, w.path, countingLoader(), 'build-b');
    expect(statSync(w.location.dir).mode & 0o777).toBe(0o700);
    expect(w.entries()).toHaveLength(1);
    expect(statSync(entryFile(w.location)).mode & 0o777).toBe(0o600);
  });

  it('a changed policy byte misses, and the new bytes are judged', () => {
    const w = setup();
    const loader = countingLoader();
    trustedPolicy(w.ctx, w.path, loader, 'build-a');
    writeFileSync(w.path, POLICY.replace('max_runtime: 2h', 'max_runtime: 3h'));
    const policy = trustedPolicy(w.ctx, w.path, loader, 'build-a');
    expect(loader.calls).toBe(2);
    expect(policy.settings.max_runtime_s).toBe(3 * 3600);
  });

  it('a cache entry never stands in for an invalid policy', () => {
    const w = setup();
    trustedPolicy(w.ctx, w.path, countingLoader(), 'build-a');
    writeFileSync(w.path, POLICY.replace('decision: allow', 'decision: permit'));
    expect(() => trustedPolicy(w.ctx, w.path, countingLoader(), 'build-a')).toThrow(ApproveRunError);
  });

  it('is never read when the build id differs', () => {
    const w = setup();
    trustedPolicy(w.ctx, w.path, countingLoader(), 'build-a');
    tamper(w.location, (entry) => {
      (entry.policy.rules[1] as { decision: string }).decision = 'allow';
    });
    const loader = countingLoader();
    const policy = trustedPolicy(w.ctx, w.path, loader, 'build-b');
    expect(loader.calls).toBe(1);
    expect(policy.rules[1]?.decision).toBe('approve');
  });

  it('without a build id (unbuilt sources) it neither reads nor writes', () => {
    const w = setup();
    const loader = countingLoader();
    trustedPolicy(w.ctx, w.path, loader, null);
    trustedPolicy(w.ctx, w.path, loader, null);
    expect(loader.calls).toBe(2);
    expect(w.entries()).toEqual([]);
  });

  it('with the lazily imported loader: a miss loads and stores, a hit does not load', async () => {
    const w = setup();
    const first = await trustedPolicy(w.ctx, w.path, loadPolicyLazily, 'build-a');
    let called = 0;
    const second = await trustedPolicy(w.ctx, w.path, async (path, bytes) => {
      called++;
      return loadPolicyLazily(path, bytes);
    }, 'build-a');
    expect(called).toBe(0);
    expect(second).toEqual(first);
  });

  it('still refuses caller-chosen policies in privileged mode before any cache is looked at', () => {
    const w = setup();
    const ctx = { ...w.ctx, identity: { ...user, privileged: true } };
    expect(() => trustedPolicy(ctx, w.path, countingLoader(), 'build-a')).toThrow(/--policy is refused in privileged mode/);
  });
});

describe('entries that are not used (the full loader runs instead)', () => {
  // [name, how the entry is spoiled]
  const SPOILED: [string, (w: ReturnType<typeof setup>) => void][] = [
    ['not JSON', (w) => writeFileSync(entryFile(w.location), 'not json')],
    ['truncated JSON', (w) => writeFileSync(entryFile(w.location), readFileSync(entryFile(w.location), 'utf8').slice(0, 200))],
    ['empty file', (w) => writeFileSync(entryFile(w.location), '')],
    ['JSON null', (w) => writeFileSync(entryFile(w.location), 'null')],
    ['another digest', (w) => tamper(w.location, (e) => void (e.digest = `sha256:${'0'.repeat(64)}`))],
    ['another path', (w) => tamper(w.location, (e) => void (e.path = '/etc/approve-run/policy.yaml'))],
    ['policy digest differs from the entry', (w) => tamper(w.location, (e) => void (e.policy.digest = `sha256:${'1'.repeat(64)}`))],
    ['an extra key in a rule (digest not updated)', (w) => tamper(w.location, (e) => void Object.assign(e.policy.rules[0] as object, { extra: 1 }), true)],
    ['a missing key in a rule (digest not updated)', (w) => tamper(w.location, (e) => void delete (e.policy.rules[0] as { risk?: unknown }).risk, true)],
    ['a decision that does not exist (digest not updated)', (w) => tamper(w.location, (e) => void ((e.policy.rules[0] as { decision: string }).decision = 'permit'), true)],
    ['an allow turned into a deny (digest not updated)', (w) => tamper(w.location, (e) => void ((e.policy.rules[1] as { decision: string }).decision = 'allow'), true)],
    ['a duration that is not whole seconds', (w) => tamper(w.location, (e) => void (e.policy.settings.max_runtime_s = 1.5))],
    ['rules not a list', (w) => tamper(w.location, (e) => void ((e.policy as { rules: unknown }).rules = {}))],
    ['an approver filed under another id', (w) => tamper(w.location, (e) => void ((e.policy.approvers.alice as { id: string }).id = 'mallory'))],
    ['a symlink to a good entry', (w) => {
      const file = entryFile(w.location);
      const real = join(w.dir, 'real.json');
      writeFileSync(real, readFileSync(file), { mode: 0o600 });
      rmSync(file);
      symlinkSync(real, file);
    }],
    ['a directory instead of a file', (w) => {
      const file = entryFile(w.location);
      rmSync(file);
      mkdirSync(file);
    }],
  ];

  it.each(SPOILED)('%s', (_name, spoil) => {
    const w = setup();
    trustedPolicy(w.ctx, w.path, countingLoader(), 'build-a');
    spoil(w);
    const key = { path: w.path, digest: policyDigest(readFileSync(w.path)), build: 'build-a' };
    expect(readCachedPolicy(w.location, key)).toBeNull();
    const loader = countingLoader();
    expect(trustedPolicy(w.ctx, w.path, loader, 'build-a')).toEqual(loadPolicyFile(w.path, readFileSync(w.path)));
    expect(loader.calls).toBe(1);
  });
});

describe('privileged mode: only root-owned entries nobody else can write', () => {
  const privileged: Identity = { ...user, privileged: true, home: '/home/agent' };

  it('uses /var/cache/approve-run whatever XDG_CACHE_HOME says, owned by root, directories above checked', () => {
    expect(policyCacheLocation(privileged, { XDG_CACHE_HOME: '/tmp/evil' })).toEqual({ dir: SYSTEM_CACHE_DIR, owner: 0, checkAncestors: true });
    expect(policyCacheLocation({ ...user, euid: 1002, home: '/home/agent' }, {})).toEqual({ dir: '/home/agent/.cache/approve-run', owner: 1002, checkAncestors: false });
    expect(policyCacheLocation({ ...user, euid: 1002, home: '/home/agent' }, { XDG_CACHE_HOME: 'relative' }).dir).toBe('/home/agent/.cache/approve-run');
  });

  // A root-owned location (as in privileged mode) with a valid entry whose rule 0 was edited
  // from allow to deny, so using it would show.
  function tamperedRootEntry() {
    const w = setup();
    const location: CacheLocation = { dir: join(w.dir, 'root-cache'), owner: 0, checkAncestors: false };
    const bytes = readFileSync(w.path);
    const key = { path: w.path, digest: policyDigest(bytes), build: 'build-a' };
    writeCachedPolicy(location, key, loadPolicyFile(w.path, bytes));
    tamper(location, (e) => void ((e.policy.rules[0] as { decision: string }).decision = 'deny'));
    chmodSync(entryFile(location), 0o600);
    return { location, key };
  }

  it('a root-owned 0600 entry in a root-owned 0700 directory is used (the tamper shows)', () => {
    const { location, key } = tamperedRootEntry();
    expect(readCachedPolicy(location, key)?.rules[0]?.decision).toBe('deny');
  });

  it.each([
    ['the entry is owned by another uid', (l: CacheLocation) => chownSync(entryFile(l), OTHER_UID, 0)],
    ['the entry is group-writable', (l: CacheLocation) => chmodSync(entryFile(l), 0o620)],
    ['the entry is world-writable', (l: CacheLocation) => chmodSync(entryFile(l), 0o602)],
    ['the directory is owned by another uid', (l: CacheLocation) => chownSync(l.dir, OTHER_UID, 0)],
    ['the directory is group-writable', (l: CacheLocation) => chmodSync(l.dir, 0o770)],
  ])('ignored when %s', (_name, spoil) => {
    const { location, key } = tamperedRootEntry();
    spoil(location);
    expect(readCachedPolicy(location, key)).toBeNull();
  });

  it('ignored below a directory others can write: every directory above is checked (here /tmp)', () => {
    const { location, key } = tamperedRootEntry();
    expect(statSync('/tmp').mode & 0o002).toBe(0o002);
    expect(readCachedPolicy(location, key)).not.toBeNull();
    expect(readCachedPolicy({ ...location, checkAncestors: true }, key)).toBeNull();
  });

  it('never written into a directory that cannot be trusted', () => {
    const w = setup();
    const dir = join(w.dir, 'shared');
    mkdirSync(dir, { mode: 0o777 });
    chmodSync(dir, 0o777);
    const bytes = readFileSync(w.path);
    writeCachedPolicy({ dir, owner: 0, checkAncestors: false }, { path: w.path, digest: policyDigest(bytes), build: 'b' }, loadPolicyFile(w.path, bytes));
    expect(readdirSync(dir)).toEqual([]);
  });
});
