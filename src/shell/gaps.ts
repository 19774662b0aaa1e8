// Checks the text between syntax nodes: outside words, bash allows only blanks, newlines and
// line continuations. Anything else means the grammar skipped text bash would read, so the
// tree cannot be trusted (SPEC §4.4: parse errors never allow).
import { kids, type SyntaxNode } from './parser.js';

/** What the gap between two nodes holds. */
export type Gap = 'empty' | 'blank' | 'joined' | 'foreign';

/** Classifies source text that lies between nodes. */
export function classifyGap(gap: string): Gap {
  if (gap === '') return 'empty';
  const rest = gap.replace(/\\\n/g, '');
  if (!/^[ \t\n]*$/.test(rest)) return 'foreign';
  if (rest === '') return 'joined';
  return 'blank';
}

/** Problems in the gaps between a node's children (and at its edges). */
export function gapProblems(node: SyntaxNode, text: string): string[] {
  const problems: string[] = [];
  let at = node.startIndex;
  for (const child of kids(node)) {
    if (child.startIndex >= at) {
      const gap = classifyGap(text.slice(at, child.startIndex));
      if (gap === 'foreign') problems.push(`unparsed text ${JSON.stringify(text.slice(at, child.startIndex))}`);
    }
    at = Math.max(at, child.endIndex);
  }
  if (node.endIndex > at && classifyGap(text.slice(at, node.endIndex)) === 'foreign') {
    problems.push(`unparsed text ${JSON.stringify(text.slice(at, node.endIndex))}`);
  }
  return problems;
}

/** True when a `#` at `index` starts a comment for bash (it begins a word). */
export function commentStartsWord(text: string, index: number): boolean {
  if (index === 0) return true;
  return /[ \t\n;&|()]/.test(text[index - 1]!);
}
