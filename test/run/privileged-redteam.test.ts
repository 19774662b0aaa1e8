// A hostile invoker under sudo (SPEC §11): every subcommand that takes a file, a path or reads
// the environment, tried with what an agent holding `sudo approve-run` would try. The built
// CLI runs as root with SUDO_UID of nobody, inside bwrap with temp dirs mounted over
// /etc/approve-run and /var/lib/approve-run (a real system policy and log, nothing outside the
// temp dirs touched). Every case must end quickly, with nothing of a root-only file shown.
import Database from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { overlay } from '../helpers/overlay.js';
import { tempDir } from '../helpers/tmp.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const SECRET = 'root-only-marker-93b1';
const REQ = 'req_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z';
const SES = 'ses_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z';

const etc = tempDir();
const lib = tempDir();
chmodSync(etc, 0o755);
const BWRAP = ['--dev-bind', '/', '/', ...overlay('/etc/approve-run', etc), ...overlay('/var/lib/approve-run', lib), '--'];
const SUDO = { PATH: '/usr/bin:/bin', NO_COLOR: '1', SUDO_UID: '65534', SUDO_USER: 'nobody', SUDO_GID: '65534' };

interface Result {
  /** null when it was killed: a hang. */
  code: number | null;
  out: string;
}

// `approve-run ARGS` as nobody under sudo, inside the overlay; killed after 25 s, so a hang
// shows as a null exit code however loaded the machine is.
function sudoRun(args: string[], env: Record<string, string> = {}, cwd = files.dir): Result {
  const r = spawnSync('/usr/bin/bwrap', [...BWRAP, process.execPath, CLI, ...args], { env: { ...SUDO, ...env }, cwd, encoding: 'utf8', timeout: 25_000, killSignal: 'SIGKILL', input: '' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

// The invoker's view of the hostile files: root-only ones (0600) holding SECRET, in a directory
// everyone may enter, and paths of every other shape.
const files = (() => {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  const rootOnly = (name: string, text: string) => {
    writeFileSync(join(dir, name), text, { mode: 0o600 });
    return join(dir, name);
  };
  const yaml = rootOnly('secret.yaml', `version: 1\n${SECRET}: 1\nrules: []\n`);
  const json = rootOnly('secret.json', `{"${SECRET}": 1, "version": 1}\n`);
  symlinkSync(yaml, join(dir, 'link.yaml'));
  execFileSync('/usr/bin/mkfifo', ['-m', '0666', join(dir, 'fifo')]);
  mkdirSync(join(dir, 'hidden'), { mode: 0o700 });
  writeFileSync(join(dir, 'hidden', 'present.yaml'), `version: 1\n${SECRET}: 1\n`, { mode: 0o644 });
  mkdirSync(join(dir, 'adir'), { mode: 0o755 });
  writeFileSync(join(dir, 'huge'), '');
  truncateSync(join(dir, 'huge'), 64 * 1024 * 1024);
  chmodSync(join(dir, 'huge'), 0o644);
  for (const d of ['rootdir', 'cachedir']) {
    mkdirSync(join(dir, d), { mode: 0o755 });
    writeFileSync(join(dir, d, 'keep'), 'keep\n', { mode: 0o644 });
  }
  return { dir, yaml, json };
})();

const HOSTILE: Array<[string, string]> = [
  ['a root-only YAML file', files.yaml],
  ['a root-only JSON file', files.json],
  ['a symlink to a root-only file', join(files.dir, 'link.yaml')],
  ['a FIFO nobody writes', join(files.dir, 'fifo')],
  ['/dev/zero', '/dev/zero'],
  ['a directory', join(files.dir, 'adir')],
  ['a 64 MiB file', join(files.dir, 'huge')],
  ['a file in a directory the invoker cannot search', join(files.dir, 'hidden', 'present.yaml')],
  ['/proc/self/environ', '/proc/self/environ'],
];

// Every option and argument that names a file to read, as argv for a path.
const READERS: Array<[string, (path: string) => string[]]> = [
  ['policy validate FILE', (p) => ['policy', 'validate', p]],
  ['policy test FILE', (p) => ['policy', 'test', p]],
  ['serve validate FILE', (p) => ['serve', 'validate', p]],
  ['serve --config FILE', (p) => ['serve', '--config', p]],
  ['serve enroll --config FILE', (p) => ['serve', 'enroll', 'alice', '--config', p]],
  ['approve --key FILE', (p) => ['approve', REQ, '--key', p, '--as', 'alice', '--server', 'http://127.0.0.1:9']],
  ['deny --key FILE', (p) => ['deny', REQ, '--key', p, '--as', 'alice', '--server', 'http://127.0.0.1:9']],
  ['audit verify --key FILE', (p) => ['audit', 'verify', '--key', p]],
  ['audit verify --trusted FILE', (p) => ['audit', 'verify', '--trusted', p]],
  ['audit verify --witness FILE', (p) => ['audit', 'verify', '--witness', p]],
  ['audit report --key FILE', (p) => ['audit', 'report', '--key', p]],
  ['audit report --trusted FILE', (p) => ['audit', 'report', '--trusted', p]],
  ['audit report --previous FILE', (p) => ['audit', 'report', '--previous', p]],
];

beforeAll(() => {
  writeFileSync(join(etc, 'policy.yaml'), 'version: 1\nsettings: { secure_path: /usr/bin:/bin, confine: off, redact: [\'token=\\S+\'] }\nrules:\n  - { id: t, match: { command: "true" }, decision: allow }\n', { mode: 0o644 });
  const first = sudoRun(['--', 'true']);
  expect(first.out).toBe('');
  expect(first.code).toBe(0);
});

describe('files named on the command line, under sudo', () => {
  const cases = READERS.flatMap(([what, argv]) => HOSTILE.map(([kind, path]) => [what, kind, argv(path)] as const));
  it.each(cases)('%s with %s: refused in one line, nothing shown, no wait', (_what, _kind, argv) => {
    const r = sudoRun([...argv]);
    expect(r.code).toBe(125);
    expect(r.out).not.toContain(SECRET);
    expect(r.out.trim().split('\n')).toHaveLength(1);
  });

  it.each(READERS)('%s: a missing file and a present one behind a directory the invoker cannot search give the same answer', (_what, argv) => {
    const present = sudoRun(argv(join(files.dir, 'hidden', 'present.yaml')));
    const missing = sudoRun(argv(join(files.dir, 'hidden', 'absent.yaml')));
    expect(present.code).toBe(missing.code);
    expect(present.out.replace('present.yaml', 'X')).toBe(missing.out.replace('absent.yaml', 'X'));
  });

  it.each([
    ['serve --config', ['serve', '--config', '/etc/shadow']],
    ['serve enroll', ['serve', 'enroll', 'root', '--config', '/etc/shadow']],
  ])('%s is refused outright, before any file is read', (what, argv) => {
    const r = sudoRun(argv);
    expect(r.code).toBe(125);
    expect(r.out).toBe(`approve-run: ${what.split(' --')[0]} is refused in privileged mode: run the service as its own account (a systemd unit), not through sudo\n`);
  });
});

describe('-o output under sudo', () => {
  const WRITERS: Array<[string, (path: string) => string[]]> = [
    ['audit export -o', (p) => ['audit', 'export', '-o', p]],
    ['audit export --format csv -o', (p) => ['audit', 'export', '--format', 'csv', '-o', p]],
    ['audit report -o', (p) => ['audit', 'report', '--format', 'json', '-o', p]],
  ];
  it.each(WRITERS)('%s into a directory only root may write: permission denied, nothing created', (_what, argv) => {
    const r = sudoRun(argv(join(files.dir, 'rootdir', 'planted')));
    expect(r.out).toBe(`approve-run: cannot write ${join(files.dir, 'rootdir', 'planted')}: permission denied\n`);
    expect(r.code).toBe(125);
    expect(readdirSync(join(files.dir, 'rootdir'))).toEqual(['keep']);
  });

  it.each(WRITERS)('%s over a root-owned file the invoker may read: refused, the file unchanged', (_what, argv) => {
    const r = sudoRun(argv(join(files.dir, 'rootdir', 'keep')));
    expect(r.code).toBe(125);
    expect(readFileSync(join(files.dir, 'rootdir', 'keep'), 'utf8')).toBe('keep\n');
  });

  it.each(WRITERS)('%s to a FIFO nobody reads: refused at once', (_what, argv) => {
    const r = sudoRun(argv(join(files.dir, 'fifo')));
    expect(r.out).toBe(`approve-run: cannot write ${join(files.dir, 'fifo')}: no process reads it\n`);
    expect(r.code).toBe(125);
  });

  it.each(WRITERS)('%s through a symlink the invoker planted: refused, the target unchanged', (_what, argv) => {
    const mine = tempDir();
    chmodSync(mine, 0o777);
    symlinkSync(files.yaml, join(mine, 'out'));
    const r = sudoRun(argv(join(mine, 'out')));
    expect(r.code).toBe(125);
    expect(readFileSync(files.yaml, 'utf8')).toContain(SECRET);
  });

  it('keygen -o is refused outright', () => {
    const r = sudoRun(['keygen', '-o', join(files.dir, 'rootdir', 'k')]);
    expect(r.code).toBe(125);
    expect(readdirSync(join(files.dir, 'rootdir'))).toEqual(['keep']);
  });
});

describe('the environment under sudo', () => {
  const LOCATORS: string[][] = [
    ['run', '--', 'true'],
    ['check', '--', 'true'],
    ['policy', 'validate'],
    ['policy', 'test', join(files.dir, 'adir')],
    ['policy', 'suggest'],
    ['audit', 'verify'],
    ['audit', 'log'],
    ['audit', 'export'],
    ['audit', 'report'],
    ['audit', 'checkpoint'],
    ['session', 'list'],
    ['session', 'revoke', SES],
    ['request', 'list'],
    ['request', 'show', REQ],
    ['wait', REQ],
    ['mcp'],
  ];
  it.each(LOCATORS.flatMap((argv) => ['APPROVE_RUN_POLICY', 'APPROVE_RUN_AUDIT_DB'].map((name) => [argv.join(' '), name, argv] as const)))(
    '%s with $%s: refused before anything is read',
    (_what, name, argv) => {
      const r = sudoRun(argv, { [name]: files.yaml });
      expect(r.out).toBe(`approve-run: $${name} is refused in privileged mode: the policy and the audit log are fixed by the administrator\n`);
      expect(r.code).toBe(125);
    },
  );

  // An empty file everyone may read: a value Node and OpenSSL accept, so the refusal is ours.
  const empty = join(files.dir, 'empty');
  writeFileSync(empty, '', { mode: 0o644 });
  it.each([
    ['NODE_OPTIONS', '--no-warnings'],
    ['NODE_TLS_REJECT_UNAUTHORIZED', '0'],
    ['NODE_EXTRA_CA_CERTS', empty],
    ['NODE_V8_COVERAGE', join(files.dir, 'rootdir')],
    ['NODE_COMPILE_CACHE', join(files.dir, 'cachedir')],
    ['OPENSSL_CONF', empty],
    ['SSL_CERT_FILE', empty],
    ['LD_LIBRARY_PATH', join(files.dir, 'adir')],
  ])('$%s: refused in one line naming it (and never its value)', (name, value) => {
    for (const [argv, code] of [[['--', 'true'], 125], [['audit', 'log'], 125], [['hook', 'claude-code'], 2]] as const) {
      const r = sudoRun([...argv], { [name]: value });
      // (With coverage stopped, Node itself may add a note of its own at exit.)
      expect(r.out.split('\n')[0]).toMatch(new RegExp(`^approve-run(?: hook: blocked)?: privileged mode: refusing to run with \\$${name} set: `));
      expect(r.out).not.toContain(value);
      expect(r.code).toBe(code);
    }
    // Node >= 22.1 opens a compile cache named by $NODE_COMPILE_CACHE at start-up, before
    // approve-run runs (a limitation in docs/SECURITY.md): only Node's own entry may appear.
    const dir = join(files.dir, name === 'NODE_COMPILE_CACHE' ? 'cachedir' : 'rootdir');
    const nodes = (entry: string) => name === 'NODE_COMPILE_CACHE' && 'enableCompileCache' in module && entry.startsWith(`${process.version}-`);
    expect(readdirSync(dir).filter((entry) => !nodes(entry))).toEqual(['keep']);
  });

  it('XDG_*, HOME and TMPDIR pointing at root-only files choose nothing and show nothing', () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'approve-run'), { mode: 0o755 });
    writeFileSync(join(dir, 'approve-run', 'config.json'), JSON.stringify({ actor: SECRET }), { mode: 0o600 });
    const env = { XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir, XDG_CACHE_HOME: dir, HOME: dir, TMPDIR: dir };
    for (const argv of [['config', 'list'], ['config', 'get', 'actor'], ['check', '--', 'true'], ['audit', 'log'], ['--', 'true']]) {
      const r = sudoRun(argv, env);
      expect(r.out).not.toContain(SECRET);
      expect(r.code).toBe(0);
    }
    expect(readdirSync(dir)).toEqual(['approve-run']);
    expect(readdirSync(join(dir, 'approve-run'))).toEqual(['config.json']);
    expect(existsSync(join(lib, 'audit.db'))).toBe(true);
  });
});

