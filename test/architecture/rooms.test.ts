// The rooms of src/ and who may use whom (docs/project-layout.md): commands/ on top, then the
// parts that serve them, down to the data and crypto at the ground. Only runtime imports count
// (`import type` leaves nothing behind in the bundle). A room may import its own rank or lower,
// never higher, and the rooms form no cycle but the one named below.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Each room's rank: a room may import rooms of its own rank or lower. */
const RANK: Record<string, number> = {
  commands: 6,
  agents: 5, service: 5, report: 5, witness: 5, man: 5,
  exec: 4, approval: 4,
  decide: 3, shell: 3, audit: 3, binding: 3, sandbox: 3,
  policy: 2, config: 2, files: 2,
  knowledge: 1, crypto: 1,
};

/**
 * Upward edges kept from before the rooms were ranked: the policy loader compiles globs and the
 * rule index of decide/ into its cache, and runs inline policy tests through evaluate().
 */
const KNOWN_UPWARD = new Set(['policy -> decide']);
const KNOWN_CYCLES = [['config', 'decide', 'policy']];

// Every .ts file under `dir`.
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

// The room of a source file: its first folder under src/, or null for the top-level modules.
function roomOf(file: string): string | null {
  const parts = relative(SRC, file).split('/');
  return parts.length > 1 ? (parts[0] ?? null) : null;
}

// Room-to-room runtime imports, each with one file that makes it.
function roomEdges(): Map<string, string> {
  const edges = new Map<string, string>();
  for (const file of sources(SRC)) {
    const from = roomOf(file);
    if (from === null) continue;
    const text = readFileSync(file, 'utf8').replace(/^(import|export) type [^;]*;/gms, '');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const to = roomOf(resolve(dirname(file), m[1] ?? ''));
      if (to !== null && to !== from && !edges.has(`${from} -> ${to}`)) edges.set(`${from} -> ${to}`, relative(SRC, file));
    }
  }
  return edges;
}

// The strongly connected components of more than one room (Tarjan).
function cycles(edges: Iterable<string>): string[][] {
  const graph = new Map<string, string[]>();
  for (const edge of edges) {
    const [a = '', b = ''] = edge.split(' -> ');
    graph.set(a, [...(graph.get(a) ?? []), b]);
    if (!graph.has(b)) graph.set(b, []);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) ?? 0);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) component.push(w);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('rooms of src/', () => {
  const edges = roomEdges();

  it('every room has a rank', () => {
    const rooms = new Set(sources(SRC).map(roomOf).filter((r): r is string => r !== null));
    expect([...rooms].filter((r) => RANK[r] === undefined)).toEqual([]);
  });

  it('never import upwards', () => {
    const upward = [...edges].filter(([edge]) => {
      const [a = '', b = ''] = edge.split(' -> ');
      return (RANK[b] ?? 0) > (RANK[a] ?? 0) && !KNOWN_UPWARD.has(edge);
    });
    expect(upward.map(([edge, file]) => `${edge} (${file})`)).toEqual([]);
  });

  it('form no import cycle beyond the known one', () => {
    expect(cycles(edges.keys())).toEqual(KNOWN_CYCLES);
  });

  it('the check itself sees an upward import and a cycle', () => {
    expect(cycles(['a -> b', 'b -> c', 'c -> a', 'c -> d'])).toEqual([['a', 'b', 'c']]);
    expect(edges.get('commands -> exec')).toBeDefined();
  });
});
