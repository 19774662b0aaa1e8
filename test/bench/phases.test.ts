// The profile phases of `npm run bench:profile` (bench/phases.mjs): a made-up profile whose
// every sample's phase is known, and a real profile of a child Node loading two built-ins.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { meanTimes, PHASES, phaseOf, phaseTimes, type CallFrame, type CpuProfile } from '../../bench/phases.mjs';

const BUNDLE = 'file:///opt/approve-run/dist/fast-path.cjs';
const frame = (functionName: string, url = BUNDLE): CallFrame => ({ functionName, url });

// A profile with one leaf per stack, each sampled `weight` times at 1,000 microseconds.
function profileOf(stacks: { stack: CallFrame[]; weight: number }[]): CpuProfile {
  const nodes: CpuProfile['nodes'] = [{ id: 1, callFrame: frame('(root)', ''), children: [] }];
  const samples: number[] = [];
  for (const { stack, weight } of stacks) {
    let parent = nodes[0]!;
    for (const callFrame of stack) {
      const node = { id: nodes.length + 1, callFrame, children: [] as number[] };
      nodes.push(node);
      parent.children!.push(node.id);
      parent = node;
    }
    for (let i = 0; i < weight; i++) samples.push(parent.id);
  }
  return { nodes, samples, timeDeltas: samples.map(() => 1000) };
}

describe('phaseOf', () => {
  it('puts a built-in module load under the first module asked for', () => {
    const stack = [frame('runFast'), frame('require', 'node:internal/modules/helpers'), frame('compileForInternalLoader', 'node:internal/bootstrap/realm'), frame('', 'node:crypto'), frame('compileForInternalLoader', 'node:internal/bootstrap/realm'), frame('', 'node:internal/crypto/keys')];
    expect(phaseOf(stack)).toBe('load node:crypto');
    stack[3] = frame('', 'node:child_process');
    expect(phaseOf(stack)).toBe('load node:child_process');
    stack[3] = frame('', 'node:os');
    expect(phaseOf(stack)).toBe('load other built-in modules');
  });

  it('takes the innermost phase a frame names, so a commit inside an append is a commit', () => {
    expect(phaseOf([frame('appendRequest'), frame('transaction')])).toBe('SQLite writes and commits');
    expect(phaseOf([frame('appendRequest'), frame('buildLeaf')])).toBe('request and audit entries');
    expect(phaseOf([frame('appendRequest'), frame('buildLeaf'), frame('createHash', 'node:crypto')])).toBe('hashing');
    expect(phaseOf([frame('evaluate'), frame('judge'), frame('statSync', 'node:fs')])).toBe('decide');
  });

  it('knows a function the bundler renamed with a number', () => {
    expect(phaseOf([frame('Database2')])).toBe('open the audit database');
    expect(phaseOf([frame('evaluate3')])).toBe('decide');
    expect(phaseOf([frame('evaluateAll')])).toBe('other JavaScript of the run');
  });

  it('uses the fallbacks only when no frame names a phase', () => {
    expect(phaseOf([frame('runFast'), frame('judge')])).toBe('other JavaScript of the run');
    expect(phaseOf([frame('evaluate'), frame('spawn', 'node:child_process')])).toBe('decide');
    expect(phaseOf([frame('runChild'), frame('spawn', 'node:child_process')])).toBe('start and wait for the command');
    expect(phaseOf([frame('runMain', 'node:internal/modules/run_main')])).toBe('Node start-up and exit');
    expect(phaseOf([frame('evaluate'), frame('(garbage collector)', '')])).toBe('garbage collection');
    expect(phaseOf([frame('(program)', '')])).toBe('V8, unattributed');
    expect(phaseOf([frame('loadWithCodeCache', 'file:///opt/approve-run/dist/main.cjs'), frame('Script', 'node:vm')])).toBe('load the bundle (code cache)');
  });

  it('names phases only by frames of the measured scripts', () => {
    expect(phaseOf([frame('evaluate', 'file:///usr/lib/node_modules/other/index.js')])).toBe('Node start-up and exit');
  });
});

describe('phaseTimes', () => {
  it('puts every sample in exactly one phase, in milliseconds', () => {
    const profile = profileOf([
      { stack: [frame('(program)', '')], weight: 3 },
      { stack: [frame('require', 'node:internal/modules/helpers'), frame('compileForInternalLoader', 'node:internal/bootstrap/realm'), frame('', 'node:crypto')], weight: 5 },
      { stack: [frame('evaluate'), frame('judge')], weight: 2 },
      { stack: [frame('appendRequest'), frame('transaction')], weight: 4 },
      { stack: [frame('(garbage collector)', '')], weight: 1 },
    ]);
    const times = phaseTimes(profile);
    expect(Object.keys(times)).toEqual([...PHASES]);
    expect(times['V8, unattributed']).toBe(3);
    expect(times['load node:crypto']).toBe(5);
    expect(times.decide).toBe(2);
    expect(times['SQLite writes and commits']).toBe(4);
    expect(times['garbage collection']).toBe(1);
    expect(Object.values(times).reduce((a, b) => a + b, 0)).toBe(15);
  });

  it('averages phase times over runs', () => {
    const one = phaseTimes(profileOf([{ stack: [frame('evaluate')], weight: 2 }]));
    const two = phaseTimes(profileOf([{ stack: [frame('evaluate')], weight: 4 }, { stack: [frame('buildRequest')], weight: 2 }]));
    const mean = meanTimes([one, two]);
    expect(mean.decide).toBe(3);
    expect(mean['request and audit entries']).toBe(1);
  });
});

describe('a real profile', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('shows a child Node loading node:crypto and node:child_process, and adds up', () => {
    dir = mkdtempSync(join(tmpdir(), 'phases-'));
    // A loaded machine can leave a short module load unsampled: profile again, up to 5 times,
    // until both loads were sampled (a wrong attribution fails every time).
    let profile: CpuProfile | null = null;
    let times: Record<string, number> = {};
    for (let attempt = 0; attempt < 5; attempt++) {
      const out = join(dir, String(attempt));
      const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval=50', `--cpu-prof-dir=${out}`, '-e', "require('node:crypto'); require('node:child_process')"]);
      expect(run.status).toBe(0);
      const [file] = readdirSync(out);
      profile = JSON.parse(readFileSync(join(out, file!), 'utf8')) as CpuProfile;
      times = phaseTimes(profile);
      if ((times['load node:crypto'] ?? 0) > 0 && (times['load node:child_process'] ?? 0) > 0) break;
    }
    expect(times['load node:crypto']).toBeGreaterThan(0);
    expect(times['load node:child_process']).toBeGreaterThan(0);
    expect(times.decide).toBe(0);
    const sampled = (profile as CpuProfile).timeDeltas.reduce((a, b) => a + b, 0) / 1000;
    expect(Object.values(times).reduce((a, b) => a + b, 0)).toBeCloseTo(sampled, 6);
  });
});
