// Environment variables that name code or config (SPEC §10): never kept in the child, always
// escalated as prefixes, and a lint warning when env_keep names one, for names of each class,
// including made-up names the table never lists one by one.
import { describe, expect, it } from 'vitest';
import { buildChildEnv } from '../../src/exec/env.js';
import { lintPolicy } from '../../src/policy/lint.js';
import { validatePolicyText } from '../../src/policy/load.js';
import { formatWarning } from '../../src/policy/problems.js';
import { DEFAULT_ENV_KEEP, DEFAULT_SECURE_PATH } from '../../src/policy/types.js';
import { envEscalations } from '../../src/shell/env.js';

const CODE_NAMES = [
  'LESS', 'LESSOPEN', 'LESSKEYIN', 'LESSKEY_SYSTEM', 'MANPAGER', 'MANOPT', 'SYSTEMD_PAGER', 'SYSTEMD_EDITOR', 'PAGER', 'EDITOR', 'VISUAL',
  'KUBECONFIG', 'DOCKER_CONFIG', 'DOCKER_HOST', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'GIT_PAGER', 'NPM_CONFIG_PREFIX',
  'npm_config_script_shell', 'PYTHONSTARTUP', 'PERL5OPT', 'RUBYOPT', 'NODE_OPTIONS', 'NODE_PATH', 'LD_PRELOAD', 'BASH_ENV', 'ENV',
  'PROMPT_COMMAND', 'TERMINFO', 'TERMINFO_DIRS', 'GCONV_PATH', 'OPENSSL_CONF', 'SSL_CERT_FILE', 'XDG_CONFIG_HOME', 'XDG_CONFIG_DIRS',
  'SHELL', 'VIMINIT', 'ZDOTDIR', 'TAR_OPTIONS', 'CFLAGS', 'JAVA_HOME', 'GNUPGHOME',
  // made-up members of each class
  'ACME_CONFIG_FILE', 'WIDGET_PLUGIN_DIR', 'FOO_PAGER', 'BAR_EDITOR', 'BAZ_OPTIONS', 'QUX_OPTS', 'ZAP_COMMAND', 'ZIP_HOOKS', 'TOOLRC',
  'FROB_PATH', 'FROB_HOME', 'FROB_MODULES', 'FROB_CREDENTIALS', 'FROB_STARTUP_SCRIPT',
];
const PLAIN_NAMES = ['TERM', 'LANG', 'LC_ALL', 'TZ', 'NO_COLOR', 'COLUMNS', 'LINES', 'CI', 'DEBIAN_FRONTEND', 'COLORTERM'];

describe('environment that names code or config', () => {
  it.each(CODE_NAMES)('%s escalates as a prefix even when env_keep lists it', (name) => {
    expect(envEscalations([[name, 'x']], [name]).map((e) => e.cover)).toEqual([null]);
  });

  it.each(CODE_NAMES)('%s never reaches the child, even when env_keep lists it', (name) => {
    const env = buildChildEnv({ [name]: 'value' }, { env_keep: [name, '*'], secure_path: DEFAULT_SECURE_PATH }, { user: 'root', home: '/root' });
    expect(env[name]).toBe(name === 'PATH' ? DEFAULT_SECURE_PATH : undefined);
  });

  it.each(PLAIN_NAMES)('%s passes when env_keep lists it', (name) => {
    expect(envEscalations([[name, 'x']], [name])).toEqual([]);
    const env = buildChildEnv({ [name]: 'value' }, { env_keep: [name], secure_path: DEFAULT_SECURE_PATH }, { user: 'root', home: '/root' });
    expect(env[name]).toBe('value');
  });

  // Warning lines for a policy whose env_keep is `keep`.
  const warnings = (keep: string[]): string[] => {
    const text = ['version: 1', 'settings:', `  env_keep: [${keep.join(', ')}]`, 'rules: []', ''].join('\n');
    const result = validatePolicyText('p.yaml', text);
    if ('problems' in result) throw new Error(result.problems.map((p) => p.message).join('; '));
    return lintPolicy(result.policy, result.locate, 'p.yaml').map(formatWarning);
  };

  it('policy validate warns when env_keep names one, and not for the defaults', () => {
    expect(warnings(['TERM', 'KUBECONFIG']).join('\n')).toMatch(/p\.yaml:3:\d+: warning: env_keep KUBECONFIG names code or config/);
    expect(warnings(['AWS_*']).join('\n')).toMatch(/env_keep AWS_\* names code or config/);
    expect(warnings([...DEFAULT_ENV_KEEP].map((k) => JSON.stringify(k)))).toEqual([]);
  });
});
