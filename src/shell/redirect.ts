// Judges redirections (SPEC §4.4): fd duplication (`2>&1`, `>&-`) and /dev/null are fine; any
// other output is a file write, any other input a file read; both need approval. Words the
// grammar attaches to a redirection (`echo >f b`) are still arguments of the command.
import { kids, type SyntaxNode } from './parser.js';
import { snippet, type SimpleCommand, type WalkState } from './walk-types.js';
import { decodeWord } from './word.js';

const OUTPUT = new Set(['>', '>>', '>|', '&>', '&>>', '<>']);
const DUP = new Set(['>&', '<&']);
const CLOSE = new Set(['>&-', '<&-']);
const WORDISH = new Set(['word', 'string', 'raw_string', 'ansi_c_string', 'concatenation', 'number', 'simple_expansion', 'expansion', 'command_substitution', 'arithmetic_expansion', 'translated_string']);

// The decoded value of a redirection target, reporting anything not fixed.
function target(state: WalkState, node: SyntaxNode): string | null {
  const decoded = decodeWord(state.text.slice(node.startIndex, node.endIndex), state.dialect);
  state.nested(node);
  if (decoded.doubt) state.doubt = true;
  if (decoded.problems.length > 0 || decoded.glob) {
    state.reasons.push(`redirection target ${snippet(node.text)} is not fixed by the text`);
    return null;
  }
  return decoded.value;
}

// A file redirection: `>file`, `2>&1`, `<in`, `&>/dev/null`.
function fileRedirect(state: WalkState, node: SyntaxNode, extra: SyntaxNode[]): void {
  const operator = kids(node).find((c) => !c.isNamed)?.type ?? '';
  const words = kids(node).filter((c) => c.isNamed && c.type !== 'file_descriptor');
  const dest = words[0];
  extra.push(...words.slice(1));
  if (CLOSE.has(operator)) return;
  if (dest === undefined) {
    state.reasons.push(`redirection ${snippet(node.text)} without a target`);
    return;
  }
  const value = target(state, dest);
  if (value === null) return;
  if (DUP.has(operator) && /^(\d+|-)$/.test(value)) return;
  if (value === '/dev/null') return;
  if (operator === '<' || operator === '<&') state.reasons.push(`redirection reads file ${snippet(value)} as input`);
  else if (OUTPUT.has(operator) || operator === '>&') state.reasons.push(`redirection writes file ${snippet(value)}`);
  else state.reasons.push(`unrecognised redirection ${snippet(node.text)}`);
}

// A here-document: input is fine; expansions in an unquoted body are not.
function heredoc(state: WalkState, node: SyntaxNode, extra: SyntaxNode[], command: SimpleCommand | null): void {
  const start = kids(node).find((c) => c.type === 'heredoc_start');
  const quoted = start !== undefined && /['"\\]/.test(start.text);
  const operator = kids(node)[0]?.type ?? '<<';
  for (const child of kids(node)) {
    if (child.type === 'heredoc_body') {
      const body = state.text.slice(child.startIndex, child.endIndex);
      if (!quoted && /[$`]/.test(body)) state.reasons.push('expansion or substitution inside a here-document');
      state.nested(child);
      if (command !== null) command.stdinText = quoted || !/[$`\\]/.test(body) ? (operator === '<<-' ? body.replace(/^\t+/gm, '') : body) : null;
    } else if (WORDISH.has(child.type)) extra.push(child);
    else if (child.type === 'file_redirect') fileRedirect(state, child, extra);
    else if (child.type === 'herestring_redirect') hereString(state, child, command);
    else if (child.isNamed && !['heredoc_start', 'heredoc_end', 'file_descriptor'].includes(child.type)) state.visit(child);
  }
}

// A here-string `<<< word`: fine when the word is fixed.
function hereString(state: WalkState, node: SyntaxNode, command: SimpleCommand | null): void {
  const word = kids(node).find((c) => c.isNamed && c.type !== 'file_descriptor');
  if (word === undefined) return;
  const value = target(state, word);
  if (command !== null) command.stdinText = value === null ? null : `${value}\n`;
}

/**
 * Judges one redirection node. Words that belong to the command (bash reads `cmd >f b` as
 * `cmd b >f`) are returned so the caller can append them to argv.
 */
export function judgeRedirect(state: WalkState, node: SyntaxNode, command: SimpleCommand | null): SyntaxNode[] {
  const extra: SyntaxNode[] = [];
  if (command !== null) command.redirected = true;
  if (node.type === 'file_redirect') fileRedirect(state, node, extra);
  else if (node.type === 'heredoc_redirect') heredoc(state, node, extra, command);
  else if (node.type === 'herestring_redirect') hereString(state, node, command);
  else {
    state.reasons.push(`unrecognised redirection ${snippet(node.text)}`);
    state.doubt = true;
  }
  return extra;
}
