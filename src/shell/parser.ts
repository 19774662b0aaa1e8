// Loads the bash grammar (tree-sitter-bash through web-tree-sitter) on first use only, so the
// argv path never pays for it (STYLE §12). Loading failures are ApproveRunError('internal'):
// a line that cannot be parsed is never judged, and so never allowed.
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { ApproveRunError } from '../errors.js';
import type { Node as SyntaxNode, Parser as TsParser } from 'web-tree-sitter';

export type { SyntaxNode };

let loading: Promise<TsParser> | null = null;

// Imports web-tree-sitter and the bash wasm, once per process. V8 would otherwise optimise the
// 1.4 MB grammar in background threads and hold process exit for ~0.5 s; the baseline
// compiler alone parses a command line in well under a millisecond.
async function load(): Promise<TsParser> {
  setFlagsFromString('--liftoff-only');
  const { Parser, Language } = await import('web-tree-sitter');
  const require = createRequire(import.meta.url);
  await Parser.init();
  const language = await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** True once the bash parser has been requested in this process (for lazy-loading checks). */
export function isParserLoaded(): boolean {
  return loading !== null;
}

/** The shared bash parser, loaded on first call. */
export function bashParser(): Promise<TsParser> {
  if (loading === null) {
    loading = load().catch((error: unknown) => {
      loading = null;
      throw new ApproveRunError('internal', `cannot load the bash parser: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  return loading;
}

/**
 * Parses one shell line and hands the tree to `read`; the tree's memory is freed afterwards,
 * so `read` must not keep nodes. Throws ApproveRunError when the parser is unavailable.
 */
export async function parseLine<T>(text: string, read: (root: SyntaxNode, hasError: boolean) => T): Promise<T> {
  const parser = await bashParser();
  const tree = parser.parse(text);
  if (tree === null) throw new ApproveRunError('internal', 'the bash parser returned no tree');
  try {
    return read(tree.rootNode, tree.rootNode.hasError);
  } finally {
    tree.delete();
  }
}

/** A node's children, without the null holes the binding's type allows. */
export function kids(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((c): c is SyntaxNode => c !== null);
}
