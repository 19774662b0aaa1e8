// SPEC §3 file locations, and the privileged-mode refusals (identity constructed).
import { describe, expect, it } from 'vitest';
import { defaultAuditDbPath, resolveAuditDbPath, resolvePolicyPath } from '../../src/config/locations.js';
import { ApproveRunError } from '../../src/errors.js';
import type { Identity } from '../../src/exec/identity.js';
import type { Settings } from '../../src/policy/types.js';

const requester = { user: 'agent', uid: 1002, gid: 1002, groups: ['agent'] };
const user: Identity = { privileged: false, euid: 1002, requester, home: '/home/agent' };
const root: Identity = { privileged: false, euid: 0, requester: { ...requester, user: 'root', uid: 0 }, home: '/root' };
const privileged: Identity = { privileged: true, euid: 0, requester, home: '/home/agent' };
const settings = (db: string | null) => ({ audit: { db, checkpoint_key: null } }) as Settings;
const ctx = (identity: Identity, env: Record<string, string | undefined> = {}) => ({ identity, env, cwd: '/work/dir' });

// The exit code and message of a thrown ApproveRunError.
function failure(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApproveRunError) return { code: error.exitCode, message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('resolvePolicyPath', () => {
  it.each([
    ['the flag first', 'p.yaml', { APPROVE_RUN_POLICY: '/env/p.yaml' }, '/work/dir/p.yaml'],
    ['then the variable', undefined, { APPROVE_RUN_POLICY: '/env/p.yaml' }, '/env/p.yaml'],
    ['an empty variable counts as unset', undefined, { APPROVE_RUN_POLICY: '' }, '/etc/approve-run/policy.yaml'],
    ['then the system file', undefined, {}, '/etc/approve-run/policy.yaml'],
  ])('%s', (_what, flag, env, expected) => {
    expect(resolvePolicyPath(ctx(user, env), flag)).toBe(expected);
  });

  it('privileged mode uses the system file', () => {
    expect(resolvePolicyPath(ctx(privileged), undefined)).toBe('/etc/approve-run/policy.yaml');
  });

  it.each([
    ['--policy', 'p.yaml', {}],
    ['$APPROVE_RUN_POLICY', undefined, { APPROVE_RUN_POLICY: '/tmp/p.yaml' }],
    ['$APPROVE_RUN_POLICY', undefined, { APPROVE_RUN_POLICY: '' }],
    ['$APPROVE_RUN_AUDIT_DB', undefined, { APPROVE_RUN_AUDIT_DB: '/tmp/a.db' }],
  ])('privileged mode refuses %s (125)', (what, flag, env) => {
    const { code, message } = failure(() => resolvePolicyPath(ctx(privileged, env), flag));
    expect(code).toBe(125);
    expect(message).toContain(what);
  });
});

describe('resolveAuditDbPath', () => {
  it.each([
    ['the flag first', user, 'a.db', { APPROVE_RUN_AUDIT_DB: '/env/a.db' }, '/s/a.db', '/work/dir/a.db'],
    ['then the variable', user, undefined, { APPROVE_RUN_AUDIT_DB: '/env/a.db' }, '/s/a.db', '/env/a.db'],
    ['then settings.audit.db', user, undefined, {}, '/s/a.db', '/s/a.db'],
    ['then XDG_STATE_HOME', user, undefined, { XDG_STATE_HOME: '/xdg/state' }, null, '/xdg/state/approve-run/audit.db'],
    ['a relative XDG_STATE_HOME is ignored', user, undefined, { XDG_STATE_HOME: 'rel' }, null, '/home/agent/.local/state/approve-run/audit.db'],
    ['HOME is never read', user, undefined, { HOME: '/elsewhere' }, null, '/home/agent/.local/state/approve-run/audit.db'],
    ['root gets /var/lib', root, undefined, { XDG_STATE_HOME: '/xdg' }, null, '/var/lib/approve-run/audit.db'],
    ['privileged uses settings', privileged, undefined, {}, '/s/a.db', '/s/a.db'],
    ['privileged default is /var/lib', privileged, undefined, { XDG_STATE_HOME: '/xdg' }, null, '/var/lib/approve-run/audit.db'],
  ])('%s', (_what, identity, flag, env, db, expected) => {
    expect(resolveAuditDbPath(ctx(identity, env), flag, settings(db))).toBe(expected);
  });

  it.each([
    ['--audit-db', 'a.db', {}],
    ['$APPROVE_RUN_AUDIT_DB', undefined, { APPROVE_RUN_AUDIT_DB: '/tmp/a.db' }],
    ['$APPROVE_RUN_AUDIT_DB', undefined, { APPROVE_RUN_AUDIT_DB: '' }],
    ['$APPROVE_RUN_POLICY', undefined, { APPROVE_RUN_POLICY: '/tmp/p.yaml' }],
  ])('privileged mode refuses %s (125)', (what, flag, env) => {
    const { code, message } = failure(() => resolveAuditDbPath(ctx(privileged, env), flag, settings('/s/a.db')));
    expect(code).toBe(125);
    expect(message).toContain(what);
  });

  it('the privileged default ignores XDG variables entirely', () => {
    expect(defaultAuditDbPath({ identity: { ...privileged, euid: 0 }, env: { XDG_STATE_HOME: '/tmp/evil' } })).toBe('/var/lib/approve-run/audit.db');
  });
});
