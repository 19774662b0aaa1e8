// Argument vectors as one line for people: shell-style quoting, and every control or
// invisible character escaped so what is shown is what would run (SPEC §4.3, §5.2).

/** Code point ranges shown escaped: C0/C1 controls, DEL, line separators, BiDi controls,
 * zero-width and other invisible format characters, fillers, variation selectors, tags. */
const INVISIBLE: readonly [number, number][] = [
  [0x0000, 0x001f],
  [0x007f, 0x009f],
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x2028, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff9, 0xfffb],
  [0xe0000, 0xe0fff],
];

// True for a code point that would not be seen, or would move or hide other text.
function isInvisible(code: number): boolean {
  return INVISIBLE.some(([low, high]) => code >= low && code <= high);
}

/** The text with each invisible character written as `\xHH` or `\u{HHHH}`. */
export function escapeInvisible(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (!isInvisible(code)) out += char;
    else out += code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  }
  return out;
}

// One word, quoted when the shell would otherwise read it differently.
function displayWord(word: string): string {
  if (escapeInvisible(word) !== word) return `$'${escapeInvisible(word.replace(/[\\']/g, (c) => `\\${c}`))}'`;
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** argv as one shell-quoted, escaped line. */
export function displayArgv(argv: readonly string[]): string {
  return argv.map(displayWord).join(' ');
}
