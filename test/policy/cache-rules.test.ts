// The compiled-policy cache keeps the rule index and the rules one per line (src/policy/cache.ts):
// a hit must decide exactly as the freshly loaded policy does, read only the rules a request
// looks at, check each rule it reads, and treat any damage to the layout or index as a miss.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApproveRunError } from '../../src/errors.js';
import { ALWAYS_GROUP } from '../../src/decide/rule-index.js';
import { readCachedPolicy, writeCachedPolicy, type CacheKey, type CacheLocation } from '../../src/policy/cache.js';
import { bucketOf } from '../../src/policy/cache-index.js';
import type { Policy, Rule } from '../../src/policy/types.js';
import { decide, policy, rule } from '../decide/world.js';
import { entryFile, packed, readEntry, tamper, unpacked, writeEntry, type EntryParts } from '../helpers/policy-cache.js';
import { prng } from '../helpers/prng.js';
import { tempDir } from '../helpers/tmp.js';

const NAMES = ['sed', 'rm', 'git', 'docker', 'systemctl', 'cat', 'ls', 'find', 'vim.basic', 'python3.11', 'busybox'];
// Commands as requests and rules name them, symlinks of the fake system among them (a deny
// rule naming one must still catch the command it leads to).
const COMMANDS = [...NAMES, ...NAMES.map((n) => `/usr/bin/${n}`), '/usr/local/bin/vi', '/usr/bin/python3', '/tmp/innocent', '/opt/bb/ls', '/opt/bb/rm', '/bin/sed'];
const ARGS = ['-n', '-rf', '/', 'status', 'restart', 'x.service', '--force', 'a b', 'é', '-i'];

// A seeded policy of `count` rules over the fake system's commands: names, paths, globs, `*`,
// args patterns of every kind, every decision, some `when` and options.
function generated(count: number, seed: number): Policy {
  const next = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const rules: Rule[] = [];
  for (let i = 0; i < count; i++) {
    const name = pick(NAMES);
    const command = [pick([name, pick(COMMANDS), pick(COMMANDS), `${name.slice(0, 2)}*`, '*', `tool-${i}`])];
    const args = pick([null, [], ['**'], [pick(ARGS), '**'], [pick(ARGS)], ['*', pick(ARGS)], [`re:^${pick(ARGS)}$`, '**']]);
    const decision = pick(['allow', 'allow', 'allow', 'approve', 'deny'] as const);
    const extra: Partial<Rule> = next() < 0.1 ? { when: { user: ['deploy'], group: null, actor: null, host: null, cwd: null, time: null } } : {};
    if (next() < 0.1) extra.max_runtime_s = 60 + i;
    rules.push(rule(`r-${i}`, decision, { command, args, options: next() < 0.1 ? ['--force'] : [] }, { ...extra, message: `rule ${i}\nline two \u2028 ☃ 🚀` }));
  }
  return policy(rules);
}

// A cache location in a temp dir, an entry written for `p`, and the key that reads it.
function cached(p: Policy): { location: CacheLocation; key: CacheKey; read: () => Policy | null } {
  const location: CacheLocation = { dir: join(tempDir(), 'cache'), owner: process.geteuid?.() ?? 0, checkAncestors: false };
  const key: CacheKey = { path: p.file, digest: p.digest, build: 'build-a' };
  writeCachedPolicy(location, key, p);
  return { location, key, read: () => readCachedPolicy(location, key) };
}

// True while a cached policy's `rules` have not been read as a whole.
function rulesUnread(p: Policy): boolean {
  return typeof Object.getOwnPropertyDescriptor(p, 'rules')?.get === 'function';
}

describe('a hit decides exactly as the loaded policy', () => {
  it.each([1, 2, 3])('seeded policy %i: 400 rules, 300 requests, identical evaluations', (seed) => {
    const fresh = generated(400, seed);
    const hit = cached(fresh).read();
    if (hit === null) throw new Error('expected a hit');
    const next = prng(seed * 7919);
    for (let i = 0; i < 300; i++) {
      const argv = [COMMANDS[Math.floor(next() * COMMANDS.length)] as string];
      for (let n = Math.floor(next() * 4); n > 0; n--) argv.push(ARGS[Math.floor(next() * ARGS.length)] as string);
      expect(decide(hit, argv), argv.join(' ')).toEqual(decide(fresh, argv));
    }
    expect(hit).toEqual(fresh);
  });

  it('a policy without rules round-trips', () => {
    const p = policy([]);
    const hit = cached(p).read();
    expect(hit?.rules).toEqual([]);
    expect(decide(hit as Policy, ['sed']).decision).toBe('deny');
  });
});

