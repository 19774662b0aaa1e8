// The getopt_long-style reader: clusters, glued values, long names, abbreviations, `--`.
import { describe, expect, it } from 'vitest';
import { parseOptions, resolveLong, type OptionSpec } from '../../src/shell/options.js';

const SPEC: OptionSpec = {
  shortValue: 'ko',
  shortOptional: 'i',
  shortFlags: 'nu',
  long: { output: 'required', 'output-format': 'required', 'in-place': 'optional', quiet: 'none' },
  abbreviations: true,
};

describe('parseOptions', () => {
  it('reads clusters with a value-taking letter last and its value glued or next', () => {
    const parsed = parseOptions(['-nuo', 'file', '-kx', 'operand'], SPEC);
    expect(parsed.options.map((o) => [o.name, o.value])).toEqual([['-n', null], ['-u', null], ['-o', 'file'], ['-k', 'x']]);
    expect(parsed.operands).toEqual([3]);
  });

  it('gives an optional short value only when glued (-i.bak), and -in means -i with suffix n', () => {
    expect(parseOptions(['-i.bak'], SPEC).options).toEqual([{ name: '-i', value: '.bak', index: 0, known: true }]);
    expect(parseOptions(['-in', 'x'], SPEC).options.map((o) => [o.name, o.value])).toEqual([['-i', 'n']]);
  });

  it('keeps reading an unknown letter as a flag, so the rest of the cluster is still examined', () => {
    const parsed = parseOptions(['-zo', 'out'], SPEC);
    expect(parsed.options.map((o) => [o.name, o.known, o.value])).toEqual([['-z', false, null], ['-o', true, 'out']]);
  });

  it('reads --name=value, --name value, and unique abbreviations', () => {
    expect(parseOptions(['--output=a'], SPEC).options[0]).toMatchObject({ name: '--output', value: 'a' });
    expect(parseOptions(['--in-pl', 'x'], SPEC).options[0]).toMatchObject({ name: '--in-place', value: null });
    expect(parseOptions(['--qu'], SPEC).options[0]).toMatchObject({ name: '--quiet', known: true });
  });

  it('reports ambiguous or unknown long options as unknown, never guessed', () => {
    expect(resolveLong('out', SPEC)).toBeNull();
    expect(parseOptions(['--out=x'], SPEC).options[0]).toMatchObject({ name: '--out', known: false });
    expect(parseOptions(['--nope'], SPEC).options[0]!.known).toBe(false);
    expect(resolveLong('qu', { ...SPEC, abbreviations: false })).toBeNull();
  });

  it('treats every word after -- as an operand', () => {
    const parsed = parseOptions(['-n', '--', '-o', 'x'], SPEC);
    expect(parsed.options.map((o) => o.name)).toEqual(['-n']);
    expect(parsed.operands).toEqual([2, 3]);
  });

  it('stops at the first operand for wrappers, and flags a value missing at the end', () => {
    const parsed = parseOptions(['-n', 'cmd', '-o', 'x'], { ...SPEC, stopAtOperand: true });
    expect(parsed.rest).toBe(1);
    expect(parseOptions(['-o'], SPEC).missingValue).toBe(true);
    expect(parseOptions(['--output'], SPEC).missingValue).toBe(true);
  });

  it('marks a flag given a value (--quiet=x) as unknown', () => {
    expect(parseOptions(['--quiet=x'], SPEC).options[0]!.known).toBe(false);
  });
});
