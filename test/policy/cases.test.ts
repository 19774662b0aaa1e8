// Policy test cases: strict parsing of case files, requester lookup, and judging through the
// real decision function.
import { describe, expect, it } from 'vitest';
import { realPathProbe } from '../../src/decide/resolve.js';
import type { PathProbe } from '../../src/decide/types.js';
import { requesterLookup } from '../../src/policy/accounts.js';
import { loadPolicyText } from '../../src/policy/load.js';
import { formatProblem } from '../../src/policy/problems.js';
import { caseInput, runPolicyCases, summaryLine, type CaseEnvironment } from '../../src/policy/run-cases.js';
import { validateCasesBytes, validateCasesText } from '../../src/policy/test-cases.js';

const problemsOf = (text: string) => {
  const result = validateCasesText('t.yaml', text);
  return 'problems' in result ? result.problems.map(formatProblem) : [];
};

describe('validateCasesText', () => {
  it('reads cases with their positions', () => {
    const result = validateCasesText('t.yaml', '- { command: [ls, -l], expect: allow }\n-\n  shell: "echo hi"\n  user: bob\n  actor: agent:x\n  cwd: /srv\n  expect: deny\n');
    expect(result).toEqual({
      cases: [
        { command: ['ls', '-l'], shell: null, user: null, actor: null, cwd: null, expect: 'allow', where: 't.yaml:1:3' },
        { command: null, shell: 'echo hi', user: 'bob', actor: 'agent:x', cwd: '/srv', expect: 'deny', where: 't.yaml:3:3' },
      ],
    });
  });

  it.each([
    ['an empty file', '', 't.yaml:1:1: the file is empty; expected a list of test cases'],
    ['an empty list', '[]\n', 't.yaml:1:1: expected at least one test case'],
    ['a mapping', 'tests: []\n', 't.yaml:1:1: expected a list of test cases at the top level, got a mapping'],
    ['a missing expect', '- { command: [ls] }\n', 't.yaml:1:3: [0]: missing required key "expect"'],
    ['a bad expect', '- { command: [ls], expect: yes }\n', 't.yaml:1:28: [0].expect: expected one of allow, approve, deny, got "yes"'],
    ['both command and shell', '- { command: [ls], shell: ls, expect: deny }\n', 't.yaml:1:3: [0]: a test case needs exactly one of command or shell'],
    ['command as a string', '- { command: "ls -l", expect: deny }\n', 't.yaml:1:14: [0].command: expected a list, got "ls -l"'],
    ['an empty command', '- { command: [], expect: deny }\n', 't.yaml:1:14: [0].command: must not be empty'],
    ['an unknown key', '- { command: [ls], expect: deny, policy: x }\n', 't.yaml:1:34: [0].policy: unknown key "policy"'],
    ['a number in argv', '- { command: [head, -n, 5], expect: deny }\n', 't.yaml:1:25: [0].command[2]: expected a string, got 5 (quote it: "5")'],
    ['a YAML alias', '- &a { command: [ls], expect: deny }\n- *a\n', 't.yaml:2:3: YAML aliases are not allowed (*a)'],
    ['malformed YAML', '- { command: [ls, expect: deny\n', 't.yaml:2:1:'],
  ])('refuses %s', (_name, text, line) => {
    expect(problemsOf(text).find((p) => p.startsWith(line)), problemsOf(text).join('\n')).toBeDefined();
  });

  it('refuses bytes that are not UTF-8', () => {
    const result = validateCasesBytes('t.yaml', Buffer.from([0x2d, 0x20, 0xff]));
    expect('problems' in result ? result.problems.map(formatProblem) : []).toEqual(['t.yaml:1:1: the file is not valid UTF-8']);
  });
});

