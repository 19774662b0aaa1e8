// Fuzzes expansion and the real decision function with random and mutated command lines
// (seeded, bounded), and with commands wrapped in runners, pipeline prefixes and subscripts
// (SPEC §10), where a denied inner command must stay denied. Two more properties: nothing but ApproveRunError is ever thrown, and a line is
// allowed only if an oracle built from its candidates agrees every simple command is allowed
// (and real bash can at least parse it).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/decide/evaluate.js';
import { RUNNER_WRAPPERS } from '../../src/knowledge/runner-wrappers.js';
import { ApproveRunError } from '../../src/errors.js';
import { expandRequest } from '../../src/shell/expand.js';
import type { Candidate } from '../../src/shell/types.js';
import { buildPolicy, inputFor, paths } from '../corpus/world.js';
import { prng } from '../helpers/prng.js';

const SEED = 0x5eed1234;
const MAX_CASES = 1200;
const MAX_MS = 25_000;

const policy = buildPolicy([
  { command: 'git', args: ['status'], decision: 'allow' },
  { command: ['ls', 'echo', 'cat'], decision: 'allow' },
  { command: 'rm', decision: 'deny' },
]);

const COMMANDS = ['git status', 'ls -la', 'echo hi', 'cat f', 'rm -rf /', 'curl x', 'id', 'sh -c "echo a; id"', 'timeout 5 ls', 'env A=1 ls',
  'find . -exec id \\;', 'sed -i s/a/b/ f', 'nice -n 5 echo x', 'git -c a=b status', 'bash -lc \'ls; rm x\'', 'xargs rm', 'LANG=C ls', 'python3 -c 1'];
const JOINERS = [' ; ', ' && ', ' || ', ' | ', ' & ', '\n', ' |& ', ';'];
const WRAPS: ((s: string) => string)[] = [
  (s) => `(${s})`, (s) => `{ ${s}; }`, (s) => `echo $(${s})`, (s) => `echo "\`${s}\`"`, (s) => `X=1 ${s}`, (s) => `${s} >out`, (s) => `${s} 2>&1`,
  (s) => `${s} 2>/dev/null`, (s) => `cat <<EOF\n${s}\nEOF\n`, (s) => `if ${s}; then ls; fi`, (s) => `f() { ${s}; }`, (s) => `! ${s}`, (s) => s, (s) => s, (s) => s,
];
const ALPHABET = [...";&|()<>$`\"'\\\n{}*?[]#=~! \t-", ...'abcrmxyz019', '\u202e', '\u00a0', '\u200b', '\x1b', '\r', 'é'];

// A random line built from commands, joiners and wrappers.
function generate(rand: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const parts = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(WRAPS)(pick(COMMANDS)));
  return parts.reduce((line, part) => `${line}${pick(JOINERS)}${part}`);
}

// A few random edits: insert, delete or duplicate characters.
function mutate(line: string, rand: () => number): string {
  let out = line;
  const edits = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < edits; i += 1) {
    const at = Math.floor(rand() * (out.length + 1));
    const kind = rand();
    if (kind < 0.5) out = out.slice(0, at) + ALPHABET[Math.floor(rand() * ALPHABET.length)]! + out.slice(at);
    else if (kind < 0.8) out = out.slice(0, at) + out.slice(at + 1);
    else out = out.slice(0, at) + out.slice(at, at + 4) + out.slice(at);
  }
  return out;
}

const WRAPPERS = new Set(['timeout', 'nice', 'env', 'nohup', 'stdbuf', 'time', 'command', 'sh', 'bash', 'dash', ...Object.keys(RUNNER_WRAPPERS)]);
// The oracle: would every candidate be allowed on its own by the fuzz policy?
function oracleAllows(candidate: Candidate): boolean {
  if (candidate.escalations.length > 0) return false;
  if (candidate.role === 'wrapper') return WRAPPERS.has(candidate.argv[0]!);
  const [name, ...args] = candidate.argv;
  if (name === 'git') return args.length === 1 && args[0] === 'status';
  return name === 'ls' || name === 'echo' || name === 'cat';
}

// Judges one request; returns an error message for a property violation, else null.
async function check(request: { command?: string[]; shell?: string }): Promise<string | null> {
  let decision: string;
  try {
    decision = (await evaluate(policy, inputFor(request), paths)).decision;
  } catch (error) {
    return error instanceof ApproveRunError ? null : `threw ${String(error)}`;
  }
  if (decision !== 'allow') return null;
  const expansion = await expandRequest({ argv: request.command ?? [request.shell!], shell: request.shell ?? null }, policy.settings);
  if (expansion.reasons.length > 0) return `allowed despite reasons ${expansion.reasons.join('; ')}`;
  const bad = expansion.candidates.find((c) => !oracleAllows(c));
  if (bad !== undefined) return `allowed though the oracle rejects ${JSON.stringify(bad)}`;
  if (request.shell !== undefined) {
    const syntax = spawnSync('bash', ['--noprofile', '--norc', '-n', '-c', request.shell], { encoding: 'utf8' });
    if (syntax.status !== 0) return `allowed a line bash cannot parse: ${syntax.stderr.trim()}`;
  }
  return null;
}

