// settings.redact: what is replaced, with what, and that it happens before hashing.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compileRedactor, RedactPatternError } from '../../src/audit/redact.js';
import { newLogPath, openTestLog, rowsOf, verifyFile } from './helpers.js';

const tag = (secret: string) => `[REDACTED:${createHash('sha256').update(secret).digest('hex').slice(0, 8)}]`;

describe('compileRedactor', () => {
  it.each([
    [['(password|token|secret)=\\S+'], 'login password=hunter2 now', `login ${tag('password=hunter2')} now`],
    [['(password|token|secret)=\\S+'], 'TOKEN=abc', tag('TOKEN=abc')],
    [['secret=\\S+'], 'a secret=1 b secret=2', `a ${tag('secret=1')} b ${tag('secret=2')}`],
    [['abc', 'bcd'], 'xabcdx', `x${tag('abcd')}x`],
    [['bcd', 'abc'], 'xabcdx', `x${tag('abcd')}x`],
    [['x*'], 'abc', 'abc'],
    [['[0-9a-f]{8}'], 'deadbeef', tag('deadbeef')],
    [[], 'password=1', 'password=1'],
    [['nomatch'], 'text', 'text'],
    [['é+'], 'cafééé', `caf${tag('ééé')}`],
  ])('%j on %j', (patterns, input, expected) => {
    expect(compileRedactor(patterns)(input)).toBe(expected);
  });

  it('never redacts its own replacement again', () => {
    const redact = compileRedactor(['[0-9a-f]{8}', 'REDACTED']);
    const once = redact('key deadbeef');
    expect(once).toBe(`key ${tag('deadbeef')}`);
  });

  it('refuses an invalid pattern by name', () => {
    expect(() => compileRedactor(['ok', '(['])).toThrow(RedactPatternError);
    expect(() => compileRedactor(['ok', '(['])).toThrow(/"\(\["/);
  });
});

describe('redaction in the log', () => {
  it('replaces matches in every string of the fields before hashing; the chain verifies', () => {
    const path = newLogPath();
    const log = openTestLog(path, { redact: ['(password|token)=\\S+'] });
    log.append('request', {
      request: { argv: ['mysql', '--password=hunter2'], reason: 'rotate TOKEN=abc123', nested: [{ deep: 'password=x' }] },
      bytes: Buffer.from([0x70, 0x61, 0x73, 0x73, 0x77, 0x6f, 0x72, 0x64, 0x3d, 0xff]),
    });
    log.close();
    const leaf = rowsOf(new Database(path, { readonly: true }))[0]?.[1] as string;
    expect(leaf).not.toMatch(/hunter2|abc123|password=x/);
    expect(leaf).toContain(`"--${tag('password=hunter2')}"`);
    expect(leaf).toContain(`"rotate ${tag('TOKEN=abc123')}"`);
    expect(leaf).toContain(`{"deep":"${tag('password=x')}"}`);
    expect(leaf).toContain(`{"non_utf8":"${tag('password=%FF')}"}`);
    expect(verifyFile(path).ok).toBe(true);
  });

  it('does not touch checkpoint notes (their signatures must stay valid)', () => {
    const log = openTestLog(newLogPath(), { redact: ['[A-Za-z0-9+/]{20,}'] });
    log.append('checkpoint', { note: 'origin\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n' });
    expect(rowsOf(log.db)[0]?.[1]).toContain('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    log.close();
  });
});
