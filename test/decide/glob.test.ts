import { describe, expect, it } from 'vitest';
import { compileNameGlob, compilePathGlob, compileTokenPattern, isLiteralPattern } from '../../src/decide/glob.js';

describe('token patterns', () => {
  const cases: [pattern: string, token: string, expected: boolean][] = [
    // literals compare exactly
    ['status', 'status', true],
    ['status', 'Status', false],
    ['status', 'status ', false],
    ['s/a\\/b/', 's/a\\/b/', true],
    ['--format={{.Names}}', '--format={{.Names}}', true],
    ['.', '.', true],
    ['..', '..', true],
    ['../etc', '../etc', true],
    // * and ? within one token, never across /
    ['*.service', 'nginx.service', true],
    ['*.service', 'a/b.service', false],
    ['*', '', true],
    ['*', 'x/y', false],
    ['/srv/app/*', '/srv/app/logs', true],
    ['/srv/app/*', '/srv/app/logs/x', false],
    ['/srv/app/*', '/srv/app/../../etc', false],
    ['/srv/app/*', '/srv/app/..', false],
    ['/srv/app/*', '/srv/app/.', false],
    ['/srv/app/*', '/srv/app/.hidden', true],
    ['/srv/*/logs', '/srv/../logs', false],
    ['/srv/*/logs', '/srv/./logs', false],
    ['/srv/?/x', '/srv/./x', false],
    ['/srv/??/x', '/srv/../x', false],
    ['/srv/.*/x', '/srv/../x', false],
    ['/srv/.*/x', '/srv/.git/x', true],
    ['/srv/[.]/x', '/srv/./x', false],
    ['./*', './run', true],
    ['../*', '../run', true],
    ['../*', '../..', false],
    ['*/*', '../etc', false],
    ['*', '.', false],
    ['*', '..', false],
    ['?', '/', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a?c', 'a😀c', true],
    // classes
    ['[abc]x', 'bx', true],
    ['[abc]x', 'dx', false],
    ['[!abc]x', 'dx', true],
    ['[^abc]x', 'ax', false],
    ['[a-c]', 'b', true],
    ['[a-c]', 'd', false],
    ['[!a]', '/', false],
    ['[/]', '/', false],
    ['[]]', ']', true],
    ['[!]]', 'a', true],
    ['[a-]', '-', true],
    ['[[:digit:]]*', '7days', true],
    ['[[:digit:]]*', 'days', false],
    ['[\\]]', ']', true],
    // braces, nested, and bash's literal single-alternative braces
    ['{nginx,apache2}.service', 'nginx.service', true],
    ['{nginx,apache2}.service', 'apache2.service', true],
    ['{nginx,apache2}.service', 'lighttpd.service', false],
    ['{a,b{c,d}}x', 'bdx', true],
    ['{a,b{c,d}}x', 'bx', false],
    ['{,-}v', 'v', true],
    ['{,-}v', '-v', true],
    ['{a}', '{a}', true],
    ['{a}*', '{a}b', true],
    ['{a}*', 'ab', false],
    ['x{.,..}', 'x.', true],
    ['{.,..}', '..', true],
    ['{.,*}', '..', false],
    // escapes
    ['\\*x*', '*xy', true],
    ['\\*x*', 'axy', false],
    ['a\\?*', 'a?b', true],
    ['a\\?*', 'abb', false],
    // regex (full match, unicode)
    ['re:[0-9]+', '123', true],
    ['re:[0-9]+', '123a', false],
    ['re:a|ab', 'ab', true],
    ['re:a|ab', 'xab', false],
    ['re:.', '😀', true],
    ['re:--(force|force-with-lease)', '--force-with-lease', true],
  ];
  it.each(cases)('%s vs %j → %s', (pattern, token, expected) => {
    expect(compileTokenPattern(pattern)(token)).toBe(expected);
  });
});

describe('path globs (when.cwd)', () => {
  const cases: [pattern: string, path: string, expected: boolean][] = [
    ['/srv/**', '/srv', true],
    ['/srv/**', '/srv/app', true],
    ['/srv/**', '/srv/app/deep/er', true],
    ['/srv/**', '/srvx', false],
    ['/srv/**', '/etc', false],
    ['/srv/*', '/srv/app', true],
    ['/srv/*', '/srv/app/deep', false],
    ['/srv/**/logs', '/srv/logs', true],
    ['/srv/**/logs', '/srv/a/b/logs', true],
    ['/srv/**/logs', '/srv/a/b/logsx', false],
    ['/srv/**', '/srv/../etc', false],
    ['/srv/**', '/srv/./x', false],
    ['/srv/*/x', '/srv/../x', false],
    ['/**', '/', true],
    ['/**', '/anything/at/all', true],
    ['**', '/x/y', true],
    ['**/logs', '/var/logs', true],
    ['/home/{alice,bob}/**', '/home/bob/src', true],
    ['/home/{alice,bob}/**', '/home/carol/src', false],
    ['/srv/app', '/srv/app', true],
    ['/srv/app', '/srv/app/x', false],
    ['/srv/a**', '/srv/abc', true],
    ['/srv/a**', '/srv/a/b', false],
  ];
  it.each(cases)('%s vs %s → %s', (pattern, path, expected) => {
    expect(compilePathGlob(pattern)(path)).toBe(expected);
  });
});

describe('name globs', () => {
  const cases: [pattern: string, name: string, expected: boolean][] = [
    ['agent:*', 'agent:claude-code', true],
    ['agent:*', 'human:alice', false],
    ['mkfs.*', 'mkfs.ext4', true],
    ['mkfs.*', 'mkfs', false],
    ['deploy', 'deploy', true],
    ['dep?oy', 'deploy', true],
    ['web-[0-9]', 'web-1', true],
    ['web-[0-9]', 'web-10', false],
    ['{alice,bob}', 'bob', true],
  ];
  it.each(cases)('%s vs %s → %s', (pattern, name, expected) => {
    expect(compileNameGlob(pattern)(name)).toBe(expected);
  });
});

describe('malformed patterns throw one-line errors', () => {
  const bad: [compile: (p: string) => unknown, pattern: string, message: RegExp][] = [
    [compileTokenPattern, '[abc', /unbalanced '\['/],
    [compileTokenPattern, 'x{a,b', /unbalanced '\{'/],
    [compileTokenPattern, '{a,{b,c}', /unbalanced '\{'/],
    [compileTokenPattern, '*\\', /lone backslash/],
    [compileTokenPattern, '[z-a]', /reversed range/],
    [compileTokenPattern, '[[:nope:]]', /unknown character class/],
    [compileTokenPattern, 're:(', /invalid regular expression/],
    [compileTokenPattern, 're:a)|(.*', /invalid regular expression/],
    [compileTokenPattern, 're:\\p{Nope}', /invalid regular expression/],
    [compileTokenPattern, '{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}{s,t}{u,v}', /more than 1024 alternatives/],
    [compilePathGlob, '/srv/[', /unbalanced '\['/],
    [compileNameGlob, 'agent:{x', /unbalanced '\{'/],
  ];
  it.each(bad)('%#: %s', (compile, pattern, message) => {
    let thrown: unknown;
    try {
      compile(pattern);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('\n');
  });

  it('a regex that would escape its anchors is refused rather than matching everything', () => {
    expect(() => compileTokenPattern('re:a)|(.*')).toThrow();
  });
});

describe('literal patterns (for escalation covering)', () => {
  it.each([
    ['-exec', true],
    ['--upload-pack', true],
    ['-*', false],
    ['re:-exec', false],
    ['{a,b}', false],
  ])('%s literal → %s', (pattern, expected) => {
    expect(isLiteralPattern(pattern)).toBe(expected);
  });
});
