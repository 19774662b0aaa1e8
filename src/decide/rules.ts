// Compiled rules and an index from executable names to the rules that can match them, so a
// request looks at a handful of rules rather than the whole policy. The index only narrows
// the search; `ruleMatches()` in ./match.ts has the final word.
import { policyError } from '../errors.js';
import type { Policy, Rule } from '../policy/types.js';
import { compileArgs, type ArgsPattern } from './args.js';
import { compileCommandEntry, type CommandEntry, type Requested } from './command.js';
import { isLiteralPattern } from './glob.js';
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

export interface CompiledPolicy {
  rules: CompiledRule[];
  /** Rules with a bare-name or path entry, by that name or path basename. */
  byName: Map<string, CompiledRule[]>;
  /** Rules with `"*"` or a name glob: looked at for every command. */
  always: CompiledRule[];
  /** Deny and approve rules with a name or path entry: they also match by realpath. */
  broadNamed: CompiledRule[];
}

/**
 * Compiles one rule.
 * @throws Error with a one-line message for a bad pattern.
 */
export function compileRule(rule: Rule): CompiledRule {
  const literals = new Set(rule.match.options);
  for (const pattern of rule.match.args ?? []) if (pattern !== '**' && isLiteralPattern(pattern)) literals.add(pattern);
  return {
    rule,
    strict: rule.decision === 'allow',
    commands: rule.match.command.map(compileCommandEntry),
    args: rule.match.args === null ? null : compileArgs(rule.match.args),
    options: rule.match.options,
    when: compileWhen(rule.when),
    literals,
  };
}

// Builds the index over compiled rules.
function indexRules(rules: CompiledRule[]): CompiledPolicy {
  const byName = new Map<string, CompiledRule[]>();
  const always = new Set<CompiledRule>();
  const broadNamed = new Set<CompiledRule>();
  for (const compiled of rules) {
    for (const entry of compiled.commands) {
      if (entry.kind === 'any' || entry.kind === 'glob') {
        always.add(compiled);
        continue;
      }
      const key = entry.kind === 'name' ? entry.name : entry.base;
      const list = byName.get(key) ?? [];
      if (!list.includes(compiled)) list.push(compiled);
      byName.set(key, list);
      if (!compiled.strict) broadNamed.add(compiled);
    }
  }
  return { rules, byName, always: [...always], broadNamed: [...broadNamed] };
}

const cache = new WeakMap<Policy, CompiledPolicy>();

/**
 * Compiles and indexes a policy's rules (cached per policy object).
 * @throws ApproveRunError('policy') naming the rule when a pattern does not compile.
 */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const cached = cache.get(policy);
  if (cached !== undefined) return cached;
  const rules = policy.rules.map((rule) => {
    try {
      return compileRule(rule);
    } catch (error) {
      throw policyError(`${policy.file}: rule ${rule.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  const compiled = indexRules(rules);
  cache.set(policy, compiled);
  return compiled;
}

/**
 * The rules that may match a command, in policy order: those named by the invoked or real
 * basename, every `"*"`/glob rule, and (when it resolved) the deny and approve rules that
 * could match it by realpath.
 */
export function rulesToTry(policy: CompiledPolicy, req: Requested): CompiledRule[] {
  const picked = new Set<CompiledRule>(policy.always);
  for (const rule of policy.byName.get(req.invokedBase) ?? []) picked.add(rule);
  if (req.realBase !== null) for (const rule of policy.byName.get(req.realBase) ?? []) picked.add(rule);
  if (req.resolved !== null) for (const rule of policy.broadNamed) picked.add(rule);
  return policy.rules.filter((rule) => picked.has(rule));
}
