// Walks a bash syntax tree and collects every simple command in every list, pipeline,
// subshell, group, substitution, loop and function body (SPEC §4.4), plus the reasons that
// keep the line from being allowed silently.
// MUST hold:
//   1. Every `command` node anywhere in the tree becomes a SimpleCommand; there is no cap.
//   2. Constructs whose effect is not fixed by the text add a reason; they never stop the
//      walk, so deny rules still see every command that can be read.
//   3. ERROR/MISSING nodes, text outside nodes and misplaced comments set `doubt`.
import { readCommand } from './command-node.js';
import { evaluatedIn, type EvaluatedWord } from './evaluated.js';
import { commentStartsWord, gapProblems } from './gaps.js';
import { kids, type SyntaxNode } from './parser.js';
import { judgeRedirect } from './redirect.js';
import { snippet, type SimpleCommand, type WalkState } from './walk-types.js';
import type { Dialect } from './word.js';

/** Node types whose presence alone needs approval, with the reason shown. */
const CONSTRUCT_REASONS: Readonly<Record<string, string>> = {
  if_statement: 'conditional (if)',
  while_statement: 'loop (while/until)',
  for_statement: 'loop (for/select)',
  c_style_for_statement: 'loop (for ((…)))',
  case_statement: 'conditional (case)',
  function_definition: 'function definition',
  test_command: 'conditional expression ([ ] or [[ ]])',
  declaration_command: 'declaration (export/declare/local/readonly/typeset) changes shell state',
  unset_command: 'unset changes shell state',
  variable_assignment: 'variable assignment changes shell state',
  variable_assignments: 'variable assignment changes shell state',
  arithmetic_expansion: 'arithmetic expansion',
};

const STATEMENTS = new Set([
  'program', 'list', 'pipeline', 'subshell', 'negated_command', 'compound_statement', 'do_group', 'else_clause', 'elif_clause',
  'case_item', 'redirected_statement', 'command', 'comment', 'ERROR', ...Object.keys(CONSTRUCT_REASONS),
]);

export interface WalkResult {
  commands: SimpleCommand[];
  reasons: string[];
  /** Quoted words bash evaluates as arithmetic or subscripts (declare, unset, [[ ]]). */
  evaluated: EvaluatedWord[];
  doubt: boolean;
}

class Walker implements WalkState {
  readonly commands: SimpleCommand[] = [];
  readonly reasons: string[] = [];
  readonly evaluated: EvaluatedWord[] = [];
  doubt = false;
  constructor(
    readonly text: string,
    readonly dialect: Dialect,
  ) {}

  // Walks iteratively: `a && b && …` nests one list per operator, and a long line must not
  // exhaust the call stack (there is no cap on the number of commands).
  visit(root: SyntaxNode): void {
    const work: { node: SyntaxNode; statement: boolean }[] = [{ node: root, statement: true }];
    while (work.length > 0) {
      const { node, statement } = work.pop()!;
      const children = statement ? this.visitOne(node) : this.nestedOne(node);
      for (let i = children.length - 1; i >= 0; i -= 1) {
        const child = children[i]!;
        work.push({ node: child, statement: statement && STATEMENTS.has(child.type) });
      }
    }
  }

  nested(node: SyntaxNode): void {
    const work = [node];
    while (work.length > 0) {
      const children = this.nestedOne(work.pop()!);
      for (let i = children.length - 1; i >= 0; i -= 1) work.push(children[i]!);
    }
  }

  // Handles one statement node; returns the children still to walk.
  private visitOne(node: SyntaxNode): SyntaxNode[] {
    if (node.isMissing) this.flag(`missing ${JSON.stringify(node.type)} (parse error)`);
    switch (node.type) {
      case 'command':
        this.commands.push(readCommand(this, node, []));
        return [];
      case 'redirected_statement':
        this.redirected(node);
        return [];
      case 'comment':
        if (!commentStartsWord(this.text, node.startIndex) || node.text.includes('\n')) this.flag('comment where bash sees none');
        return [];
      case 'ERROR':
        this.flag(`parse error near ${snippet(node.text)}`);
        break;
      case 'compound_statement':
        if (node.firstChild?.type === '((') this.reasons.push('arithmetic command ((…))');
        break;
      case 'declaration_command':
      case 'unset_command':
      case 'test_command':
        this.reasons.push(CONSTRUCT_REASONS[node.type]!);
        this.evaluated.push(...evaluatedIn(node, this.text, this.dialect));
        break;
      default:
        if (Object.hasOwn(CONSTRUCT_REASONS, node.type)) this.reasons.push(CONSTRUCT_REASONS[node.type]!);
    }
    return this.children(node);
  }

  // Handles one node outside statements (inside a word); substitutions hold statements again.
  private nestedOne(node: SyntaxNode): SyntaxNode[] {
    if (node.isMissing) this.flag('missing token (parse error)');
    if (node.type === 'command_substitution' || node.type === 'process_substitution') {
      this.reasons.push(`${node.type.replace('_', ' ')} ${snippet(node.text)}`);
      for (const child of this.children(node)) {
        if (STATEMENTS.has(child.type)) this.visit(child);
        else this.nested(child);
      }
      return [];
    }
    if (node.type === 'ERROR') this.flag(`parse error near ${snippet(node.text)}`);
    return kids(node);
  }

  // Checks the text between a node's children and returns them.
  private children(node: SyntaxNode): SyntaxNode[] {
    for (const problem of gapProblems(node, this.text)) this.flag(problem);
    return kids(node);
  }

  // `body > redirects`: a simple command gets them as its own; anything else is judged as a whole.
  private redirected(node: SyntaxNode): void {
    for (const problem of gapProblems(node, this.text)) this.flag(problem);
    const body = node.childForFieldName('body') ?? node.firstNamedChild;
    const redirects = kids(node).filter((c) => c.id !== body?.id && c.isNamed && c.type !== 'comment');
    if (body?.type === 'command') {
      this.commands.push(readCommand(this, body, redirects));
      return;
    }
    if (body !== null && body !== undefined) this.visit(body);
    for (const redirect of redirects) {
      const stray = judgeRedirect(this, redirect, null);
      if (stray.length > 0) this.flag(`words after a redirection of a compound command ${snippet(node.text)}`);
      stray.forEach((word) => this.nested(word));
    }
  }

  private flag(reason: string): void {
    this.reasons.push(reason);
    this.doubt = true;
  }
}

/** Collects the simple commands and reasons of a parsed line. */
export function walkTree(root: SyntaxNode, text: string, dialect: Dialect, hasError: boolean): WalkResult {
  const walker = new Walker(text, dialect);
  if (hasError) walker.reasons.push('the line does not parse as bash');
  if (hasError) walker.doubt = true;
  walker.visit(root);
  if (walker.doubt && walker.reasons.length === 0) walker.reasons.push('the grammar and bash may read this line differently');
  return { commands: walker.commands, reasons: walker.reasons, evaluated: walker.evaluated, doubt: walker.doubt };
}
