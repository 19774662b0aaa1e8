// Decodes the body of a bash ANSI-C string `$'…'` the way bash does (bash(1) QUOTING).
// MUST hold:
//   1. The result is exactly what bash puts in argv, or `fixed` is false.
//   2. Escapes whose result depends on the locale (\u, \U, bytes >= 0x80) are not fixed.
//   3. A NUL ends the string: bash drops the rest of this quoted part.

export interface AnsiC {
  value: string;
  /** False when bash's result depends on the locale or cannot be a JS string. */
  fixed: boolean;
}

const SIMPLE: Readonly<Record<string, string>> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  '\\': '\\', "'": "'", '"': '"', '?': '?',
};

// Reads up to `max` digits of `radix` starting at i; returns [value, digits used].
function readDigits(body: string, i: number, max: number, radix: number): [number, number] {
  const allowed = radix === 8 ? /[0-7]/ : /[0-9a-fA-F]/;
  let n = 0;
  while (n < max && i + n < body.length && allowed.test(body[i + n]!)) n += 1;
  return n === 0 ? [0, 0] : [parseInt(body.slice(i, i + n), radix), n];
}

/** Decodes `body` (the text between `$'` and `'`). */
export function decodeAnsiC(body: string): AnsiC {
  let value = '';
  let fixed = true;
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i]!;
    if (ch !== '\\' || i + 1 >= body.length) {
      value += ch;
      continue;
    }
    const next = body[i + 1]!;
    let code: number | null = null;
    let used = 1;
    if (Object.hasOwn(SIMPLE, next)) {
      value += SIMPLE[next];
      i += 1;
      continue;
    }
    if (/[0-7]/.test(next)) [code, used] = readDigits(body, i + 1, 3, 8);
    else if (next === 'x') {
      const [n, digits] = readDigits(body, i + 2, 2, 16);
      if (digits === 0) {
        value += '\\x';
        i += 1;
        continue;
      }
      [code, used] = [n, digits + 1];
    } else if (next === 'u' || next === 'U') {
      const [, digits] = readDigits(body, i + 2, next === 'u' ? 4 : 8, 16);
      if (digits > 0) fixed = false;
      value += body.slice(i, i + 2 + digits);
      i += 1 + digits;
      continue;
    } else if (next === 'c' && i + 2 < body.length) {
      const target = body[i + 2]!;
      code = target === '?' ? 0x7f : target.toUpperCase().charCodeAt(0) & 0x1f;
      used = 2;
      if (target === '\\' && body[i + 3] === '\\') used = 3;
    } else {
      value += `\\${next}`;
      i += 1;
      continue;
    }
    i += used;
    if (code === 0) return { value, fixed };
    if (code >= 0x80) fixed = false;
    value += String.fromCharCode(code);
  }
  return { value, fixed };
}
