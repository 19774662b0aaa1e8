// Unwraps transparent wrappers with their real option syntax (SPEC §4.3): timeout, nice,
// nohup, stdbuf, ionice, chrt, taskset, setsid, time, command, builtin, exec, env.
// MUST hold:
//   1. The inner command starts exactly where the wrapper would start it.
//   2. An unknown option, a missing value or an unexpected operand escalates (cover null):
//      the reader is then unsure where the command starts.
//   3. env's NAME=value words become environment prefixes of the inner command.
import { WRAPPERS, type WrapperSyntax } from '../knowledge/wrappers.js';
import { parseOptions } from './options.js';
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
  return Object.hasOwn(WRAPPERS, name) ? WRAPPERS[name] : undefined;
}

const LEADING: Readonly<Record<string, RegExp>> = {
  duration: /^(\d+(\.\d*)?|\.\d+)([smhd])?$/,
  priority: /^\d+$/,
  mask: /^(0x)?[0-9a-fA-F]+$|^[0-9,\-:]+$/,
};

// Splits env -S text the way a shebang line would, for judging only (it always escalates).
function splitString(text: string): string[] {
  return text.split(/[ \t\n]+/).filter((w) => w !== '');
}

/** Unwraps `args` (argv without the wrapper name) of wrapper `name`. */
export function unwrap(name: string, syntax: WrapperSyntax, args: readonly string[]): Unwrapped {
  const out: Unwrapped = { escalations: [], inner: null, env: [], clearsEnv: false };
  const unsure = (why: string): void => void out.escalations.push({ reason: `${name}: ${why}`, cover: null });
  let words = [...args];
  if (syntax.special === 'nice') {
    while (words.length > 0 && /^-[+-]?\d+$/.test(words[0]!)) words = words.slice(1);
  }
  const parsed = parseOptions(words, syntax.spec);
  let runsNothing = false;
  const split: string[] = [];
  for (const option of parsed.options) {
    if (!option.known) unsure(`unknown option ${option.name}`);
    if (syntax.noCommand?.includes(option.name)) runsNothing = true;
    const escalate = syntax.escalate?.[option.name];
    if (escalate !== undefined) unsure(escalate);
    if (syntax.special === 'env' && (option.name === '-i' || option.name === '--ignore-environment')) out.clearsEnv = true;
    if ((option.name === '-S' || option.name === '--split-string') && option.value !== null) split.push(...splitString(option.value));
  }
  if (parsed.missingValue) unsure('an option is missing its value');
  let rest = [...split, ...words.slice(parsed.rest)];
  if (syntax.leading !== 'none' && !runsNothing) {
    const lead = rest[0];
    if (lead === undefined || !LEADING[syntax.leading]!.test(lead)) unsure(`unexpected ${syntax.leading} ${JSON.stringify(lead ?? '')}`);
    rest = rest.slice(1);
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
  if (runsNothing || rest.length === 0) return out;
  out.inner = rest;
  return out;
}
