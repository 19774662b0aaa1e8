// Characters a person cannot see, that look like something they are not (Unicode spaces), or
// that rewrite what a terminal shows. Any of them in a
// request escalates it, and every place that shows argv to a person escapes them (SPEC §4.3).
// Line feed is deliberately absent: it is visible as a line break, multi-line quoted strings
// are ordinary, and displays escape it anyway (see escapeInvisible).

/** An inclusive range of code points with why it is listed. */
export interface InvisibleRange {
  from: number;
  to: number;
  name: string;
  source: string;
}

export const INVISIBLE_RANGES: readonly InvisibleRange[] = [
  { from: 0x00, to: 0x08, name: 'C0 control', source: 'ECMA-48; terminal control bytes rewrite what is shown' },
  { from: 0x0b, to: 0x1f, name: 'C0 control', source: 'ECMA-48; CR and ESC can overwrite a displayed line' },
  { from: 0x7f, to: 0x7f, name: 'DEL', source: 'ECMA-48' },
  { from: 0x80, to: 0x9f, name: 'C1 control', source: 'ECMA-48; CSI (U+009B) starts escape sequences on some terminals' },
  { from: 0xa0, to: 0xa0, name: 'no-break space', source: 'Unicode TR36 §2.1 (spaces that look like a word break but are not one)' },
  { from: 0xad, to: 0xad, name: 'soft hyphen', source: 'Unicode TR36 §2 (invisible format character)' },
  { from: 0x34f, to: 0x34f, name: 'combining grapheme joiner', source: 'Unicode TR36 (default-ignorable)' },
  { from: 0x61c, to: 0x61c, name: 'Arabic letter mark (BiDi)', source: 'Trojan Source, CVE-2021-42574' },
  { from: 0x115f, to: 0x1160, name: 'Hangul filler', source: 'Unicode default-ignorable code points' },
  { from: 0x1680, to: 0x1680, name: 'Ogham space mark', source: 'Unicode TR36 §2.1 (spaces that look like a word break but are not one)' },
  { from: 0x17b4, to: 0x17b5, name: 'Khmer inherent vowel', source: 'Unicode default-ignorable code points' },
  { from: 0x180b, to: 0x180f, name: 'Mongolian variation selector', source: 'Unicode default-ignorable code points' },
  { from: 0x2000, to: 0x200a, name: 'Unicode space', source: 'Unicode TR36 §2.1 (spaces that look like a word break but are not one)' },
  { from: 0x200b, to: 0x200d, name: 'zero-width space/joiner', source: 'Unicode TR36 §2; zero-width smuggling reports' },
  { from: 0x200e, to: 0x200f, name: 'LRM/RLM (BiDi)', source: 'Trojan Source, CVE-2021-42574' },
  { from: 0x2028, to: 0x2029, name: 'line/paragraph separator', source: 'Unicode TR36; renders as a line break' },
  { from: 0x202a, to: 0x202e, name: 'BiDi embedding/override', source: 'Trojan Source, CVE-2021-42574' },
  { from: 0x202f, to: 0x202f, name: 'narrow no-break space', source: 'Unicode TR36 §2.1 (spaces that look like a word break but are not one)' },
  { from: 0x205f, to: 0x205f, name: 'medium mathematical space', source: 'Unicode TR36 §2.1 (spaces that look like a word break but are not one)' },
  { from: 0x2060, to: 0x2064, name: 'word joiner/invisible operators', source: 'Unicode default-ignorable code points' },
  { from: 0x2066, to: 0x2069, name: 'BiDi isolate', source: 'Trojan Source, CVE-2021-42574' },
  { from: 0x206a, to: 0x206f, name: 'deprecated format characters', source: 'Unicode default-ignorable code points' },
  { from: 0x3000, to: 0x3000, name: 'ideographic space', source: 'Unicode TR36 §2.1 (spaces that look like a word break but are not one)' },
  { from: 0x3164, to: 0x3164, name: 'Hangul filler', source: 'Unicode default-ignorable code points' },
  { from: 0xfe00, to: 0xfe0f, name: 'variation selector', source: 'Unicode default-ignorable code points' },
  { from: 0xfeff, to: 0xfeff, name: 'zero-width no-break space (BOM)', source: 'Unicode TR36 §2' },
  { from: 0xffa0, to: 0xffa0, name: 'halfwidth Hangul filler', source: 'Unicode default-ignorable code points' },
  { from: 0xfff9, to: 0xfffb, name: 'interlinear annotation', source: 'Unicode default-ignorable code points' },
  { from: 0x1d173, to: 0x1d17a, name: 'musical format characters', source: 'Unicode default-ignorable code points' },
  { from: 0xe0000, to: 0xe0fff, name: 'tag/variation selector', source: '"ASCII smuggling" with Unicode tag characters (2024 reports)' },
];

/** Short escapes people recognise, used before the generic \u{…} form. */
export const NAMED_ESCAPES: Readonly<Record<number, string>> = {
  0x07: '\\a',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
  0x1b: '\\x1b',
};
