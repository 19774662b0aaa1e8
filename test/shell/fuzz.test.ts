// Fuzzes expansion and the real decision function with random and mutated command lines
// (seeded, bounded). Two properties: nothing but ApproveRunError is ever thrown, and a line is
// allowed only if an oracle built from its candidates agrees every simple command is allowed
// (and real bash can at least parse it).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/decide/evaluate.js';
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

const WRAPPERS = new Set(['timeout', 'nice', 'env', 'nohup', 'stdbuf', 'time', 'command', 'sh', 'bash', 'dash']);
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

describe('fuzzing expansion and evaluate', () => {
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
