// The README's "short tour" shows what the tool prints: each `$ ` command of the tour is run
// (in one bash, from the repository, `approve-run` being the built CLI) and its stdout and
// stderr are compared with the lines shown under it. A line `...` stands for any number of
// lines, `...` inside a line for any text; `Linux <release>` stands for any kernel release.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  command: string;
  shown: string[];
}

/** The tour's commands and the lines shown under each, from the README. */
export function tourSteps(readme: string): Step[] {
  const section = readme.slice(readme.indexOf('## A short tour'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const steps: Step[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), shown: [] });
    else if (line.trim() !== '' && !line.startsWith('#')) steps.at(-1)?.shown.push(line);
  }
  return steps;
}

// A shown line as a pattern for one printed line.
function linePattern(shown: string): RegExp {
  if (/^Linux \S+$/.test(shown)) return /^Linux \S+$/;
  return new RegExp(`^${shown.split('...').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

// Whether `printed` matches `shown`, where a `...` line takes any number of lines.
function matches(shown: string[], printed: string[]): boolean {
  if (shown.length === 0) return printed.length === 0;
  const [first, ...rest] = shown as [string, ...string[]];
  if (first === '...') return printed.some((_, i) => matches(rest, printed.slice(i))) || matches(rest, []);
  return printed.length > 0 && linePattern(first).test(printed[0] as string) && matches(rest, printed.slice(1));
}

// Runs every step in one bash (so the tour's `export` holds) and returns each step's output lines.
function runTour(steps: Step[]): string[][] {
  const home = tempDir('tour-');
  const script = [`approve-run() { ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"; }`, ...steps.flatMap((s, i) => [`echo @@step-${i}`, `${s.command} 2>&1`])].join('\n');
  const out = execFileSync('/bin/bash', ['-c', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: home, XDG_CONFIG_HOME: home, XDG_STATE_HOME: home, XDG_CACHE_HOME: home, NO_COLOR: '1' },
  });
  return out.split(/^@@step-\d+\n/m).slice(1).map((text) => text.replace(/\n$/, '').split('\n').filter((l, i, all) => !(l === '' && i === all.length - 1)));
}

describe("the README's short tour", () => {
  const steps = tourSteps(readFileSync(`${ROOT}README.md`, 'utf8'));

  it('is found, with output shown for the commands that print', () => {
    expect(steps.length).toBeGreaterThanOrEqual(9);
    expect(steps.filter((s) => s.shown.length > 0).length).toBeGreaterThanOrEqual(8);
  });

  it('prints what the README shows, command by command', () => {
    const printed = runTour(steps);
    expect(printed).toHaveLength(steps.length);
    steps.forEach((step, i) => {
      const lines = (printed[i] as string[]).filter((l) => l !== '');
      expect({ command: step.command, ok: matches(step.shown, lines), printed: lines }).toEqual({ command: step.command, ok: true, printed: lines });
    });
  });

  it('the matcher can fail: a changed line, a missing line, an extra line', () => {
    expect(matches(['a', '...', 'c'], ['a', 'b', 'b', 'c'])).toBe(true);
    expect(matches(['a', 'c'], ['a', 'b'])).toBe(false);
    expect(matches(['a'], ['a', 'b'])).toBe(false);
    expect(matches(['x...z'], ['xyz'])).toBe(true);
    expect(matches(['Linux 6.1.0-18-amd64'], ['Linux 6.18.44'])).toBe(true);
    expect(matches(['audit log intact: 7 entries'], ['audit log intact: 8 entries'])).toBe(false);
  });
});
