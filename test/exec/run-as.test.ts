// run_as through setpriv: uid, gid AND supplementary groups change, argv[0] survives, and a
// missing helper stops everything. The real switch needs root and util-linux setpriv.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApproveRunError } from '../../src/errors.js';
import { EXEC_SHELL, planLaunch, SETPRIV } from '../../src/exec/launch.js';
import { runChild } from '../../src/exec/spawn.js';
import { tempDir } from '../helpers/tmp.js';
import { clock, fixture } from './support.js';

describe('planLaunch', () => {
  it('starts the file itself, with argv[0] as requested, when credentials stay', () => {
    expect(planLaunch('/usr/bin/systemctl', ['reboot', '--force'])).toEqual({ file: '/usr/bin/systemctl', args: ['--force'], argv0: 'reboot' });
  });

  it('goes through setpriv with uid, gid and the exact group list', () => {
    const launch = planLaunch('/usr/bin/id', ['id', '-G'], { uid: 1001, gid: 1002, groups: [1002, 4] }, () => true);
    expect(launch.file).toBe(SETPRIV);
    expect(launch.args.slice(0, 5)).toEqual(['--reuid=1001', '--regid=1002', '--groups=1002,4', '--', EXEC_SHELL]);
    expect(launch.args.slice(-3)).toEqual(['id', '/usr/bin/id', '-G']);
  });

  it('clears supplementary groups when the user has none', () => {
    expect(planLaunch('/bin/true', ['true'], { uid: 5, gid: 5, groups: [] }, () => true).args).toContain('--clear-groups');
  });

  it.each([SETPRIV, EXEC_SHELL])('fails closed (125) when %s is unavailable', (missing) => {
    const attempt = () => planLaunch('/bin/true', ['true'], { uid: 5, gid: 5, groups: [5] }, (path) => path !== missing);
    expect(attempt).toThrow(ApproveRunError);
    expect(attempt).toThrow(missing);
    try {
      attempt();
    } catch (error) {
      expect((error as ApproveRunError).exitCode).toBe(125);
    }
  });
});

describe('running as another user (needs root)', () => {
  it('has what it needs: root and setpriv', () => {
    expect(process.geteuid?.()).toBe(0);
    expect(existsSync(SETPRIV)).toBe(true);
  });

  it('sets uid, gid and supplementary groups, keeps argv[0] and the environment', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const out = join(dir, 'report.json');
    const env = { PATH: '/usr/bin:/bin', HOME: '/nonexistent', USER: 'nobody', LOGNAME: 'nobody' };
    const result = await runChild(
      {
        file: process.execPath,
        argv: ['my-argv0', fixture('report.mjs'), out],
        env,
        cwd: dir,
        deadline: null,
        killGraceS: 1,
        credentials: { uid: 65534, gid: 65534, groups: [65534, 4, 24] },
      },
      clock,
    );
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report).toMatchObject({ uid: 65534, euid: 65534, gid: 65534, egid: 65534, argv0: 'my-argv0', cwd: dir });
    expect([...report.groups].sort((a: number, b: number) => a - b)).toEqual([4, 24, 65534]);
    // bash's exec adds SHLVL; nothing else beyond what was given.
    expect(report.env).toEqual({ ...env, SHLVL: '0' });
  });

  it('gives 126 when the new user may not execute the file', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o700);
    const script = join(dir, 'private.sh');
    writeFileSync(script, '#!/bin/sh\nexit 0\n', { mode: 0o700 });
    const result = await runChild(
      { file: script, argv: ['private.sh'], env: { PATH: '/usr/bin:/bin' }, cwd: '/', deadline: null, killGraceS: 1, credentials: { uid: 65534, gid: 65534, groups: [] } },
      clock,
    );
    expect(result.exitCode).toBe(126);
  });
});
