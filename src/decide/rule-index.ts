// Rule positions grouped by name and by what the rules' `args` demand of a command's first
// argument, so a request looks at the few rules that name its executable AND could accept its
// arguments (SPEC §4.1). One map of positions, whatever the number of rules, so building it
// for a large policy allocates little; the policy cache stores it (src/policy/cache-index.ts).
// Invariants:
//   1. The grouping only narrows: every rule of a group whose `args` could match a command is
//      collected; ruleMatches() in ./match.ts has the final word on each.
//   2. A rule is left out only when its first `args` token is literal text (which matches
//      exactly that token) and no view of the arguments starts with it, or when its `args`
//      is `[]` (no arguments at all) and every view has arguments. A deny or approve rule
//      whose first token names an option is never left out: it also matches that option's
//      other spellings (src/decide/args.ts invariant 2), which no key can list.
import { isLiteralPattern } from './glob.js';

/** Group keys that are not names (a command name never holds a NUL). */
export const ALWAYS_GROUP = '\0always';
export const BROAD_GROUP = '\0broad';

/** One position, or several (most keys of a large policy hold one rule), in increasing order. */
export type Slot = number | number[];

/** Where an index looks a key up: its own map while it is built, or slots stored elsewhere. */
export interface SlotLookup {
  get(key: string): Slot | undefined;
}

// Adds a position under `key`.
function put(map: Map<string, Slot>, key: string, position: number): void {
  const slot = map.get(key);
  if (slot === undefined) map.set(key, position);
  else if (typeof slot === 'number') map.set(key, [slot, position]);
  else slot.push(position);
}

// Adds the positions of a slot to `into`.
function take(slot: Slot | undefined, into: Set<number>): void {
  if (slot === undefined) return;
  if (typeof slot === 'number') into.add(slot);
  else for (const position of slot) into.add(position);
}

// The three kinds of key, by first character:
//   `a` + group: `args` absent, or starting with `**`, a glob or a regex: any arguments may fit;
//   `n` + group: `args: []`: only a command without arguments fits;
//   `f` + group NUL token: first `args` token literal: only arguments starting with exactly it fit.
const anyKey = (group: string): string => `a${group}`;
const noneKey = (group: string): string => `n${group}`;
const firstKey = (group: string, head: string): string => `f${group}\0${head}`;

/** Rule positions by group (a command name, ALWAYS_GROUP or BROAD_GROUP) and first `args` token. */
export class RuleIndex {
  private readonly built = new Map<string, Slot>();
  private readonly slots: SlotLookup;

  /** An index to build with add(), or one whose slots are stored (the policy cache's). */
  constructor(stored?: SlotLookup) {
    this.slots = stored ?? this.built;
  }

  /**
   * Files the rule at `position`, whose `args` are given, in `group` (an index being built);
   * `loose` for a deny or approve rule (invariant 2).
   */
  add(group: string, position: number, args: readonly string[] | null, loose: boolean): void {
    if (this.slots !== this.built) throw new Error('a stored rule index cannot be added to');
    const head = args?.[0];
    const namesOption = head !== undefined && loose && head.length > 1 && head.startsWith('-') && head !== '--';
    if (args === null || (head !== undefined && (head === '**' || !isLiteralPattern(head) || namesOption))) put(this.built, anyKey(group), position);
    else if (head === undefined) put(this.built, noneKey(group), position);
    else put(this.built, firstKey(group, head), position);
  }

  /** Every key and slot of an index built with add(), to be stored. */
  entries(): [string, Slot][] {
    return [...this.built];
  }

  /** Adds to `into` the positions of `group` whose `args` could accept one of these views of the arguments. */
  collect(group: string, views: readonly (readonly string[])[], into: Set<number>): void {
    take(this.slots.get(anyKey(group)), into);
    for (const view of views) {
      const head = view[0];
      take(this.slots.get(head === undefined ? noneKey(group) : firstKey(group, head)), into);
    }
  }
}
