// Invisible and control characters: found anywhere, escaped for every display (SPEC §4.3, §5.2).
import { describe, expect, it } from 'vitest';
import { escapeInvisible, expandRequest, findInvisible } from '../../src/shell/expand.js';
import { settings } from '../helpers/settings.js';

const HIDDEN: readonly [string, string, string][] = [
  ['right-to-left override', 'a\u202eb', 'a\\u{202E}b'],
  ['left-to-right isolate', '\u2066x\u2069', '\\u{2066}x\\u{2069}'],
  ['LRM', 'x\u200e', 'x\\u{200E}'],
  ['Arabic letter mark', '\u061c', '\\u{061C}'],
  ['zero-width space', 'r\u200bm', 'r\\u{200B}m'],
  ['zero-width joiner', '\u200d', '\\u{200D}'],
  ['word joiner', '\u2060', '\\u{2060}'],
  ['BOM', '\ufeffls', '\\u{FEFF}ls'],
  ['escape', '\x1b[31m', '\\x1b[31m'],
  ['carriage return', 'a\rb', 'a\\rb'],
  ['NUL', 'a\0b', 'a\\x00b'],
  ['bell', '\x07', '\\a'],
  ['DEL', '\x7f', '\\x7f'],
  ['C1 CSI', '\u009b', '\\x9b'],
  ['tag character', 'x\u{E0041}', 'x\\u{E0041}'],
  ['lone surrogate', 'a\ud800', 'a\\u{D800}'],
];

describe('findInvisible', () => {
  it.each(HIDDEN)('reports %s', (_name, text) => {
    expect(findInvisible(text)).not.toBeNull();
  });

  it('accepts tab, line feed, visible Unicode and look-alikes (no normalisation)', () => {
    for (const text of ['a\tb', 'line1\nline2', 'héllo wörld', 'gіt', 'rm −rf', '日本語', '😀']) expect(findInvisible(text)).toBeNull();
  });
});

describe('escapeInvisible', () => {
  it.each(HIDDEN)('escapes %s', (_name, text, shown) => {
    expect(escapeInvisible(text)).toBe(shown);
  });

  it('escapes tab and line feed for display but leaves visible text unchanged', () => {
    expect(escapeInvisible('a\tb\nc')).toBe('a\\tb\\nc');
    expect(escapeInvisible('git commit -m "ünïcode ✓"')).toBe('git commit -m "ünïcode ✓"');
  });
});

describe('invisible characters escalate with cover null', () => {
  it.each(HIDDEN)('in argv: %s', async (_name, text) => {
    const expansion = await expandRequest({ argv: ['echo', text], shell: null }, settings);
    const escalations = expansion.candidates[0]!.escalations;
    expect(escalations.some((e) => e.cover === null && /invisible or control/.test(e.reason))).toBe(true);
  });

  it('in an environment prefix value and in the shell line', async () => {
    const line = 'LANG=C\u202e git status';
    const expansion = await expandRequest({ argv: [line], shell: line }, settings);
    expect(expansion.reasons.join(' ')).toMatch(/invisible or control character in the shell line/);
    expect(expansion.candidates[0]!.escalations.some((e) => /invisible/.test(e.reason) && e.cover === null)).toBe(true);
  });
});
