// Reads an awk program far enough to find what runs commands or touches other files:
// system(), pipes (`| "cmd"`, `"cmd" | getline`), getline from files, output redirection in
// print/printf, @-directives and indirect calls, /inet network files (gawk manual §4-§9).
// String and regex literals are blanked first, so `/a|b/` or `"x > y"` are not mistaken for
// pipes or redirections. When in doubt the reader reports a danger.

// Replaces string and regex literal contents with spaces; returns null if a literal never ends.
function blankLiterals(program: string): string | null {
  let out = '';
  let prev = '';
  for (let i = 0; i < program.length; i += 1) {
    const ch = program[i]!;
    const regexStart = ch === '/' && !/[A-Za-z0-9_)\]$.]/.test(prev);
    if (ch === '"' || regexStart) {
      let k = i + 1;
      while (k < program.length && program[k] !== ch) k += program[k] === '\\' ? 2 : 1;
      if (k >= program.length) return null;
      out += `${ch}${' '.repeat(k - i - 1)}${ch}`;
      i = k;
      prev = ch;
      continue;
    }
    if (ch === '#') {
      const end = program.indexOf('\n', i);
      i = end === -1 ? program.length : end - 1;
      continue;
    }
    out += ch;
    if (!/\s/.test(ch)) prev = ch;
  }
  return out;
}

// True when a print/printf statement in `code` redirects its output (`>`, `>>`, `|`).
function printRedirects(code: string): boolean {
  const re = /\bprintf?\b/g;
  for (let m = re.exec(code); m !== null; m = re.exec(code)) {
    let depth = 0;
    for (let k = m.index + m[0].length; k < code.length; k += 1) {
      const ch = code[k]!;
      if (ch === '(') depth += 1;
      else if (ch === ')') depth -= 1;
      else if (depth <= 0 && (ch === ';' || ch === '}' || ch === '\n')) break;
      else if (depth <= 0 && (ch === '>' || ch === '|')) return true;
    }
  }
  return false;
}

/** Why the program may run commands or touch other files (empty when it cannot). */
export function awkProgramDangers(program: string): string[] {
  const code = blankLiterals(program);
  if (code === null) return ['awk program could not be read with certainty'];
  const dangers: string[] = [];
  if (/\bsystem\b/.test(code)) dangers.push('awk system() runs a command');
  if (/\|(?!\|)/.test(code.replace(/\|\|/g, '  '))) dangers.push('awk pipes to or from a command');
  if (/\bgetline\b/.test(code)) dangers.push('awk getline reads other files or command output');
  if (/@/.test(code)) dangers.push('awk @-directive or indirect call can load code or call system()');
  if (printRedirects(code)) dangers.push('awk print > file writes a file');
  if (/\/inet/.test(program)) dangers.push('awk /inet special files open network connections');
  return dangers;
}
