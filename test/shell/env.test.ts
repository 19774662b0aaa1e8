// Environment prefixes (SPEC §4.3): names outside env_keep escalate; sensitive names always do.
import { describe, expect, it } from 'vitest';
import { SENSITIVE_ENV } from '../../src/knowledge/sensitive-env.js';
import { envEscalations } from '../../src/shell/env.js';

const KEEP = ['TERM', 'LANG', 'LC_*', 'TZ', 'NO_COLOR'];

describe('envEscalations', () => {
  it('lets names matched by env_keep (globs included) pass', () => {
    expect(envEscalations([['LANG', 'C'], ['LC_ALL', 'C'], ['TZ', 'UTC']], KEEP)).toEqual([]);
  });

  it('escalates other names with cover null', () => {
    expect(envEscalations([['FOO', 'x'], ['LCX', 'y']], KEEP)).toEqual([
      { reason: 'environment prefix FOO is not in env_keep', cover: null },
      { reason: 'environment prefix LCX is not in env_keep', cover: null },
    ]);
  });

  it.each([
    'PATH', 'LD_PRELOAD', 'LD_LIBRARY_PATH', 'DYLD_INSERT_LIBRARIES', 'NODE_OPTIONS', 'PYTHONPATH', 'PYTHONSTARTUP', 'PERL5OPT', 'RUBYOPT',
    'GIT_SSH_COMMAND', 'GIT_DIR', 'BASH_ENV', 'ENV', 'IFS', 'PS4', 'SHELLOPTS', 'PAGER', 'EDITOR', 'VISUAL', 'KUBE_CONFIG_PATH', 'BASH_FUNC_ls%%', 'HOME',
  ])('always escalates %s, even when env_keep lists it', (name) => {
    const escalations = envEscalations([[name, 'x']], [...KEEP, name, '*']);
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.cover).toBeNull();
    expect(escalations[0]!.reason).not.toMatch(/not in env_keep/);
  });

  it('gives every sensitive pattern a reason and a one-line source', () => {
    for (const entry of SENSITIVE_ENV) {
      expect(entry.reason).toMatch(/\S/);
      expect(entry.source).toMatch(/\S/);
    }
  });
});
