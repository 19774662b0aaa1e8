// The hook's own bundle (src/hook-path.ts): a line judged a few minutes ago is answered from
// the verdict cache without node:crypto, child_process or the shell parser, and the cache can
// never answer for a policy whose bytes changed, a tampered directory or another key.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nameTag, readVerdict, verdictKey, writeVerdict } from '../../src/agents/verdict-cache.js';
import { AGENTS } from '../../src/agents/protocols.js';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { agentWorld, payload, type AgentWorld } from './agent-sim.js';

const ALLOW = 'rules:\n  - { id: reads, match: { command: [ls, echo] }, decision: allow }\n';
// The same length as ALLOW, with `ls` denied.
const DENY = 'rules:\n  - { id: reads, match: { command: [ls, echo] }, decision: deny  }\n';

// Writes the modules Node loaded to $MODULES_OUT at exit (a -r preload).
const PRELOAD = "process.on('exit', () => require('node:fs').writeFileSync(process.env.MODULES_OUT, process.moduleLoadList.join('\\n')));\n";

/** One hook call with stdin from a socket (as agents written in Node give it); the answer and the built-in modules loaded. */
function hook(w: AgentWorld, command: string, stdinFile = false): { code: number | null; out: Record<string, unknown> | null; stderr: string; modules: string[] } {
  const preload = join(w.dir, 'preload.cjs');
  const modulesOut = join(w.dir, 'modules.txt');
  writeFileSync(preload, PRELOAD);
  const input = JSON.stringify(payload('claude-code', command, w.dir));
  const env = { ...w.env, MODULES_OUT: modulesOut };
  const args = ['-r', preload, CLI, 'hook', 'claude-code', '-p', w.policy];
  let r;
  if (stdinFile) {
    writeFileSync(join(w.dir, 'input.json'), input);
    r = spawnSync('/bin/sh', ['-c', `exec "$0" "$@" < "${join(w.dir, 'input.json')}"`, process.execPath, ...args], { cwd: w.dir, env, timeout: 30_000 });
  } else {
    r = spawnSync(process.execPath, args, { cwd: w.dir, env, input, timeout: 30_000 });
  }
  const modules = readFileSync(modulesOut, 'utf8').split('\n');
  return { code: r.status, out: r.stdout.length > 0 ? (JSON.parse(r.stdout.toString()) as Record<string, unknown>) : null, stderr: r.stderr.toString(), modules };
}

const decision = (out: Record<string, unknown> | null) => (out?.hookSpecificOutput as Record<string, unknown> | undefined)?.permissionDecision;
const loaded = (modules: string[], name: string) => modules.includes(`NativeModule ${name}`);

describe('the hook bundle', () => {
  it('answers a line judged before from the cache, without node:crypto, child_process or the shell parser', () => {
    const w = agentWorld(ALLOW);
    const first = hook(w, 'ls -la && echo hi');
    expect(first.code).toBe(0);
    expect(decision(first.out)).toBe('allow');
    expect(loaded(first.modules, 'crypto')).toBe(true); // the probe sees a full judgement
    for (const stdinFile of [false, true]) {
      const again = hook(w, 'ls -la && echo hi', stdinFile);
      expect(again.code).toBe(0);
      expect(again.out).toEqual(first.out);
      expect(loaded(again.modules, 'crypto')).toBe(false);
      expect(loaded(again.modules, 'child_process')).toBe(false);
      // A regular file on stdin is read without the stream machinery.
      if (stdinFile) expect(loaded(again.modules, 'net')).toBe(false);
    }
  });

  it('never reuses a verdict once the policy bytes change, even at the same size and time', () => {
    const w = agentWorld(ALLOW);
    expect(decision(hook(w, 'ls -la').out)).toBe('allow');
    expect(decision(hook(w, 'ls -la').out)).toBe('allow');
    const before = statSync(w.policy);
    const text = readFileSync(w.policy, 'utf8');
    writeFileSync(w.policy, text.replace(ALLOW, DENY));
    expect(statSync(w.policy).size).toBe(before.size);
    utimesSync(w.policy, before.atime, before.mtime);
    const after = hook(w, 'ls -la');
    expect(after.code).toBe(0);
    expect(decision(after.out)).toBe('deny');
  });

  it('does not use a cache directory that others can write to', () => {
    const w = agentWorld(ALLOW);
    expect(decision(hook(w, 'echo cached').out)).toBe('allow');
    chmodSync(join(w.env.XDG_CACHE_HOME!, 'approve-run'), 0o777);
    const again = hook(w, 'echo cached');
    expect(decision(again.out)).toBe('allow');
    expect(loaded(again.modules, 'crypto')).toBe(true); // judged in full, not from the cache
  });

  it('an invalid policy blocks even when the line was answered before', () => {
    const w = agentWorld(ALLOW);
    expect(decision(hook(w, 'echo x').out)).toBe('allow');
    writeFileSync(w.policy, 'version: 1\nrules: [\n');
    const r = hook(w, 'echo x');
    expect(r.code).toBe(2);
    expect(r.out).toBeNull();
    expect(r.stderr).toMatch(/^approve-run hook: blocked: /);
  });
});

describe('verdict cache entries', () => {
  const dir = tempDir('approve-run-verdicts-');
  const location = { dir, owner: process.geteuid?.() ?? 0, checkAncestors: false };
  const agent = AGENTS['claude-code'];
  const key = (line: string) => verdictKey('build', `sha256:${'a'.repeat(64)}`, agent, { line, cwd: '/srv' }, 1000, 'host');

  it('an entry under another key name answers for nothing but its own key', () => {
    writeVerdict(location, key('ls'), { decision: 'allow', decided_by: ['reads'], message: null }, Date.now());
    expect(readVerdict(location, key('ls'), Date.now())?.decision).toBe('allow');
    const [file] = readdirSync(dir).filter((f) => f.startsWith('hook-'));
    // The entry placed where another key's entry would be (as a name shared by two keys would
    // have it) answers nothing for that key.
    for (const other of ['ls; rm -rf /', 'rm -rf /']) {
      copyFileSync(join(dir, file!), join(dir, `hook-${nameTag(JSON.stringify(key(other)))}.json`));
      expect(readVerdict(location, key(other), Date.now())).toBeNull();
    }
    expect(readVerdict(location, key('ls'), Date.now())?.decision).toBe('allow');
  });
});
