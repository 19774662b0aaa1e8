// Compiled rules and an index from executable names to the rules that can match them, so a
// request looks at a handful of rules rather than the whole policy. The index only narrows
// the search; `ruleMatches()` in ./match.ts has the final word. Building it compiles only the
// rules' `command` entries (./lazy-rule.ts).
import { policyError } from '../errors.js';
import type { Policy, Rule } from '../policy/types.js';
import { otherNames } from './aliases.js';
import { compileArgs, type ArgsPattern } from './args.js';
import { compileCommandEntry, type CommandEntry, type Requested } from './command.js';
import { LazyRule, literalsOf } from './lazy-rule.js';
import { ALWAYS_GROUP, BROAD_GROUP, RuleIndex } from './rule-index.js';
import { compileWhen, type CompiledWhen } from './when.js';

export interface CompiledRule {
  rule: Rule;
  /** Allow rules match their command strictly; deny and approve broadly. */
  strict: boolean;
  commands: CommandEntry[];
  args: ArgsPattern | null;
  options: string[];
  when: CompiledWhen | null;
  /** Options and literal args tokens the rule names, which cover escalations (SPEC §4.3). */
  literals: ReadonlySet<string>;
}

/** Where a CompiledPolicy finds the rule at a position (by default, in the policy's rule list). */
export type RuleSource = (position: number) => Rule | undefined;

/** A policy's rules, indexed, each compiled (./lazy-rule.ts) when a request first looks at it. */
export class CompiledPolicy {
  private readonly compiled: (LazyRule | undefined)[] = [];

  /**
   * @param index Rule positions by bare name or path basename of their command entries; those
   * with `"*"` or a name glob (looked at for every command) as ALWAYS_GROUP; deny and approve
   * rules with a name or path entry (they also match by realpath) also as BROAD_GROUP.
   */
  constructor(
    private readonly policy: Policy,
    readonly index: RuleIndex = new RuleIndex(),
    private readonly source: RuleSource = (position) => policy.rules[position],
  ) {}

  /** The compiled rule at `position` in the policy. */
  at(position: number): LazyRule {
    let rule = this.compiled[position];
    if (rule === undefined) {
      const source = this.source(position);
      if (source === undefined) throw new RangeError(`no rule at ${position}`);
      rule = this.compiled[position] = new LazyRule(source, position, this.policy.file);
    }
    return rule;
  }
}

/** What the index looks at in a prepared command (./match.ts PreparedCommand). */
export interface IndexedCommand {
  requested: Requested;
  args: readonly string[];
  subArgs: readonly string[];
  /** First words once leading options are left out (deny and approve rules), when argv[1] is an option. */
  looseHeads?: { heads: readonly string[]; empty: boolean } | null;
  /** The resolved view of a path operand: a deny rule keyed on it is found too (./args.ts invariant 3). */
  view?: (token: string, relative?: boolean) => string | null;
}

/**
 * Compiles one rule.
 * @throws Error with a one-line message for a bad pattern.
 */
export function compileRule(rule: Rule): CompiledRule {
  return {
    rule,
    strict: rule.decision === 'allow',
    commands: rule.match.command.map(compileCommandEntry),
    args: rule.match.args === null ? null : compileArgs(rule.match.args),
    options: rule.match.options,
    when: compileWhen(rule.when),
    literals: literalsOf(rule),
  };
}

// The name a `name` or `path` command entry is indexed under; null for `"*"` and globs.
function indexName(entry: CommandEntry): string | null {
  return entry.kind === 'name' ? entry.name : entry.kind === 'path' ? entry.base : null;
}

// Files the rule at `position` under each of its names (once per name), as ALWAYS_GROUP for
// `"*"` and globs, and, for deny and approve rules with a name, as BROAD_GROUP. Its command
// entries are compiled here, so a bad one stops every request, as it always has.
function fileRule(compiled: CompiledPolicy, rule: Rule, position: number, file: string): void {
  let entries: CommandEntry[];
  try {
    entries = rule.match.command.map(compileCommandEntry);
  } catch (error) {
    throw policyError(`${file}: rule ${rule.id}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let always = false;
  const names: string[] = [];
  for (const entry of entries) {
    const name = indexName(entry);
    if (name === null) always = true;
    else if (!names.includes(name)) names.push(name);
  }
  const { index } = compiled;
  const args = rule.match.args;
  const loose = rule.decision !== 'allow';
  for (const name of names) index.add(name, position, args, loose);
  if (always) index.add(ALWAYS_GROUP, position, args, loose);
  if (names.length > 0 && loose) index.add(BROAD_GROUP, position, args, true);
}

const cache = new WeakMap<Policy, CompiledPolicy>();

/**
 * Indexes a policy's rules (cached per policy object).
 * @throws ApproveRunError('policy') naming the rule when a pattern does not compile: for a
 * `command` entry here, for the rest of a rule when a request first looks at it.
 */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const cached = cache.get(policy);
  if (cached !== undefined) return cached;
  const compiled = new CompiledPolicy(policy);
  policy.rules.forEach((rule, position) => fileRule(compiled, rule, position, policy.file));
  cache.set(policy, compiled);
  return compiled;
}

/**
 * Makes `index` and `source` the compiled form of `policy`, as the policy cache keeps them
 * (src/policy/cache.ts): made by compilePolicy() for the same rules, so no rule is read
 * before a request looks at it.
 */
export function adoptCompiledPolicy(policy: Policy, index: RuleIndex, source: RuleSource): void {
  cache.set(policy, new CompiledPolicy(policy, index, source));
}

/**
 * The rules that may match a command, in policy order: those named by the invoked or real
 * basename, every `"*"`/glob rule, and (when it resolved) the deny and approve rules that
 * could match it by realpath; of these, only the ones whose `args` could accept its
 * arguments as given, without the tool's global options, or with leading options left out
 * (./rule-index.ts; ./args.ts invariant 2).
 */
export function rulesToTry(policy: CompiledPolicy, command: IndexedCommand): CompiledRule[] {
  const req = command.requested;
  const views = [command.subArgs, command.args];
  if (command.looseHeads) {
    for (const head of command.looseHeads.heads) views.push([head]);
    if (command.looseHeads.empty) views.push([]);
  }
  if (command.view !== undefined) {
    for (const head of new Set(views.map((v) => v[0]))) {
      if (head?.includes('/') !== true) continue;
      for (const resolved of [command.view(head), command.view(head, true)]) if (resolved !== null && resolved !== head) views.push([resolved]);
    }
  }
  const picked = new Set<number>();
  policy.index.collect(ALWAYS_GROUP, views, picked);
  for (const name of otherNames(req.realBase === null ? [req.invokedBase] : [req.invokedBase, req.realBase])) policy.index.collect(name, views, picked);
  if (req.resolved !== null) policy.index.collect(BROAD_GROUP, views, picked);
  return [...picked].sort((a, b) => a - b).map((position) => policy.at(position));
}
