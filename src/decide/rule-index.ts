// Rule positions grouped by name and by what the rules' `args` demand of a command's first
// argument, so a request looks at the few rules that name its executable AND could accept its
// arguments (SPEC §4.1). Three maps of positions in all, whatever the number of rules, so
// building it for a large policy allocates little.
// Invariants:
//   1. The grouping only narrows: every rule of a group whose `args` could match a command is
//      collected; ruleMatches() in ./match.ts has the final word on each.
//   2. A rule is left out only when its first `args` token is literal text (which matches
//      exactly that token) and no view of the arguments starts with it, or when its `args`
//      is `[]` (no arguments at all) and every view has arguments.
import { isLiteralPattern } from './glob.js';

/** Group keys that are not names (a command name never holds a NUL). */
export const ALWAYS_GROUP = '\0always';
export const BROAD_GROUP = '\0broad';

/** One position, or several (most keys of a large policy hold one rule). */
type Slot = number | number[];

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

/** Rule positions by group (a command name, ALWAYS_GROUP or BROAD_GROUP) and first `args` token. */
export class RuleIndex {
  /** `args` absent, or starting with `**`, a glob or a regex: any arguments may fit. */
  private readonly any = new Map<string, Slot>();
  /** `args: []`: only a command without arguments fits. */
  private readonly none = new Map<string, Slot>();
  /** First `args` token literal: only arguments starting with exactly it fit (key: group NUL token). */
  private readonly first = new Map<string, Slot>();

  /** Files the rule at `position`, whose `args` are given, in `group`. */
  add(group: string, position: number, args: readonly string[] | null): void {
    const head = args?.[0];
    if (args === null || (head !== undefined && (head === '**' || !isLiteralPattern(head)))) put(this.any, group, position);
    else if (head === undefined) put(this.none, group, position);
    else put(this.first, `${group}\0${head}`, position);
  }

  /** Adds to `into` the positions of `group` whose `args` could accept one of these views of the arguments. */
  collect(group: string, views: readonly (readonly string[])[], into: Set<number>): void {
    take(this.any.get(group), into);
    for (const view of views) {
      const head = view[0];
      take(head === undefined ? this.none.get(group) : this.first.get(`${group}\0${head}`), into);
    }
  }
}
