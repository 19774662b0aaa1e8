// The confinement of a run (SPEC §9): each deciding rule's `confine:` with the defaults filled
// in, combined field by field so that the most restrictive value wins.
// Invariants:
//   1. Defaults: read-only for an allow, read-write for an approve; writable none; network
//      host; terminal none. A rule that leaves a field out contributes the default.
//   2. read-only beats read-write, none beats host, none beats inherit, and `writable` is the
//      intersection of every deciding rule's list (so one rule without it leaves nothing).
//   3. With `settings.confine: off` there is no confinement (null), and a deny has none.
import type { Confinement, Decision, FilesystemMode, Rule, Settings } from '../policy/types.js';

// The defaults of SPEC §9 for a run decided as `decision`.
function defaults(decision: Decision): Confinement {
  return { filesystem: decision === 'allow' ? 'read-only' : 'read-write', writable: [], network: 'host', terminal: 'none' };
}

// One rule's confinement, its absent fields taken from `base`.
function ruleConfinement(rule: Rule, base: Confinement): Confinement {
  const c = rule.confine;
  if (c === null) return base;
  return {
    filesystem: c.filesystem ?? base.filesystem,
    writable: c.writable ?? base.writable,
    network: c.network ?? base.network,
    terminal: c.terminal ?? base.terminal,
  };
}

/** The confinement of a run decided as `decision` by `deciding` rules (none: the default decision). */
export function combineConfinement(settings: Pick<Settings, 'confine'>, decision: Decision, deciding: readonly Rule[]): Confinement | null {
  if (settings.confine === 'off' || decision === 'deny') return null;
  const base = defaults(decision);
  const each = deciding.length === 0 ? [base] : deciding.map((rule) => ruleConfinement(rule, base));
  const filesystem: FilesystemMode = each.some((c) => c.filesystem === 'read-only') ? 'read-only' : 'read-write';
  const [first, ...rest] = each.map((c) => c.writable);
  const writable = [...new Set(first ?? [])].filter((path) => rest.every((list) => list.includes(path))).sort();
  return {
    filesystem,
    writable,
    network: each.some((c) => c.network === 'none') ? 'none' : 'host',
    terminal: each.some((c) => c.terminal === 'none') ? 'none' : 'inherit',
  };
}
