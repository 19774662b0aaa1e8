// Pipeline prefixes before a compound command (SPEC §10): `time [-p]`, `!` and `coproc [NAME]`
// in front of `{ …; }` or `( … )`. The grammar reads `time { rm; }` as a command named `time`
// with a word `{`, which hides the group. These prefixes are blanked out (same length, so
// every offset stays put) and the line is read again, so the walker sees the compound command.
// MUST hold:
//   1. Only unquoted prefix words at the start of a command node are blanked, and only when a
//      compound command follows them; `time git status` is left to the wrapper reader.
//   2. Blanking never removes a command: `time` and `!` change only the exit status and the
//      report; a blanked `coproc` adds its reason, so the line still needs approval.
//   3. The number of passes is bounded by the number of prefix words blanked.
import { STATE_BUILTINS } from '../knowledge/shell-builtins.js';
import { kids, parseLine, type SyntaxNode } from './parser.js';

export interface Unprefixed {
  text: string;
  reasons: string[];
}

const PREFIX_CANDIDATE = /(^|[\s;&|(){}!])(time|coproc|!)([\s{(]|$)/;

// Where the blanked prefix of a command node ends, or -1 when nothing is to be blanked.
function prefixEnd(node: SyntaxNode, text: string, reasons: string[]): number {
  const parts = kids(node).filter((c) => c.type !== 'comment' && !c.isMissing);
  const raw = (n: SyntaxNode | undefined) => (n === undefined ? '' : text.slice(n.startIndex, n.endIndex));
  if (!['time', 'coproc'].includes(raw(parts[0]))) return -1;
  let i = 0;
  let coproc = false;
  for (;;) {
    const word = raw(parts[i]);
    if (word === 'time') {
      i += 1;
      while (raw(parts[i]) === '-p' || raw(parts[i]) === '--') i += 1;
    } else if (word === '!' && i > 0) i += 1;
    else if (word === 'coproc') {
      coproc = true;
      i += 1;
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(raw(parts[i])) && startsCompound(parts[i + 1], text, node)) i += 1;
    } else break;
  }
  if (!startsCompound(parts[i], text, node)) return -1;
  if (coproc) reasons.push(STATE_BUILTINS.coproc!);
  return parts[i - 1]!.endIndex;
}

// True when `next` (a part of the command, or its following sibling when the parts ran out)
// opens a group or a subshell.
function startsCompound(next: SyntaxNode | undefined, text: string, command: SyntaxNode): boolean {
  const node = next ?? command.nextNamedSibling ?? undefined;
  if (node === undefined) return false;
  if (next === undefined && !/^[ \t]*$/.test(text.slice(command.endIndex, node.startIndex))) return false;
  const raw = text.slice(node.startIndex, node.endIndex);
  return raw === '{' || raw.startsWith('(') || node.type === 'subshell' || node.type === 'compound_statement';
}

// The ranges to blank in one reading of the line.
function blanks(root: SyntaxNode, text: string, reasons: string[]): [number, number][] {
  const out: [number, number][] = [];
  const work = [root];
  while (work.length > 0) {
    const node = work.pop()!;
    if (node.type === 'command') {
      const end = prefixEnd(node, text, reasons);
      if (end !== -1) out.push([node.startIndex, end]);
    }
    if (node.type === 'negated_command') {
      const inner = node.namedChildren[0];
      const name = inner?.type === 'command' ? inner.namedChildren[0] : undefined;
      if (name !== undefined && name !== null && text.slice(name.startIndex, name.endIndex) === '{') out.push([node.startIndex, node.startIndex + 1]);
    }
    work.push(...kids(node));
  }
  return out;
}

/** The line with pipeline prefixes before compound commands blanked out, and the reasons they add. */
export async function unprefixed(line: string): Promise<Unprefixed> {
  const out: Unprefixed = { text: line, reasons: [] };
  if (!PREFIX_CANDIDATE.test(line)) return out;
  for (;;) {
    const found = await parseLine(out.text, (root) => blanks(root, out.text, out.reasons));
    if (found.length === 0) return out;
    for (const [start, end] of found) out.text = out.text.slice(0, start) + ' '.repeat(end - start) + out.text.slice(end);
  }
}
