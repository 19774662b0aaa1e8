// A deliberately coarse second reading of a shell line, used only when the grammar's tree is in
// doubt (parse errors, joined tokens, unparsed text). It splits at every operator bash could
// see and yields more, never fewer, command words, so deny rules still reach commands the
// tree may have hidden. Its results only ever add candidates to a request that already needs
// approval.
import { decodeWord } from './word.js';

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'case', 'esac', 'in', 'function', 'time', '!', '{', '}', '[[', ']]', 'coproc', 'select']);
const BREAKS = new Set(['\n', ';', '&', '|', '(', ')', '`']);

// Removes backslash-newline everywhere except inside single quotes, as bash's reader does.
function joinContinuations(text: string): string {
  let out = '';
  let single = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (ch === "'" && (single || text[i - 1] !== '\\')) single = !single;
    if (!single && ch === '\\' && text[i + 1] === '\n') {
      i += 1;
      continue;
    }
    out += ch;
  }
  return out;
}

// Turns raw words into argv: reserved words and leading assignments dropped, words decoded.
function finish(raw: string[]): string[] {
  let start = 0;
  while (start < raw.length && (RESERVED.has(raw[start]!) || /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(raw[start]!))) start += 1;
  return raw.slice(start).map((word) => decodeWord(word).value);
}

// Index after a quoted run starting at i; the inside of double quotes is scanned too.
function quotedEnd(text: string, i: number, nested: string[][]): number {
  const quote = text[i]!;
  let k = i + 1;
  while (k < text.length && text[k] !== quote) k += quote === '"' && text[k] === '\\' ? 2 : 1;
  if (quote === '"') nested.push(...roughCommands(text.slice(i + 1, k)));
  return Math.min(k + 1, text.length);
}

/** Every plausible command argv in `text`, split at any character that could end a command. */
export function roughCommands(input: string): string[][] {
  const text = joinContinuations(input);
  const commands: string[][] = [];
  const nested: string[][] = [];
  let words: string[] = [];
  let word = '';
  let skipTarget = false;
  const endWord = (): void => {
    if (word !== '' && !skipTarget) words.push(word);
    if (word !== '') skipTarget = false;
    word = '';
  };
  const endCommand = (): void => {
    endWord();
    const argv = finish(words);
    if (argv.length > 0) commands.push(argv);
    words = [];
  };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t') endWord();
    else if (BREAKS.has(ch) || (ch === '$' && text[i + 1] === '(')) {
      endCommand();
      if (ch === '$') i += 1;
    } else if (ch === '<' || ch === '>') {
      if (/^[0-9]+$/.test(word)) word = '';
      endWord();
      const start = i;
      while (i + 1 < text.length && /[<>&|\-0-9]/.test(text[i + 1]!)) i += 1;
      skipTarget = !/&[0-9-]+$/.test(text.slice(start, i + 1));
    } else if (ch === '#' && word === '') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i += 1;
    } else if (ch === "'" || ch === '"') {
      const end = quotedEnd(text, i, nested);
      word += text.slice(i, end);
      i = end - 1;
    } else if (ch === '\\') {
      word += text.slice(i, i + 2);
      i += 1;
    } else word += ch;
  }
  endCommand();
  return [...commands, ...nested];
}
