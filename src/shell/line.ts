// Judges a shell command line (SPEC §4.4): parse with the bash grammar, read every simple
// command, and expand each one as an argv. Loaded lazily: only shell lines and `sh -c` pay
// for the parser.
// MUST hold:
//   1. Every simple command the tree holds is expanded; deny rules reach all of them.
//   2. When the tree is in doubt, a coarse second reading adds candidates, never removes any.
//   3. Builtins that change later parsing or resolution (eval, source, alias, set, cd …) and
//      `exec` with redirections add a request-level reason.
import { MAX_SHELL_DEPTH } from '../knowledge/shells.js';
import { ASSIGNING_OPTIONS, STATE_BUILTINS } from '../knowledge/shell-builtins.js';
import { dedupe, emptyExpansion, escalateCommands, merge, observe, type Analysis } from './analysis.js';
import { analyseCommand, programName } from './command.js';
import { evaluatedArgs, type EvaluatedWord } from './evaluated.js';
import { findInvisible } from './invisible.js';
import { parseLine } from './parser.js';
import { unprefixed } from './prefixes.js';
import { roughCommands } from './rough.js';
import type { Escalation, Expansion } from './types.js';
import { walkTree } from './walk.js';
import type { SimpleCommand } from './walk-types.js';
import type { Dialect } from './word.js';

// The argv after `command`, `builtin` and `time` prefixes: the builtin bash would run.
function effectiveArgv(argv: readonly string[]): readonly string[] {
  let rest = argv;
  while (rest[0] === 'command' || rest[0] === 'builtin' || rest[0] === 'time') {
    rest = rest.slice(1);
    while (rest[0] === '-p' || rest[0] === '--') rest = rest.slice(1);
  }
  return rest;
}

// Reasons and escalations that come from how the command was written in the line.
function lineFindings(command: SimpleCommand, reasons: string[]): Escalation[] {
  if (command.argv.length === 0) {
    if (command.env.length > 0) reasons.push('variable assignment changes shell state');
    return [];
  }
  const [name, ...args] = effectiveArgv(command.argv);
  if (name !== undefined && Object.hasOwn(STATE_BUILTINS, name)) reasons.push(STATE_BUILTINS[name]!);
  const assigning = name !== undefined && Object.hasOwn(ASSIGNING_OPTIONS, name) ? ASSIGNING_OPTIONS[name] : undefined;
  if (assigning !== undefined && args.some((a) => a.startsWith(assigning))) reasons.push(`${name} ${assigning} assigns a variable`);
  if (command.argv[0] === 'exec' && command.redirected) reasons.push('exec with redirection changes every later command');
  const escalations: Escalation[] = [];
  for (const index of command.globs) {
    const word = command.argv[index]!;
    if (index === 0) reasons.push(`unquoted glob in the command name ${JSON.stringify(word)}`);
    else if (word.startsWith('-')) reasons.push(`unquoted glob in an option ${JSON.stringify(word)}`);
    else if (/^[*?[]/.test(word)) escalations.push({ reason: `unquoted glob ${word} may expand to option-like file names`, cover: word });
  }
  return escalations;
}

// Scripts a builtin runs from its arguments: eval's words, trap's handler.
function builtinScripts(command: SimpleCommand): string[] {
  const [name, ...args] = effectiveArgv(command.argv);
  if (name === 'eval' && args.length > 0) return [args.join(' ')];
  if (name === 'trap' && args.length > 1 && !args[0]!.startsWith('-')) return [args[0]!];
  return [];
}

// Expands one simple command read from the line.
async function expandSimple(command: SimpleCommand, an: Analysis, dialect: Dialect, depth: number, reasons: string[]): Promise<Expansion> {
  const escalations = lineFindings(command, reasons);
  const out = emptyExpansion();
  let argv = command.argv;
  if (programName(argv[0] ?? '') === 'coproc') argv = argv.slice(1);
  const expansion = await analyseCommand(argv, command.env, an, depth, { stdinText: command.stdinText });
  escalateCommands(expansion.candidates, escalations);
  merge(out, expansion);
  if (command.bare.length > 0 && command.bare.join('\0') !== command.argv.join('\0')) {
    // `r$@m -rf /` is `rm -rf /` when the expansions are empty: let deny rules see that too.
    const probe = await analyseCommand(command.bare, command.env, an, depth);
    escalateCommands(expansion.candidates, observe(probe));
    merge(out, probe);
  }
  for (const script of builtinScripts(command)) merge(out, await an.script(script, dialect, depth + 1));
  for (const word of evaluatedArgs(effectiveArgv(command.argv))) merge(out, await judgeEvaluated(word, an, dialect, depth, reasons));
  return out;
}

// A word bash evaluates as arithmetic or a subscript: never allowed, and the commands its
// substitutions run are judged (observed: deny and approve rules apply to them).
async function judgeEvaluated(word: EvaluatedWord, an: Analysis, dialect: Dialect, depth: number, reasons: string[]): Promise<Expansion> {
  reasons.push(word.reason);
  const sub = await an.script(word.text, dialect, depth + 1);
  observe(sub);
  return sub;
}

/** Judges `text` as a shell line of `dialect`, `depth` levels of `sh -c` deep. */
export async function analyseLine(text: string, an: Analysis, dialect: Dialect, depth: number): Promise<Expansion> {
  const out = emptyExpansion();
  if (depth > MAX_SHELL_DEPTH) {
    out.reasons.push(`shell nesting deeper than ${MAX_SHELL_DEPTH} levels`);
    return out;
  }
  const invisible = findInvisible(text);
  if (invisible !== null) out.reasons.push(`invisible or control character in the shell line: ${invisible}`);
  const plain = await unprefixed(text);
  out.reasons.push(...plain.reasons);
  const walk = await parseLine(plain.text, (root, hasError) => walkTree(root, plain.text, dialect, hasError));
  out.reasons.push(...walk.reasons);
  for (const command of walk.commands) merge(out, await expandSimple(command, an, dialect, depth, out.reasons));
  for (const word of walk.evaluated) merge(out, await judgeEvaluated(word, an, dialect, depth, out.reasons));
  if (walk.doubt) {
    for (const argv of roughCommands(text)) merge(out, await analyseCommand(argv, [], an, depth));
  }
  if (out.candidates.length === 0 && walk.commands.length === 0) out.reasons.push('the line runs no command');
  return dedupe(out);
}
