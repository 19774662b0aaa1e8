// argv must be valid UTF-8 (SPEC §10), checked from the raw bytes the kernel keeps.
import { describe, expect, test } from 'vitest';
import { assertUtf8Argv } from '../../src/binding/argv-bytes.js';

// A /proc/self/cmdline holding node, the script, and `words`.
const cmdline = (...words: Buffer[]) => () => Buffer.concat([Buffer.from('node\0/bin/approve-run.js\0'), ...words.flatMap((w) => [w, Buffer.from([0])])]);

describe('assertUtf8Argv', () => {
  test('valid arguments never read the raw bytes', () => {
    expect(() => assertUtf8Argv(['--', 'rm', 'keep'], () => { throw new Error('read'); })).not.toThrow();
  });

  test('a replaced byte is refused, naming the argument escaped', () => {
    const args = ['--', 'rm', 'keep\uFFFD'];
    expect(() => assertUtf8Argv(args, cmdline(Buffer.from('--'), Buffer.from('rm'), Buffer.from([0x6b, 0x65, 0x65, 0x70, 0xff])))).toThrow("argument 3 is not valid UTF-8: 'keep\\xff'");
    expect(() => assertUtf8Argv(['x\uFFFD'], cmdline(Buffer.from([0x78, 0xed, 0xa0, 0x80])))).toThrow(/not valid UTF-8: 'x\\xed\\xa0\\x80'/);
    expect(() => assertUtf8Argv(['\uFFFD\\'], cmdline(Buffer.from([0xc3, 0x5c])))).toThrow(/'\\xc3\\x5c'/);
  });

  test('a real U+FFFD is valid; an empty argument lines up', () => {
    expect(() => assertUtf8Argv(['', 'keep\uFFFD'], cmdline(Buffer.from(''), Buffer.from('keep\uFFFD')))).not.toThrow();
  });

  test('bytes that cannot be lined up or read refuse', () => {
    expect(() => assertUtf8Argv(['a', 'b\uFFFD'], () => Buffer.from('b\uFFFD\0'))).toThrow(/cannot line up/);
    expect(() => assertUtf8Argv(['b\uFFFD'], () => { throw new Error('EACCES'); })).toThrow(/cannot check/);
    expect(() => assertUtf8Argv(['b\uFFFD'], cmdline(Buffer.from('other')))).toThrow(/does not match its bytes/);
  });
});
