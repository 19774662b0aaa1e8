// `check --shell`: a shell line is judged command by command (SPEC §4.4). These cases rely on
// the shell expansion (src/shell/expand.ts) to split the line into simple commands.
import { describe, expect, it } from 'vitest';
import { check, policyFile } from './fixture.js';

// Runs `check --json --shell` on one line; returns the exit code and the parsed JSON.
async function checkLine(line: string) {
  const r = await check(['--json', '--shell', '-p', policyFile, '--', line]);
  return { code: r.code, json: JSON.parse(r.stdout === '' ? 'null' : r.stdout) as { decision: string; commands: string[][]; reasons: string[] } | null };
}

describe('check --shell', () => {
  it('allows a line whose every command is allowed', async () => {
    const { code, json } = await checkLine('sed -n p a && sed -n p b');
    expect(code).toBe(0);
    expect(json?.commands).toEqual([
      ['sed', '-n', 'p', 'a'],
      ['sed', '-n', 'p', 'b'],
    ]);
  });

  it('takes the most restrictive decision across the line', async () => {
    expect((await checkLine('sed -n p a; git push origin')).code).toBe(1);
    const denied = await checkLine('sed -n p a | cat; rm -rf /');
    expect(denied.code).toBe(77);
    expect(denied.json?.commands).toContainEqual(['rm', '-rf', '/']);
  });

  it('never allows a line whose effect is not fixed by its text', async () => {
    const { code, json } = await checkLine('sed -n p "$(sed -n p x)"');
    expect(code).toBe(1);
    expect(json?.reasons.length).toBeGreaterThan(0);
    // A command inside a substitution is judged too: nobody allowed whoami.
    expect((await checkLine('sed -n p "$(whoami)"')).code).toBe(77);
  });
});
