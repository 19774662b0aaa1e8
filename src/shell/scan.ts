// Finds where a bash expansion inside a word ends: `$(…)`, `$((…))`, `${…}`, `$[…]`, `` `…` ``.
// Used by the word decoder to step over text it will not evaluate. Returns -1 when the end
// cannot be found, which the decoder reports as a parser disagreement.

// Index just after the quote that closes a quoted run starting at `i` (which holds the quote).
function skipQuoted(raw: string, i: number): number {
  const quote = raw[i]!;
  let k = i + 1;
  while (k < raw.length) {
    const ch = raw[k]!;
    if (ch === '\\' && quote !== "'") k += 2;
    else if (ch === quote) return k + 1;
    else if (quote === '"' && ch === '$' && (raw[k + 1] === '(' || raw[k + 1] === '{')) {
      k = skipExpansion(raw, k);
      if (k === -1) return -1;
    } else k += 1;
  }
  return -1;
}

// Index just after the bracket that closes the group opened at raw[i] (one of `( { [`).
function skipGroup(raw: string, i: number): number {
  const open = raw[i]!;
  const close = open === '(' ? ')' : open === '{' ? '}' : ']';
  let depth = 0;
  let k = i;
  while (k < raw.length) {
    const ch = raw[k]!;
    if (ch === '\\') k += 2;
    else if (ch === "'" || ch === '"' || ch === '`') {
      k = ch === '`' ? skipBacktick(raw, k) : skipQuoted(raw, k);
      if (k === -1) return -1;
    } else {
      if (ch === open) depth += 1;
      else if (ch === close) {
        depth -= 1;
        if (depth === 0) return k + 1;
      }
      k += 1;
    }
  }
  return -1;
}

/** Index just after the closing backtick of a command substitution opened at raw[i]. */
export function skipBacktick(raw: string, i: number): number {
  let k = i + 1;
  while (k < raw.length) {
    if (raw[k] === '\\') k += 2;
    else if (raw[k] === '`') return k + 1;
    else k += 1;
  }
  return -1;
}

/**
 * Index just after the expansion that starts with `$` at raw[i]; i + 1 for a `$` that bash
 * keeps literally. Returns -1 when the expansion does not end inside `raw`.
 */
export function skipExpansion(raw: string, i: number): number {
  const next = raw[i + 1];
  if (next === '(' || next === '{' || next === '[') return skipGroup(raw, i + 1);
  if (next === undefined) return i + 1;
  if (/[A-Za-z_]/.test(next)) {
    let k = i + 2;
    while (k < raw.length && /[A-Za-z0-9_]/.test(raw[k]!)) k += 1;
    return k;
  }
  if (/[0-9@*#?$!-]/.test(next)) return i + 2;
  return i + 1;
}

/** True when `$` at raw[i] starts an expansion (rather than being a literal dollar). */
export function startsExpansion(raw: string, i: number): boolean {
  const next = raw[i + 1];
  return next !== undefined && /[({[A-Za-z_0-9@*#?$!-]/.test(next);
}
