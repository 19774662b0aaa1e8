// Reads YAML text into plain data plus a locator that maps any data path back to the line and
// column of its node. Hostile input fails closed with a located problem:
// 1. Syntax errors, warnings, duplicate keys and multiple documents are problems.
// 2. Aliases are refused outright (no alias bombs, no shared nodes); so are explicit tags.
// 3. Mapping keys must be plain strings, so every data path names exactly one node.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Issue, Locator, PathSegment, Problem } from './problems.js';
import { toProblems } from './problems.js';

export interface YamlSource {
  data: unknown;
  locate: Locator;
}

type Range = [number, number, number];
// A node's [start, value-end, node-end] offsets, if it has any.
const rangeOf = (node: unknown): Range | undefined => (node as { range?: Range | null } | null)?.range ?? undefined;

// The node at `path` (or the deepest existing ancestor) and the key that led to it.
function walk(doc: Document, path: readonly PathSegment[]): { node: unknown; key: unknown; found: boolean } {
  let node: unknown = doc.contents;
  let key: unknown = null;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) return { node, key, found: false };
      key = pair.key;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      key = null;
      node = node.items[segment];
    } else {
      return { node, key, found: false };
    }
  }
  return { node, key, found: true };
}

// A locator over one parsed document.
function locatorFor(doc: Document, lines: LineCounter): Locator {
  return (path, atKey = false) => {
    const { node, key, found } = walk(doc, path);
    const nodeRange = rangeOf(node);
    const emptyValue = isScalar(node) && node.value === null && nodeRange !== undefined && nodeRange[0] === nodeRange[1];
    const target = (atKey && found) || emptyValue ? (key ?? node) : node;
    const offset = rangeOf(target)?.[0] ?? 0;
    return lines.linePos(offset);
  };
}

// Start of the `!tag` token written before a node that starts at `start`.
function tagStart(text: string, start: number): number {
  let i = start;
  while (i > 0 && /\s/.test(text[i - 1] ?? '')) i--;
  const end = i;
  while (i > 0 && !/\s/.test(text[i - 1] ?? '')) i--;
  return text[i] === '!' && i < end ? i : start;
}

// Problems the YAML layer itself reports, plus refused aliases, tags and non-string keys.
function structuralIssues(doc: Document, text: string, lines: LineCounter, file: string): Problem[] {
  const problems: Problem[] = [];
  const at = (offset: number, message: string) => problems.push({ file, ...lines.linePos(offset), message });
  // Unresolved tags are reported below, with every other tag.
  for (const error of [...doc.errors, ...doc.warnings.filter((w) => w.code !== 'TAG_RESOLVE_FAILED')]) {
    const start = error.pos[0];
    const key = /^("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^:\n]*?)\s*:/.exec(text.slice(start, start + 1024))?.[1];
    let message = (error.message.split('\n')[0] ?? error.code).replace(/\s+/g, ' ').replace(/ at line \d+, column \d+:?$/, '');
    if (error.code === 'DUPLICATE_KEY' && key !== undefined) message = `duplicate key ${/^["']/.test(key) ? key : JSON.stringify(key)}`;
    if (error.code === 'MULTIPLE_DOCS') message = 'only one YAML document is allowed';
    if (/call stack/i.test(message)) message = 'the YAML is nested too deeply';
    at(start, message);
  }
  visit(doc, {
    Alias(_key, node) {
      at(rangeOf(node)?.[0] ?? 0, `YAML aliases are not allowed (*${node.source})`);
    },
    Node(_key, node: Node) {
      if (!isAlias(node) && node.tag !== undefined) at(tagStart(text, rangeOf(node)?.[0] ?? 0), `YAML tags are not allowed (${node.tag.replace(/^tag:yaml\.org,2002:/, '!!')})`);
    },
    Pair(_key, pair) {
      if (!isPair(pair)) return;
      const ok = isScalar(pair.key) && typeof pair.key.value === 'string' && pair.key.tag === undefined;
      if (!ok) at(rangeOf(pair.key)?.[0] ?? rangeOf(pair.value)?.[0] ?? 0, 'mapping keys must be plain strings');
    },
  });
  return problems;
}

/**
 * Parses one YAML document whose top level must be `root`. Returns data and a locator, or
 * every problem found.
 */
export function readYaml(file: string, text: string, root: 'mapping' | 'list', what: string): { source: YamlSource } | { problems: Problem[] } {
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true, version: '1.2', merge: false });
  } catch (error) {
    const reason = error instanceof RangeError ? 'nested too deeply' : error instanceof Error ? error.message : String(error);
    return { problems: [{ file, line: 1, col: 1, message: `cannot parse YAML: ${reason}` }] };
  }
  let problems: Problem[];
  try {
    problems = structuralIssues(doc, text, lines, file);
  } catch (error) {
    problems = [{ file, line: 1, col: 1, message: `cannot read YAML: ${error instanceof RangeError ? 'nested too deeply' : String(error)}` }];
  }
  if (problems.length > 0) return { problems };
  const locate = locatorFor(doc, lines);
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return { problems: [{ file, line: 1, col: 1, message: `the file is empty; expected ${what}` }] };
  }
  const rootOk = root === 'mapping' ? isMap(contents) : isSeq(contents);
  if (!rootOk) {
    const issue: Issue = { path: [], message: `expected ${what} at the top level, got ${isMap(contents) ? 'a mapping' : isSeq(contents) ? 'a list' : 'a scalar'}` };
    return { problems: toProblems(file, [issue], locate) };
  }
  try {
    return { source: { data: doc.toJS({ maxAliasCount: 0 }), locate } };
  } catch (error) {
    return { problems: [{ file, line: 1, col: 1, message: `cannot read YAML: ${error instanceof Error ? error.message : String(error)}` }] };
  }
}
