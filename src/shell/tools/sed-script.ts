// Reads a GNU sed script far enough to find commands that run programs or touch files:
// `e`, `w`, `W`, `r`, `R`, and the `e` and `w` flags of `s` (sed(1), GNU sed manual §3).
// Anything it cannot read is reported as unsure, which escalates.

export interface SedScan {
  /** Human reasons, one per dangerous command found. */
  dangers: string[];
  /** The script has syntax this reader does not understand. */
  unsure: boolean;
}

const SIMPLE = new Set(['=', 'd', 'D', 'g', 'G', 'h', 'H', 'n', 'N', 'p', 'P', 'x', 'z', 'F']);
const NUMBERED = new Set(['l', 'L', 'q', 'Q']);
const LABELLED = new Set([':', 'b', 't', 'T', 'v']);
const TEXT = new Set(['a', 'i', 'c']);
const FILES: Readonly<Record<string, string>> = { r: 'reads a file', R: 'reads a file', w: 'writes a file', W: 'writes a file' };

class Reader {
  i = 0;
  readonly out: SedScan = { dangers: [], unsure: false };
  constructor(readonly s: string) {}

  // Skips to the end of the line (for commands whose argument runs to the newline).
  restOfLine(): string {
    const end = this.s.indexOf('\n', this.i);
    const text = this.s.slice(this.i, end === -1 ? this.s.length : end);
    this.i = end === -1 ? this.s.length : end;
    return text;
  }

  // Reads a delimited part (regex or replacement) ending at an unescaped `delim`.
  delimited(delim: string): boolean {
    while (this.i < this.s.length) {
      const ch = this.s[this.i]!;
      if (ch === '\\') this.i += 2;
      else if (ch === delim) {
        this.i += 1;
        return true;
      } else if (ch === '\n' && delim !== '\n') return false;
      else this.i += 1;
    }
    return false;
  }

  // Reads one address: number, first~step, $, /re/ or \cREc, with I/M modifiers.
  address(): void {
    const s = this.s;
    if (/[0-9]/.test(s[this.i] ?? '')) {
      while (/[0-9~]/.test(s[this.i] ?? '')) this.i += 1;
    } else if (s[this.i] === '$') this.i += 1;
    else if (s[this.i] === '/' || s[this.i] === '\\') {
      const delim = s[this.i] === '/' ? '/' : s[this.i + 1];
      this.i += s[this.i] === '/' ? 1 : 2;
      if (delim === undefined || !this.delimited(delim)) this.out.unsure = true;
      while (/[IM]/.test(s[this.i] ?? '')) this.i += 1;
    } else return;
  }

  // Reads `s/re/rep/flags`, reporting the e and w flags.
  substitute(): void {
    const delim = this.s[this.i];
    this.i += 1;
    if (delim === undefined || delim === '\n' || delim === '\\' || !this.delimited(delim) || !this.delimited(delim)) {
      this.out.unsure = true;
      return;
    }
    while (this.i < this.s.length && /[gpiImMe0-9w]/.test(this.s[this.i]!)) {
      const flag = this.s[this.i]!;
      this.i += 1;
      if (flag === 'e') this.out.dangers.push('sed s///e runs the pattern space as a command');
      if (flag === 'w') {
        this.out.dangers.push('sed s///w writes a file');
        this.restOfLine();
      }
    }
  }

  // Reads one command after its addresses.
  command(cmd: string): void {
    if (SIMPLE.has(cmd) || cmd === '{' || cmd === '}') return;
    if (NUMBERED.has(cmd)) {
      while (/[ \t0-9]/.test(this.s[this.i] ?? '')) this.i += 1;
    } else if (LABELLED.has(cmd)) {
      while (this.i < this.s.length && !/[;\n]/.test(this.s[this.i]!)) this.i += 1;
    } else if (TEXT.has(cmd)) {
      while (this.i < this.s.length && !(this.s[this.i] === '\n' && this.s[this.i - 1] !== '\\')) this.i += 1;
    } else if (Object.hasOwn(FILES, cmd)) {
      this.out.dangers.push(`sed ${cmd} ${FILES[cmd]}`);
      this.restOfLine();
    } else if (cmd === 'e') {
      this.out.dangers.push('sed e runs a command');
      this.restOfLine();
    } else if (cmd === 's') this.substitute();
    else if (cmd === 'y') {
      const delim = this.s[this.i];
      this.i += 1;
      if (delim === undefined || !this.delimited(delim) || !this.delimited(delim)) this.out.unsure = true;
    } else if (cmd === '#') this.restOfLine();
    else this.out.unsure = true;
  }

  read(): SedScan {
    while (this.i < this.s.length && !this.out.unsure) {
      while (/[ \t\n;]/.test(this.s[this.i] ?? '')) this.i += 1;
      if (this.i >= this.s.length) break;
      this.address();
      while (/[ \t]/.test(this.s[this.i] ?? '')) this.i += 1;
      if (this.s[this.i] === ',') {
        this.i += 1;
        if (this.s[this.i] === '+' || this.s[this.i] === '~') this.i += 1;
        this.address();
      }
      while (/[ \t!]/.test(this.s[this.i] ?? '')) this.i += 1;
      const cmd = this.s[this.i];
      if (cmd === undefined) break;
      this.i += 1;
      this.command(cmd);
    }
    return this.out;
  }
}

/** Scans a sed script for commands that run programs or read or write files. */
export function scanSedScript(script: string): SedScan {
  return new Reader(script).read();
}
