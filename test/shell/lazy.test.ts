// The bash parser loads only when a shell line or a `sh -c` needs it (STYLE §12).
import { describe, expect, it } from 'vitest';
import { expandRequest } from '../../src/shell/expand.js';
import { isParserLoaded } from '../../src/shell/parser.js';
import { settings } from '../helpers/settings.js';

describe('lazy parser loading', () => {
  it('does not load the parser for plain argv, wrappers or dangerous options, and loads it for sh -c', async () => {
    await expandRequest({ argv: ['timeout', '5', 'git', '-c', 'a=b', 'status'], shell: null }, settings);
    await expandRequest({ argv: ['find', '.', '-exec', 'id', ';'], shell: null }, settings);
    await expandRequest({ argv: ['bash', 'script.sh'], shell: null }, settings);
    expect(isParserLoaded()).toBe(false);
    await expandRequest({ argv: ['sh', '-c', 'git status'], shell: null }, settings);
    expect(isParserLoaded()).toBe(true);
  });
});
