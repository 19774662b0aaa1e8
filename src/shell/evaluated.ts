// Words bash evaluates as arithmetic or as an array subscript (SPEC §10): `test -v 'a[$(id)]'`,
// `declare 'a[$(id)]=1'`, `[[ 1 -eq 'a[$(id)]' ]]`. Quotes hide the substitution from the
// grammar, but bash expands it when it evaluates the word. Such words are reported with the
// text to judge as a shell line, so deny rules see the commands inside.
// MUST hold:
//   1. A word whose value (after quote removal) holds `$` or a backquote, in a place bash
//      evaluates, is reported; the report is never empty-handed (its text is judged).
//   2. Only whole texts are handed on; nothing is evaluated.
import { EVALUATING_BUILTINS } from '../knowledge/shell-builtins.js';
import { kids, type SyntaxNode } from './parser.js';
import { decodeWord, type Dialect } from './word.js';

/** A word bash evaluates, with the reason shown. */
export interface EvaluatedWord {
  text: string;
  reason: string;
}

const EXPANDS = /[$`]/;

/** Words of a simple command (argv after command/builtin prefixes) that bash evaluates. */
export function evaluatedArgs(argv: readonly string[]): EvaluatedWord[] {
  const [name, ...args] = argv;
  if (name === undefined || !Object.hasOwn(EVALUATING_BUILTINS, name)) return [];
  const which = EVALUATING_BUILTINS[name]!;
  const out: EvaluatedWord[] = [];
  args.forEach((word, i) => {
    const named = which === 'all' || args[i - 1] === which || (word.startsWith(which) && word.length > which.length);
    if (named && EXPANDS.test(word)) out.push({ text: word, reason: `${name} evaluates ${JSON.stringify(word)} as arithmetic or a subscript` });
  });
  return out;
}

// Node types whose text the grammar took as literal (quotes or escapes hide `$` from it).
const LITERAL = new Set(['raw_string', 'ansi_c_string', 'word', 'string']);

/**
 * Literal words under a declaration, unset or `[[ ]]` node that bash evaluates: every quoted
 * or escaped word whose value holds `$` or a backquote.
 */
export function evaluatedIn(node: SyntaxNode, text: string, dialect: Dialect): EvaluatedWord[] {
  const out: EvaluatedWord[] = [];
  const work = kids(node);
  while (work.length > 0) {
    const child = work.pop()!;
    if (!LITERAL.has(child.type)) {
      work.push(...kids(child));
      continue;
    }
    const raw = text.slice(child.startIndex, child.endIndex);
    const value = decodeWord(raw, dialect).value;
    if (EXPANDS.test(value) && value !== raw) out.push({ text: value, reason: `${node.type.replace('_', ' ')} evaluates ${JSON.stringify(value)} as arithmetic or a subscript` });
  }
  return out;
}
