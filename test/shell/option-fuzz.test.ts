// Seeded fuzzing over the option classification (src/knowledge/tools/): a classified option
// that is not `safe`, spelled at random the ways its tool accepts (clusters after safe flags,
// glued values, `=value`, the next word, unique abbreviations, among safe options and
// operands), never passes under an allow rule `[TOOL, "**"]`; the same option after `--` is
// an operand; and unknown options never pass either.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/decide/evaluate.js';
import { TOOL_ENTRIES } from '../../src/knowledge/tools/index.js';
import type { OptionTable, ToolEntry } from '../../src/knowledge/tools/types.js';
import { classifiedEscalations } from '../../src/shell/tools/classify.js';
import { spellingsOf, type KnownOption } from '../../src/shell/tools/option-table.js';
import { buildPolicy, inputFor, paths } from '../corpus/world.js';
import { prng } from '../helpers/prng.js';

const SEED = 0x0b710e5;
const CASES = 500;

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

interface Scope {
  entry: ToolEntry;
  program: string;
  /** Words before the options (a subcommand). */
  lead: string[];
  options: KnownOption[];
  /** Options are read as whole words (`-name`), not clusters. */
  whole: boolean;
}

// Every place a tool reads options: its globals, and each classified subcommand.
function scopes(): Scope[] {
  const out: Scope[] = [];
  for (const entry of TOOL_ENTRIES) {
    const whole = entry.syntax === 'single-dash' || entry.syntax === 'git';
    for (const program of entry.programs) {
      out.push({ entry, program, lead: [], options: spellingsOf(entry.options), whole });
      for (const [sub, table] of Object.entries(entry.subcommands ?? {})) {
        const tables: OptionTable[] = entry.globalsBeforeSubcommand ? [table] : [entry.options, table];
        out.push({ entry, program, lead: [sub], options: spellingsOf(...tables), whole: entry.syntax === 'single-dash' });
      }
    }
  }
  return out;
}

// A value for `option` that makes its class apply (`=~TEXT` options need TEXT in it).
const valueFor = (option: KnownOption): string => `${option.when ?? ''}/tmp/v`;

// One random spelling of `option` in `scope`, as argv words.
function spell(rand: Rand, scope: Scope, option: KnownOption): string[] {
  const name = option.name.endsWith('*') ? `${option.name.slice(0, -1)}all` : option.name;
  const value = valueFor(option);
  const long = scope.whole ? name.length > 2 : name.startsWith('--');
  let written = name;
  if (long && scope.entry.abbreviations && !(scope.entry.syntax === 'git' && scope.lead.length === 0) && rand() < 0.4) {
    const min = name.startsWith('--') ? 4 : 3;
    if (name.length > min) written = name.slice(0, min + Math.floor(rand() * (name.length - min)));
  }
  if (option.value === 'none') {
    if (!long && !scope.whole && rand() < 0.5) {
      const flags = scope.options.filter((o) => o.cls === 'safe' && o.value === 'none' && /^-[A-Za-z0-9]$/.test(o.name));
      if (flags.length > 0) return [`-${pick(rand, flags).name.slice(1)}${name.slice(1)}`];
    }
    return [written];
  }
  if (option.value === 'optional') return long || scope.whole ? [`${written}=${value}`] : [`${name}${value}`];
  if (option.value === 'number') return long ? [`${written}=7`] : [`${name}7`];
  const form = rand();
  if (form < 0.4) return [written, value];
  if (long || scope.whole) return [`${written}=${value}`];
  const flags = scope.options.filter((o) => o.cls === 'safe' && o.value === 'none' && /^-[A-Za-z0-9]$/.test(o.name));
  const before = flags.length > 0 && rand() < 0.5 ? pick(rand, flags).name.slice(1) : '';
  return [`-${before}${name.slice(1)}${value}`];
}

// A few safe words (flags of the same scope) to put around the option.
function safeWords(rand: Rand, scope: Scope): string[] {
  const flags = scope.options.filter((o) => o.cls === 'safe' && o.value === 'none' && !o.name.endsWith('*'));
  return Array.from({ length: Math.floor(rand() * 3) }, () => pick(rand, flags)?.name).filter((w): w is string => w !== undefined);
}

// The decision for `argv` under an allow rule for its program with `"**"`.
async function decide(argv: string[]): Promise<string> {
  const policy = buildPolicy([{ command: argv[0]!, args: ['**'], decision: 'allow' }]);
  return (await evaluate(policy, inputFor({ command: argv }), paths)).decision;
}

describe('fuzzing the option classification', () => {
  const all = scopes();

  it('never allows a non-safe option under "**", however it is spelled', async () => {
    const rand = prng(SEED);
    const failures: string[] = [];
    let n = 0;
    for (; n < CASES; n += 1) {
      const scope = pick(rand, all);
      const risky = scope.options.filter((o) => o.cls !== 'safe');
      if (risky.length === 0) continue;
      const option = pick(rand, risky);
      const argv = [scope.program, ...scope.lead, ...safeWords(rand, scope), ...spell(rand, scope, option), ...safeWords(rand, scope)];
      if (scope.entry.stopAtOperand !== true && scope.entry.syntax !== 'git' && !scope.entry.oldStyleFirstArg && rand() < 0.5) argv.push('operand');
      const decision = await decide(argv);
      if (decision === 'allow') failures.push(`${JSON.stringify(argv)} (${option.cls} ${option.name})`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
  }, 120_000);

  it('never allows an unknown option under "**"', async () => {
    const rand = prng(SEED ^ 0x5a5a);
    const failures: string[] = [];
    for (let n = 0; n < 150; n += 1) {
      const scope = pick(rand, all.filter((s) => s.entry.syntax !== 'git' || s.lead.length > 0));
      const word = scope.whole ? `-zq${Math.floor(rand() * 1e6)}` : rand() < 0.5 ? `--zq-${Math.floor(rand() * 1e6)}` : '-\u00e9';
      const argv = [scope.program, ...scope.lead, ...safeWords(rand, scope), word];
      if ((await decide(argv)) === 'allow') failures.push(JSON.stringify(argv));
    }
    expect(failures.slice(0, 10)).toEqual([]);
  }, 120_000);

  it('reads a non-safe option after `--` as an operand (getopt tools)', () => {
    const rand = prng(SEED ^ 0x1234);
    const failures: string[] = [];
    const getopt = all.filter((s) => s.entry.syntax === 'getopt' && !s.entry.plusCommand);
    for (let n = 0; n < 200; n += 1) {
      const scope = pick(rand, getopt);
      const risky = scope.options.filter((o) => o.cls !== 'safe');
      if (risky.length === 0) continue;
      const words = [...scope.lead, ...safeWords(rand, scope), '--', ...spell(rand, scope, pick(rand, risky))];
      const found = classifiedEscalations(scope.program, words);
      if (found.length > 0) failures.push(`${scope.program} ${words.join(' ')}: ${found.map((e) => e.reason).join('; ')}`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('allows safe flags under "**" (the property is not "approve everything")', async () => {
    const rand = prng(SEED ^ 0x777);
    let allowed = 0;
    for (let n = 0; n < 100; n += 1) {
      const scope = pick(rand, all);
      if ((await decide([scope.program, ...scope.lead, ...safeWords(rand, scope)])) === 'allow') allowed += 1;
    }
    expect(allowed).toBeGreaterThan(60);
  }, 120_000);
});
