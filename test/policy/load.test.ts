// The policy loader on good and hostile input: every problem must carry the exact
// file:line:col of the node it is about.
import { describe, expect, it } from 'vitest';
import { ApproveRunError } from '../../src/errors.js';
import { loadPolicyText, validatePolicyBytes, validatePolicyText } from '../../src/policy/load.js';
import { formatProblem } from '../../src/policy/problems.js';

const K1 = 'ed25519:3Kp7m32yh5mmf24fyqqTvBM95imrcHa3QmvXHv1sK3E=';
const K2 = 'ed25519:jKZadKfjcJjcqjTcV1W+xwS3XBg1VmBugUF5CyRVo9M=';

// Lines 1–12 of every table case; case lines start at line 13.
const HEAD = [
  'version: 1',
  'approvers:',
  `  alice: { users: [alice], key: "${K1}" }`,
  `  bob: { users: [bob], key: "${K2}" }`,
  'groups:',
  '  sre: [alice, bob]',
  'channels:',
  '  terminal: { authenticate: none }',
  'rules:',
  '  - id: base',
  '    match: { command: ls }',
  '    decision: allow',
];

// Problem lines for a policy made of HEAD plus `lines`.
function problems(lines: string[], head = HEAD): string[] {
  const result = validatePolicyText('p.yaml', [...head, ...lines, ''].join('\n'));
  return 'problems' in result ? result.problems.map(formatProblem) : [];
}

describe('validatePolicyText accepts', () => {
  it('the head policy on its own', () => {
    expect(problems([])).toEqual([]);
  });
});

