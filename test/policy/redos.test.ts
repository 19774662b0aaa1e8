// SPEC §11: `settings.redact` and `re:` patterns that can backtrack super-linearly are refused at
// validation with file:line:col; redaction never runs while the audit log's write lock is held.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/audit/log.js';
import { statePath } from '../../src/audit/state.js';
import { validatePolicyText } from '../../src/policy/load.js';
import { formatProblem } from '../../src/policy/problems.js';
import { backtrackingProblem } from '../../src/policy/redos.js';
import { CLI } from '../helpers/cli.js';
import { fixture, SECURE_PATH, world } from '../run/support.js';

// Problem lines of a policy with these redact patterns and this args token.
function problems(redact: string[], arg: string): string[] {
  const text = [
    'version: 1',
    'settings:',
    '  redact:',
    ...redact.map((r) => `    - '${r}'`),
    'rules:',
    '  - id: r',
    `    match: { command: ls, args: ['${arg}'] }`,
    '    decision: allow',
    '',
  ].join('\n');
  const result = validatePolicyText('p.yaml', text);
  return 'problems' in result ? result.problems.map(formatProblem) : [];
}

const CATASTROPHIC = ['(a+)+$', '(a|aa)*c', '(x+x+)+y', '(a*)*b', '(\\w+\\s?)+$', '(\\d+)*x', '(a|a)*b', '^(?:(a|b|ab)*)$', '(\\w|\\d)+$', '(A|a)+$', '(?:[a-z]+[0-9]*)+!'];
const BENIGN = ['(password|token|secret)=\\S+', 'authorization: *bearer +\\S+', 'ghp_[A-Za-z0-9]{36}', 'AKIA[0-9A-Z]{16}', '(?:ab|cd)+', 'x(?:[a-z]|[0-9])+', '^[a-z]+-[0-9]+$'];

describe('super-linear patterns', () => {
  for (const pattern of CATASTROPHIC) {
    it(`${pattern} is refused in settings.redact and in re:, with file:line:col`, () => {
      expect(backtrackingProblem(pattern)).toMatch(/super-linear/);
      const found = problems([pattern], `re:${pattern}`);
      expect(found).toEqual([
        expect.stringMatching(/^p\.yaml:4:7: settings\.redact\[0\]: regular expression .* can backtrack super-linearly/),
        expect.stringMatching(/^p\.yaml:7:34: rules\[0\]\.match\.args\[0\]: regular expression .* can backtrack super-linearly/),
      ]);
    });
  }

  it('benign patterns pass, in redact and in re:', () => {
    for (const pattern of BENIGN) expect(problems([pattern], `re:${pattern}`)).toEqual([]);
  });

  it('a pattern the checker cannot read is refused, not trusted', () => {
    expect(problems(['(?<=key=)\\S+'], 'x')).toEqual([expect.stringMatching(/^p\.yaml:4:7: .*cannot be checked/)]);
  });
});

describe('redaction and the write lock', () => {
  it('another process appends while a run is still redacting its request', async () => {
    // Cubic but accepted (polynomial patterns are a documented limit): about 2 s on 1,200 characters.
    const w = world(`
version: 1
settings:
  default: deny
  secure_path: "${SECURE_PATH}"
  redact: ['.*.*=']
rules:
  - id: exits
    match: { command: ${fixture('exit-with.mjs')} }
    decision: allow
`);
    const slow = spawn(process.execPath, [CLI, 'run', '-p', w.policy, '--audit-db', w.db, '--', fixture('exit-with.mjs'), '0', 'a'.repeat(1200)], { cwd: w.dir, env: w.env, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => slow.on('exit', (code) => resolve(code)));
    // The slow run has opened the log (a new log's state file is written on open) and is redacting.
    for (let i = 0; i < 400 && !existsSync(statePath(w.db)); i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200));
    const log = openAuditLog(w.db, { redact: [], privileged: false, busyTimeoutMs: 500 });
    try {
      expect(() => log.append('policy_loaded', { file: 'other', digest: 'x' })).not.toThrow();
    } finally {
      log.close();
    }
    expect(await exited).toBe(0);
    const types = w.entries().map((e) => e.type);
    // The other process's entry came first: the slow run had not taken the lock yet.
    expect(types[0]).toBe('policy_loaded');
    expect(w.entries()[0]).toMatchObject({ file: 'other' });
    expect(types.slice(1)).toEqual(['policy_loaded', 'request', 'decision', 'exec_start', 'exec_end']);
  }, 60_000);
});
