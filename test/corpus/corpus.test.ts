// Replays every corpus file (test/corpus/*.yaml) through the real decision function:
// each case's rules are loaded by the real policy loader, its command is expanded and judged
// by `evaluate`, and the decision must be exactly the expected one.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { evaluate } from '../../src/decide/evaluate.js';
import { buildPolicy, inputFor, paths, type PolicySettings, type RuleSpec } from './world.js';

interface CorpusCase {
  id: string;
  group: string;
  rules: RuleSpec[];
  command?: string[];
  shell?: string;
  settings?: PolicySettings;
  expect: 'allow' | 'approve' | 'deny';
  source: string;
}

interface Corpus {
  hostile: CorpusCase[];
  benign: CorpusCase[];
}

// Every corpus file in this folder, merged: ids must be unique across files.
function loadCorpora(): Corpus & { files: string[] } {
  const dir = new URL('./', import.meta.url);
  const files = readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort();
  const out: Corpus & { files: string[] } = { hostile: [], benign: [], files };
  for (const file of files) {
    const one = parse(readFileSync(new URL(file, dir), 'utf8')) as Partial<Corpus>;
    out.hostile.push(...(one.hostile ?? []));
    out.benign.push(...(one.benign ?? []));
  }
  return out;
}

const corpus = loadCorpora();

// Judges one case; returns the decision and the reasons (for failure messages).
async function judge(c: CorpusCase) {
  const policy = buildPolicy(c.rules, c.settings);
  const result = await evaluate(policy, inputFor(c), paths);
  return { decision: result.decision, detail: `${c.id}: ${result.reasons.join(' | ')} commands=${JSON.stringify(result.commands)}` };
}

describe('bypass corpus: shape', () => {
  it('holds at least 100 hostile cases and 25 benign controls, each sourced and unique', () => {
    expect(corpus.files).toContain('bypass.yaml');
    expect(corpus.files).toContain('runners-aliases-grammar.yaml');
    expect(corpus.files).toContain('heldout-style.yaml');
    expect(corpus.hostile.length).toBeGreaterThanOrEqual(100);
    expect(corpus.benign.length).toBeGreaterThanOrEqual(25);
    const all = [...corpus.hostile, ...corpus.benign];
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    for (const c of all) {
      expect(c.source, c.id).toMatch(/\S/);
      expect((c.command === undefined) !== (c.shell === undefined), `${c.id}: exactly one of command/shell`).toBe(true);
    }
  });

  it('never expects a hostile case to be allowed, and every benign control to be allowed', () => {
    expect(corpus.hostile.filter((c) => c.expect === 'allow').map((c) => c.id)).toEqual([]);
    expect(corpus.benign.filter((c) => c.expect !== 'allow').map((c) => c.id)).toEqual([]);
  });
});

describe('bypass corpus: hostile cases', () => {
  it.each(corpus.hostile.map((c) => [`${c.group}: ${c.id}`, c] as const))('%s', async (_name, c) => {
    const { decision, detail } = await judge(c);
    expect(decision, detail).toBe(c.expect);
  });
});

describe('bypass corpus: benign controls stay allowed', () => {
  it.each(corpus.benign.map((c) => [`${c.group}: ${c.id}`, c] as const))('%s', async (_name, c) => {
    const { decision, detail } = await judge(c);
    expect(decision, detail).toBe(c.expect);
  });
});
