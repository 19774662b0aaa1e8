// Reads argv with a classified tool's own syntax and reports each option it finds: its class
// from the table, or unknown. Used only by classify.ts.
// MUST hold:
//   1. A word after `--` is an operand, never an option.
//   2. An unknown short letter is reported and the rest of its cluster is still read as flags,
//      so `-Zo file` still reports `-o`.
//   3. A long option given a value it does not take (`--all=x`) is reported as unknown.
import type { OptionClass } from '../../knowledge/tools/types.js';
import { classOf, isAmbiguous, lookupOption, type CompiledOptions, type KnownOption } from './option-table.js';

export interface SeenOption {
  /** Canonical spelling when known, else as written (without any `=value`). */
  name: string;
  /** null: the table does not know it. */
  cls: OptionClass | null;
}

export interface ReadResult {
  seen: SeenOption[];
  /** Index of the first operand when reading stopped there, else words.length. */
  stop: number;
  /** Indices of the operands (words that are neither options nor their values), in order. */
  operands: number[];
}

// The indices from..words.length-1: every word left is an operand.
function rest(from: number, words: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = from; i < words.length; i += 1) out.push(i);
  return out;
}

export interface ReadMode {
  numeric?: boolean;
  stopAtOperand?: boolean;
  negations?: boolean;
  terminated?: readonly string[];
  /** A whole word such as `-TT` or `-lf` is one option when the table lists it (zip). */
  wholeWords?: boolean;
}

// Resolves a long word's name, honouring `--no-NAME` negations.
function resolveLong(table: CompiledOptions, name: string, mode: ReadMode): SeenOption & { value: string; known: KnownOption | null } {
  const known = lookupOption(table, name);
  if (known !== null) return { name: known.name, cls: known.cls, value: known.value, known };
  if (mode.negations && name.startsWith('--no-') && !isAmbiguous(table, name)) {
    const positive = lookupOption(table, `--${name.slice(5)}`);
    if (positive !== null) return { name, cls: 'safe', value: 'none', known: null };
  }
  return { name, cls: null, value: 'none', known: null };
}

// True when an option of this kind, given no glued value, takes `next` as its value: always
// for `required`, and for `number` (journalctl -b -1, make -j 4) when `next` is an integer.
function takesNextWord(kind: string, next: string | undefined): boolean {
  if (next === undefined) return false;
  return kind === 'required' || (kind === 'number' && /^[+-]?\d+$/.test(next));
}

// Reads a short cluster at words[i]; returns how many words it used.
function readCluster(words: readonly string[], i: number, table: CompiledOptions, seen: SeenOption[]): number {
  const word = words[i]!;
  for (let j = 1; j < word.length; j += 1) {
    const known = lookupOption(table, `-${word[j]!}`);
    if (known === null) {
      seen.push({ name: `-${word[j]!}`, cls: null });
      continue;
    }
    if (known.value === 'none') {
      seen.push({ name: known.name, cls: known.cls });
      continue;
    }
    const glued = j + 1 < word.length ? word.slice(j + 1) : null;
    const takesNext = glued === null && takesNextWord(known.value, words[i + 1]);
    seen.push({ name: known.name, cls: classOf(known, glued ?? (takesNext ? words[i + 1]! : null)) });
    return takesNext ? 2 : 1;
  }
  return 1;
}

/** Reads `words` the GNU getopt_long way (pflag, nopt and apt read the same way). */
export function readGetopt(words: readonly string[], table: CompiledOptions, mode: ReadMode): ReadResult {
  const seen: SeenOption[] = [];
  const operands: number[] = [];
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    if (word === '--') return { seen, stop: mode.stopAtOperand ? i + 1 : words.length, operands: [...operands, ...rest(i + 1, words)] };
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const found = resolveLong(table, eq === -1 ? word : word.slice(0, eq), mode);
      const misuse = found.cls !== null && found.value === 'none' && eq !== -1;
      const takesNext = eq === -1 && takesNextWord(found.value, words[i + 1]);
      const value = eq !== -1 ? word.slice(eq + 1) : takesNext ? words[i + 1]! : null;
      const cls = found.known === null ? found.cls : classOf(found.known, value);
      seen.push(misuse ? { name: `${found.name}=`, cls: null } : { name: found.name, cls });
      i += takesNext ? 2 : 1;
    } else if (word.startsWith('-') && word.length > 1) {
      const whole = mode.wholeWords ? table.exact.get(word.split('=')[0]!) : undefined;
      if (mode.numeric && /^-\d+$/.test(word)) i += 1;
      else if (whole !== undefined && word.length > 2) {
        seen.push({ name: whole.name, cls: classOf(whole, word.includes('=') ? word.slice(word.indexOf('=') + 1) : words[i + 1] ?? null) });
        i += whole.value === 'required' && !word.includes('=') ? 2 : 1;
      } else i += readCluster(words, i, table, seen);
    } else if (mode.stopAtOperand) return { seen, stop: i, operands: [...operands, ...rest(i, words)] };
    else operands.push(i++);
  }
  return { seen, stop: words.length, operands };
}

/** Reads `words` as whole `-name[=value]` words (find, ip, go's flag package). */
export function readSingleDash(words: readonly string[], table: CompiledOptions, mode: ReadMode & { doubleDash?: boolean }): ReadResult {
  const seen: SeenOption[] = [];
  const operands: number[] = [];
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    if (word === '--') return { seen, stop: words.length, operands: [...operands, ...rest(i + 1, words)] };
    if (!word.startsWith('-') || word === '-' || (mode.numeric && /^-\d+$/.test(word))) {
      if (mode.stopAtOperand && word.startsWith('-') === false) return { seen, stop: i, operands: [...operands, ...rest(i, words)] };
      operands.push(i++);
      continue;
    }
    const plain = mode.doubleDash && word.startsWith('--') ? word.slice(1) : word;
    const eq = plain.indexOf('=');
    const name = eq === -1 ? plain : plain.slice(0, eq);
    const known = lookupOption(table, name);
    const value = eq !== -1 ? plain.slice(eq + 1) : known?.value === 'required' ? words[i + 1] ?? null : null;
    seen.push(known === null ? { name, cls: null } : { name: known.name, cls: classOf(known, value) });
    i += 1;
    if (known !== null && mode.terminated?.includes(known.name)) {
      while (i < words.length && words[i] !== ';' && words[i] !== '+') i += 1;
      i += 1;
    } else if (known !== null && known.value === 'required' && eq === -1) i += 1;
  }
  return { seen, stop: words.length, operands };
}
