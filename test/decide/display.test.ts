import { describe, expect, it } from 'vitest';
import { displayArgv, escapeInvisible } from '../../src/decide/display.js';

describe('argv shown to people', () => {
  it.each([
    [['systemctl', 'restart', 'nginx.service'], 'systemctl restart nginx.service'],
    [['echo', 'a b', ''], "echo 'a b' ''"],
    [['echo', "it's"], "echo 'it'\\''s'"],
    [['rm', '-rf', '/tmp/x\u202e'], "rm -rf $'/tmp/x\\u{202e}'"],
    [['a\u200bb'], "$'a\\u{200b}b'"],
    [['x\ny'], "$'x\\x0ay'"],
    [["q'\\\u0007"], "$'q\\'\\\\\\x07'"],
    [['tag\u{e0041}'], "$'tag\\u{e0041}'"],
  ])('%j → %s', (argv, shown) => {
    expect(displayArgv(argv)).toBe(shown);
  });

  it('leaves visible text alone', () => {
    expect(escapeInvisible('héllo wörld 😀 –')).toBe('héllo wörld 😀 –');
    expect(escapeInvisible('\u0000\u007f\u0085\u00ad\u061c\u2066\ufeff')).toBe('\\x00\\x7f\\x85\\xad\\u{61c}\\u{2066}\\u{feff}');
  });
});
