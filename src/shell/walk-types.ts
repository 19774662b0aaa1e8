// Shapes shared by the syntax-tree walker and its helpers.
import type { SyntaxNode } from './parser.js';
import type { Dialect } from './word.js';

/** One simple command as bash would run it, read from the syntax tree. */
export interface SimpleCommand {
  argv: string[];
  /** argv with every expansion removed and empty words dropped: a probe for deny rules. */
  bare: string[];
  /** `NAME=value` prefixes, in order. */
  env: [string, string][];
  /** Indices into argv of words with unquoted glob characters. */
  globs: number[];
  /** The command has redirections (matters for `exec`). */
  redirected: boolean;
  /** Text fed on standard input by a here-document or here-string, when fixed. */
  stdinText: string | null;
}

/** What the walker hands its helpers. */
export interface WalkState {
  readonly text: string;
  readonly dialect: Dialect;
  readonly commands: SimpleCommand[];
  readonly reasons: string[];
  /** Set when the tree may not match how bash reads the line. */
  doubt: boolean;
  /** Walks a statement node (and everything under it). */
  visit(node: SyntaxNode): void;
  /** Walks a non-statement node, looking for statements nested in substitutions. */
  nested(node: SyntaxNode): void;
}

/** A short, visible quote of source text for reasons. */
export function snippet(text: string): string {
  const flat = text.length > 48 ? `${text.slice(0, 45)}...` : text;
  return JSON.stringify(flat);
}