// [name, case lines (from line 13), expected `line:col`, message fragment]
const RULE_CASES: [string, string[], string, string][] = [
  ['wrong type for decision', ['  - id: r', '    match: { command: ls }', '    decision: [allow]'], '15:15', 'rules[1].decision: expected one of allow, approve, deny, got a list'],
  ['unknown decision', ['  - id: r', '    match: { command: ls }', '    decision: permit'], '15:15', 'got "permit"'],
  ['unknown key in a rule points at the key', ['  - id: r', '    match: { command: ls }', '    decision: allow', '    descripton: x'], '16:5', 'unknown key "descripton" (did you mean "description"?)'],
  ['unknown key in match', ['  - id: r', '    match: { command: ls, argz: [a] }', '    decision: allow'], '14:27', 'rules[1].match.argz: unknown key "argz"'],
  ['unknown key in when', ['  - id: r', '    match: { command: ls }', '    when: { weekday: Mon }', '    decision: allow'], '15:13', 'unknown key "weekday" (allowed: user, group, actor, host, cwd, time)'],
  ['missing match', ['  - id: r', '    decision: allow'], '13:5', 'rules[1]: missing required key "match"'],
  ['missing id', ['  - match: { command: ls }', '    decision: allow'], '13:5', 'rules[1]: missing required key "id"'],
  ['bad rule id', ['  - id: "two words"', '    match: { command: ls }', '    decision: allow'], '13:9', 'a rule id must be letters, digits'],
  ['number where a string belongs', ['  - id: r', '    match: { command: [ls, 5] }', '    decision: allow'], '14:28', 'rules[1].match.command[1]: expected a string, got 5 (quote it: "5")'],
  ['command of the wrong type', ['  - id: r', '    match: { command: { a: 1 } }', '    decision: allow'], '14:23', 'rules[1].match.command: expected a command name'],
  ['empty command list', ['  - id: r', '    match: { command: [] }', '    decision: allow'], '14:23', 'must not be empty'],
  ['relative command path', ['  - id: r', '    match: { command: ./sed }', '    decision: allow'], '14:23', 'must be a bare name or an absolute path'],
  ['glob in a command path', ['  - id: r', '    match: { command: /usr/bin/* }', '    decision: allow'], '14:23', 'globs are allowed only over a bare name'],
  ['bad glob in args', ['  - id: r', '    match: { command: ls, args: [ok, "[abc"] }', '    decision: allow'], '14:38', 'rules[1].match.args[1]: unbalanced'],
  ['bad brace in args', ['  - id: r', '    match: { command: ls, args: ["{a,b"] }', '    decision: allow'], '14:34', 'rules[1].match.args[0]: unbalanced'],
  ['bad re: regex', ['  - id: r', '    match: { command: ls, args: ["re:(x"] }', '    decision: allow'], '14:34', 'invalid regular expression "(x"'],
  ['re: regex invalid only with the u flag', ['  - id: r', '    match: { command: ls, args: ["re:\\\\-x"] }', '    decision: allow'], '14:34', 'invalid regular expression'],
  ['empty re:', ['  - id: r', '    match: { command: ls, args: ["re:"] }', '    decision: allow'], '14:34', 'empty regular expression'],
  ['bad option', ['  - id: r', '    match: { command: ls, options: [force] }', '    decision: allow'], '14:37', 'must be a literal option'],
  ['bad when.user glob', ['  - id: r', '    match: { command: ls }', '    when: { user: "[x" }', '    decision: allow'], '15:19', 'rules[1].when.user:'],
  ['relative when.cwd', ['  - id: r', '    match: { command: ls }', '    when: { cwd: "srv/**" }', '    decision: allow'], '15:18', 'must be an absolute path glob'],
  ['bad time window', ['  - id: r', '    match: { command: ls }', '    when: { time: [ "Mon-Fri 08:00-18:00", "Mon-Fry 08:00-18:00" ] }', '    decision: allow'], '15:44', 'rules[1].when.time[1]: invalid time window "Mon-Fry 08:00-18:00": unknown day "Fry"'],
  ['bad duration', ['  - id: r', '    match: { command: ls }', '    decision: approve', '    session_ttl: 15 minutes'], '16:18', 'rules[1].session_ttl: expected a duration like 90s, 15m, 2h or 1d'],
  ['zero duration', ['  - id: r', '    match: { command: ls }', '    decision: allow', '    max_runtime: 0s'], '16:18', 'expected a duration'],
  ['duration beyond a year', ['  - id: r', '    match: { command: ls }', '    decision: allow', '    max_runtime: 400d'], '16:18', 'longer than the maximum'],
  ['duplicate rule id', ['  - id: base', '    match: { command: id }', '    decision: allow'], '13:9', 'duplicate rule id "base" (also rules[0])'],
  ['unknown approver', ['  - id: r', '    match: { command: ls }', '    decision: approve', '    approvers: [alice, carol]'], '16:24', 'rules[1].approvers[1]: unknown approver "carol"'],
  ['unknown group', ['  - id: r', '    match: { command: ls }', '    decision: approve', '    approvers: group:dba'], '16:16', 'unknown group "dba"'],
  ['quorum zero', ['  - id: r', '    match: { command: ls }', '    decision: approve', '    quorum: 0'], '16:13', 'must be at least 1'],
  ['quorum not an integer', ['  - id: r', '    match: { command: ls }', '    decision: approve', '    quorum: 1.5'], '16:13', 'expected an integer, got 1.5'],
  ['quorum as a string', ['  - id: r', '    match: { command: ls }', '    decision: approve', '    quorum: "2"'], '16:13', 'expected a number, got "2"'],
  ['quorum larger than the reachable approvers', ['  - id: r', '    match: { command: ls }', '    decision: approve', '    approvers: [alice]', '    quorum: 2'], '17:13', 'quorum 2 is more than the 1 approver this rule can reach'],
  ['quorum larger than all approvers', ['  - id: r', '    match: { command: ls }', '    decision: approve', '    quorum: 3'], '16:13', 'more than the 2 approvers'],
  ['channel not configured', ['  - id: r', '    match: { command: ls }', '    decision: approve', '    channel: [terminal, webhook]'], '16:25', 'rules[1].channel[1]: channel webhook is not configured'],
  ['unknown channel', ['  - id: r', '    match: { command: ls }', '    decision: approve', '    channel: email'], '16:14', 'rules[1].channel'],
  ['unknown risk', ['  - id: r', '    match: { command: ls }', '    decision: approve', '    risk: extreme'], '16:11', 'expected one of low, medium, high, critical'],
  ['bad run_as', ['  - id: r', '    match: { command: ls }', '    decision: allow', '    run_as: "root user"'], '16:13', 'expected a user name'],
  ['settings: unknown key', ['settings:', '  defualt: deny'], '14:3', 'settings.defualt: unknown key "defualt" (did you mean "default"?)'],
  ['settings: bad default', ['settings:', '  default: allow'], '14:12', 'expected one of deny, approve, got "allow"'],
  ['settings: number duration', ['settings:', '  kill_grace: 10'], '14:15', 'expected a string, got 10 (quote it: "10")'],
  ['settings: bad approval_timeout', ['settings:', '  approval_timeout: 5min'], '14:21', 'settings.approval_timeout: expected a duration'],
  ['settings: redact regex that does not compile', ['settings:', "  redact: ['ok', '(unclosed']"], '14:18', 'settings.redact[1]: invalid regular expression "(unclosed"'],
  ['settings: dangerous env_keep', ['settings:', '  env_keep: [TERM, LD_PRELOAD]'], '14:20', 'env_keep must not keep LD_PRELOAD'],
  ['settings: env_keep prefix reaching a dangerous name', ['settings:', '  env_keep: ["L*"]'], '14:14', 'env_keep must not keep L*'],
  ['settings: relative secure_path entry', ['settings:', '  secure_path: /usr/bin:bin'], '14:16', 'must be absolute directories, not "bin"'],
  ['settings: relative audit db', ['settings:', '  audit: { db: audit.db }'], '14:16', 'settings.audit.db: expected an absolute path'],
  ['settings: unknown audit key', ['settings:', '  audit: { dbx: /x }'], '14:12', 'unknown key "dbx"'],
  ['settings: require_reason not boolean', ['settings:', '  require_reason: "yes"'], '14:19', 'expected true or false, got "yes"'],
  ['unknown top-level key', ['extra_approvers: 1'], '13:1', 'extra_approvers: unknown key "extra_approvers" (allowed: version, settings'],
];

