// Whether one compiled rule matches one simple command (SPEC §4.1): command, args (after the
// tool's global options are removed), options, and `when`.
import { globalOptionsFor, type ToolGlobalOptions } from '../knowledge/global-options.js';
import { argsMatch, optionsPresent } from './args.js';
import { commandMatches, requestedFor, type Requested } from './command.js';
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
  return { argv, requested, args, subArgs: tool === null ? args : stripGlobalOptions(tool, args) };
}

/**
 * True when the rule matches the command under these circumstances. Deny and approve rules
 * (not strict) also try their `args` against the arguments as given, so spelling a global
 * option differently cannot dodge them.
 */
export function ruleMatches(rule: CompiledRule, command: PreparedCommand, circumstances: Circumstances, resolver: ExecutableResolver): boolean {
  if (!rule.commands.some((entry) => commandMatches(entry, rule.strict, command.requested, resolver))) return false;
  if (rule.args !== null) {
    const fits = argsMatch(rule.args, command.subArgs) || (!rule.strict && argsMatch(rule.args, command.args));
    if (!fits) return false;
  }
  if (!optionsPresent(rule.options, command.args)) return false;
  return whenHolds(rule.when, circumstances);
}
