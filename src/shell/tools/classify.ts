// Escalates every option of a classified tool that is not `safe`, and every option its table
// does not know (SPEC §4.3, §10): `"**"` in an allow rule covers only options known to be
// safe. The rule covers the others only by naming them (the cover is the canonical spelling).
// MUST hold:
//   1. An option the table does not know escalates, as `unknown option X for TOOL`.
//   2. An option classed reads-file, writes-file, runs-code or changes-state escalates with
//      its class in the reason, however it is spelled (abbreviated, clustered, `=value`).
//   3. Tables are compiled once per tool and subcommand, on first use.
import { TOOL_ENTRIES } from '../../knowledge/tools/index.js';
import type { ToolEntry } from '../../knowledge/tools/types.js';
import type { Escalation } from '../types.js';
import { actionFindings, type ActionFindings } from './actions.js';
import { compileOptions, type CompiledOptions } from './option-table.js';
import { readGetopt, readSingleDash, type ReadResult, type SeenOption } from './option-reader.js';

const BY_PROGRAM = new Map<string, ToolEntry>();
for (const entry of TOOL_ENTRIES) for (const program of entry.programs) BY_PROGRAM.set(program, entry);

const COMPILED = new Map<string, CompiledOptions>();

// The compiled table of `entry` for `part` (`` for the globals, else a subcommand with them).
function compiled(entry: ToolEntry, part: string, withGlobals: boolean): CompiledOptions {
  const key = `${entry.programs[0]!}\0${part}\0${withGlobals}`;
  let table = COMPILED.get(key);
  if (table === undefined) {
    const tables = part === '' ? [entry.options] : [...(withGlobals ? [entry.options] : []), entry.subcommands![part]!];
    table = compileOptions(tables, entry.abbreviations, entry.syntax === 'single-dash' ? '-' : '--');
    COMPILED.set(key, table);
  }
  return table;
}

// Reads `words` with the entry's syntax and `table`.
function read(entry: ToolEntry, words: readonly string[], table: CompiledOptions, stopAtOperand: boolean): ReadResult {
  const mode = { numeric: entry.numeric, stopAtOperand, negations: entry.negations, terminated: entry.terminated, doubleDash: entry.doubleDash, wholeWords: entry.wholeWords };
  if (entry.syntax === 'single-dash') return readSingleDash(words, table, mode);
  if (entry.syntax === 'git') return readGitGlobals(words, table);
  return readGetopt(words, table, mode);
}

// git.c's global options: whole words only, no clusters, values as the next word or after `=`.
function readGitGlobals(words: readonly string[], table: CompiledOptions): ReadResult {
  const seen: SeenOption[] = [];
  let i = 0;
  while (i < words.length && words[i]!.startsWith('-')) {
    const word = words[i]!;
    const eq = word.indexOf('=');
    const name = eq === -1 ? word : word.slice(0, eq);
    const known = table.exact.get(name) ?? null;
    seen.push(known === null ? { name, cls: null } : { name: known.name, cls: known.cls });
    i += known !== null && known.value === 'required' && eq === -1 ? 2 : 1;
  }
  return { seen, stop: i, operands: [] };
}

interface Seen {
  options: (SeenOption & { where: string })[];
  /** The words read (tar's old style rewritten) and the indices of their operands. */
  words: readonly string[];
  operands: number[];
}

// Everything the options of `args` say about `program`'s command, each with where it was read,
// and where its operands are.
function seenOptions(entry: ToolEntry, program: string, args: readonly string[]): Seen {
  const first = args[0];
  const words = entry.oldStyleFirstArg && first !== undefined && /^[A-Za-z]+$/.test(first) ? [`-${first}`, ...args.slice(1)] : args;
  const at = (where: string) => (option: SeenOption) => ({ ...option, where });
  if (entry.subcommands === undefined) {
    const all = read(entry, words, compiled(entry, '', false), Boolean(entry.stopAtOperand));
    return { options: all.seen.map(at(program)), words, operands: all.operands };
  }
  const globals = read(entry, words, compiled(entry, '', false), true);
  const before = globals.seen.map(at(program));
  const sub = words[globals.stop];
  if (sub === undefined) return { options: before, words, operands: [] };
  const rest = words.slice(globals.stop + 1);
  const shift = (r: ReadResult) => [globals.stop, ...r.operands.map((i) => i + globals.stop + 1)];
  const subEntry = entry.syntax === 'git' ? { ...entry, syntax: 'getopt' as const } : entry;
  if (Object.hasOwn(entry.subcommands, sub)) {
    const own = read(subEntry, rest, compiled(entry, sub, !entry.globalsBeforeSubcommand), false);
    return { options: [...before, ...own.seen.map(at(`${program} ${sub}`))], words, operands: shift(own) };
  }
  if (entry.globalsBeforeSubcommand) return { options: before, words, operands: [globals.stop] };
  // An unclassified subcommand: its own options are not known here; the globals still count.
  const later = read(subEntry, rest, compiled(entry, '', false), false);
  return { options: [...before, ...later.seen.filter((o) => o.cls !== null).map(at(program))], words, operands: shift(later) };
}

const CLASS_TEXT: Readonly<Record<string, string>> = {
  'reads-file': 'reads a file (reads-file)',
  'writes-file': 'writes a file (writes-file)',
  'runs-code': 'loads or runs code (runs-code)',
  'changes-state': 'changes system state (changes-state)',
};

/** Escalations for `program ARGS` from its classification, or [] for unclassified tools. */
export function classifiedEscalations(program: string, args: readonly string[]): Escalation[] {
  return classifiedFindings(program, args).escalations;
}

/** Escalations and commands run for `program ARGS` from its classification (options and actions). */
export function classifiedFindings(program: string, args: readonly string[]): ActionFindings {
  const entry = BY_PROGRAM.get(program);
  if (entry === undefined) return { escalations: [], observed: [] };
  const found = seenOptions(entry, program, args);
  const seen = found.options;
  if (entry.plusCommand !== undefined) {
    const end = args.indexOf('--');
    for (const word of end === -1 ? args : args.slice(0, end)) if (word.startsWith('+')) seen.push({ name: word, cls: entry.plusCommand, where: program });
  }
  const out = new Map<string, Escalation>();
  for (const { name, cls, where } of seen) {
    if (cls === 'safe' || out.has(name)) continue;
    const reason = cls === null ? `unknown option ${name} for ${where}` : `${where} ${name} ${CLASS_TEXT[cls]!}`;
    out.set(name, { reason, cover: name.endsWith('=') ? name.slice(0, -1) : name });
  }
  const actions = actionFindings(entry, program, found.words, found.operands);
  return { escalations: [...out.values(), ...actions.escalations], observed: actions.observed };
}
