// Whom the command runs as: run_as only in privileged mode, never silently someone else.
import { describe, expect, it } from 'vitest';
import { ApproveRunError } from '../../src/errors.js';
import type { Identity } from '../../src/exec/identity.js';
import { resolveRunTarget } from '../../src/exec/target.js';
import { parseGroup, parsePasswd } from '../../src/exec/userdb.js';

const db = {
  users: parsePasswd(['root:x:0:0::/root:/bin/bash', 'postgres:x:101:104::/var/lib/postgresql:/bin/bash', 'agent:x:1002:1002::/home/agent:/bin/bash'].join('\n')),
  groups: parseGroup(['root:x:0:', 'postgres:x:104:', 'ssl-cert:x:110:postgres', 'agent:x:1002:'].join('\n')),
};
const agent = { user: 'agent', uid: 1002, gid: 1002, groups: ['agent'] };
const plain: Identity = { privileged: false, euid: 1002, requester: agent, home: '/home/agent' };
const privileged: Identity = { privileged: true, euid: 0, requester: agent, home: '/home/agent' };

describe('resolveRunTarget', () => {
  it('outside privileged mode runs as the requester, without switching', () => {
    expect(resolveRunTarget(plain, null, db, { uid: 1002, euid: 1002 })).toEqual({ user: 'agent', uid: 1002, home: '/home/agent', credentials: null });
    expect(resolveRunTarget(plain, 'agent', db, { uid: 1002, euid: 1002 }).credentials).toBeNull();
  });

  it('outside privileged mode refuses a run_as naming someone else (125)', () => {
    const attempt = () => resolveRunTarget(plain, 'postgres', db, { uid: 1002, euid: 1002 });
    expect(attempt).toThrow(/needs privileged mode/);
    expect(() => resolveRunTarget({ ...plain, euid: 0 }, 'root', db, { uid: 0, euid: 0 })).toThrow(ApproveRunError);
  });

  it('under sudo to root, root needs no switch (sudo already set root’s credentials)', () => {
    expect(resolveRunTarget(privileged, null, db, { uid: 0, euid: 0 })).toEqual({ user: 'root', uid: 0, home: '/root', credentials: null });
  });

  it('a setuid start switches even to root, so the real uid is root too', () => {
    expect(resolveRunTarget(privileged, 'root', db, { uid: 1002, euid: 0 }).credentials).toEqual({ uid: 0, gid: 0, groups: [0] });
  });

  it('run_as another user switches uid, gid and groups from /etc/group', () => {
    expect(resolveRunTarget(privileged, 'postgres', db, { uid: 0, euid: 0 })).toEqual({
      user: 'postgres',
      uid: 101,
      home: '/var/lib/postgresql',
      credentials: { uid: 101, gid: 104, groups: [104, 110] },
    });
  });

  it.each(['nosuchuser', 'Root', '', '0'])('an unknown run_as user %j stops approve-run', (name) => {
    expect(() => resolveRunTarget(privileged, name, db, { uid: 0, euid: 0 })).toThrow(/does not exist/);
  });
});
