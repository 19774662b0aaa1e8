// Applies the generic part of the dangerous-option table (sort, tar, zip, rsync, rg, make,
// curl, wget, less, man, vim, gdb) with each tool's getopt syntax (SPEC §4.3).
// MUST hold:
//   1. An option in the table escalates however it is spelled: in a cluster (`-uo`), glued
//      (`-ofile`), as `--name=value`, or as any prefix of the long name (GNU abbreviations).
//   2. A word after `--` is an operand and never read as an option.
import { TOOL_TABLES, type DangerousOption, type ToolTable } from '../../knowledge/dangerous-options.js';
import { parseOptions } from '../options.js';
import type { Escalation } from '../types.js';

const BY_PROGRAM = new Map<string, ToolTable>();
for (const table of TOOL_TABLES) for (const program of table.programs) BY_PROGRAM.set(program, table);

/** The table entry for a program name, if any. */
export function toolTableFor(program: string): ToolTable | undefined {
  return BY_PROGRAM.get(program);
}

// One escalation for a table entry.
function escalationFor(entry: DangerousOption): Escalation {
  return { reason: entry.reason, cover: entry.option };
}

// Dangerous long options whose name starts with `given` (an abbreviation getopt may accept).
function longPrefixHits(given: string, options: readonly DangerousOption[]): DangerousOption[] {
  if (given.length <= 2) return [];
  return options.filter((o) => o.option.startsWith('--') && o.option.startsWith(given));
}

// Rewrites `-ex` to `--ex` where one dash is accepted, and tar's old-style `cvf` to `-cvf`.
function normaliseSingleDash(words: readonly string[], table: ToolTable): string[] {
  const first = words[0];
  if (table.oldStyleFirstArg && first !== undefined && /^[A-Za-z]+$/.test(first)) return [`-${first}`, ...words.slice(1)];
  if (!table.singleDashLong) return [...words];
  const longs = table.spec.long ?? {};
  return words.map((word) => {
    if (!/^-[^-]/.test(word) || word.length <= 2) return word;
    const name = word.slice(1).split('=')[0]!;
    return Object.hasOwn(longs, name) ? `-${word}` : word;
  });
}

/** Escalations for `args` (argv without the program) read with the table's syntax. */
export function tableEscalations(table: ToolTable, args: readonly string[]): Escalation[] {
  const words = normaliseSingleDash(args, table);
  const hits = new Map<string, DangerousOption>();
  const byName = new Map(table.options.map((o) => [o.option, o]));
  const end = words.indexOf('--');
  const optionWords = end === -1 ? words : words.slice(0, end);
  for (const word of optionWords) {
    const exact = byName.get(word.split('=')[0]!);
    if (exact !== undefined && /^-[^-]./.test(exact.option)) hits.set(exact.option, exact);
  }
  for (const option of parseOptions(words, table.spec).options) {
    const entry = byName.get(option.name);
    if (entry !== undefined) hits.set(entry.option, entry);
    else if (!option.known && option.name.startsWith('--')) {
      for (const hit of longPrefixHits(option.name, table.options)) hits.set(hit.option, hit);
    }
  }
  return [...hits.values()].map(escalationFor);
}
