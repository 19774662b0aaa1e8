// Several names for one program (SPEC §10): hard links on a real file system, the family
// table, versioned names and verb aliases hold for deny rules, and never widen an allow.
import { copyFileSync, chmodSync, linkSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { otherNames, verbViews } from '../../src/decide/aliases.js';
import { evaluate } from '../../src/decide/evaluate.js';
import { realPathProbe } from '../../src/decide/resolve.js';
import type { PathProbe } from '../../src/decide/types.js';
import { loadPolicyText } from '../../src/policy/load.js';
import { tempDir } from '../helpers/tmp.js';

// A secure_path directory holding `guarded` (a copy of true), a hard link and a symlink to it.
function world(): { bin: string; other: string } {
  const root = tempDir('approve-run-aliases-');
  const bin = join(root, 'bin');
  const other = join(root, 'elsewhere');
  mkdirSync(bin);
  mkdirSync(other);
  copyFileSync('/usr/bin/true', join(bin, 'guarded'));
  chmodSync(join(bin, 'guarded'), 0o755);
  linkSync(join(bin, 'guarded'), join(other, 'innocent'));
  symlinkSync(join(bin, 'guarded'), join(other, 'pointer'));
  copyFileSync('/usr/bin/true', join(other, 'copy'));
  chmodSync(join(other, 'copy'), 0o755);
  return { bin, other };
}

// Judges an argv against rules (default allow of everything else via "*").
async function decide(bin: string, rules: string, argv: string[], paths: PathProbe = realPathProbe) {
  const text = `version: 1\nsettings: { default: deny, secure_path: "${bin}:/usr/bin:/bin" }\nrules:\n${rules}`;
  const policy = loadPolicyText('/t/policy.yaml', text);
  const input = { argv, shell: null, cwd: '/', requester: { user: 'u', uid: 1, gid: 1, groups: [] }, actor: null, host: 'h', now: new Date(0) };
  return (await evaluate(policy, input, paths)).decision;
}

const DENY_GUARDED = '  - { id: d, match: { command: guarded }, decision: deny }\n  - { id: a, match: { command: "*" }, decision: allow }\n';

describe('deny rules see links as one program', () => {
  it('a hard link of a denied program under another name and directory is denied', async () => {
    const { bin, other } = world();
    expect(await decide(bin, DENY_GUARDED, [join(other, 'innocent')])).toBe('deny');
    expect(await decide(bin, DENY_GUARDED, [join(other, 'pointer')])).toBe('deny');
  });

  it('a copy (another inode) is another program', async () => {
    const { bin, other } = world();
    expect(await decide(bin, DENY_GUARDED, [join(other, 'copy')])).toBe('allow');
  });

  it('without inode identity from the probe, the hard link is not recognised (the test can fail)', async () => {
    const { bin, other } = world();
    const blind: PathProbe = { realpath: realPathProbe.realpath, isExecutableFile: realPathProbe.isExecutableFile };
    expect(await decide(bin, DENY_GUARDED, [join(other, 'innocent')], blind)).toBe('allow');
  });

  it('an allow rule for a name does not allow its hard link under another name', async () => {
    const { bin, other } = world();
    const rules = '  - { id: a, match: { command: guarded }, decision: allow }\n';
    expect(await decide(bin, rules, ['guarded'])).toBe('allow');
    expect(await decide(bin, rules, [join(other, 'innocent')])).toBe('deny');
  });
});

describe('names of one program', () => {
  it.each([
    ['mke2fs', 'mkfs.ext4'],
    ['mkfs.xfs', 'mkfs'],
    ['python3.11', 'python'],
    ['python3.11', 'python3'],
    ['python3', 'python'],
    ['perl5.36', 'perl'],
    ['gawk', 'mawk'],
    ['view', 'vi'],
    ['nodejs', 'node'],
    ['halt', 'reboot'],
  ])('%s is also %s', (name, other) => {
    expect(otherNames([name])).toContain(other);
  });

  it.each([['base64', 'base'], ['sha256sum', 'sha'], ['git', 'gitk'], ['ls', 'rm'], ['python3', 'pip']])('%s is not %s', (name, other) => {
    expect(otherNames([name])).not.toContain(other);
  });

  it('maps systemctl verbs to the programs that do the same, both ways', () => {
    expect(verbViews('systemctl', ['--force', 'reboot'])).toContainEqual(['reboot', '--force']);
    expect(verbViews('reboot', ['-f'])).toContainEqual(['systemctl', 'reboot', '-f']);
    expect(verbViews('systemctl', ['status', 'reboot'])).toEqual([]);
  });
});
