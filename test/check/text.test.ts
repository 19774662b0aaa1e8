// `check` human output.
import { describe, expect, it } from 'vitest';
import { check, policyFile } from './fixture.js';

describe('check human output', () => {
  it('shows the decision, each matching rule, the terms and the message', async () => {
    const approve = await check(['-p', policyFile, '--', 'git', 'push', '--tags']);
    expect(approve.code).toBe(1);
    expect(approve.stdout).toMatch(/^decision: +approve$/m);
    expect(approve.stdout).toMatch(/^ {2}git-push \(approve\)$/m);
    expect(approve.stdout).toMatch(/^ {2}git-push-tags \(approve\)$/m);
    expect(approve.stdout).toMatch(/^approvers: +alice, bob \(quorum 2\)$/m);
    expect(approve.stdout).toMatch(/^channel: +terminal$/m);
    expect(approve.stdout).toMatch(/^session: +5m$/m);
    expect(approve.stdout).toMatch(/^risk: +critical$/m);
    expect(approve.stdout).toMatch(/^max_runtime: +2m$/m);
    expect(approve.stdout).toMatch(/^executable: +\/usr\/bin\/git$/m);
    expect(approve.stdout).not.toContain('\u001b[');

    const deny = await check(['-p', policyFile, '--', 'rm', '-rf', '/']);
    expect(deny.code).toBe(77);
    expect(deny.stdout).toMatch(/^message: +Removing \/ is never allowed$/m);
    expect(deny.stdout).toMatch(/^decided by: +no-rm-root$/m);
  });

  it('escapes invisible characters instead of printing them', async () => {
    const r = await check(['-p', policyFile, '--', 'sed', '-n', 'p\u202e\u200bx\u001b[31m']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("$'p\\u{202e}\\u{200b}x\\x1b[31m'");
    for (const raw of ['\u202e', '\u200b', '\u001b']) expect(r.stdout).not.toContain(raw);
  });

  it('says when the command is not found', async () => {
    const r = await check(['-p', policyFile, '--', 'definitely-not-a-command-xyz']);
    expect(r.code).toBe(77);
    expect(r.stdout).toMatch(/^executable: +\(not found through secure_path\)$/m);
    expect(r.stdout).toMatch(/no rule matched: definitely-not-a-command-xyz/);
  });
});
