// Other names of a requested program, for deny and approve rules only (SPEC §10): the family
// table, versioned names (`python3.11` is `python3` and `python`), and verbs that are another
// program's whole job (`systemctl reboot` is `reboot`, and `reboot` is `systemctl reboot`).
// Invariants:
//   1. Only deny and approve rules are tried against these names and views; an allow rule
//      matches one program under the name it was given (./command.ts invariant 1).
//   2. Names are only ever added: the name as invoked and the real name always count.
import { PROGRAM_FAMILIES, VERB_ALIASES, VERSIONED, type ProgramFamily } from '../knowledge/program-families.js';

const BY_NAME = new Map<string, ProgramFamily>();
for (const family of PROGRAM_FAMILIES) for (const name of family.names) BY_NAME.set(name, family);

// The family a name belongs to, by name or by prefix.
function familyOf(name: string): ProgramFamily | undefined {
  return BY_NAME.get(name) ?? PROGRAM_FAMILIES.find((f) => f.prefixes?.some((p) => name.startsWith(p) && name.length > p.length));
}

// A name without its version: python3.11 -> python3 -> python, gcc-12 -> gcc, lua5.4 -> lua.
function unversioned(name: string): string[] {
  const out: string[] = [];
  const dotted = /^(.*[A-Za-z][0-9]*)(\.[0-9]+)+$/.exec(name)?.[1] ?? /^(.*[A-Za-z])-[0-9]+(\.[0-9]+)*$/.exec(name)?.[1];
  if (dotted === undefined) return out;
  out.push(dotted);
  return out;
}

// Versioned names and their base: python3.11 -> python3, python; python3 -> python.
function versions(name: string): string[] {
  const out = unversioned(name);
  for (const one of [name, ...out]) {
    const bare = /^(.*[A-Za-z])[0-9]+$/.exec(one)?.[1];
    if (bare !== undefined && VERSIONED.includes(bare)) out.push(bare);
  }
  return out;
}

/** Every name the program called `names` goes by (the names themselves first). */
export function otherNames(names: readonly string[]): string[] {
  const out = new Set(names);
  for (const name of names) {
    for (const plain of [name, ...versions(name)]) {
      out.add(plain);
      for (const member of familyOf(plain)?.names ?? []) out.add(member);
    }
  }
  return [...out];
}

/** argv views of the same operation under another program (`systemctl reboot` <-> `reboot`). */
export function verbViews(name: string, args: readonly string[]): string[][] {
  const views: string[][] = [];
  for (const alias of VERB_ALIASES) {
    const at = args.findIndex((a) => !a.startsWith('-'));
    if (name === alias.program && at !== -1 && args[at] === alias.verb) views.push([alias.same, ...args.slice(0, at), ...args.slice(at + 1)]);
    if (name === alias.same) views.push([alias.program, alias.verb, ...args]);
  }
  return views;
}
