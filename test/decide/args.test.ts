import { describe, expect, it } from 'vitest';
import { argsMatch, argsMatchSkippingOptions, compileArgs, headsSkippingOptions, isOptionLike, optionsPresent } from '../../src/decide/args.js';
import { prng } from '../helpers/prng.js';

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

describe('required options, abbreviated (deny and approve rules)', () => {
  const cases: [options: string[], args: string[], abbreviated: boolean, expected: boolean][] = [
    [['--force'], ['--forc'], true, true],
    [['--force'], ['--fo=yes'], true, true],
    [['--force'], ['--f'], true, true],
    [['--force'], ['--forc'], false, false],
    [['--force'], ['--'], true, false],
    [['--force'], ['--forced'], true, false],
    [['--force'], ['--force-with-lease'], true, false],
    [['--force'], ['-forc'], true, false],
    [['--force'], ['x', '--', '--forc'], true, false],
    [['--force-with-lease'], ['--force-w'], true, true],
    [['-D'], ['-vD'], true, true],
    [['-exec'], ['-exe'], true, false],
  ];
  it.each(cases)('%j in %j (abbreviated: %s) → %s', (options, args, abbreviated, expected) => {
    expect(optionsPresent(options, args, abbreviated)).toBe(expected);
  });
});

describe('args with options left out (deny and approve rules)', () => {
  const cases: [patterns: string[], tokens: string[], expected: boolean][] = [
    [['stop', 'sshd'], ['--no-pag', 'stop', 'sshd'], true],
    [['stop', 'sshd'], ['stop', '--no-ask', 'sshd'], true],
    [['stop', 'sshd'], ['stop', 'sshd', '-q'], true],
    [['stop', 'sshd'], ['--job-mode', 'fail', 'stop', 'sshd'], true],
    [['stop', 'sshd'], ['--job-mode=fail', 'stop', 'sshd'], true],
    [['stop', 'sshd'], ['-H', 'host', 'stop', 'sshd'], true],
    [['stop', 'sshd'], ['stop', '--', 'sshd'], true],
    [['stop', 'sshd'], ['--', 'stop', 'sshd'], true],
    // After `--` every word is an operand: nothing is left out.
    [['stop', 'sshd'], ['--', '--no-pager', 'stop', 'sshd'], false],
    [['stop', 'sshd'], ['stop', '--', '-q', 'sshd'], false],
    // `--opt=value` carries its value: the next word is not left out with it.
    [['stop', 'sshd'], ['--job-mode=fail', 'x', 'stop', 'sshd'], false],
    // A lone `-` is an operand (standard input).
    [['stop', 'sshd'], ['-', 'stop', 'sshd'], false],
    [['stop', 'sshd'], ['status', 'sshd'], false],
    [['stop', 'sshd'], ['stop', 'sshd', 'nginx'], false],
    // Options the pattern names still match as words, and in their other spellings.
    [['push', '--force'], ['push', '-v', '--force'], true],
    [['push', '--force'], ['push', '--forc'], true],
    [['push', '--force', '**'], ['push', '--force=yes', 'origin'], true],
    [['-f', '**'], ['-rf', '/x'], true],
    [['push', '--force'], ['push', '--', '--forc'], false],
    [['push', '--force'], ['push', '--follow-tags'], false],
    [['push', 'origin'], ['push', 'orig'], false],
    [['**', 'rm', '**'], ['-c', 'rm', '-x'], true],
    [[], ['-i', '--verbose'], true],
    [[], ['x'], false],
  ];
  it.each(cases)('%j vs %j → %s', (patterns, tokens, expected) => {
    expect(argsMatchSkippingOptions(compileArgs(patterns), tokens)).toBe(expected);
  });

  it('knows which words read as options', () => {
    expect(['-x', '-xyz', '--name', '--name=v', '--'].every(isOptionLike)).toBe(true);
    expect(['-', '', 'x', 'a-b'].some(isOptionLike)).toBe(false);
  });

  it('names the words that can come first once leading options are left out', () => {
    expect(headsSkippingOptions(['--no-pag', 'stop', 'sshd'])).toEqual({ heads: expect.arrayContaining(['--no-pag', 'stop', 'sshd']) as unknown as string[], empty: false });
    expect(headsSkippingOptions(['--job-mode=fail', 'x', 'stop']).heads.sort()).toEqual(['--job-mode=fail', 'x']);
    expect(headsSkippingOptions(['-q', '-v'])).toEqual({ heads: expect.arrayContaining(['-q', '-v']) as unknown as string[], empty: true });
    expect(headsSkippingOptions(['--', '-q'])).toEqual({ heads: ['--', '-q'], empty: false });
    expect(headsSkippingOptions([])).toEqual({ heads: [], empty: true });
  });

  // Every way of leaving options out, written out one by one, each view then matched word by
  // word: the reference the search must equal. A literal option in the pattern also takes a
  // word before `--` that carries it (abbreviated, `=value`, or inside a short cluster).
  function byEnumeration(patterns: string[], tokens: string[]): boolean {
    const end = tokens.indexOf('--') === -1 ? tokens.length : tokens.indexOf('--');
    const views = (t: number): number[][] => {
      if (t >= tokens.length) return [[]];
      const token = tokens[t] as string;
      const out = views(t + 1).map((rest) => [t, ...rest]);
      if (t <= end && isOptionLike(token)) {
        out.push(...views(t + 1));
        if (t < end && !token.includes('=') && t + 1 < tokens.length) out.push(...views(t + 2));
      }
      return out;
    };
    const carried = (word: string, option: string): boolean => {
      if (word === option) return true;
      if (option.startsWith('--')) {
        const name = word.split('=')[0] as string;
        return word.startsWith(`${option}=`) || (word.startsWith('--') && name.length > 2 && option.startsWith(name));
      }
      return option.length === 2 && word.startsWith('-') && !word.startsWith('--') && word.slice(1).includes(option[1] as string);
    };
    const fits = (pattern: string, index: number): boolean => {
      const word = tokens[index] as string;
      if (argsMatch(compileArgs([pattern]), [word])) return true;
      const literalOption = isOptionLike(pattern) && pattern !== '--' && !pattern.startsWith('re:');
      return literalOption && index < end && carried(word, pattern);
    };
    const matches = (p: number, view: number[], v: number): boolean => {
      if (p === patterns.length) return v === view.length;
      if (patterns[p] === '**') return matches(p + 1, view, v) || (v < view.length && matches(p, view, v + 1));
      return v < view.length && fits(patterns[p] as string, view[v] as number) && matches(p + 1, view, v + 1);
    };
    return views(0).some((view) => matches(0, view, 0));
  }

  it('equals leaving options out in every possible way, for 5,000 random cases', () => {
    const next = prng(20261122);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const words = ['stop', 'sshd', '-q', '--no-pag', '--job-mode', '--x=1', '--', '-', 'x', '-rf', '-vq', '--qui', '--quiet=1', '--q'];
    const patterns = ['stop', 'sshd', '**', '*', '-q', '--', 'x', 're:-.*', '--quiet', '-f'];
    let matched = 0;
    for (let round = 0; round < 5000; round++) {
      const tokens = Array.from({ length: Math.floor(next() * 7) }, () => pick(words));
      const pattern = Array.from({ length: Math.floor(next() * 4) }, () => pick(patterns));
      const expected = byEnumeration(pattern, tokens);
      expect({ pattern, tokens, got: argsMatchSkippingOptions(compileArgs(pattern), tokens) }).toEqual({ pattern, tokens, got: expected });
      if (expected) matched++;
    }
    expect(matched).toBeGreaterThan(500);
  });

  it('stays linear in practice: 20,000 options against a pattern that never fits', () => {
    const tokens = Array.from({ length: 20_000 }, (_, i) => (i % 2 === 0 ? '-v' : 'x'));
    expect(argsMatchSkippingOptions(compileArgs(['**', 'stop', '**', 'sshd']), tokens)).toBe(false);
  });
});
