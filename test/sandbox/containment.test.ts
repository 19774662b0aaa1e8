// Containment through the built CLI (SPEC §9): when a run ends for any reason, nothing it
// started is left. Every process a test starts carries a unique token as its argv[0], and
// /proc is searched for it. Each case also runs with `settings.confine: off` where that shows
// the test can fail: without the sandbox the same processes survive.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { SECURE_PATH } from '../run/support.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Pids whose command line contains `token`.
function holders(token: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(token)) found.push(Number(name));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

// Waits until `holders(token)` has `count` members (or more); returns them.
async function waitHolders(token: string, count: number, timeoutMs = 10_000): Promise<number[]> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const found = holders(token);
    if (found.length >= count) return found;
    await sleep(50);
  }
  throw new Error(`never saw ${count} processes with ${token}`);
}

// Waits up to `ms` for every holder of `token` to be gone; returns what is left.
async function leftAfter(token: string, ms = 3000): Promise<number[]> {
  const end = Date.now() + ms;
  while (Date.now() < end && holders(token).length > 0) await sleep(50);
  return holders(token);
}

// Tokens of this file's cases: whatever still carries one after a case is killed.
const tokens: string[] = [];
afterEach(async () => {
  await sleep(200);
  for (const token of tokens) {
    for (const pid of holders(token)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
});

interface Case {
  dir: string;
  token: string;
  script: string;
  args: (confine: 'required' | 'off') => string[];
}

// A bash script in a fresh directory, allowed (read-only) with a 2s max_runtime.
function scriptCase(body: (token: string) => string, maxRuntime = '1h'): Case {
  const dir = tempDir();
  const token = `sbxtok${randomBytes(6).toString('hex')}`;
  tokens.push(token);
  const script = join(dir, 'job.sh');
  writeFileSync(script, `#!/bin/bash\n${body(token)}\n`);
  chmodSync(script, 0o755);
  const policyFor = (confine: 'required' | 'off') => {
    const file = join(dir, `policy-${confine}.yaml`);
    writeFileSync(file, `version: 1\nsettings: { secure_path: "${SECURE_PATH}", kill_grace: 1s, confine: ${confine} }\nrules:\n  - id: job\n    match: { command: ${script} }\n    decision: allow\n    max_runtime: ${maxRuntime}\n`);
    return file;
  };
  return { dir, token, script, args: (confine) => ['run', '-p', policyFor(confine), '--audit-db', join(dir, 'audit.db'), '--', script] };
}

const env = () => ({ PATH: '/usr/bin:/bin', NO_COLOR: '1', XDG_CONFIG_HOME: tempDir(), XDG_CACHE_HOME: tempDir() });

// Starts the CLI as a process the test can signal.
function start(args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
}

// Runs the CLI without pipes (left-over processes would hold them open); resolves to its exit code.
function control(args: string[]): Promise<number | null> {
  const child = spawn(process.execPath, [CLI, ...args], { env: env(), stdio: 'ignore' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

// `(exec -a TOKEN sleep 300) &`: a long sleeper marked with the token.
const marked = (token: string, suffix = '') => `(exec -a ${token}${suffix} sleep 300) &`;

describe('containment: nothing a run started survives it', () => {
  it('a background job left when the main process exits', async () => {
    const c = scriptCase((t) => `${marked(t)}\nsleep 0.3\nexit 0`);
    const result = await runCli(c.args('required'), { env: env() });
    expect(result.code).toBe(0);
    expect(await leftAfter(c.token)).toEqual([]);

    expect(await control(c.args('off'))).toBe(0);
    expect(holders(c.token).length).toBeGreaterThan(0);
  });

  it('setsid and a double fork', async () => {
    const c = scriptCase((t) => `setsid bash -c '( ${marked(t, 'a')} ); ${marked(t, 'b')} exit 0' &\nsleep 0.5\nexit 0`);
    const result = await runCli(c.args('required'), { env: env() });
    expect(result.code).toBe(0);
    expect(await leftAfter(c.token)).toEqual([]);

    await control(c.args('off'));
    expect(holders(c.token).length).toBeGreaterThanOrEqual(2);
  });

  it('approve-run itself SIGKILLed', async () => {
    const c = scriptCase((t) => `${marked(t)}\nexec -a ${t}main sleep 300`);
    const child = start(c.args('required'));
    await waitHolders(c.token, 2);
    child.kill('SIGKILL');
    expect(await leftAfter(c.token)).toEqual([]);

    const unconfined = start(c.args('off'));
    await waitHolders(c.token, 2);
    unconfined.kill('SIGKILL');
    await sleep(500);
    expect(holders(c.token).length).toBeGreaterThan(0);
  });

  it('the deadline: 124, even for jobs that ignore SIGTERM', async () => {
    const c = scriptCase((t) => `trap '' TERM\n(trap '' TERM; exec -a ${t} sleep 300) &\nsetsid bash -c "trap '' TERM; exec -a ${t}s sleep 300" &\nexec -a ${t}main sleep 300`, '1s');
    const before = Date.now();
    const result = await runCli(c.args('required'), { env: env() });
    expect(result.code).toBe(124);
    expect(result.stderr).toContain('stopped after 1s (max_runtime of job)');
    expect(Date.now() - before).toBeLessThan(8000);
    expect(await leftAfter(c.token)).toEqual([]);

    await control(c.args('off'));
    expect(holders(c.token).length).toBeGreaterThan(0);
  });

  it('SIGINT, SIGTERM, SIGHUP and SIGQUIT reach the command inside the sandbox; the run then ends whole', async () => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const) {
      const c = scriptCase((t) => `trap 'echo got ${signal} > ${'$'}{0%/*}/got; exit 7' ${signal.slice(3)}\n${marked(t)}\nwhile :; do sleep 0.1; done`);
      const child = start(c.args('required'));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await waitHolders(c.token, 1);
      await sleep(300);
      child.kill(signal);
      expect(await exited).toBe(7);
      expect(await leftAfter(c.token)).toEqual([]);
    }
  });

  it('SIGTSTP does not pause the deadline', async () => {
    const c = scriptCase((t) => `exec -a ${t} sleep 300`, '2s');
    const child = start(c.args('required'));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitHolders(c.token, 1);
    child.kill('SIGTSTP');
    const code = await Promise.race([exited, sleep(8000).then(() => 'still running')]);
    if (code === 'still running') child.kill('SIGKILL');
    expect(code).toBe(124);
    expect(await leftAfter(c.token)).toEqual([]);
  });
});
