// Unwraps transparent wrappers with their real option syntax (SPEC §4.3): timeout, nice,
// nohup, stdbuf, ionice, chrt, taskset, setsid, time, command, builtin, exec, env, and the
// runners of SPEC §10 that run a command unchanged (flock, watch, strace, …).
// MUST hold:
//   1. The inner command starts exactly where the wrapper would start it.
//   2. An unknown option, a missing value or an unexpected operand escalates (cover null):
//      the reader is then unsure where the command starts.
//   3. env's NAME=value words become environment prefixes of the inner command.
//   4. A command string the runner hands to a shell (flock -c, watch) becomes `sh -c STRING`,
//      so it is judged as a shell line exactly as `sh -c` is.
import { RUNNER_WRAPPERS } from '../knowledge/runner-wrappers.js';
import { WRAPPERS, type WrapperSyntax } from '../knowledge/wrappers.js';
import { parseOptions, type ParsedArgs } from './options.js';
import type { Escalation } from './types.js';

export interface Unwrapped {
  escalations: Escalation[];
  /** The command the wrapper runs; null when it runs none (prints, acts on pids). */
  inner: string[] | null;
  /** Environment words (env NAME=value) for the inner command. */
  env: [string, string][];
  /** env -i / `env -`: the inner command does not inherit earlier prefixes. */
  clearsEnv: boolean;
}

/** The wrapper syntax for a program name, if it is a transparent wrapper. */
export function wrapperSyntaxFor(name: string): WrapperSyntax | undefined {
  if (Object.hasOwn(WRAPPERS, name)) return WRAPPERS[name];
  return Object.hasOwn(RUNNER_WRAPPERS, name) ? RUNNER_WRAPPERS[name] : undefined;
}

// The command after the operands a runner reads first: flock's `-c CMD` is a shell line,
// watch's words are joined into one (unless -x).
function runnerCommand(syntax: WrapperSyntax, rest: string[], execForm: boolean, unsure: (why: string) => void): string[] {
  if (syntax.special === 'flock' && (rest[0] === '-c' || rest[0] === '--command')) {
    if (rest.length !== 2) unsure('-c takes exactly one command string');
    return rest.length < 2 ? [] : ['sh', '-c', rest[1]!];
  }
  if (syntax.special === 'watch' && !execForm && rest.length > 0) return ['sh', '-c', rest.join(' ')];
  return rest;
}

const LEADING: Readonly<Record<string, RegExp>> = {
  duration: /^(\d+(\.\d*)?|\.\d+)([smhd])?$/,
  priority: /^\d+$/,
  mask: /^(0x)?[0-9a-fA-F]+$|^[0-9,\-:]+$/,
  file: /^./s,
};

// Splits env -S text the way a shebang line would, for judging only (it always escalates).
function splitString(text: string): string[] {
  return text.split(/[ \t\n]+/).filter((w) => w !== '');
}

// script: -c CMD runs `sh -c CMD`; without it, an interactive shell. Its one operand is the
// typescript file it writes (./typescript by default), harmless only as /dev/null.
function scriptCommand(parsed: ParsedArgs, words: readonly string[], unsure: (why: string) => void): string[] {
  const file = parsed.operands.length === 0 ? 'typescript' : words[parsed.operands[0]!]!;
  if (parsed.operands.length > 1) unsure('more than one file operand');
  if (file !== '/dev/null') unsure(`writes the typescript file ${JSON.stringify(file)}`);
  const command = parsed.options.find((o) => (o.name === '-c' || o.name === '--command') && o.value !== null)?.value ?? undefined;
  if (command === undefined) {
    unsure('runs an interactive shell');
    return [];
  }
  return ['sh', '-c', command];
}

/** Unwraps `args` (argv without the wrapper name) of wrapper `name`. */
export function unwrap(name: string, syntax: WrapperSyntax, args: readonly string[]): Unwrapped {
  const out: Unwrapped = { escalations: [], inner: null, env: [], clearsEnv: false };
  const unsure = (why: string): void => void out.escalations.push({ reason: `${name}: ${why}`, cover: null });
  let words = [...args];
  if (syntax.special === 'nice') {
    while (words.length > 0 && /^-[+-]?\d+$/.test(words[0]!)) words = words.slice(1);
  }
  let lead: string | undefined;
  if (syntax.leadingFirst === true) [lead, ...words] = words;
  const parsed = parseOptions(words, syntax.spec);
  let runsNothing = false;
  let execForm = false;
  const split: string[] = [];
  for (const option of parsed.options) {
    if (!option.known) unsure(`unknown option ${option.name}`);
    if (syntax.noCommand?.includes(option.name)) runsNothing = true;
    const escalate = syntax.escalate?.[option.name];
    if (escalate !== undefined) unsure(escalate);
    const byValue = syntax.escalateValue?.[option.name];
    if (byValue !== undefined && option.value !== null && byValue[0].test(option.value)) unsure(byValue[1]);
    if (option.name === '-x' || option.name === '--exec') execForm = true;
    if (syntax.special === 'env' && (option.name === '-i' || option.name === '--ignore-environment')) out.clearsEnv = true;
    if ((option.name === '-S' || option.name === '--split-string') && option.value !== null) split.push(...splitString(option.value));
  }
  if (parsed.missingValue) unsure('an option is missing its value');
  let rest = [...split, ...words.slice(parsed.rest)];
  if (syntax.leading !== 'none' && !runsNothing) {
    if (syntax.leadingFirst !== true) [lead, ...rest] = rest;
    if (lead === undefined || !LEADING[syntax.leading]!.test(lead)) unsure(`unexpected ${syntax.leading} ${JSON.stringify(lead ?? '')}`);
  }
  if (syntax.special === 'env') {
    if (rest[0] === '-') {
      out.clearsEnv = true;
      rest = rest.slice(1);
    }
    while (rest.length > 0 && rest[0]!.includes('=')) {
      const word = rest[0]!;
      out.env.push([word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]);
      rest = rest.slice(1);
    }
  }
  if (syntax.special === 'script') rest = scriptCommand(parsed, words, unsure);
  else rest = runnerCommand(syntax, rest, execForm, unsure);
  if (runsNothing || rest.length === 0) return out;
  out.inner = rest;
  return out;
}
