import { describe, expect, it } from 'vitest';
import { stripGlobalOptions } from '../../src/decide/subcommand.js';
import { GLOBAL_OPTIONS, globalOptionsFor } from '../../src/knowledge/global-options.js';

// argv[1..] after stripping for a tool from the table.
function strip(tool: string, args: string[]): string[] {
  const entry = globalOptionsFor(tool);
  if (entry === null) throw new Error(`no table entry for ${tool}`);
  return stripGlobalOptions(entry, args);
}

describe('global options table', () => {
  it('covers the tools the spec names, each with a source and known spellings', () => {
    expect(GLOBAL_OPTIONS.map((e) => e.tool).sort()).toEqual(['docker', 'git', 'kubectl', 'npm', 'systemctl']);
    for (const entry of GLOBAL_OPTIONS) {
      expect(entry.source.length).toBeGreaterThan(10);
      for (const option of entry.options) for (const name of option.names) expect(name).toMatch(/^--?[A-Za-z]/);
    }
  });

  it('marks the value-taking git options', () => {
    const git = globalOptionsFor('git');
    const valueOf = (name: string) => git?.options.find((o) => o.names.includes(name))?.value;
    expect(valueOf('-C')).toBe('required');
    expect(valueOf('-c')).toBe('required');
    expect(valueOf('--git-dir')).toBe('required');
    expect(valueOf('--exec-path')).toBe('equals');
    expect(valueOf('--no-pager')).toBe('none');
  });
});

describe('stripping global options', () => {
  const cases: [tool: string, args: string[], expected: string[]][] = [
    ['git', ['-C', '.', 'push', '--force'], ['push', '--force']],
    ['git', ['-c', 'core.pager=cat', '--no-pager', 'log', '-1'], ['log', '-1']],
    ['git', ['--git-dir=/x/.git', '--work-tree', '/x', 'status'], ['status']],
    ['git', ['--exec-path=/tmp', 'status'], ['status']],
    ['git', ['--exec-path', 'status'], ['status']],
    ['git', ['-P', '-p', '--bare', '--literal-pathspecs', 'status'], ['status']],
    ['git', ['--namespace', 'ns', '--config-env', 'a.b=ENV', 'fetch'], ['fetch']],
    ['git', ['-Cdir', 'status'], ['-Cdir', 'status']],
    ['git', ['--unknown', '-C', '.', 'status'], ['--unknown', '-C', '.', 'status']],
    ['git', ['status', '-C', 'x'], ['status', '-C', 'x']],
    ['git', ['--', '-C', 'x'], ['--', '-C', 'x']],
    ['git', ['--bare=1', 'status'], ['--bare=1', 'status']],
    ['docker', ['-H', 'tcp://h:2375', '--context', 'prod', 'ps', '-a'], ['ps', '-a']],
    ['docker', ['-Htcp://h', '-D', 'run', 'x'], ['run', 'x']],
    ['docker', ['-Dl', 'debug', 'images'], ['images']],
    ['docker', ['--tlsverify', '--tlscacert=/ca.pem', '--config', '/c', 'ps'], ['ps']],
    ['docker', ['--tls=false', 'ps'], ['ps']],
    ['docker', ['-x', 'ps'], ['-x', 'ps']],
    ['kubectl', ['-n', 'prod', '--context=ctx', 'delete', 'pod', 'x'], ['delete', 'pod', 'x']],
    ['kubectl', ['-nprod', '--kubeconfig', '/k', 'get', 'pods'], ['get', 'pods']],
    ['kubectl', ['-s', 'https://api', '--as', 'admin', '--insecure-skip-tls-verify', 'get', 'x'], ['get', 'x']],
    ['kubectl', ['get', 'pods', '-n', 'prod'], ['get', 'pods', '-n', 'prod']],
    ['npm', ['--prefix', '/srv/app', 'test'], ['test']],
    ['npm', ['-w', 'pkg', '-g', '--loglevel=silent', 'run', 'build'], ['run', 'build']],
    ['npm', ['-ws', 'test'], ['test']],
    ['npm', ['test', '--prefix', 'x'], ['test', '--prefix', 'x']],
    ['systemctl', ['--no-pager', 'restart', 'nginx.service'], ['restart', 'nginx.service']],
    ['systemctl', ['restart', '-q', 'nginx.service', '--no-block'], ['restart', 'nginx.service']],
    ['systemctl', ['-H', 'root@db', 'stop', 'sshd'], ['stop', 'sshd']],
    ['systemctl', ['stop', '-qH', 'db', 'sshd'], ['stop', 'sshd']],
    ['systemctl', ['--user', 'status', '--machine=c1', 'x'], ['status', 'x']],
    ['systemctl', ['stop', '--now', 'sshd'], ['stop', '--now', 'sshd']],
    ['systemctl', ['stop', '--', '--no-pager'], ['stop', '--', '--no-pager']],
  ];
  it.each(cases)('%s %j → %j', (tool, args, expected) => {
    expect(strip(tool, args)).toEqual(expected);
  });
});