describe('validatePolicyText reports', () => {
  it.each(RULE_CASES)('%s', (_name, lines, where, fragment) => {
    const found = problems(lines);
    expect(found.length, found.join('\n')).toBeGreaterThan(0);
    expect(found.find((p) => p.startsWith(`p.yaml:${where}: `) && p.includes(fragment)), found.join('\n')).toBeDefined();
  });
});

// [name, whole file, expected `line:col`, message fragment]
const FILE_CASES: [string, string, string, string][] = [
  ['malformed YAML (unclosed quote, found at the end)', 'version: 1\nrules: []\nsettings: { default: "deny }\n', '4:1', 'Missing closing "quote'],
  ['malformed YAML (unclosed flow list)', 'version: 1\nrules: [a, b\nsettings: {}\n', '3:', 'Flow sequence'],
  ['malformed YAML (bad indentation)', 'version: 1\nrules:\n  - id: a\n     decision: allow\n', '3:9', 'Nested mappings are not allowed in compact mappings'],
  ['an empty file', '', '1:1', 'the file is empty'],
  ['a file of comments only', '# nothing here\n', '1:1', 'the file is empty'],
  ['a list at the top level', '- version: 1\n', '1:1', 'expected a policy mapping'],
  ['a scalar at the top level', 'just text\n', '1:1', 'got a scalar'],
  ['a duplicate top-level key', 'version: 1\nrules: []\nrules: []\n', '3:1', 'duplicate key "rules"'],
  ['a duplicate key in a flow mapping', 'version: 1\nrules:\n  - { id: a, match: { command: ls }, decision: allow, id: b }\n', '3:55', 'duplicate key "id"'],
  ['an alias', 'version: 1\nx: &a [1]\nrules: *a\n', '3:8', 'YAML aliases are not allowed'],
  ['a merge key', 'version: 1\nrules: []\nsettings:\n  <<: { default: deny }\n', '4:3', 'unknown key "<<"'],
  ['a custom tag', 'version: 1\nrules: !!python/object []\n', '2:8', 'YAML tags are not allowed (!!python/object)'],
  ['a local tag', 'version: 1\nrules: !custom []\n', '2:8', 'YAML tags are not allowed (!custom)'],
  ['a standard tag', 'version: !!int 1\nrules: []\n', '1:10', 'YAML tags are not allowed (!!int)'],
  ['several documents', 'version: 1\nrules: []\n---\nversion: 1\n', '3:1', 'only one YAML document is allowed'],
  ['a non-string key', 'version: 1\nrules: []\n1: x\n', '3:1', 'mapping keys must be plain strings'],
  ['a complex key', 'version: 1\nrules: []\n? [a]\n: x\n', '3:3', 'mapping keys must be plain strings'],
  ['a missing version', 'rules: []\n', '1:1', 'missing required key "version"'],
  ['an unsupported version', 'version: 2\nrules: []\n', '1:10', 'unsupported policy version 2; this approve-run reads version 1'],
  ['a version written as a string', 'version: "1"\nrules: []\n', '1:10', 'unsupported policy version "1"'],
  ['missing rules', 'version: 1\n', '1:1', 'missing required key "rules"'],
  ['rules as a mapping', 'version: 1\nrules: { a: 1 }\n', '2:8', 'rules: expected a list, got a mapping'],
  ['an empty settings value', 'version: 1\nsettings:\nrules: []\n', '2:1', 'settings: expected a mapping, got nothing'],
  ['deep nesting', `version: 1\nrules: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, '2:', 'nested too deeply'],
];

describe('validatePolicyText refuses hostile or malformed files', () => {
  it.each(FILE_CASES)('%s', (_name, text, where, fragment) => {
    const result = validatePolicyText('p.yaml', text);
    expect('problems' in result).toBe(true);
    const found = 'problems' in result ? result.problems.map(formatProblem) : [];
    expect(found.find((p) => p.startsWith(`p.yaml:${where}`) && p.includes(fragment)), found.join('\n')).toBeDefined();
  });

  it('refuses a billion-laughs alias bomb quickly, at the first alias', () => {
    const bomb = ['version: 1', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    bomb.push('rules: []');
    const result = validatePolicyText('p.yaml', bomb.join('\n'));
    const found = 'problems' in result ? result.problems.map(formatProblem) : [];
    expect(found[0]).toBe('p.yaml:3:8: YAML aliases are not allowed (*a)');
  });

  it('refuses bytes that are not UTF-8, naming the place', () => {
    const result = validatePolicyBytes('p.yaml', Buffer.concat([Buffer.from('version: 1\nrules: []\n# caf'), Buffer.from([0xe9, 0x0a])]));
    expect('problems' in result ? result.problems.map(formatProblem) : []).toEqual(['p.yaml:3:6: the file is not valid UTF-8']);
  });

  it('refuses a file larger than 1 MiB', () => {
    const result = validatePolicyText('p.yaml', `version: 1\nrules: []\n#${'x'.repeat(1024 * 1024)}\n`);
    expect('problems' in result ? result.problems.map(formatProblem) : []).toEqual(['p.yaml:1:1: the file is larger than 1048576 bytes']);
  });
});

