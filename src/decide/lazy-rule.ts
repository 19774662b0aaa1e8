// A compiled rule whose parts are compiled when first needed: its `command` entries when the
// index is built, its args and `when` when a request first looks at it. A large policy then
// costs little per request, since a request looks at a handful of rules.
import { policyError } from '../errors.js';
import type { Rule } from '../policy/types.js';
import { compileArgs, type ArgsPattern } from './args.js';
import { compileCommandEntry, type CommandEntry } from './command.js';
import { isLiteralPattern } from './glob.js';
import type { CompiledRule } from './rules.js';
import { compileWhen, type CompiledWhen } from './when.js';

/** Options and literal args tokens a rule names (which cover escalations, SPEC §4.3). */
export function literalsOf(rule: Rule): ReadonlySet<string> {
  const literals = new Set(rule.match.options);
  for (const pattern of rule.match.args ?? []) if (pattern !== '**' && isLiteralPattern(pattern)) literals.add(pattern);
  return literals;
}

/** A rule of the policy in `file`, at `position` in its rule list. */
export class LazyRule implements CompiledRule {
  readonly strict: boolean;
  readonly commands: CommandEntry[];
  readonly options: string[];
  #args: ArgsPattern | null | undefined;
  #when: CompiledWhen | null | undefined;
  #literals: ReadonlySet<string> | undefined;

  /** @throws ApproveRunError('policy') naming the rule when a `command` entry does not compile. */
  constructor(
    readonly rule: Rule,
    readonly position: number,
    private readonly file: string,
  ) {
    this.strict = rule.decision === 'allow';
    try {
      this.commands = rule.match.command.map(compileCommandEntry);
    } catch (error) {
      throw this.failure(error);
    }
    this.options = rule.match.options;
  }

  // ApproveRunError('policy') naming the file and rule, for a pattern that did not compile.
  private failure(error: unknown): Error {
    return policyError(`${this.file}: rule ${this.rule.id}: ${error instanceof Error ? error.message : String(error)}`);
  }

  // Runs a compiler, turning its failure into the rule's error.
  private compiled<T>(compile: () => T): T {
    try {
      return compile();
    } catch (error) {
      throw this.failure(error);
    }
  }

  get args(): ArgsPattern | null {
    const args = this.rule.match.args;
    if (this.#args === undefined) this.#args = args === null ? null : this.compiled(() => compileArgs(args));
    return this.#args;
  }

  get when(): CompiledWhen | null {
    if (this.#when === undefined) this.#when = this.compiled(() => compileWhen(this.rule.when));
    return this.#when;
  }

  get literals(): ReadonlySet<string> {
    this.#literals ??= literalsOf(this.rule);
    return this.#literals;
  }
}
