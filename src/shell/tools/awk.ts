// awk, gawk, mawk, nawk: programs that run commands (system(), pipes to or from commands),
// write files (print > file), load code (@load, @include, -f, -l) or open network files
// (/inet) escalate; the cover is the exact program text (SPEC §4.3). Unknown options escalate.
import type { Escalation } from '../types.js';
import { awkProgramDangers } from './awk-program.js';
import { escalationsOnly, type ToolFindings } from './findings.js';

/** Options taking a harmless value. */
const VALUE_OPTIONS = new Set(['-F', '-v', '--field-separator', '--assign']);
/** Options that load or run code from files (value is the file). */
const FILE_OPTIONS = new Set(['-f', '--file', '-E', '--exec', '-i', '--include', '-l', '--load']);
/** Options that write files. */
const WRITE_OPTIONS = new Set(['-o', '--pretty-print', '-p', '--profile', '-d', '--dump-variables']);
/** Options whose value is program text. */
const SOURCE_OPTIONS = new Set(['-e', '--source']);

// Escalations for one program text; the cover is the exact program.
function programDangers(program: string): Escalation[] {
  return awkProgramDangers(program).map((reason) => ({ reason, cover: program }));
}

/** Escalations for `awk ARGS` (any awk). */
export function awkFindings(name: string, args: readonly string[]): ToolFindings {
  const esc: Escalation[] = [];
  let hasProgram = false;
  let i = 0;
  while (i < args.length) {
    const word = args[i]!;
    if (word === '--') {
      i += 1;
      break;
    }
    if (!word.startsWith('-') || word === '-') break;
    const long = word.startsWith('--');
    const key = long ? word.split('=')[0]! : word.slice(0, 2);
    const glued = long ? (word.includes('=') ? word.slice(word.indexOf('=') + 1) : null) : word.length > 2 ? word.slice(2) : null;
    const value = glued ?? args[i + 1] ?? null;
    const used = glued === null ? 2 : 1;
    if (VALUE_OPTIONS.has(key)) i += used;
    else if (FILE_OPTIONS.has(key)) {
      esc.push({ reason: `${name} ${key} runs or loads code from a file`, cover: value });
      hasProgram = hasProgram || key === '-f' || key === '--file' || key === '-E' || key === '--exec';
      i += used;
    } else if (SOURCE_OPTIONS.has(key)) {
      esc.push(...programDangers(value ?? ''));
      hasProgram = true;
      i += used;
    } else if (WRITE_OPTIONS.has(key)) {
      esc.push({ reason: `${name} ${key} writes a file`, cover: key });
      i += 1;
    } else {
      esc.push({ reason: `${name}: unknown option ${word}`, cover: null });
      i += 1;
    }
  }
  if (!hasProgram) {
    const program = args[i];
    if (program === undefined) esc.push({ reason: `${name} without a program`, cover: null });
    else esc.push(...programDangers(program));
  }
  return escalationsOnly(esc);
}