// Runners (SPEC §10) around an argv: transparent ones, context ones, and those taking a string.
const RUNNERS: ((argv: string[]) => string[])[] = [
  (a) => ['flock', '/tmp/l', ...a], (a) => ['flock', '-w', '5', '/tmp/l', '-c', a.join(' ')], (a) => ['watch', '-n1', ...a], (a) => ['watch', '-x', ...a],
  (a) => ['strace', '-f', '-e', 'trace=file', ...a], (a) => ['runuser', '-u', 'nobody', '--', ...a], (a) => ['sg', 'root', '-c', a.join(' ')],
  (a) => ['chroot', '/', ...a], (a) => ['unshare', '-m', '--fork', ...a], (a) => ['nsenter', '-t', '1', '-m', ...a], (a) => ['systemd-run', '--wait', '-p', 'User=root', ...a],
  (a) => ['setpriv', '--reuid=0', ...a], (a) => ['busybox', ...a], (a) => ['toybox', ...a], (a) => ['timeout', '5', ...a], (a) => ['script', '-qc', a.join(' '), '/dev/null'],
  (a) => ['capsh', '--', '-c', a.join(' ')], (a) => ['ssh-agent', ...a], (a) => ['dbus-run-session', '--', ...a], (a) => ['su', '-', 'root', '-c', a.join(' ')],
  (a) => ['sudo', '-u', 'root', ...a], (a) => ['start-stop-daemon', '-S', '-x', a[0]!, '--', ...a.slice(1)], (a) => ['valgrind', '-q', ...a], (a) => ['xvfb-run', '-a', ...a],
];
// Grammar around a shell line: pipeline prefixes before compound commands, and words bash
// evaluates as subscripts or arithmetic.
const GRAMMAR: ((s: string) => string)[] = [
  (s) => `time { ${s}; }`, (s) => `time -p ( ${s} )`, (s) => `! { ${s}; }`, (s) => `coproc { ${s}; }`, (s) => `coproc N { ${s}; }`, (s) => `time ! ( ${s} )`,
  (s) => `test -v 'a[$(${s})]'`, (s) => `[ -v 'a[$(${s})]' ]`, (s) => `[[ -v a[$(${s})] ]]`, (s) => `declare 'a[$(${s})]=1'`, (s) => `printf -v 'a[$(${s})]' x`,
  (s) => `let 'a[$(${s})]'`, (s) => `unset 'a[\`${s}\`]'`, (s) => `read 'a[$(${s})]'`, (s) => `[[ 1 -eq 'a[$(${s})]' ]]`, (s) => `export 'b[$(${s})]=2'`,
  (s) => `local -i 'x=$(${s})'`, (s) => `mapfile 'm[$(${s})]'`, (s) => `time { ${s}; } 2>/dev/null`,
];
const INNER = [['git', 'status'], ['ls', '-la'], ['echo', 'hi'], ['id'], ['cat', 'f']];
const DENIED = ['rm', '-rf', '/'];

describe('fuzzing expansion and evaluate', () => {
  it('a denied command inside random runners, prefixes and subscripts is always denied', async () => {
    const rand = prng(SEED ^ 0x7a11);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const failures: string[] = [];
    for (let n = 0; n < 400; n += 1) {
      const denied = rand() < 0.5;
      let argv = denied ? [...DENIED] : [...pick(INNER)];
      for (let depth = 1 + Math.floor(rand() * 3); depth > 0; depth -= 1) argv = pick(RUNNERS)(argv);
      const asShell = rand() < 0.5;
      const request = asShell ? { shell: pick(GRAMMAR)(argv.map((w) => (/^[\w./=-]+$/.test(w) ? w : `"${w}"`)).join(' ')) } : { command: argv };
      const problem = await check(request);
      if (problem !== null) failures.push(`${JSON.stringify(request)}: ${problem}`);
      const decision = (await evaluate(policy, inputFor(request), paths)).decision;
      if (denied && decision !== 'deny') failures.push(`${JSON.stringify(request)}: ${decision}, not deny`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  }, 60_000);

  it('never crashes and never allows a line the candidate oracle rejects', async () => {
    const rand = prng(SEED);
    const started = Date.now();
    const failures: string[] = [];
    let allowed = 0;
    let n = 0;
    for (; n < MAX_CASES && Date.now() - started < MAX_MS; n += 1) {
      const base = generate(rand);
      const shell = rand() < 0.6 ? mutate(base, rand) : base;
      const problem = await check({ shell });
      if (problem !== null) failures.push(`${JSON.stringify(shell)}: ${problem}`);
      else if ((await evaluate(policy, inputFor({ shell }), paths).catch(() => null))?.decision === 'allow') allowed += 1;
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(n).toBeGreaterThan(100);
    expect(allowed).toBeGreaterThan(0);
  }, 60_000);

  it('never crashes on random argv vectors, and allows only what the oracle allows', async () => {
    const rand = prng(SEED ^ 0xabcdef);
    const words = [...COMMANDS.flatMap((c) => c.split(' ')), '-exec', '--upload-pack=x', '-c', '--', '-', '', 'sh', 'env', 'timeout', 'X=1', '\u202e', '-i', '-e'];
    const failures: string[] = [];
    for (let n = 0; n < 600; n += 1) {
      const command = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => words[Math.floor(rand() * words.length)]!);
      const problem = await check({ command });
      if (problem !== null) failures.push(`${JSON.stringify(command)}: ${problem}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  }, 60_000);
});
