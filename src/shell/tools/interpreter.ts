// Interpreters (python, node, perl, ruby, php, lua) and runtimes (deno, bun, npx): every way
// they run code escalates, covered only by a rule naming that exact code, module or script
// (SPEC §4.3). Only version/help invocations run nothing.
import { INTERPRETERS, RUNTIMES, type InterpreterSyntax } from '../../knowledge/interpreter-options.js';
import type { Escalation } from '../types.js';
import { escalationsOnly, type ToolFindings } from './findings.js';

interface ReadState {
  esc: Escalation[];
  program: boolean;
  info: boolean;
  other: boolean;
  stop: boolean;
}

// Reads one option word at args[i]; returns how many words it used.
function readOption(name: string, syntax: InterpreterSyntax, args: readonly string[], i: number, s: ReadState): number {
  const word = args[i]!;
  const long = word.startsWith('--');
  const pieces = long ? [word.slice(2).split('=')[0]!] : [...word.slice(1)];
  for (let j = 0; j < pieces.length; j += 1) {
    const key = pieces[j]!;
    const glued = long ? (word.includes('=') ? word.slice(word.indexOf('=') + 1) : null) : j + 1 < pieces.length ? word.slice(j + 2) : null;
    const takesValue = syntax.code.includes(key) || syntax.module.includes(key) || syntax.value.includes(key);
    const value = takesValue ? (glued !== null && glued !== '' ? glued : (args[i + 1] ?? null)) : null;
    const used = takesValue && (glued === null || glued === '') ? 2 : 1;
    if (syntax.info.includes(key)) s.info = true;
    else s.other = true;
    if (syntax.code.includes(key)) {
      s.esc.push({ reason: `${name} ${long ? '--' : '-'}${key} runs inline code`, cover: value });
      s.program = true;
      s.stop = syntax.codeEndsOptions;
      return used;
    }
    if (syntax.module.includes(key)) {
      s.esc.push({ reason: `${name} ${long ? '--' : '-'}${key} loads code from ${value ?? '(missing)'}`, cover: value });
      if (syntax.codeEndsOptions) [s.program, s.stop] = [true, true];
      return used;
    }
    if (syntax.value.includes(key)) return used;
    if (syntax.optionalGlued.includes(key)) {
      if (syntax.writes.includes(key)) s.esc.push({ reason: `${name} -${key} edits files in place`, cover: `-${key}` });
      return 1;
    }
    if (!syntax.flags.includes(key) && !syntax.info.includes(key)) s.esc.push({ reason: `${name}: unknown option ${long ? '--' : '-'}${key}`, cover: null });
  }
  return 1;
}

// Findings for a classic interpreter.
function classic(name: string, syntax: InterpreterSyntax, args: readonly string[]): ToolFindings {
  const s: ReadState = { esc: [], program: false, info: false, other: false, stop: false };
  let i = 0;
  while (i < args.length && !s.stop) {
    const word = args[i]!;
    if (word === '--') {
      i += 1;
      break;
    }
    if (word === '-' || !word.startsWith('-')) break;
    i += readOption(name, syntax, args, i, s);
  }
  if (s.program) return escalationsOnly(s.esc);
  const script = args[i];
  if (script === '-') s.esc.push({ reason: `${name} reads a program from standard input`, cover: '-' });
  else if (script !== undefined) s.esc.push({ reason: `${name} runs the script ${script}`, cover: script });
  else if (!s.info || s.other) s.esc.push({ reason: `${name} reads a program from standard input`, cover: null });
  return escalationsOnly(s.esc);
}

// Findings for runtimes with subcommands (deno, bun, npx): code, package or script.
function runtime(name: string, code: readonly string[], args: readonly string[]): ToolFindings {
  if (args.length === 1 && ['--version', '-V', '-v', '--help', '-h'].includes(args[0]!)) return escalationsOnly([]);
  const esc: Escalation[] = [];
  const at = args.findIndex((a) => code.includes(a.split('=')[0]!));
  const operands = args.filter((a) => !a.startsWith('-') && !['run', 'x', 'exec', 'eval'].includes(a));
  if (at !== -1) {
    const word = args[at]!;
    const value = word.includes('=') ? word.slice(word.indexOf('=') + 1) : (args[at + 1] ?? null);
    esc.push({ reason: `${name} ${word.split('=')[0]} runs inline code`, cover: value });
  } else if (args[0] === 'eval') esc.push({ reason: `${name} eval runs inline code`, cover: args[1] ?? null });
  else esc.push({ reason: `${name} runs code from ${operands[0] ?? 'standard input'}`, cover: operands[0] ?? null });
  if (args.some((a, k) => a.startsWith('-') && k !== at)) esc.push({ reason: `${name}: options that may change which code runs`, cover: null });
  return escalationsOnly(esc);
}

/** Findings for an interpreter or runtime, or null when `name` is neither. */
export function interpreterFindings(name: string, args: readonly string[]): ToolFindings | null {
  const syntax = INTERPRETERS.find((entry) => entry.names.test(name));
  if (syntax !== undefined) return classic(name, syntax, args);
  const rt = Object.hasOwn(RUNTIMES, name) ? RUNTIMES[name] : undefined;
  return rt === undefined ? null : runtime(name, rt.code, args);
}
