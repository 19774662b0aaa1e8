// The audit command handlers in-process with a test Context: colour only when the Context
// says so, progress only on a terminal, and privileged-mode refusals (also through the CLI).
import { describe, expect, it } from 'vitest';
import { runAuditLog } from '../../src/commands/audit-log.js';
import { runAuditVerify } from '../../src/commands/audit-verify.js';
import { runCli } from '../helpers/cli.js';
import { captureContext } from '../helpers/context.js';
import { appendRun, generateEntries, newLogPath, openTestLog } from './helpers.js';
import { buildLog, cliEnv } from './fixtures.js';

// SGR colour sequences, built from a string so the pattern holds no raw control character.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');


describe('audit log colour', () => {
  it('colours the table only when stdout has colour', async () => {
    const path = newLogPath();
    const log = openTestLog(path);
    appendRun(log, 1);
    appendRun(log, 2, { outcome: 'denied_by_policy', exit: null });
    log.close();
    const coloured = captureContext({ color: true });
    expect(await runAuditLog({ auditDb: path, json: false }, coloured.ctx)).toBe(0);
    expect(coloured.out()).toContain('\u001b[31m');
    expect(coloured.out()).toContain('\u001b[32m');
    const plain = captureContext({ color: false });
    await runAuditLog({ auditDb: path, json: false }, plain.ctx);
    expect(plain.out()).not.toContain('\u001b');
    expect(plain.out().replace(/\s+/g, ' ')).toBe(coloured.out().replace(ANSI, '').replace(/\s+/g, ' '));
  });
});

describe('audit verify progress', () => {
  it('shows progress on a terminal for long logs, and nothing otherwise', async () => {
    const path = newLogPath();
    generateEntries(path, 100_000);
    const tty = captureContext({ stderrTTY: true });
    expect(await runAuditVerify({ auditDb: path, json: true }, tty.ctx)).toBe(0);
    expect(tty.err()).toContain('\rverifying audit log: 50000/100000 entries (50%)');
    expect(tty.err().endsWith('\r\u001b[K')).toBe(true);
    expect(JSON.parse(tty.out())).toMatchObject({ ok: true, entries: 100_000 });
    const pipe = captureContext({ stderrTTY: false });
    await runAuditVerify({ auditDb: path, json: true }, pipe.ctx);
    expect(pipe.err()).toBe('');
  }, 60_000);

  it('shows no progress for short logs even on a terminal', async () => {
    const tty = captureContext({ stderrTTY: true });
    await runAuditVerify({ auditDb: buildLog(1, false).path, json: false }, tty.ctx);
    expect(tty.err()).toBe('');
    expect(tty.out()).toMatch(/^audit log intact: 4 entries/);
  });
});

describe('privileged mode (sudo from a non-root user)', () => {
  const sudo = { ...cliEnv(), SUDO_UID: '65534', SUDO_USER: 'nobody' };
  it.each([
    [['audit', 'verify', '--audit-db', '/tmp/x.db'], /--audit-db is refused/],
    [['audit', 'log', '-p', '/tmp/p.yaml'], /--policy is refused/],
    [['keygen', '-o', '/tmp/x'], /keygen is refused/],
  ])('refuses %j with exit 125', async (args, message) => {
    const result = await runCli(args, { env: sudo });
    expect(result.code).toBe(125);
    expect(result.stderr).toMatch(message);
  });

  it('refuses $APPROVE_RUN_AUDIT_DB', async () => {
    const result = await runCli(['audit', 'verify'], { env: { ...sudo, APPROVE_RUN_AUDIT_DB: '/tmp/x.db' } });
    expect(result.code).toBe(125);
    expect(result.stderr).toMatch(/APPROVE_RUN_AUDIT_DB/);
  });
});
