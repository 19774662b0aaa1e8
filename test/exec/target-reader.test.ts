// resolveRunTarget given a user-database reader: the allow path outside privileged mode never
// needs /etc/passwd again (identity already read it), privileged mode reads it once.
import { describe, expect, it } from 'vitest';
import type { Identity } from '../../src/exec/identity.js';
import { resolveRunTarget } from '../../src/exec/target.js';
import { parseGroup, parsePasswd, type UserDb } from '../../src/exec/userdb.js';

const agent = { user: 'agent', uid: 1002, gid: 1002, groups: ['agent'] };

// A reader that counts how often it is asked.
function reader() {
  const db: UserDb = { users: parsePasswd('root:x:0:0::/root:/bin/bash\nagent:x:1002:1002::/home/agent:/bin/bash\n'), groups: parseGroup('root:x:0:\nwheel:x:10:agent,root\n') };
  const read = Object.assign(() => {
    read.calls++;
    return db;
  }, { calls: 0 });
  return read;
}

describe('resolveRunTarget with a reader', () => {
  it('outside privileged mode it is not called', () => {
    const read = reader();
    const plain: Identity = { privileged: false, euid: 1002, requester: agent, home: '/home/agent' };
    expect(resolveRunTarget(plain, null, read, { uid: 1002, euid: 1002 })).toEqual({ user: 'agent', uid: 1002, home: '/home/agent', credentials: null });
    expect(() => resolveRunTarget(plain, 'root', read, { uid: 1002, euid: 1002 })).toThrow(/needs privileged mode/);
    expect(read.calls).toBe(0);
  });

  it('in privileged mode it is read once and gives the same target as the database itself', () => {
    const read = reader();
    const privileged: Identity = { privileged: true, euid: 0, requester: agent, home: '/home/agent' };
    const target = resolveRunTarget(privileged, 'root', read, { uid: 1002, euid: 0 });
    expect(read.calls).toBe(1);
    expect(target).toEqual(resolveRunTarget(privileged, 'root', read(), { uid: 1002, euid: 0 }));
    expect(target.credentials).toEqual({ uid: 0, gid: 0, groups: [0, 10] });
  });
});
