// Which word of a command names the script file an interpreter will read (SPEC §10): the first
// operand of a known shell or interpreter, after its options as the tool itself reads them.
// Pure: reads the option tables in src/knowledge/, never the disk.
// Invariants:
//   1. Inline code (`bash -c`, `python3 -c`, `perl -e`), a module (`python3 -m`) and standard
//      input (`bash -s`, `python3 -`) name no script file: the result is null.
//   2. An option that takes a value consumes it (`python3 -X dev x.py`: the script is x.py), in
//      every spelling the table knows: separate, glued (`-Xdev`) or `--name=value`.
//   3. Options the tables do not know are read as flags; the decision already makes such an
//      invocation need approval, and the approver sees the argv.
import { INTERPRETERS, type InterpreterSyntax } from '../knowledge/interpreter-options.js';
import { readShellInvocation, shellSyntaxFor } from '../shell/shell-invocation.js';

/** Options whose value is the script file itself, by interpreter name pattern. */
const SCRIPT_OPTIONS: readonly { names: RegExp; options: readonly string[]; source: string }[] = [
  { names: /^php(\d+(\.\d+)*)?$/, options: ['f', 'file'], source: 'php(1): -f file parses and executes the file' },
];

// The basename of a program word (`/usr/bin/python3` → `python3`).
function base(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

// Where a classic interpreter's script operand is, or null (invariants 1, 2).
function interpreterScript(name: string, syntax: InterpreterSyntax, args: readonly string[]): string | null {
  const scriptOption = SCRIPT_OPTIONS.find((entry) => entry.names.test(name))?.options ?? [];
  let i = 0;
  while (i < args.length) {
    const word = args[i]!;
    if (word === '--') return args[i + 1] ?? null;
    if (word === '-') return null;
    if (!word.startsWith('-')) return word;
    const long = word.startsWith('--');
    const pieces = long ? [word.slice(2).split('=')[0]!] : [...word.slice(1)];
    let used = 1;
    for (let j = 0; j < pieces.length; j += 1) {
      const key = pieces[j]!;
      const glued = long ? (word.includes('=') ? word.slice(word.indexOf('=') + 1) : '') : word.slice(j + 2);
      const value = glued !== '' ? glued : (args[i + 1] ?? null);
      if (scriptOption.includes(key)) return value;
      if (syntax.code.includes(key) || syntax.info.includes(key)) return null;
      if (syntax.module.includes(key) && syntax.codeEndsOptions) return null;
      if (syntax.module.includes(key) || syntax.value.includes(key)) {
        used = glued !== '' ? 1 : 2;
        break;
      }
      if (syntax.optionalGlued.includes(key)) break;
    }
    i += used;
  }
  return null;
}

/**
 * The word of `argv` naming the script file its program reads, or null when it reads none or
 * its program is not a shell or interpreter the tables know.
 */
export function scriptOperand(argv: readonly string[]): string | null {
  const name = base(argv[0] ?? '');
  const args = argv.slice(1);
  const shell = shellSyntaxFor(name);
  if (shell !== undefined) {
    const invocation = readShellInvocation(name, shell, args);
    return invocation.mode === 'file' ? invocation.file : null;
  }
  const syntax = INTERPRETERS.find((entry) => entry.names.test(name));
  return syntax === undefined ? null : interpreterScript(name, syntax, args);
}
