// Seeded fuzzing over the actions of the classification (src/knowledge/tools/, `actions`):
// an action named by operands (a verb, a verb path, an operand form) never passes under an
// allow rule `[TOOL, "**"]`, whatever safe flags surround it or however a tool with
// `verbPrefixes` lets it be abbreviated; the command an action runs is judged by deny rules;
// and safe flags alone stay allowed.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/decide/evaluate.js';
import { TOOL_ENTRIES } from '../../src/knowledge/tools/index.js';
import type { ToolAction, ToolEntry } from '../../src/knowledge/tools/types.js';
import { spellingsOf } from '../../src/shell/tools/option-table.js';
import { buildPolicy, inputFor, paths, type RuleSpec } from '../corpus/world.js';
import { prng } from '../helpers/prng.js';

const SEED = 0xac7105;

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

/** Operand words that pattern actions are tried with; every pattern must match one. */
const SAMPLES = ['010100002020', 'eww', 'auxe', './evil.deb', '/tmp/x.deb', '0101000020.30', 'file:///etc/shadow', 'FILE:///etc/shadow', '{file,https}:///etc/shadow', 'fil[e-e]:///etc/shadow'];

// One word standing for `word` of an action: a sample for a pattern, else the word or a prefix.
function wordFor(rand: Rand, entry: ToolEntry, word: string): string {
  if (word.startsWith('re:')) {
    const pattern = new RegExp(`^(?:${word.slice(3)})$`, 'is');
    const fits = SAMPLES.filter((s) => pattern.test(s));
    if (fits.length === 0) throw new Error(`no sample for ${word}: add one to SAMPLES`);
    return pick(rand, fits);
  }
  return entry.verbPrefixes === true && rand() < 0.5 ? word.slice(0, 1 + Math.floor(rand() * word.length)) : word;
}

// Up to two safe flags of the entry's globals (no value, so they take no operand with them).
function safeFlags(rand: Rand, entry: ToolEntry): string[] {
  const flags = spellingsOf(entry.options).filter((o) => o.cls === 'safe' && o.value === 'none' && !o.name.endsWith('*') && !/^--?(help|version|h|V|\?)$/.test(o.name));
  return Array.from({ length: Math.floor(rand() * 3) }, () => pick(rand, flags)?.name).filter((w): w is string => w !== undefined);
}

const ACTIONS: [ToolEntry, ToolAction][] = TOOL_ENTRIES.flatMap((entry) => (entry.actions ?? []).map((action) => [entry, action] as [ToolEntry, ToolAction]));

// The decision for `argv` under `rules` (default deny).
async function decide(argv: string[], rules: RuleSpec[], settings = {}): Promise<string> {
  return (await evaluate(buildPolicy(rules, settings), inputFor({ command: argv }), paths)).decision;
}

describe('fuzzing the actions of the classification', () => {
  it('there are actions of every non-safe class', () => {
    expect(new Set(ACTIONS.map(([, a]) => a.cls))).toEqual(new Set(['reads-file', 'runs-code', 'changes-state', 'writes-file']));
  });

  it('never allows an action under "**", whatever safe flags surround it', async () => {
    const rand = prng(SEED);
    const failures: string[] = [];
    for (let n = 0; n < 300; n += 1) {
      const [entry, action] = pick(rand, ACTIONS);
      const program = pick(rand, entry.programs);
      const words = action.words.map((w) => wordFor(rand, entry, w));
      const before = action.anywhere === true ? ['https://example.invalid/'] : [];
      const argv = [program, ...safeFlags(rand, entry), ...before, ...words, ...(action.runsAfter === undefined ? [] : ['name', 'sh'])];
      if ((await decide(argv, [{ command: program, args: ['**'], decision: 'allow' }])) === 'allow') failures.push(JSON.stringify(argv));
    }
    expect(failures.slice(0, 10)).toEqual([]);
  }, 120_000);

  it('a command an action runs meets the deny rules', async () => {
    const rand = prng(SEED ^ 0x33);
    const runners = ACTIONS.filter(([, a]) => a.runsAfter !== undefined);
    expect(runners.length).toBeGreaterThan(0);
    for (let n = 0; n < 40; n += 1) {
      const [entry, action] = pick(rand, runners);
      const program = entry.programs[0]!;
      const names = Array.from({ length: action.runsAfter! }, (_v, i) => `ns${i}`);
      const argv = [program, ...safeFlags(rand, entry), ...action.words.map((w) => wordFor(rand, entry, w)), ...names, 'rm', '-rf', '/srv'];
      const rules: RuleSpec[] = [{ command: program, decision: 'allow' }, { command: 'rm', decision: 'deny' }];
      expect(await decide(argv, rules, { default: 'approve' }), JSON.stringify(argv)).toBe('deny');
    }
  }, 120_000);

  it('allows safe flags alone (the property is not "approve everything")', async () => {
    const rand = prng(SEED ^ 0x77);
    const entries = [...new Set(ACTIONS.map(([entry]) => entry))];
    let allowed = 0;
    for (let n = 0; n < 60; n += 1) {
      const entry = pick(rand, entries);
      if ((await decide([entry.programs[0]!, ...safeFlags(rand, entry)], [{ command: entry.programs[0]!, args: ['**'], decision: 'allow' }])) === 'allow') allowed += 1;
    }
    expect(allowed).toBeGreaterThan(40);
  }, 120_000);
});
