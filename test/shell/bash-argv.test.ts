// Cross-checks argv decoding against real bash: for tricky words, the argv computed from the
// parsed line must equal what `bash --noprofile --norc -c 'printf "%s\0" WORDS'` prints.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { expandRequest } from '../../src/shell/expand.js';
import { settings } from '../helpers/settings.js';

// Words whose value is fixed by the text (no expansion), written as shell source.
const FIXED_WORDS: readonly string[] = [
  'r""m', "'r'm", 'r\\m', '\\rm', '-e\\xec', '-ex""ec', "a' 'b", 'a\\ b', '"a\\"b"', '"a\\\\b"', '"a\\$b"', '"a\\qb"',
  '"a\\`b"', "'\\'", '\\\\', "\"it's\"", "'$HOME'", '"$"', '"a$"', '$', 'a$', '\\$HOME', '\\#x', 'a#b', '{}', '{a}',
  'a}b{c,d', "'{a,b}'", '\\{a,b\\}', "$'\\x41\\101\\e[0m'", "$'a\\'b'", "$'\\cA\\cz'", "$'ab\\x00cd'ef", "$'\\t'", "$'\\\\'",
  "$'\\q\\x'", "$'\\\"'", '"multi\nline"', "'single\nline'", '-O"sh -c id"', "-O'sh -c id'", '--output="/tmp/x y"',
  "x'\"'y", '"\'"', "''", '""', 'é"ü"', "$'\\x72\\x6d'",
];

/** Words the grammar misreads when more follows on the line; the analysis must then fail closed. */
const GRAMMAR_QUIRKS: readonly string[] = ["$'\\\\'", 'a$%b'];

// Runs real bash on `printf '%s\0' WORDS` and returns the words it printed.
function bashWords(words: readonly string[]): string[] {
  const script = `printf '%s\\0' ${words.join(' ')}`;
  const result = spawnSync('bash', ['--noprofile', '--norc', '-c', script], { env: { LANG: 'C.UTF-8', PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split('\0').slice(0, -1);
}

// Our argv for the same line (the printf candidate's arguments).
async function ourWords(words: readonly string[]): Promise<{ words: string[]; reasons: string[] }> {
  const line = `printf '%s\\0' ${words.join(' ')}`;
  const expansion = await expandRequest({ argv: [line], shell: line }, settings);
  const printf = expansion.candidates.find((c) => c.argv[0] === 'printf');
  return { words: printf?.argv.slice(2) ?? [], reasons: expansion.reasons };
}

describe('argv decoding matches real bash', () => {
  it.each(FIXED_WORDS.map((w) => [JSON.stringify(w), w] as const))('%s', async (_name, word) => {
    const ours = await ourWords([word]);
    expect(ours.words).toEqual(bashWords([word]));
  });

  it('decodes all the words together in one line exactly as bash does', async () => {
    const words = FIXED_WORDS.filter((w) => !GRAMMAR_QUIRKS.includes(w));
    const ours = await ourWords(words);
    expect(ours.words).toEqual(bashWords(words));
    expect(ours.reasons).toEqual([]);
  });

  it.each(GRAMMAR_QUIRKS.map((w) => [JSON.stringify(w), w] as const))('fails closed where the grammar misreads %s, still offering bash\'s argv', async (_name, word) => {
    const line = `printf '%s\\0' ${word} 'tail'`;
    const expansion = await expandRequest({ argv: [line], shell: line }, settings);
    expect(expansion.reasons.length).toBeGreaterThan(0);
    expect(expansion.candidates.map((c) => c.argv.slice(2))).toContainEqual(bashWords([word, 'tail']));
  });

  it('computes the joined word bash builds across a line continuation, and flags the join', async () => {
    const words = ['"a\\\nb"', 'r\\\nm'];
    const ours = await ourWords(words);
    expect(ours.reasons.join(' ')).toMatch(/line continuation/);
    expect(bashWords(words)).toEqual(['ab', 'rm']);
    expect(ours.words[0]).toBe('ab');
  });
});
