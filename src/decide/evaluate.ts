// The decision function used by run, check and policy test (SPEC §4.1–4.3): expands the
// request into the simple commands it would run, matches each against every rule that can
// apply, and combines the verdicts.
// Invariants:
//   1. The same policy and input give the same Evaluation whatever the order of the rules.
//   2. Every simple command is judged on its own; wrappers need no allow rule but deny and
//      approve rules apply to them.
//   3. Any failure (bad pattern, unreadable state) throws; it never turns into an allow.
import { posix } from 'node:path';
import type { Policy } from '../policy/types.js';
import { expandRequest } from '../shell/expand.js';
import type { Candidate, Expansion } from '../shell/types.js';
import { verbViews } from './aliases.js';
import { combineVerdicts } from './combine.js';
import { prepareCommand, ruleMatches } from './match.js';
import { operandCommands } from './operand-commands.js';
import { ExecutableResolver, resolveExecutable } from './resolve.js';
import { compilePolicy, rulesToTry } from './rules.js';
import type { DecisionInput, Evaluation, PathProbe } from './types.js';
import { judgeCommand, type Verdict } from './verdict.js';
import type { Circumstances } from './when.js';

/** Decides on a request; pure apart from the path probe and the lazily loaded shell parser. */
export async function evaluate(policy: Policy, input: DecisionInput, paths: PathProbe): Promise<Evaluation> {
  const expansion = await expandRequest({ argv: input.argv, shell: input.shell }, policy.settings);
  return evaluateExpansion(policy, input, expansion, paths);
}

// The verdict when a request holds no command at all.
function emptyRequestVerdict(policy: Policy, requestReasons: string[]): Verdict {
  // Reasons alone (a line that could not be read) already require approval (SPEC §4.4).
  if (requestReasons.length > 0) return { argv: [], decision: 'approve', matched: [], deciding: [], generic: true, reasons: [] };
  return { argv: [], decision: policy.settings.default, matched: [], deciding: [], generic: true, reasons: ['no command to judge in the request'] };
}

/**
 * Decides on an already expanded request (the seam `evaluate` uses after expansion).
 * @throws ApproveRunError('policy') when a rule's pattern does not compile.
 */
export function evaluateExpansion(policy: Policy, input: DecisionInput, expansion: Expansion, paths: PathProbe): Evaluation {
  const compiled = compilePolicy(policy);
  const resolver = new ExecutableResolver(policy.settings.secure_path, paths);
  const circumstances: Circumstances = {
    user: input.requester.user,
    groups: input.requester.groups,
    actor: input.actor,
    host: input.host,
    cwd: posix.resolve('/', input.cwd),
    now: input.now,
  };
  const judge = (candidate: Candidate): Verdict => {
    const command = prepareCommand(candidate.argv, input.cwd, resolver);
    const matched = rulesToTry(compiled, command).filter((rule) => ruleMatches(rule, command, circumstances, resolver));
    // The same operation under another program (`systemctl reboot` is `reboot`): deny and
    // approve rules only (./aliases.ts invariant 1).
    for (const view of verbViews(command.requested.invokedBase, command.args)) {
      const other = prepareCommand(view, input.cwd, resolver);
      for (const rule of rulesToTry(compiled, other)) {
        if (!rule.strict && !matched.includes(rule) && ruleMatches(rule, other, circumstances, resolver)) matched.push(rule);
      }
    }
    // A program no rule names may run its operands: deny rules see them (./operand-commands.ts).
    if (matched.length === 0 && candidate.role !== 'wrapper') {
      for (const tail of operandCommands(candidate.argv, command.requested.invokedBase, command.requested.realBase)) {
        const other = prepareCommand(tail, input.cwd, resolver);
        if (other.requested.resolved === null) continue;
        for (const rule of rulesToTry(compiled, other)) {
          if (rule.rule.decision === 'deny' && !matched.includes(rule) && ruleMatches(rule, other, circumstances, resolver)) matched.push(rule);
        }
      }
    }
    return judgeCommand(candidate, matched, policy.settings);
  };
  const verdicts = expansion.candidates.map(judge);
  if (verdicts.length === 0) verdicts.push(emptyRequestVerdict(policy, expansion.reasons));
  const top = input.shell === null ? input.argv[0] : undefined;
  const executable = top === undefined ? null : (resolveExecutable(top, input.cwd, policy.settings.secure_path, resolver.probe)?.real ?? null);
  return combineVerdicts({ policy, verdicts, requestReasons: expansion.reasons, requester: input.requester.user, executable });
}