describe('refusals under sudo are logged (SPEC §11)', () => {
  // The `refused` entries of the system log, read straight from the file.
  function refusedEntries(): Array<Record<string, unknown>> {
    const db = new Database(join(lib, 'audit.db'), { readonly: true });
    try {
      return (db.prepare('SELECT leaf FROM entries ORDER BY seq').all() as Array<{ leaf: string }>).map((r) => JSON.parse(r.leaf) as Record<string, unknown>).filter((e) => e.type === 'refused');
    } finally {
      db.close();
    }
  }

  it.each([
    ['--policy on the fast path', ['-p', 'mine.yaml', '--', 'true', 'token=abc123'], {}],
    ['$APPROVE_RUN_AUDIT_DB', ['audit', 'log'], { APPROVE_RUN_AUDIT_DB: '/tmp/mine.db' }],
    ['check --policy', ['check', '-p', 'mine.yaml', '--', 'true'], {}],
    ['wait --policy', ['wait', REQ, '-p', 'mine.yaml'], {}],
    ['mcp --policy', ['mcp', '-p', 'mine.yaml'], {}],
    ['--audit-db', ['session', 'list', '--audit-db', '/tmp/mine.db'], {}],
    ['keygen', ['keygen', '-o', '/tmp/k'], {}],
    ['config set', ['config', 'set', 'actor', 'x'], {}],
    ['serve', ['serve', '--config', '/etc/shadow'], {}],
  ])('%s: a refused entry naming the requester, the redacted arguments and the reason', (_what, argv, env) => {
    const before = refusedEntries().length;
    const r = sudoRun(argv, env);
    expect(r.code).toBe(125);
    const added = refusedEntries().slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ requester: { user: 'nobody', uid: 65534 }, reason: r.out.replace(/^approve-run: /, '').trimEnd() });
    const logged = added[0]?.argv as string[];
    expect(logged.map((a) => a.replace(/^\[REDACTED:[0-9a-f]{8}\]$/, 'token=abc123'))).toEqual(argv);
    expect(JSON.stringify(logged)).not.toContain('abc123');
  });

  it('the log with its refused entries still verifies, read by root itself', () => {
    const r = spawnSync('/usr/bin/bwrap', [...BWRAP, process.execPath, CLI, 'audit', 'verify'], { env: { PATH: '/usr/bin:/bin', NO_COLOR: '1' }, encoding: 'utf8', timeout: 25_000 });
    expect(r.stdout).toMatch(/^audit log intact: /);
    expect(r.status).toBe(0);
  });
});
