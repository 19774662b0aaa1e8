// A small fake world for decision tests: a file system of executables and symlinks behind
// the PathProbe interface, a policy builder, and request builders.
import type { DecisionInput, PathProbe } from '../../src/decide/types.js';
import { evaluateExpansion } from '../../src/decide/evaluate.js';
import { type Policy, type Rule } from '../../src/policy/types.js';
import type { Candidate, Expansion } from '../../src/shell/types.js';
import { settings as defaultSettings } from '../helpers/settings.js';

type Node = { kind: 'file'; exec: boolean } | { kind: 'link'; target: string } | { kind: 'dir' };

/** A fake file system: `files` are executables unless listed in `plain`; `links` map path → target. */
export function fakeFs(spec: { files: string[]; plain?: string[]; links?: Record<string, string> }): PathProbe {
  const nodes = new Map<string, Node>([['/', { kind: 'dir' }]]);
  const addDirs = (path: string) => {
    const parts = path.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) nodes.set(`/${parts.slice(0, i).join('/')}`, { kind: 'dir' });
  };
  const add = (path: string, node: Node) => {
    addDirs(path);
    nodes.set(path, node);
  };
  for (const f of spec.files) add(f, { kind: 'file', exec: true });
  for (const f of spec.plain ?? []) add(f, { kind: 'file', exec: false });
  for (const [from, target] of Object.entries(spec.links ?? {})) add(from, { kind: 'link', target });

  const realpath = (path: string, depth = 0): string | null => {
    if (depth > 20 || !path.startsWith('/')) return null;
    let cur = '/';
    const parts = path.split('/');
    for (const [i, part] of parts.entries()) {
      if (part === '' || part === '.') continue;
      const here = nodes.get(cur);
      if (here?.kind !== 'dir') return null;
      if (part === '..') {
        cur = cur === '/' ? '/' : cur.slice(0, cur.lastIndexOf('/')) || '/';
        continue;
      }
      const next = cur === '/' ? `/${part}` : `${cur}/${part}`;
      const node = nodes.get(next);
      if (node === undefined) return null;
      if (node.kind === 'link') {
        const target = node.target.startsWith('/') ? node.target : `${cur}/${node.target}`;
        const resolved = realpath(target, depth + 1);
        if (resolved === null) return null;
        cur = resolved;
      } else {
        cur = next;
      }
      if (nodes.get(cur)?.kind === 'file' && i < parts.length - 1) return null;
    }
    return cur;
  };
  return {
    realpath: (path) => realpath(path),
    isExecutableFile: (path) => {
      const real = realpath(path);
      const node = real === null ? undefined : nodes.get(real);
      return node?.kind === 'file' && node.exec;
    },
  };
}

/** The standard fake system: merged /usr, a busybox, impostors in /tmp and a home bin. */
export const SYSTEM = fakeFs({
  files: [
    ...['sed', 'rm', 'git', 'docker', 'kubectl', 'npm', 'systemctl', 'find', 'timeout', 'env', 'cat', 'ls', 'vim.basic', 'python3.11', 'sudo'].map((n) => `/usr/bin/${n}`),
    '/usr/sbin/mkfs.ext4',
    '/usr/sbin/mkfs',
    '/usr/sbin/dd',
    '/tmp/sed',
    '/tmp/rm',
    '/home/u/bin/sed',
    '/opt/bb/busybox',
    '/srv/app/tool',
  ],
  plain: ['/tmp/notexec', '/usr/bin/readme', '/etc/passwd'],
  links: {
    '/bin': 'usr/bin',
    '/sbin': 'usr/sbin',
    '/usr/local/bin/vi': '/usr/bin/vim.basic',
    '/usr/bin/python3': 'python3.11',
    '/tmp/innocent': '/usr/bin/rm',
    '/opt/bb/ls': 'busybox',
    '/opt/bb/rm': 'busybox',
    '/srv/link-to-etc': '/etc',
  },
});

/** A rule with defaults for everything not given. */
export function rule(id: string, decision: Rule['decision'], match: Partial<Rule['match']> & { command: string[] }, extra: Partial<Rule> = {}): Rule {
  return {
    id,
    description: null,
    match: { args: null, options: [], ...match },
    when: null,
    decision,
    approvers: null,
    quorum: null,
    channel: null,
    session_ttl_s: null,
    max_runtime_s: null,
    risk: null,
    message: null,
    run_as: null,
    confine: null,
    ...extra,
  };
}

/** A policy with two approvers (alice, bob; carol in group ops), both channels, default deny. */
export function policy(rules: Rule[], extra: { settings?: Partial<Policy['settings']> } & Partial<Omit<Policy, 'settings'>> = {}): Policy {
  const { settings, ...rest } = extra;
  const key = 'ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
  return {
    version: 1,
    settings: { ...defaultSettings, ...settings },
    approvers: {
      alice: { id: 'alice', name: null, users: ['alice'], key, webauthn: null, totp: null },
      bob: { id: 'bob', name: null, users: ['bob'], key, webauthn: null, totp: null },
      carol: { id: 'carol', name: null, users: ['carol', 'carol2'], key, webauthn: null, totp: null },
    },
    groups: { sre: ['alice', 'bob'], ops: ['carol'] },
    channels: { webhook: { url: 'http://127.0.0.1:1/', secret_env: null, secret_file: null, timeout_s: 10 }, terminal: { authenticate: 'none' } },
    rules,
    tests: [],
    file: '/etc/approve-run/policy.yaml',
    digest: 'sha256:0',
    ...rest,
  };
}

/** A Wednesday, 10:30 local time. */
export const WEDNESDAY_MORNING = new Date(2026, 10, 18, 10, 30);

/** Request facts with defaults: user deploy, cwd /srv/app, host web-1, actor agent:ci. */
export function input(argv: string[], extra: Partial<DecisionInput> = {}): DecisionInput {
  return {
    argv,
    shell: null,
    cwd: '/srv/app',
    requester: { user: 'deploy', uid: 1001, gid: 1001, groups: ['deploy', 'www'] },
    actor: 'agent:ci',
    host: 'web-1',
    now: WEDNESDAY_MORNING,
    ...extra,
  };
}

/** A plain command candidate. */
export function command(argv: string[], extra: Partial<Candidate> = {}): Candidate {
  return { argv, env: [], role: 'command', escalations: [], ...extra };
}

/** Evaluates hand-made candidates (the expansion seam) against the fake system. */
export function judge(p: Policy, candidates: Candidate[], extra: Partial<DecisionInput> = {}, reasons: string[] = []) {
  const expansion: Expansion = { candidates, reasons };
  return evaluateExpansion(p, input(candidates[0]?.argv ?? [], extra), expansion, SYSTEM);
}

/** Evaluates one argv as a single plain command. */
export function decide(p: Policy, argv: string[], extra: Partial<DecisionInput> = {}) {
  return judge(p, [command(argv)], extra);
}
