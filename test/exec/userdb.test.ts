// The /etc/passwd and /etc/group parsers, with hostile and malformed lines.
import { describe, expect, it } from 'vitest';
import { groupName, memberGids, parseGroup, parseId, parsePasswd, userByName, userByUid } from '../../src/exec/userdb.js';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  '# a comment:x:5:5::/:/bin/sh',
  '',
  'alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash',
  'evil:x:0:0:second uid 0:/root:/bin/sh',
  'alice:x:2000:2000:second alice:/home/other:/bin/sh',
  'bob:x:1001:1001::/home/bob:/bin/bash:extra',
  'short:x:1002:1002',
  '+nis:x:1003:1003::/home/nis:/bin/sh',
  '-nis2:x:1004:1004::/home/nis2:/bin/sh',
  'neg:x:-1:1005::/home/neg:/bin/sh',
  'hex:x:0x10:1006::/home/hex:/bin/sh',
  'exp:x:1e3:1007::/home/exp:/bin/sh',
  'lead:x:01008:1008::/home/lead:/bin/sh',
  'huge:x:4294967295:1009::/home/huge:/bin/sh',
  'space name:x:1010:1010::/home/s:/bin/sh',
  'tab\tname:x:1011:1011::/home/t:/bin/sh',
  'ctrl:x:1012:1012:\u0007bell:/home/c:/bin/sh',
  'relhome:x:1013:1013::home/rel:/bin/sh',
  ':x:1014:1014::/home/empty:/bin/sh',
  'padded:x: 1015:1015::/home/p:/bin/sh',
  'deploy:x:1016:1016::/srv/deploy:/bin/bash\r',
  'machine$:x:1017:1017::/nonexistent:/usr/sbin/nologin',
  'agent:x:1018:1018::/home/agent:/bin/bash',
].join('\n');

describe('parsePasswd', () => {
  const users = parsePasswd(PASSWD);

  it('keeps exactly the well-formed lines, in order', () => {
    expect(users.map((u) => u.name)).toEqual(['root', 'alice', 'evil', 'alice', 'machine$', 'agent']);
  });

  it('reads fields of a good line', () => {
    expect(users[1]).toEqual({ name: 'alice', uid: 1000, gid: 1000, home: '/home/alice', shell: '/bin/bash' });
  });

  it('returns the first entry for a uid or a name, like getpwuid/getpwnam', () => {
    const db = { users, groups: [] };
    expect(userByUid(db, 0)?.name).toBe('root');
    expect(userByName(db, 'alice')?.uid).toBe(1000);
    expect(userByUid(db, 1001)).toBeNull();
    expect(userByName(db, 'deploy')).toBeNull();
  });

  it('survives garbage without throwing', () => {
    expect(parsePasswd('\u0000\u0000:::::::\n::::::\n\n\n')).toEqual([]);
    expect(parsePasswd('x'.repeat(100_000))).toEqual([]);
  });
});

describe('parseId', () => {
  it.each([
    ['0', 0],
    ['1000', 1000],
    ['4294967294', 4294967294],
    ['4294967295', null],
    ['-1', null],
    ['01', null],
    ['1e3', null],
    ['0x10', null],
    [' 1', null],
    ['1 ', null],
    ['', null],
    ['99999999999', null],
  ])('%j → %j', (text, id) => {
    expect(parseId(text)).toBe(id);
  });
});

describe('parseGroup', () => {
  const GROUP = [
    'root:x:0:',
    'adm:x:4:syslog,alice',
    'sre:x:2000:alice,bob,,bad name,carol',
    'broken:x:2001',
    'toolong:x:2002:a:b',
    'neg:x:-5:alice',
    'alice:x:1000:',
    'docker:x:999:alice',
    'dup:x:4:alice',
  ].join('\n');
  const groups = parseGroup(GROUP);

  it('keeps well-formed lines and drops invalid member names', () => {
    expect(groups.map((g) => g.name)).toEqual(['root', 'adm', 'sre', 'alice', 'docker', 'dup']);
    expect(groups.find((g) => g.name === 'sre')?.members).toEqual(['alice', 'bob', 'carol']);
  });

  it('computes a user’s groups as initgroups would: primary first, no duplicates', () => {
    const db = { users: parsePasswd('alice:x:1000:1000::/home/alice:/bin/sh'), groups };
    const alice = db.users[0];
    expect(alice).toBeDefined();
    expect(memberGids(db, alice!)).toEqual([1000, 4, 2000, 999]);
    expect(groupName(db, 4)).toBe('adm');
    expect(groupName(db, 4242)).toBe('4242');
  });
});
