// The child environment is rebuilt from env_keep; nothing else from the caller gets through.
import { describe, expect, it } from 'vitest';
import { buildChildEnv, compileEnvPattern, isSafeValue } from '../../src/exec/env.js';
import { prng } from '../helpers/prng.js';
import { DEFAULT_ENV_KEEP, DEFAULT_SECURE_PATH } from '../../src/policy/types.js';

const target = { user: 'root', home: '/root' };
const settings = { env_keep: DEFAULT_ENV_KEEP, secure_path: DEFAULT_SECURE_PATH };

const hostileCaller = {
  LD_PRELOAD: '/tmp/evil.so',
  LD_LIBRARY_PATH: '/tmp',
  BASH_ENV: '/tmp/rc',
  ENV: '/tmp/rc',
  NODE_OPTIONS: '--require /tmp/x.js',
  PYTHONSTARTUP: '/tmp/x.py',
  PERL5OPT: '-Mevil',
  GIT_SSH_COMMAND: 'sh -c evil',
  PATH: '/tmp/evil:/usr/bin',
  HOME: '/home/agent',
  USER: 'agent',
  LOGNAME: 'agent',
  SHELLOPTS: 'xtrace',
  PS4: '$(evil)',
  IFS: '/',
  EDITOR: 'evil',
  GLIBC_TUNABLES: 'glibc.malloc.x=1',
  SSH_AUTH_SOCK: '/tmp/ssh-agent',
  AWS_SECRET_ACCESS_KEY: 'secret',
  'BASH_FUNC_ls%%': '() { evil; }',
  TERM: 'xterm-256color',
  LANG: 'en_US.UTF-8',
  LC_ALL: 'C.UTF-8',
  LC_TIME: 'de_DE.UTF-8',
  TZ: 'Europe/Berlin',
  NO_COLOR: '1',
};

describe('buildChildEnv', () => {
  it('never keeps a name that loads code or config or names a file, even when env_keep lists it exactly', () => {
    const codeNames = {
      LESS: '-k/tmp/evil', LESSKEYIN: '/tmp/evil', MANOPT: '-P sh', KUBECONFIG: '/tmp/k', SYSTEMD_EDITOR: 'sh', PSQL_PAGER: 'sh',
      OPENSSL_CONF: '/tmp/e.cnf', SSLKEYLOGFILE: '/etc/cron.d/x', WGETRC: '/tmp/w', CURL_HOME: '/tmp', DOCKER_CONFIG: '/tmp/d',
      NODE_REPL_HISTORY: '/etc/cron.d/x', MALLOC_TRACE: '/etc/cron.d/x', GCOV_PREFIX: '/etc',
    };
    const env = buildChildEnv({ ...codeNames, TERM: 'xterm' }, { ...settings, env_keep: [...Object.keys(codeNames), 'TERM'] }, target);
    expect(Object.keys(env).filter((name) => Object.hasOwn(codeNames, name))).toEqual([]);
    expect(env.TERM).toBe('xterm');
  });

  it('keeps only env_keep names (with LC_* globbing) plus PATH, HOME, USER, LOGNAME', () => {
    expect(buildChildEnv(hostileCaller, settings, target)).toEqual({
      TERM: 'xterm-256color',
      LANG: 'en_US.UTF-8',
      LC_ALL: 'C.UTF-8',
      LC_TIME: 'de_DE.UTF-8',
      TZ: 'Europe/Berlin',
      NO_COLOR: '1',
      PATH: DEFAULT_SECURE_PATH,
      HOME: '/root',
      USER: 'root',
      LOGNAME: 'root',
      LESSSECURE: '1',
      SYSTEMD_PAGERSECURE: '1',
    });
  });

  it('never inherits dangerous names even when env_keep asks for them', () => {
    const env = buildChildEnv(hostileCaller, { ...settings, env_keep: ['*'] }, target);
    for (const name of ['LD_PRELOAD', 'LD_LIBRARY_PATH', 'BASH_ENV', 'ENV', 'NODE_OPTIONS', 'PYTHONSTARTUP', 'PERL5OPT', 'GIT_SSH_COMMAND', 'SHELLOPTS', 'PS4', 'IFS', 'EDITOR', 'GLIBC_TUNABLES', 'BASH_FUNC_ls%%']) {
      expect(env).not.toHaveProperty([name]);
    }
    expect(env.PATH).toBe(DEFAULT_SECURE_PATH);
    expect(env.HOME).toBe('/root');
    expect(env.USER).toBe('root');
    expect(env.SSH_AUTH_SOCK).toBe('/tmp/ssh-agent');
  });

  it('with an empty env_keep, the child gets exactly four variables and the two pager guards', () => {
    expect(Object.keys(buildChildEnv(hostileCaller, { ...settings, env_keep: [] }, target)).sort()).toEqual(['HOME', 'LESSSECURE', 'LOGNAME', 'PATH', 'SYSTEMD_PAGERSECURE', 'USER']);
  });

  it('ignores undefined values and non-portable names', () => {
    const env = buildChildEnv({ TERM: undefined, 'LC_=x': 'y', 'LC_A-B': 'z' }, { ...settings, env_keep: ['TERM', 'LC_*'] }, target);
    expect(Object.keys(env).sort()).toEqual(['HOME', 'LESSSECURE', 'LOGNAME', 'PATH', 'SYSTEMD_PAGERSECURE', 'USER']);
  });

  it.each([
    ['TERM', '../../tmp/evil', false],
    ['TERM', 'xterm', true],
    ['LANG', '/tmp/locale', false],
    ['LC_ALL', 'en_US.UTF-8%n', false],
    ['LC_MESSAGES', 'C', true],
    ['TZ', '/etc/localtime', false],
    ['TZ', ':/tmp/zone', false],
    ['TZ', 'Europe/../../tmp/zone', false],
    ['TZ', ':Europe/Berlin', true],
    ['TZ', 'UTC', true],
    ['NO_COLOR', '() { evil; }', false],
    ['NO_COLOR', 'x\ny', true],
  ])('%s=%j is passed on: %s', (name, value, ok) => {
    expect(isSafeValue(name, value)).toBe(ok);
    const env = buildChildEnv({ [name]: value }, { ...settings, env_keep: [name] }, target);
    expect(env[name]).toBe(ok ? value : undefined);
  });
});

describe('compileEnvPattern', () => {
  it.each([
    ['LC_*', 'LC_ALL', true],
    ['LC_*', 'LC_', true],
    ['LC_*', 'XLC_ALL', false],
    ['TERM', 'TERMINAL', false],
    ['T?RM', 'TERM', true],
    ['A.B', 'AXB', false],
    ['X+', 'XX', false],
    ['*', '', true],
    ['', '', true],
    ['', 'A', false],
    ['A*B*C', 'AxxBxxBxC', true],
    ['A*B*C', 'AxxBxxCx', false],
    ['*_PAGER', 'GIT_PAGER', true],
    ['*_PAGER', 'GIT_PAGERS', false],
    ['??', 'A', false],
    ['a*', 'A', false],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(compileEnvPattern(pattern)(name)).toBe(expected);
  });

  it('agrees with the equivalent anchored regular expression on 20,000 random pairs', () => {
    const random = prng(0x5eed);
    const pick = (alphabet: string, max: number) => Array.from({ length: Math.floor(random() * (max + 1)) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let i = 0; i < 20_000; i++) {
      const pattern = pick('AB_*?.', 7);
      const name = pick('AB_.', 9);
      const reference = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
      expect(compileEnvPattern(pattern)(name), `${pattern} ~ ${name}`).toBe(reference.test(name));
    }
  });
});