describe('rules are read when a request looks at them, each checked', () => {
  // A cached policy of 2,000 rules where rule 1000 (for `git`) has a key too many, written
  // with an up-to-date digest (as only the owner of the cache could), so only the shape
  // check of a rule read stands between it and its use.
  function withBadRule() {
    const rules = Array.from({ length: 2000 }, (_, i) => rule(`r-${i}`, 'allow', { command: [i === 1000 ? 'git' : `tool-${i}`] }));
    const c = cached(policy([...rules, rule('cat', 'allow', { command: ['cat'] })]));
    tamper(c.location, (e) => void Object.assign(e.policy.rules[1000] as object, { extra: true }));
    return c;
  }

  it('a request for another command never reads the whole list, nor the damaged rule', () => {
    const hit = withBadRule().read();
    if (hit === null) throw new Error('expected a hit');
    expect(decide(hit, ['cat', 'x']).decided_by).toEqual(['cat']);
    expect(rulesUnread(hit)).toBe(true);
  });

  it('a request that looks at the damaged rule stops with a policy error, never a decision', () => {
    const hit = withBadRule().read();
    if (hit === null) throw new Error('expected a hit');
    expect(() => decide(hit, ['git', 'status'])).toThrow(ApproveRunError);
    expect(() => decide(hit, ['git', 'status'])).toThrow(/rule 1001 is damaged; delete the entry/);
    expect(() => hit.rules).toThrow(/is damaged/);
  });

  it('a rule line that is not JSON stops with the same policy error', () => {
    const c = cached(policy([rule('cat', 'allow', { command: ['cat'] }), rule('git', 'allow', { command: ['git'] })]));
    const file = entryFile(c.location);
    const parts = readEntry(file);
    writeEntry(file, parts);
    const text = readFileSync(file, 'utf8').replace('{"id":"git"', '{"id" "git"');
    const header = readEntry(file).header;
    writeFileSync(file, text.replace(header.sha256, createHash('sha256').update(text.slice(text.indexOf('\n') + 1)).digest('hex')));
    const hit = c.read();
    if (hit === null) throw new Error('expected a hit: the digest is up to date');
    expect(decide(hit, ['cat']).decision).toBe('allow');
    expect(() => decide(hit, ['git'])).toThrow(/rule 2 is damaged; delete the entry/);
  });
});

// Changes the rules' offsets with `edit`.
const ruleOffsets = (edit: (offsets: number[]) => void) => (e: EntryParts) => {
  const offsets = unpacked(e.layout.rules);
  edit(offsets);
  e.layout.rules = packed(offsets);
};

// The bucket every request looks in: the one of ALWAYS_GROUP's `any` key.
function alwaysBucket(e: EntryParts): unknown[] {
  return e.buckets[bucketOf(`a${ALWAYS_GROUP}`, e.buckets.length)] as unknown[];
}

