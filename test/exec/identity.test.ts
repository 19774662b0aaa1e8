// Privileged-mode detection and the requester's identity, from constructed process facts.
import { describe, expect, it } from 'vitest';
import { ApproveRunError } from '../../src/errors.js';
import { identityFromFacts, readIdentity, type ProcessFacts } from '../../src/exec/identity.js';
import { parseGroup, parsePasswd } from '../../src/exec/userdb.js';

const db = {
  users: parsePasswd(
    [
      'root:x:0:0:root:/root:/bin/bash',
      'deploy:x:1001:1001::/srv/deploy:/bin/bash',
      'agent:x:1002:1002::/home/agent:/bin/bash',
      'mallory:x:1003:1003::/home/mallory:/bin/bash',
    ].join('\n'),
  ),
  groups: parseGroup(['root:x:0:', 'deploy:x:1001:', 'agent:x:1002:', 'sre:x:3000:deploy', 'docker:x:999:agent,deploy', 'web:x:3001:'].join('\n')),
};

// Facts for a process; the lying variables are there to prove they are ignored.
function facts(over: Partial<ProcessFacts>): ProcessFacts {
  return { uid: 1002, euid: 1002, gid: 1002, groups: [1002], env: { HOME: '/tmp/fake', USER: 'root', LOGNAME: 'root' }, db, ...over };
}

describe('identityFromFacts', () => {
  it('an ordinary user is not privileged and is who the kernel says, whatever HOME/USER claim', () => {
    const id = identityFromFacts(facts({ groups: [1002, 999, 3001] }));
    expect(id).toEqual({
      privileged: false,
      euid: 1002,
      requester: { user: 'agent', uid: 1002, gid: 1002, groups: ['agent', 'docker', 'web'] },
      home: '/home/agent',
    });
  });

  it('root without sudo variables is not privileged', () => {
    const id = identityFromFacts(facts({ uid: 0, euid: 0, gid: 0, groups: [0] }));
    expect(id.privileged).toBe(false);
    expect(id.requester).toMatchObject({ user: 'root', uid: 0 });
    expect(id.home).toBe('/root');
  });

  it('sudo from a user: privileged, requester from SUDO_UID/SUDO_USER with groups from /etc/group', () => {
    const id = identityFromFacts(facts({ uid: 0, euid: 0, gid: 0, groups: [0], env: { SUDO_UID: '1001', SUDO_USER: 'deploy', SUDO_GID: '1001', HOME: '/root' } }));
    expect(id).toEqual({
      privileged: true,
      euid: 0,
      requester: { user: 'deploy', uid: 1001, gid: 1001, groups: ['deploy', 'sre', 'docker'] },
      home: '/srv/deploy',
      invoker: { uid: 1001, gid: 1001, groups: [1001, 3000, 999] },
    });
  });

  it('SUDO_UID without SUDO_USER still works (name from /etc/passwd)', () => {
    const id = identityFromFacts(facts({ uid: 0, euid: 0, env: { SUDO_UID: '1002' } }));
    expect(id.requester.user).toBe('agent');
    expect(id.privileged).toBe(true);
  });

  it('root running sudo (SUDO_UID=0) is not privileged mode', () => {
    expect(identityFromFacts(facts({ uid: 0, euid: 0, env: { SUDO_UID: '0', SUDO_USER: 'root' } })).privileged).toBe(false);
  });

  it('setuid (real uid not 0, effective 0) is privileged as the real uid, ignoring SUDO_* lies', () => {
    const id = identityFromFacts(facts({ uid: 1003, euid: 0, env: { SUDO_UID: '1001', SUDO_USER: 'deploy' } }));
    expect(id.privileged).toBe(true);
    expect(id.requester).toMatchObject({ user: 'mallory', uid: 1003 });
    // The kernel's real ids and groups are the ones files are opened with.
    expect(id.invoker).toEqual({ uid: 1003, gid: 1002, groups: [1002] });
  });

  it('a non-root effective uid is never privileged, even with SUDO_UID set', () => {
    expect(identityFromFacts(facts({ env: { SUDO_UID: '1001' } })).privileged).toBe(false);
  });

  it('an unknown uid outside privileged mode gets a numeric name and / as home', () => {
    const id = identityFromFacts(facts({ uid: 4242, euid: 4242, gid: 4242, groups: [] }));
    expect(id.requester).toMatchObject({ user: '4242', uid: 4242, groups: ['4242'] });
    expect(id.home).toBe('/');
  });

  it.each([
    ['non-numeric SUDO_UID', { SUDO_UID: 'deploy' }],
    ['negative SUDO_UID', { SUDO_UID: '-1' }],
    ['padded SUDO_UID', { SUDO_UID: ' 1001' }],
    ['leading zero', { SUDO_UID: '01001' }],
    ['exponent', { SUDO_UID: '1e3' }],
    ['empty SUDO_UID', { SUDO_UID: '' }],
    ['uid not in /etc/passwd', { SUDO_UID: '4242' }],
    ['SUDO_USER naming someone else', { SUDO_UID: '1002', SUDO_USER: 'deploy' }],
    ['SUDO_USER naming root', { SUDO_UID: '1002', SUDO_USER: 'root' }],
    ['SUDO_USER with a newline', { SUDO_UID: '1002', SUDO_USER: 'agent\n' }],
  ])('privileged mode with %s stops approve-run (125)', (_what, env) => {
    const attempt = () => identityFromFacts(facts({ uid: 0, euid: 0, env }));
    expect(attempt).toThrow(ApproveRunError);
    try {
      attempt();
    } catch (error) {
      expect((error as ApproveRunError).exitCode).toBe(125);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('a setuid caller whose real uid is unknown stops approve-run', () => {
    expect(() => identityFromFacts(facts({ uid: 4242, euid: 0 }))).toThrow(/real uid 4242/);
  });
});

describe('readIdentity', () => {
  it('reads this process (root here, not privileged without SUDO_UID)', () => {
    const id = readIdentity({ HOME: '/somewhere/else', USER: 'nobody' });
    expect(id.euid).toBe(process.geteuid?.());
    expect(id.requester.uid).toBe(process.getuid?.());
    expect(id.home).not.toBe('/somewhere/else');
    expect(id.privileged).toBe(false);
  });
});
