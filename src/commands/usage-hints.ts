// Usage errors that say what went wrong, before commander sees the words: a mistyped command
// name (`chek -- uname`), and a command written without `--` in front of it (`run uname -a`),
// which commander would otherwise report as an unknown option of approve-run (`-a`). Every one
// is a refusal (exit 125): a hint shows the corrected line, and nothing is guessed or run.
import { escapeInvisible } from '../decide/display.js';
import { usageError, type ApproveRunError } from '../errors.js';
import { COMMAND_NAMES, type OptionSpec } from './option-tables.js';

// Optimal string alignment distance: edits, with a swap of two neighbours counted as one.
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** The command name `word` is most likely a typo of (one edit per three letters, at least one), or null. */
export function commandTypo(word: string): string | null {
  const allowed = Math.max(1, Math.floor(word.length / 3));
  let best: string | null = null;
  let bestDistance = allowed + 1;
  for (const name of COMMAND_NAMES) {
    const d = distance(word.toLowerCase(), name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

// A word as it would be typed into a shell (single-quoted unless plainly safe), with invisible
// and control characters escaped: the words are the caller's, and go to a terminal.
function shellWord(word: string): string {
  return escapeInvisible(/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);
}

// The option of `table` that `word` names (long, `--long=value`, short, or short with its value attached).
function optionOf<O>(word: string, table: readonly OptionSpec<O>[]): OptionSpec<O> | undefined {
  const name = word.startsWith('--') ? word.split('=')[0] : word.slice(0, 2);
  return table.find((s) => s.long === name || s.short === name);
}

// Whether an option word of `spec` takes the next word as its value.
function takesNext<O>(word: string, spec: OptionSpec<O>): boolean {
  return spec.value !== undefined && (word.startsWith('--') ? !word.includes('=') : word.length === 2);
}

// Splits the words after a command's first word into approve-run's options (with their values) and the rest.
function splitOurs<O>(words: readonly string[], table: readonly OptionSpec<O>[]): { ours: string[]; theirs: string[] } {
  const ours: string[] = [];
  const theirs: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const spec = word.startsWith('-') ? optionOf(word, table) : undefined;
    if (spec === undefined) theirs.push(word);
    else {
      ours.push(word);
      if (takesNext(word, spec) && i + 1 < words.length) ours.push(words[++i] as string);
    }
  }
  return { ours, theirs };
}

/**
 * The error for `approve-run [name] <words> [-- rest]` when a word in `words` starts a command
 * (it is not an option of `table` nor an option's value), or null when there is none, or when
 * an unknown option comes first (commander names that one). `name` is the command as the user
 * typed it (null when `run` was implied). An option of approve-run written after the command
 * is ambiguous (ours or the command's?), so the message shows both readings.
 */
export function commandWithoutDash<O>(name: string | null, words: readonly string[], rest: readonly string[] | null, table: readonly OptionSpec<O>[]): ApproveRunError | null {
  let start = -1;
  for (let i = 0; i < words.length && start === -1; i++) {
    const word = words[i] as string;
    if (!word.startsWith('-') || word === '-') start = i;
    else {
      const spec = optionOf(word, table);
      if (spec === undefined) return null;
      if (takesNext(word, spec)) i++;
    }
  }
  if (start === -1) return null;
  const ours = words.slice(0, start);
  const first = words[start] as string;
  const command = [...words.slice(start), ...(rest ?? [])];
  const prefix = ['approve-run', ...(name === null ? [] : [name])];
  const line = (options: readonly string[], argv: readonly string[]) => [...prefix, ...options, '--', ...argv].map(shellWord).join(' ');
  if (name === null && ours.length === 0) {
    const typo = commandTypo(first);
    if (typo !== null) return usageError(`unknown command '${escapeInvisible(first)}' (did you mean ${typo}?)`);
    if (rest !== null) {
      const known = [...COMMAND_NAMES].filter((n) => n !== 'help').join(', ');
      return usageError(`unknown command '${escapeInvisible(first)}' (commands: ${known}; a command to run goes after '--': ${line(ours, command)})`);
    }
  }
  const after = splitOurs(words.slice(start + 1), table);
  const missing = rest === null ? "missing '--' before the command" : "the command goes after '--'";
  if (after.ours.length === 0) return usageError(`${missing}: ${line(ours, command)}`);
  const list = after.ours.filter((w) => w.startsWith('-')).map((w) => `'${escapeInvisible(w)}'`).join(', ');
  return usageError(
    `${missing}, and ${list} after ${shellWord(first)} could be approve-run's or the command's: ` +
      `write ${line([...ours, ...after.ours], [first, ...after.theirs, ...(rest ?? [])])} or ${line(ours, command)}`,
  );
}
