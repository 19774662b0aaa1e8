import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/decide/evaluate.js';
import type { PathProbe } from '../../src/decide/types.js';
import { decide, input, policy, rule, SYSTEM } from './world.js';

describe('global options are removed before args matching', () => {
  const p = policy([
    rule('git-push', 'allow', { command: ['git'], args: ['push', '**'] }),
    rule('git-force', 'deny', { command: ['git'], args: ['push', '**'], options: ['--force'] }),
    rule('git-config-deny', 'deny', { command: ['git'], args: ['-c', 'core.sshCommand=**', '**'] }),
    rule('git-c-allow', 'allow', { command: ['git'], args: ['-c', '**'] }),
    rule('docker-ps', 'allow', { command: ['docker'], args: ['ps', '**'] }),
    rule('kubectl-get', 'allow', { command: ['kubectl'], args: ['get', '**'] }),
    rule('kubectl-delete', 'deny', { command: ['kubectl'], args: ['delete', '**'] }),
    rule('npm-test', 'allow', { command: ['npm'], args: ['test'] }),
    rule('restart-nginx', 'allow', { command: ['systemctl'], args: ['restart', 'nginx.service'] }),
    rule('stop-sshd', 'deny', { command: ['systemctl'], args: ['stop', 'sshd'] }),
  ]);
  const cases: [argv: string[], expected: string][] = [
    [['git', 'push', 'origin', 'main'], 'allow'],
    [['git', '-C', '.', 'push', 'origin'], 'allow'],
    [['git', '-C', '.', 'push', '--force'], 'deny'],
    [['git', '-C', '.', 'push', '-vf'], 'allow'],
    [['git', '--no-pager', '-c', 'a=b', 'push'], 'allow'],
    [['git', 'push', 'x', '--', '--force'], 'allow'],
    [['git', '-c', 'core.sshCommand=x', 'status'], 'deny'],
    [['git', '-c', 'user.name=x', 'status'], 'deny'],
    [['git', '--unknown', 'push'], 'deny'],
    [['docker', '-H', 'unix:///x.sock', '--context', 'c', 'ps', '-a'], 'allow'],
    [['docker', 'run', 'x'], 'deny'],
    [['kubectl', '-n', 'prod', '--context=ctx', 'get', 'pods'], 'allow'],
    [['kubectl', '--kubeconfig', '/k', 'delete', 'pod', 'x'], 'deny'],
    [['npm', '--prefix', '/srv/app', 'test'], 'allow'],
    [['npm', '-w', 'pkg', 'test'], 'allow'],
    [['npm', 'test', '--', '--watch'], 'deny'],
    [['systemctl', 'restart', 'nginx.service'], 'allow'],
    [['systemctl', '--no-pager', 'restart', '-q', 'nginx.service'], 'allow'],
    [['systemctl', 'restart', 'nginx.service', 'sshd.service'], 'deny'],
    [['systemctl', '-H', 'db', 'stop', '--no-block', 'sshd'], 'deny'],
  ];
  it.each(cases)('%j → %s', (argv, expected) => {
    expect(decide(p, argv).decision).toBe(expected);
  });

  it('an allow rule never sees the global options in its args; a deny rule does', () => {
    const e = decide(p, ['git', '-c', 'core.sshCommand=x', 'status']);
    expect(e.rules.map((r) => r.id)).toEqual(['git-config-deny']);
  });

  it('the tool is recognised by its path too', () => {
    expect(decide(p, ['/usr/bin/git', '-C', '/srv/app', 'push']).decision).toBe('allow');
  });
});

describe('token counts', () => {
  const p = policy([rule('status', 'allow', { command: ['systemctl'], args: ['status'] })]);
  it.each([
    [['systemctl', 'status'], 'allow'],
    [['systemctl', 'status', '--short'], 'deny'],
    [['systemctl'], 'deny'],
  ])('%j → %s', (argv, expected) => {
    expect(decide(p, argv).decision).toBe(expected);
  });

  it('without args any arguments match', () => {
    const any = policy([rule('any', 'allow', { command: ['systemctl'] })]);
    expect(decide(any, ['systemctl']).decision).toBe('allow');
    expect(decide(any, ['systemctl', 'a', 'b', '/c']).decision).toBe('allow');
  });
});

describe('the evaluate entry point (with request expansion)', () => {
  it('decides a plain argv request end to end', async () => {
    const p = policy([rule('status', 'allow', { command: ['systemctl'], args: ['status', '**'] }), rule('no-stop', 'deny', { command: ['systemctl'], args: ['stop', '**'] })]);
    const allowed = await evaluate(p, input(['systemctl', 'status', 'nginx']), SYSTEM);
    expect(allowed.decision).toBe('allow');
    expect(allowed.executable).toBe('/usr/bin/systemctl');
    expect(allowed.commands).toContainEqual(['systemctl', 'status', 'nginx']);
    const denied = await evaluate(p, input(['systemctl', 'stop', 'nginx']), SYSTEM);
    expect(denied.decision).toBe('deny');
    expect((await evaluate(p, input(['sed', 'x']), SYSTEM)).decision).toBe('deny');
  });

  it('asks the file system each question once per evaluation, however many rules and commands look', async () => {
    const asked: string[] = [];
    const counting: PathProbe = {
      realpath: (path) => (asked.push(`real ${path}`), SYSTEM.realpath(path)),
      isExecutableFile: (path) => (asked.push(`exec ${path}`), SYSTEM.isExecutableFile(path)),
    };
    const p = policy([
      rule('status', 'allow', { command: ['systemctl', '/usr/bin/systemctl'], args: ['status', '**'] }),
      rule('no-stop', 'deny', { command: ['systemctl', '/usr/bin/systemctl'], args: ['stop', '**'] }),
      rule('env', 'allow', { command: ['env'] }),
    ]);
    const evaluation = await evaluate(p, input(['env', 'systemctl', 'status', 'nginx']), counting);
    expect(evaluation.decision).toBe('allow');
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked).size).toBe(asked.length);
    asked.length = 0;
    await evaluate(p, input(['env', 'systemctl', 'status', 'nginx']), counting);
    expect(asked.length).toBeGreaterThan(0); // never kept across evaluations
  });
});
