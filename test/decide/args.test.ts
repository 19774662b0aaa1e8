import { describe, expect, it } from 'vitest';
import { argsMatch, compileArgs, optionsPresent } from '../../src/decide/args.js';

describe('args token lists', () => {
  const cases: [patterns: string[], tokens: string[], expected: boolean][] = [
    [['status'], ['status'], true],
    [['status'], ['status', '--short'], false],
    [['status'], [], false],
    [[], [], true],
    [[], ['x'], false],
    [['**'], [], true],
    [['**'], ['a', 'b', 'c'], true],
    [['status', '**'], ['status'], true],
    [['status', '**'], ['status', '--short', '-b'], true],
    [['status', '**'], ['log', 'status'], false],
    [['**', '--force'], ['push', 'origin', '--force'], true],
    [['**', '--force'], ['push', '--force', 'origin'], false],
    [['push', '**', '--force', '**'], ['push', 'origin', '--force', 'main'], true],
    [['push', '**', '--force', '**'], ['push', '--force'], true],
    [['push', '**', '--force', '**'], ['push', 'origin', 'main'], false],
    [['**', 'x', '**', 'y', '**'], ['a', 'y', 'x', 'b'], false],
    [['**', 'x', '**', 'y', '**'], ['a', 'x', 'b', 'y'], true],
    [['**', '**'], ['a'], true],
    [['restart', '{nginx,apache2}.service'], ['restart', 'nginx.service'], true],
    [['restart', '{nginx,apache2}.service'], ['restart', 'nginx.service', 'sshd.service'], false],
    [['restart', '*'], ['restart', '/etc/x'], false],
    [['cat', '/var/log/*'], ['cat', '/var/log/../../etc/shadow'], false],
    [['-n', 're:[0-9]+'], ['-n', '20'], true],
    [['-n', 're:[0-9]+'], ['-n', '20;rm'], false],
  ];
  it.each(cases)('%j vs %j → %s', (patterns, tokens, expected) => {
    expect(argsMatch(compileArgs(patterns), tokens)).toBe(expected);
  });
});

describe('required options', () => {
  const cases: [options: string[], args: string[], expected: boolean][] = [
    [['-D'], ['-D'], true],
    [['-D'], ['-vD'], true],
    [['-D'], ['-v', '-d'], false],
    [['-D'], ['--D'], false],
    [['-D'], ['--debug'], false],
    [['--force'], ['--force'], true],
    [['--force'], ['--force=yes'], true],
    [['--force'], ['--force-with-lease'], false],
    [['--force'], ['-f'], false],
    [['--force'], ['--', '--force'], false],
    [['-f'], ['x', '--', '-f'], false],
    [['-f'], ['-rf', '--', 'x'], true],
    [['-exec'], ['.', '-name', 'x', '-exec', 'rm', '{}', ';'], true],
    [['-exec'], ['-execdir'], false],
    [['-exec'], ['-e'], false],
    [['-D', '--force'], ['-D', 'x'], false],
    [['-D', '--force'], ['x', '--force', '-xD'], true],
    [[], ['anything'], true],
  ];
  it.each(cases)('%j in %j → %s', (options, args, expected) => {
    expect(optionsPresent(options, args)).toBe(expected);
  });
});