describe('damage to the layout is a miss', () => {
  const p = generated(50, 4);
  // [name, spoil: changes the parts; offsets and digest are brought up to date unless said]
  const SPOILED: [string, (parts: EntryParts) => void, { sha256?: boolean; offsets?: boolean }?][] = [
    ['an offset moved into a rule', ruleOffsets((o) => void ((o[3] as number) += 5)), { offsets: true }],
    ['offsets not increasing', ruleOffsets((o) => void (o[3] = o[2] as number)), { offsets: true }],
    ['the first offset not 0', ruleOffsets((o) => void (o[0] = 1)), { offsets: true }],
    ['the last offset short of the end', ruleOffsets((o) => void o.pop()), { offsets: true }],
    ['an offset past the end', ruleOffsets((o) => void o.push((o.at(-1) as number) + 10)), { offsets: true }],
    ['a rule line dropped, offsets kept', (e) => void e.rules.pop(), { offsets: true }],
    ['a bucket line dropped, offsets kept', (e) => void e.buckets.pop(), { offsets: true }],
    ['no buckets', (e) => void (e.layout.index = packed([0])), { offsets: true }],
    ['offsets not in base64', (e) => void (e.layout.rules = '***'), { offsets: true }],
    ['offsets in base64 that is not the canonical form', (e) => void (e.layout.rules = `${e.layout.rules} `), { offsets: true }],
    ['an extra layout key', (e) => void Object.assign(e.layout, { extra: 1 })],
    ['an extra header key', (e) => void Object.assign(e.header, { extra: 1 })],
    ['another format', (e) => void (e.header.format = 1)],
    ['rules in the header', (e) => void (e.header.policy.rules = e.rules as Rule[])],
    ['a rule changed, digest not updated', (e) => void ((e.rules[7] as Rule).decision = (e.rules[7] as Rule).decision === 'deny' ? 'allow' : 'deny'), { sha256: true }],
    ['an index entry removed, digest not updated', (e) => void e.buckets.find((b) => b.length > 0)?.pop(), { sha256: true }],
  ];

  it.each(SPOILED)('%s', (_name, spoil, keep) => {
    const c = cached(p);
    expect(c.read()).not.toBeNull();
    const file = entryFile(c.location);
    const parts = readEntry(file);
    spoil(parts);
    writeEntry(file, parts, keep);
    expect(c.read()).toBeNull();
  });

  it('the entry of the previous format (one JSON object) is a miss', () => {
    const c = cached(p);
    writeFileSync(entryFile(c.location), JSON.stringify({ build: c.key.build, path: c.key.path, digest: c.key.digest, policy: p }));
    expect(c.read()).toBeNull();
  });

  it('every single-bit change after the header is a miss (sampled)', () => {
    const c = cached(p);
    const file = entryFile(c.location);
    const good = readFileSync(file);
    const bodyStart = good.indexOf(0x0a) + 1;
    const next = prng(99);
    for (let i = 0; i < 200; i++) {
      const at = bodyStart + Math.floor(next() * (good.length - bodyStart));
      const bad = Buffer.from(good);
      bad[at] = (bad[at] as number) ^ (1 << Math.floor(next() * 8));
      writeFileSync(file, bad);
      expect(c.read(), `byte ${at}`).toBeNull();
    }
    writeFileSync(file, good);
    expect(c.read()).not.toBeNull();
  });
});

describe('a damaged index bucket is never looked in', () => {
  const p = generated(50, 5);
  // [name, spoil of the bucket every request reads]; digest and offsets brought up to date.
  const SPOILED: [string, (bucket: unknown[], parts: EntryParts) => void][] = [
    ['a position past the last rule', (b) => void b.push([`a${ALWAYS_GROUP}x`, 50])],
    ['a position below 0', (b) => void b.push(['x', -1])],
    ['a position not whole', (b) => void b.push(['x', 1.5])],
    ['positions out of order', (b) => void b.push(['x', [5, 3]])],
    ['a list of one position', (b) => void b.push(['x', [5]])],
    ['a key twice', (b) => void b.push(...b.slice(0, 1), ...b.slice(0, 1))],
    ['a key of another bucket', (b, e) => void b.push([...Array(200).keys()].map((i) => `k${i}`).find((k) => bucketOf(k, e.buckets.length) !== e.buckets.indexOf(b)), 1)],
    ['a pair of three', (b) => void b.push(['x', 1, 2])],
    ['not a list', (b, e) => void (e.buckets[e.buckets.indexOf(b)] = { x: 1 } as unknown as unknown[])],
  ];

  it.each(SPOILED)('%s: the request stops with a policy error', (_name, spoil) => {
    const c = cached(p);
    const file = entryFile(c.location);
    const parts = readEntry(file);
    const bucket = alwaysBucket(parts);
    spoil(bucket, parts);
    writeEntry(file, parts);
    const hit = c.read();
    if (hit === null) throw new Error('expected a hit: only the bucket is damaged');
    expect(() => decide(hit, ['sed', '-n'])).toThrow(ApproveRunError);
    expect(() => decide(hit, ['git'])).toThrow(/compiled-policy cache entry: index bucket \d+ is damaged; delete the entry/);
  });
});