describe('requesterLookup', () => {
  const passwd = 'root:x:0:0:root:/root:/bin/bash\n# comment\ndeploy:x:1001:1001::/home/deploy:/bin/sh\nbroken:x:abc:1\n';
  const group = 'root:x:0:\ndeploy:x:1001:\nwheel:x:10:deploy,alice\nops:x:20:alice\nadm:x:4:deploy\n';
  const lookup = requesterLookup(passwd, group);

  it('gives uid, gid and groups (primary first) for a known user', () => {
    expect(lookup('deploy')).toEqual({ user: 'deploy', uid: 1001, gid: 1001, groups: ['deploy', 'wheel', 'adm'] });
    expect(lookup('root')).toEqual({ user: 'root', uid: 0, gid: 0, groups: ['root'] });
  });

  it('gives uid -1 and no groups for an unknown or malformed user', () => {
    expect(lookup('alice')).toEqual({ user: 'alice', uid: -1, gid: -1, groups: [] });
    expect(lookup('broken')).toEqual({ user: 'broken', uid: -1, gid: -1, groups: [] });
  });
});

const POLICY = loadPolicyText(
  'p.yaml',
  [
    'version: 1',
    'rules:',
    '  - { id: echo, match: { command: echo }, decision: allow }',
    '  - { id: echo-deploy, match: { command: echo, args: [deploy] }, when: { user: deploy }, decision: deny }',
    '',
  ].join('\n'),
);

const env = (paths: PathProbe = realPathProbe): CaseEnvironment => ({
  paths,
  cwd: '/tmp',
  host: 'h1',
  now: new Date(2026, 0, 5, 12, 0),
  requester: { user: 'me', uid: 1000, gid: 1000, groups: ['me'] },
  lookupRequester: requesterLookup('deploy:x:1001:1001::/:/bin/sh\n', 'deploy:x:1001:\n'),
});

describe('caseInput', () => {
  it('builds argv mode and shell mode inputs from a case and the defaults', () => {
    const e = env();
    const argvCase = { command: ['echo', 'a'], shell: null, user: null, actor: null, cwd: null, expect: 'allow' as const, where: 'x:1:1' };
    expect(caseInput(argvCase, e)).toEqual({ argv: ['echo', 'a'], shell: null, cwd: '/tmp', requester: e.requester, actor: null, host: 'h1', now: e.now });
    const shellCase = { command: null, shell: 'echo a | wc', user: 'deploy', actor: 'agent:x', cwd: '/srv', expect: 'deny' as const, where: 'x:2:1' };
    expect(caseInput(shellCase, e)).toMatchObject({ argv: ['echo a | wc'], shell: 'echo a | wc', cwd: '/srv', actor: 'agent:x', requester: { user: 'deploy', uid: 1001, groups: ['deploy'] } });
  });
});

describe('runPolicyCases', () => {
  const cases = validateCasesText('t.yaml', [
    '- { command: [echo, hi], expect: allow }',
    '- { command: [echo, hi], expect: deny }',
    '- { command: [echo, deploy], user: deploy, expect: deny }',
    '- { command: [echo, deploy], user: deploy, expect: allow }',
    '- { command: [uname], expect: allow }',
    '',
  ].join('\n'));
  if ('problems' in cases) throw new Error('bad fixture');

  it('passes matching decisions and explains each failure on one line', async () => {
    const results = await runPolicyCases(POLICY, cases.cases, env());
    expect(results.passed).toBe(2);
    expect(results.failures.map((f) => f.line)).toEqual([
      expect.stringMatching(/^t\.yaml:2:3: expected deny, got allow \(rules: echo\)/),
      expect.stringMatching(/^t\.yaml:4:3: expected allow, got deny \(rules: echo, echo-deploy\)/),
      expect.stringMatching(/^t\.yaml:5:3: expected allow, got deny \(rules: none\)/),
    ]);
    expect(summaryLine(results)).toBe('2 passed, 3 failed');
  });

  it('fails (never passes) a case whose evaluation throws', async () => {
    const broken: PathProbe = {
      realpath: () => {
        throw new Error('probe exploded');
      },
      isExecutableFile: () => {
        throw new Error('probe exploded');
      },
    };
    const results = await runPolicyCases(POLICY, cases.cases.slice(0, 1), env(broken));
    expect(results.passed).toBe(0);
    expect(results.failures[0]?.line).toMatch(/^t\.yaml:1:3: expected allow, got an error: .*probe exploded/);
  });
});
