// Builds one simple command (argv, environment prefixes, redirections) from a `command` node,
// decoding every word from its source text as bash would (SPEC §4.4).
import { classifyGap } from './gaps.js';
import { kids, type SyntaxNode } from './parser.js';
import { judgeRedirect } from './redirect.js';
import { snippet, type SimpleCommand, type WalkState } from './walk-types.js';
import { decodeWord } from './word.js';

const REDIRECTS = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect']);

// Adds one word node to argv, reporting expansions, globs and boundary doubts.
function addWord(state: WalkState, command: SimpleCommand, node: SyntaxNode): void {
  const raw = state.text.slice(node.startIndex, node.endIndex);
  state.nested(node);
  if (hasDescendant(node, 'process_substitution')) {
    state.reasons.push(`process substitution ${snippet(raw)}`);
    command.argv.push(raw);
    return;
  }
  const decoded = decodeWord(raw, state.dialect);
  if (decoded.doubt) state.doubt = true;
  for (const problem of decoded.problems) state.reasons.push(`${problem} in ${snippet(raw)}`);
  if (decoded.glob) command.globs.push(command.argv.length);
  command.argv.push(decoded.value);
  if (decoded.problems.length === 0 || decoded.bare !== '') command.bare.push(decoded.problems.length === 0 ? decoded.value : decoded.bare);
}

// True if any node below `node` has the given type.
function hasDescendant(node: SyntaxNode, type: string): boolean {
  return node.descendantsOfType(type).length > 0;
}

// A `NAME=value` prefix: recorded as environment for the command.
function addAssignment(state: WalkState, command: SimpleCommand, node: SyntaxNode): void {
  const raw = state.text.slice(node.startIndex, node.endIndex);
  state.nested(node);
  const head = /^([A-Za-z_][A-Za-z0-9_]*)(\+?=)/s.exec(raw);
  if (head === null || head[2] === '+=') {
    state.reasons.push(`assignment ${snippet(raw)} is not a plain NAME=value`);
    return;
  }
  const decoded = decodeWord(raw.slice(head[0].length), state.dialect, true);
  if (decoded.doubt) state.doubt = true;
  for (const problem of decoded.problems) state.reasons.push(`${problem} in ${snippet(raw)}`);
  command.env.push([head[1]!, decoded.value]);
}

// Reports words that touch with no blank between them: bash would read them as one word.
function checkAdjacency(state: WalkState, nodes: readonly SyntaxNode[]): void {
  for (let i = 1; i < nodes.length; i += 1) {
    const prev = nodes[i - 1]!;
    const next = nodes[i]!;
    const gap = classifyGap(state.text.slice(prev.endIndex, next.startIndex));
    const bothWords = !REDIRECTS.has(prev.type) && !REDIRECTS.has(next.type);
    if (gap === 'joined') state.reasons.push(`line continuation joins tokens near ${snippet(prev.text)}`);
    if (gap === 'empty' && bothWords) state.reasons.push(`words touch without a blank near ${snippet(prev.text)} (parser disagreement)`);
    if ((gap === 'empty' && bothWords) || gap === 'joined') state.doubt = true;
    if (gap === 'empty' && REDIRECTS.has(next.type) && /^\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(prev.text)) {
      state.reasons.push(`named file descriptor ${snippet(prev.text)}`);
      state.doubt = true;
    }
    if (gap === 'empty' && REDIRECTS.has(next.type) && next.firstChild?.type === 'file_descriptor' && !REDIRECTS.has(prev.type)) {
      state.reasons.push(`file descriptor number touches the word ${snippet(prev.text)} (parser disagreement)`);
      state.doubt = true;
    }
  }
}

/** Reads a `command` node (and the redirections of an enclosing redirected_statement). */
export function readCommand(state: WalkState, node: SyntaxNode, outerRedirects: readonly SyntaxNode[]): SimpleCommand {
  const command: SimpleCommand = { argv: [], bare: [], env: [], globs: [], redirected: false, stdinText: null };
  const parts = kids(node).filter((c) => c.type !== 'comment');
  checkAdjacency(state, [...parts, ...outerRedirects]);
  let named = false;
  for (const child of parts) {
    if (child.type === 'variable_assignment' && !named) addAssignment(state, command, child);
    else if (child.type === 'command_name') {
      named = true;
      addWord(state, command, child);
    } else if (REDIRECTS.has(child.type)) {
      for (const word of judgeRedirect(state, child, command)) addWord(state, command, word);
    }
    else if (child.type === 'subshell' || child.type === 'ERROR') {
      state.reasons.push(`unexpected ${child.type} inside a command`);
      state.doubt = true;
      state.visit(child);
    } else addWord(state, command, child);
  }
  for (const redirect of outerRedirects) {
    for (const word of judgeRedirect(state, redirect, command)) addWord(state, command, word);
  }
  return command;
}
