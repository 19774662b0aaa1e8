// A getopt_long-style reader for argv, shared by wrappers and the dangerous-option checks.
// It follows GNU rules: short clusters (`-ni`), glued values (`-oL`, `-O'x'`), `--name=value`,
// unique long-option abbreviations where the tool accepts them, `--` ending options.
// MUST hold:
//   1. A short letter is treated as taking a value only when the spec says so; an unknown
//      letter is read as a flag, so the rest of its cluster is still examined.
//   2. An ambiguous or unknown long option is reported as unknown, never guessed.

export type LongArg = 'none' | 'required' | 'optional';

/** How one program reads its options. */
export interface OptionSpec {
  /** Short letters that take a value, glued (`-oL`) or as the next word (`-o L`). */
  shortValue?: string;
  /** Short letters whose value may only be glued (`-i.bak`); alone they take none. */
  shortOptional?: string;
  /** Short flag letters the program knows. Letters in no list are unknown. */
  shortFlags?: string;
  /** Long option names without `--`. */
  long?: Readonly<Record<string, LongArg>>;
  /** GNU getopt_long accepts any unique prefix of a long option. */
  abbreviations?: boolean;
  /** Options end at the first operand (getopt `+`, as wrappers use). */
  stopAtOperand?: boolean;
}

export interface ParsedOption {
  /** Canonical spelling: `-k` or `--signal` (abbreviations expanded). */
  name: string;
  value: string | null;
  /** Index in the argv that was read (0 = first word given to the reader). */
  index: number;
  /** False when the program does not know this option (or it is ambiguous). */
  known: boolean;
}

export interface ParsedArgs {
  options: ParsedOption[];
  /** Indices of operands, in order. */
  operands: number[];
  /** With stopAtOperand: index of the first operand (or words.length). */
  rest: number;
  /** A value-taking option at the end of argv had no value. */
  missingValue: boolean;
}

/** Resolves a long name (without `--`) to its canonical name, or null if unknown/ambiguous. */
export function resolveLong(name: string, spec: OptionSpec): string | null {
  const table = spec.long ?? {};
  if (Object.hasOwn(table, name)) return name;
  if (!spec.abbreviations || name === '') return null;
  const matches = Object.keys(table).filter((key) => key.startsWith(name));
  return matches.length === 1 ? matches[0]! : null;
}

// Reads one short cluster such as `-nk2` starting at words[i]; returns how many words it used.
function readCluster(words: readonly string[], i: number, spec: OptionSpec, out: ParsedArgs): number {
  const word = words[i]!;
  for (let j = 1; j < word.length; j += 1) {
    const letter = word[j]!;
    const known = (spec.shortFlags ?? '').includes(letter) || (spec.shortValue ?? '').includes(letter) || (spec.shortOptional ?? '').includes(letter);
    if ((spec.shortValue ?? '').includes(letter)) {
      if (j + 1 < word.length) out.options.push({ name: `-${letter}`, value: word.slice(j + 1), index: i, known });
      else if (i + 1 < words.length) {
        out.options.push({ name: `-${letter}`, value: words[i + 1]!, index: i, known });
        return 2;
      } else {
        out.options.push({ name: `-${letter}`, value: null, index: i, known });
        out.missingValue = true;
      }
      return 1;
    }
    if ((spec.shortOptional ?? '').includes(letter)) {
      out.options.push({ name: `-${letter}`, value: j + 1 < word.length ? word.slice(j + 1) : null, index: i, known });
      return 1;
    }
    out.options.push({ name: `-${letter}`, value: null, index: i, known });
  }
  return 1;
}

// Reads one `--name[=value]` word at words[i]; returns how many words it used.
function readLong(words: readonly string[], i: number, spec: OptionSpec, out: ParsedArgs): number {
  const word = words[i]!;
  const eq = word.indexOf('=');
  const given = eq === -1 ? word.slice(2) : word.slice(2, eq);
  const inline = eq === -1 ? null : word.slice(eq + 1);
  const name = resolveLong(given, spec);
  if (name === null) {
    out.options.push({ name: `--${given}`, value: inline, index: i, known: false });
    return 1;
  }
  const kind = spec.long![name]!;
  if (kind === 'required' && inline === null) {
    if (i + 1 < words.length) {
      out.options.push({ name: `--${name}`, value: words[i + 1]!, index: i, known: true });
      return 2;
    }
    out.missingValue = true;
  }
  out.options.push({ name: `--${name}`, value: inline, index: i, known: kind !== 'none' || inline === null });
  return 1;
}

/** Reads `words` (argv without the program name) according to `spec`. */
export function parseOptions(words: readonly string[], spec: OptionSpec): ParsedArgs {
  const out: ParsedArgs = { options: [], operands: [], rest: words.length, missingValue: false };
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    if (word === '--') {
      for (let k = i + 1; k < words.length; k += 1) out.operands.push(k);
      if (spec.stopAtOperand) out.rest = i + 1;
      return out;
    }
    if (word.startsWith('--')) i += readLong(words, i, spec, out);
    else if (word.startsWith('-') && word.length > 1) i += readCluster(words, i, spec, out);
    else {
      if (spec.stopAtOperand) {
        out.rest = i;
        for (let k = i; k < words.length; k += 1) out.operands.push(k);
        return out;
      }
      out.operands.push(i);
      i += 1;
    }
  }
  return out;
}
