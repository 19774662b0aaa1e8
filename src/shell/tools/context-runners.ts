// Runners that change user, group, root, namespaces or unit (src/knowledge/context-runners.ts):
// never unwrapped, but the command they run is observed, so a deny rule on it wins (SPEC §10).
// MUST hold:
//   1. Whatever the runner would run is observed: its argv, a shell line it hands to `sh -c`,
//      or the arguments it hands to a shell.
//   2. When the options cannot be read for sure (an unknown option, a missing value, or a
//      runner marked `tails`), every tail of argv that starts with a word not led by `-` is
//      observed too: deny rules then see the command wherever it starts.
import { CONTEXT_RUNNERS, type ContextRunner } from '../../knowledge/context-runners.js';
import { parseOptions } from '../options.js';
import { NO_FINDINGS, type ToolFindings } from './findings.js';

/** The context-runner entry for a program name, if any. */
export function contextRunnerFor(name: string): ContextRunner | undefined {
  return Object.hasOwn(CONTEXT_RUNNERS, name) ? CONTEXT_RUNNERS[name] : undefined;
}

// Every tail of `args` that starts at a word not led by `-` (invariant 2).
function everyTail(args: readonly string[]): string[][] {
  const tails: string[][] = [];
  for (let i = 0; i < args.length; i += 1) if (!args[i]!.startsWith('-')) tails.push(args.slice(i));
  return tails;
}

// What runs when the words after the leading operands are `rest`.
function command(runner: ContextRunner, rest: string[], shell: string, argvForm: boolean): ToolFindings {
  if (rest.length === 0) return NO_FINDINGS;
  if (argvForm || runner.operands === 'argv') return { ...NO_FINDINGS, observed: [rest] };
  if (runner.operands === 'shell-line') return { ...NO_FINDINGS, scripts: [rest.join(' ')] };
  return { ...NO_FINDINGS, observed: [[shell, ...rest]] };
}

/** Findings for a context runner: the command it runs, observed. */
export function contextRunnerFindings(runner: ContextRunner, args: readonly string[]): ToolFindings {
  const at = runner.after === undefined ? -1 : args.indexOf(runner.after);
  const optionWords = at === -1 ? args : args.slice(0, at);
  const parsed = parseOptions(optionWords, runner.spec);
  const unsure = parsed.missingValue || parsed.options.some((o) => !o.known && runner.after === undefined);
  const valueOf = (names: readonly string[] | undefined): string[] =>
    parsed.options.filter((o) => names?.includes(o.name) === true && o.value !== null).map((o) => o.value!);
  const argvForm = parsed.options.some((o) => runner.argvOptions?.includes(o.name) === true);
  // Past the options: after the `after` word, or from the first operand on (a command's own
  // options stay with it, whether or not the runner stops reading options there).
  const first = parsed.operands[0];
  const permuted = runner.spec.stopAtOperand !== true && !argvForm;
  let operands =
    runner.after !== undefined ? (at === -1 ? [] : args.slice(at + 1))
    : permuted ? parsed.operands.map((i) => optionWords[i]!)
    : first === undefined ? [] : optionWords.slice(first);
  if (operands[0] === '-' && !argvForm) operands = operands.slice(1);
  const rest = argvForm ? operands : operands.slice(runner.leading);
  const program = runner.programOptions?.map((name) => valueOf([name])[0]).find((value) => value !== undefined);
  const shell = valueOf(runner.shellOption === undefined ? undefined : [runner.shellOption])[0] ?? 'bash';
  const found = program === undefined ? command(runner, rest, shell, argvForm) : { ...NO_FINDINGS, observed: [[program, ...rest]] };
  const lines = runner.tails === true && runner.operands === 'shell-line' ? args.filter((a) => !a.startsWith('-')) : [];
  const scripts = [...found.scripts, ...valueOf(runner.scriptOptions), ...lines];
  const observed = [...found.observed, ...(unsure || runner.tails === true ? everyTail(args) : [])];
  return { ...NO_FINDINGS, observed, scripts };
}