// Head with approvers/channels removed, so those sections can be written per case (lines from 4).
const BARE = ['version: 1', 'rules:', '  - { id: base, match: { command: ls }, decision: allow }'];

const SECTION_CASES: [string, string[], string, string][] = [
  ['a key without the ed25519: prefix', ['approvers:', `  a: { key: "${K1.slice(8)}" }`], '5:13', 'approvers.a.key: expected "ed25519:" followed by the base64 of a 32-byte'],
  ['a key of 31 bytes', ['approvers:', `  a: { key: "ed25519:${Buffer.alloc(31, 7).toString('base64')}" }`], '5:13', 'approvers.a.key'],
  ['a key of 33 bytes', ['approvers:', `  a: { key: "ed25519:${Buffer.alloc(33, 7).toString('base64')}" }`], '5:13', 'approvers.a.key'],
  ['a key without padding', ['approvers:', `  a: { key: "${K1.replace(/=$/, '')}" }`], '5:13', 'approvers.a.key'],
  ['a non-canonical base64 key', ['approvers:', `  a: { key: "${K1.replace(/E=$/, 'F=')}" }`], '5:13', 'approvers.a.key'],
  ['a missing key', ['approvers:', '  a: { users: [a] }'], '5:6', 'approvers.a: an approver needs key (ed25519) or webauthn (a passkey), or both'],
  ['an unknown approver field', ['approvers:', `  a: { key: "${K1}", email: a@example.com }`], '5:69', 'approvers.a.email: unknown key "email"'],
  ['users as a string', ['approvers:', `  a: { key: "${K1}", users: alice }`], '5:76', 'approvers.a.users: expected a list, got "alice"'],
  ['a relative totp path', ['approvers:', `  a: { key: "${K1}", totp: totp/a }`], '5:75', 'approvers.a.totp: expected an absolute path'],
  ['a bad approver id', ['approvers:', `  "a b": { key: "${K1}" }`], '5:3', 'approvers.a b: an approver id must be'],
  ['a group naming an unknown approver', ['approvers:', `  a: { key: "${K1}" }`, 'groups:', '  ops: [a, zed]'], '7:12', 'groups.ops[1]: unknown approver "zed"'],
  ['an empty group', ['approvers:', `  a: { key: "${K1}" }`, 'groups:', '  ops: []'], '7:8', 'groups.ops: must not be empty'],
  ['a webhook url that is not http(s)', ['channels:', '  webhook: { url: "ftp://127.0.0.1/x" }'], '5:19', 'channels.webhook.url: webhook url must use http or https, not ftp'],
  ['a webhook url that is not a URL', ['channels:', '  webhook: { url: "not a url" }'], '5:19', 'invalid URL "not a url"'],
  ['a webhook without url', ['channels:', '  webhook: { timeout: 5s }'], '5:12', 'channels.webhook: missing required key "url"'],
  ['a bad webhook secret_env', ['channels:', '  webhook: { url: "http://127.0.0.1:1/", secret_env: "A-B" }'], '5:54', 'channels.webhook.secret_env: expected an environment variable name'],
  ['an unknown terminal authentication', ['channels:', '  terminal: { authenticate: password }'], '5:29', 'expected one of none, totp, got "password"'],
  ['an unknown channel', ['channels:', '  email: { to: x }'], '5:3', 'unknown key "email"'],
  ['an approve rule in a policy without approvers', ['  - { id: r, match: { command: id }, decision: approve }'], '4:48', 'rules[1].decision: approve rule, but the policy defines no approvers'],
  ['default approve without approvers', ['settings: { default: approve }'], '4:22', 'settings.default: default is approve, but the policy defines no approvers'],
  ['a test case with both command and shell', ['tests:', '  - { command: [ls], shell: ls, expect: allow }'], '5:5', 'tests[0]: a test case needs exactly one of command or shell'],
  ['a test case with neither', ['tests:', '  - { expect: allow }'], '5:5', 'exactly one of command or shell'],
  ['a test case with a bad expectation', ['tests:', '  - { command: [ls], expect: allowed }'], '5:30', 'tests[0].expect: expected one of allow, approve, deny'],
  ['a test case with an unknown key', ['tests:', '  - { command: [ls], expect: allow, host: x }'], '5:37', 'tests[0].host: unknown key "host"'],
  ['a test case with a relative cwd', ['tests:', '  - { command: [ls], expect: allow, cwd: srv }'], '5:42', 'expected an absolute path'],
];

