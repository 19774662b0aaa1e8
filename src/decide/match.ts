// Whether one compiled rule matches one simple command (SPEC §4.1): command, args (after the
// tool's global options are removed), options, and `when`.
import { globalOptionsFor, type ToolGlobalOptions } from '../knowledge/global-options.js';
import { argsMatch, argsMatchSkippingOptions, headsSkippingOptions, isOptionLike, optionsPresent, type OperandView } from './args.js';
import { commandMatches, requestedFor, type Requested } from './command.js';
import { operandResolver } from './path-operand.js';
import { resolveExecutable, type ExecutableResolver } from './resolve.js';
import type { CompiledRule } from './rules.js';
import { stripGlobalOptions } from './subcommand.js';
import { whenHolds, type Circumstances } from './when.js';

/** One simple command prepared for matching: computed once, tried against many rules. */
export interface PreparedCommand {
  argv: readonly string[];
  requested: Requested;
  /** argv[1..] exactly as given: for `options`, and for deny/approve `args` as a second view. */
  args: readonly string[];
  /** argv[1..] without the tool's global options: what `args` patterns see. */
  subArgs: readonly string[];
  /** True when an option (or an end-of-options `--`) is there to leave out: deny and approve rules then try that too. */
  hasOptions: boolean;
  /** When argv[1] is an option: the words that can come first once leading options are left out (for the rule index). */
  looseHeads: { heads: string[]; empty: boolean } | null;
  /** The resolved view of a path operand (SPEC §10), memoised for this command. */
  view: OperandView;
}

// The tool's global-option table, by invoked name first, then by real name.
function toolOf(req: Requested): ToolGlobalOptions | null {
  return globalOptionsFor(req.invokedBase) ?? (req.realBase === null ? null : globalOptionsFor(req.realBase));
}

/** Resolves argv[0] and strips global options, once per simple command. */
export function prepareCommand(argv: readonly string[], cwd: string, resolver: ExecutableResolver): PreparedCommand {
  const argv0 = argv[0] ?? '';
  const requested = requestedFor(argv0, resolveExecutable(argv0, cwd, resolver.securePath, resolver.probe));
  const args = argv.slice(1);
  const tool = toolOf(requested);
  const end = args.indexOf('--');
  const hasOptions = (end === -1 ? args : args.slice(0, end + 1)).some(isOptionLike);
  const looseHeads = args[0] !== undefined && isOptionLike(args[0]) ? headsSkippingOptions(args) : null;
  const view = operandResolver(cwd, resolver.probe);
  return { argv, requested, args, subArgs: tool === null ? args : stripGlobalOptions(tool, args), hasOptions, looseHeads, view };
}

/**
 * True when the rule matches the command under these circumstances. Deny and approve rules
 * (not strict) also try their `args` against the arguments as given and with options left
 * out, and count abbreviated long options (./args.ts invariant 2), so spelling, placing or
 * abbreviating an option differently cannot dodge them.
 */
export function ruleMatches(rule: CompiledRule, command: PreparedCommand, circumstances: Circumstances, resolver: ExecutableResolver): boolean {
  if (!rule.commands.some((entry) => commandMatches(entry, rule.strict, command.requested, resolver))) return false;
  const pattern = rule.args;
  if (pattern !== null) {
    const { view } = command;
    const loose = () => argsMatch(pattern, command.args, view, false) || (command.hasOptions && argsMatchSkippingOptions(pattern, command.args, view));
    if (!argsMatch(pattern, command.subArgs, view, rule.strict) && (rule.strict || !loose())) return false;
  }
  if (!optionsPresent(rule.options, command.args, !rule.strict)) return false;
  return whenHolds(rule.when, circumstances);
}
