// Reads a shell's command line: `bash -lc SCRIPT`, `sh -e -c SCRIPT`, `bash -o pipefail -c …`,
// `bash script.sh`, `bash -s` (SPEC §4.3). Only a -c script is judged as a line; a script file
// or standard input is opaque, so it escalates.
import { SAFE_SET_OPTIONS, SHELLS, type ShellSyntax } from '../knowledge/shells.js';
import type { Escalation } from './types.js';
import type { Dialect } from './word.js';

export interface ShellInvocation {
  /** `script`: -c with the script; `file`: a script file; `stdin`: commands from standard input. */
  mode: 'script' | 'file' | 'stdin';
  script: string | null;
  file: string | null;
  dialect: Dialect;
  escalations: Escalation[];
}

/** The shell syntax for a program name, if it is a shell. */
export function shellSyntaxFor(name: string): ShellSyntax | undefined {
  return Object.hasOwn(SHELLS, name) ? SHELLS[name] : undefined;
}

// Reads one `-xyz` or `+xyz` cluster; returns how many words it used.
function readCluster(shell: string, syntax: ShellSyntax, args: readonly string[], i: number, state: { c: boolean; s: boolean; esc: Escalation[] }): number {
  const word = args[i]!;
  const sign = word[0]!;
  let used = 1;
  for (const letter of word.slice(1)) {
    const spelled = `${sign}${letter}`;
    if (letter === 'c' && sign === '-') state.c = true;
    else if (letter === 's' && sign === '-') state.s = true;
    else if (letter === 'o') {
      const value = args[i + used];
      used += 1;
      if (value === undefined || !SAFE_SET_OPTIONS.includes(value)) state.esc.push({ reason: `${shell} ${spelled} ${value ?? ''}: shell option not known to be harmless`.trim(), cover: null });
    } else if (letter === 'O') {
      used += 1;
      state.esc.push({ reason: `${shell} ${spelled}: ${syntax.escalate['-O'] ?? 'shell option'}`, cover: null });
    } else if (Object.hasOwn(syntax.escalate, `-${letter}`)) state.esc.push({ reason: `${shell} ${spelled}: ${syntax.escalate[`-${letter}`]}`, cover: null });
    else if (!syntax.flags.includes(letter)) state.esc.push({ reason: `${shell}: unknown option ${spelled}`, cover: null });
  }
  return used;
}

/** Reads `args` (argv without the shell name) of the shell `name`. */
export function readShellInvocation(name: string, syntax: ShellSyntax, args: readonly string[]): ShellInvocation {
  const state = { c: false, s: false, esc: [] as Escalation[] };
  let i = 0;
  while (i < args.length) {
    const word = args[i]!;
    if (word === '--' || word === '-') {
      i += 1;
      break;
    }
    if (word.startsWith('--') && word.length > 2) {
      const long = word.slice(2);
      if (!Object.hasOwn(syntax.long, long)) state.esc.push({ reason: `${name}: unknown option ${word}`, cover: null });
      else if (Object.hasOwn(syntax.escalate, word)) state.esc.push({ reason: `${name} ${word}: ${syntax.escalate[word]}`, cover: null });
      i += syntax.long[long] === true ? 2 : 1;
    } else if ((word.startsWith('-') || word.startsWith('+')) && word.length > 1) {
      i += readCluster(name, syntax, args, i, state);
    } else break;
  }
  const operand = args[i];
  const base = { dialect: syntax.dialect, escalations: state.esc };
  if (state.c) {
    if (operand === undefined) state.esc.push({ reason: `${name} -c without a script`, cover: null });
    return { ...base, mode: 'script', script: operand ?? null, file: null };
  }
  if (state.s || operand === undefined) {
    state.esc.push({ reason: `${name} reads commands from standard input`, cover: state.s ? '-s' : null });
    return { ...base, mode: 'stdin', script: null, file: null };
  }
  state.esc.push({ reason: `${name} runs the script file ${operand}`, cover: operand });
  return { ...base, mode: 'file', script: null, file: operand };
}
