// Compiles a tool's classification (src/knowledge/tools/) into maps read in O(1) per word:
// every spelling, and for tools that accept abbreviations every unique prefix of a long name.
// Tables are compiled on first use, so the allow path pays only for the tools it meets.
// MUST hold:
//   1. A spelling listed in two classes gets the stricter one (never `safe`).
//   2. A prefix shared by two long options of different classes or value kinds resolves to
//      nothing (getopt's "ambiguous"), so it escalates as unknown.
import { OPTION_CLASSES, type OptionClass, type OptionTable } from '../../knowledge/tools/types.js';

export type ValueKind = 'none' | 'required' | 'optional' | 'number';

export interface KnownOption {
  /** Canonical spelling: `-n`, `--lines`, `-name`. */
  name: string;
  cls: OptionClass;
  value: ValueKind;
  /** The class applies only when the value holds this text (curl's `-d @file`); else safe. */
  when?: string;
}

export interface CompiledOptions {
  exact: Map<string, KnownOption>;
  /** Unique long prefixes (with abbreviations): `--lin` → `--lines`; null when ambiguous. */
  prefixes: Map<string, KnownOption | null>;
  /** Spellings that end in `*`: any word starting with the stem (`--force-*`). */
  stems: KnownOption[];
}

// The stricter of two classes: any non-safe class beats safe; otherwise the first stays.
function stricter(a: OptionClass, b: OptionClass): OptionClass {
  return a === 'safe' ? b : a;
}

// Reads one spelling such as `--lines=`, `-i?` or `-x` into a name and its value kind.
function readSpelling(spelling: string): { name: string; value: ValueKind; when?: string } {
  if (spelling === '-?') return { name: spelling, value: 'none' };
  const marked = /^(.+?)=~(.+)$/.exec(spelling);
  if (marked !== null) return { name: marked[1]!, value: 'required', when: marked[2]! };
  if (spelling.endsWith('=')) return { name: spelling.slice(0, -1), value: 'required' };
  if (spelling.endsWith('#')) return { name: spelling.slice(0, -1), value: 'number' };
  if (spelling.endsWith('?')) return { name: spelling.slice(0, -1), value: 'optional' };
  return { name: spelling, value: 'none' };
}

/** Every spelling of `tables` with its class and value kind. */
export function spellingsOf(...tables: OptionTable[]): KnownOption[] {
  const byName = new Map<string, KnownOption>();
  for (const table of tables) {
    for (const cls of OPTION_CLASSES) {
      for (const spelling of (table[cls] ?? '').split(/\s+/)) {
        if (spelling === '') continue;
        const { name, value, when } = readSpelling(spelling);
        const seen = byName.get(name);
        byName.set(name, seen === undefined ? { name, cls, value, ...(when === undefined ? {} : { when }) } : { ...seen, cls: stricter(seen.cls, cls) });
      }
    }
  }
  return [...byName.values()];
}

/** Compiles `tables` (merged) for lookups; `longPrefix` is `--` or `-` (single-dash tools). */
export function compileOptions(tables: OptionTable[], abbreviations: boolean, longPrefix: '--' | '-'): CompiledOptions {
  const exact = new Map<string, KnownOption>();
  const prefixes = new Map<string, KnownOption | null>();
  const stems: KnownOption[] = [];
  for (const option of spellingsOf(...tables)) {
    if (option.name.endsWith('*')) stems.push({ ...option, name: option.name.slice(0, -1) });
    else exact.set(option.name, option);
  }
  if (abbreviations) {
    for (const option of exact.values()) {
      if (!option.name.startsWith(longPrefix) || option.name.length <= longPrefix.length + 1) continue;
      for (let end = longPrefix.length + 1; end < option.name.length; end += 1) {
        const prefix = option.name.slice(0, end);
        if (exact.has(prefix)) continue;
        const other = prefixes.get(prefix);
        // Two candidates of the same class read the same way: either one gives the class.
        prefixes.set(prefix, other === undefined || (other !== null && other.cls === option.cls && other.value === option.value) ? other ?? option : null);
      }
    }
  }
  return { exact, prefixes, stems };
}

/** True when `name` abbreviates several long options of different classes (getopt refuses it). */
export function isAmbiguous(compiled: CompiledOptions, name: string): boolean {
  return compiled.prefixes.get(name) === null;
}

/** The class of `option` given `value` (null: no value was read). */
export function classOf(option: KnownOption, value: string | null): OptionClass {
  // The marker is matched in any case: URL schemes are (`--url FILE:///x`).
  if (option.when !== undefined && value !== null && !value.toLowerCase().includes(option.when.toLowerCase())) return 'safe';
  // Output to standard output or to /dev/null writes no file (`wget -qO-`, `curl -o /dev/null`).
  if (option.cls === 'writes-file' && (value === '-' || value === '/dev/null')) return 'safe';
  return option.cls;
}

/** The option `name` stands for (exact, a stem, or a unique prefix), or null. */
export function lookupOption(compiled: CompiledOptions, name: string): KnownOption | null {
  const exact = compiled.exact.get(name);
  if (exact !== undefined) return exact;
  for (const stem of compiled.stems) if (name.startsWith(stem.name)) return { ...stem, name };
  return compiled.prefixes.get(name) ?? null;
}