describe('validatePolicyText checks approvers, groups, channels and tests', () => {
  it.each(SECTION_CASES)('%s', (_name, lines, where, fragment) => {
    const found = problems(lines, BARE);
    expect(found.find((p) => p.startsWith(`p.yaml:${where}: `) && p.includes(fragment)), found.join('\n')).toBeDefined();
  });
});

describe('all problems at once', () => {
  const text = ['version: 1', 'settings: { default: sometimes }', 'rules:', '  - { id: a, match: { command: ls }, decision: allow, extra: 1 }', '  - { id: a, match: { command: ls }, decision: allow }', ''].join('\n');

  it('are collected in file order', () => {
    const result = validatePolicyText('p.yaml', text);
    expect('problems' in result ? result.problems.map(formatProblem) : []).toEqual([
      'p.yaml:2:22: settings.default: expected one of deny, approve, got "sometimes"',
      'p.yaml:4:55: rules[0].extra: unknown key "extra" (allowed: id, description, match, when, decision, approvers, quorum, channel, session_ttl, max_runtime, risk, message, run_as, confine)',
      'p.yaml:5:11: rules[1].id: duplicate rule id "a" (also rules[0])',
    ]);
  });

  it('make loadPolicyText throw a policy error naming the first and counting the rest', () => {
    let error: unknown;
    try {
      loadPolicyText('p.yaml', text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApproveRunError);
    expect((error as ApproveRunError).kind).toBe('policy');
    expect((error as ApproveRunError).exitCode).toBe(125);
    expect((error as Error).message).toBe('p.yaml:2:22: settings.default: expected one of deny, approve, got "sometimes" (and 2 more problems)');
  });
});
