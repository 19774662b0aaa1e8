// The command's terminal and pipes through the built CLI, on a real pseudo-terminal (tmux):
// under `terminal: none` a pager cannot turn interactive, so `!cmd` never runs; under
// `inherit` the command holds the caller's terminal; pipes and legitimate writes still work.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { tmux, type Pane } from '../approval/tmux.js';
import { CLI, runCli } from '../helpers/cli.js';
import { WRITES_TEMP } from '../helpers/settings.js';
import { tempDir } from '../helpers/tmp.js';
import { SECURE_PATH } from '../run/support.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const panes: Pane[] = [];
afterEach(() => {
  for (const pane of panes.splice(0)) pane.kill();
});

// A policy allowing `command` with `confine`, in a fresh directory.
function world(command: string, confine: string) {
  const dir = tempDir();
  const policy = join(dir, 'policy.yaml');
  writeFileSync(policy, `version: 1\nsettings: { secure_path: "${SECURE_PATH}", env_keep: [TERM] }\nrules:\n  - id: cmd\n    match: { command: ${command} }\n    decision: allow\n    confine: ${confine}\n`);
  const run = ['run', '-p', policy, '--audit-db', join(dir, 'audit.db'), '--'];
  // The CLI as a tmux pane's only program; afterwards the pane sleeps, so late keys reach no shell.
  const inPane = (name: string, argv: string[]) => {
    const line = [process.execPath, CLI, ...run, ...argv].map((w) => `'${w}'`).join(' ');
    const pane = tmux(name, `env -i PATH=/usr/bin:/bin TERM=xterm ${line}; echo "EXIT:$?"; exec sleep 120`);
    panes.push(pane);
    return pane;
  };
  return { dir, run, inPane };
}

describe('terminal: none', () => {
  it('an allowed pager cannot run !cmd: it never gets a terminal', async () => {
    // read-write and a marker outside /tmp, so only the terminal (and LESSSECURE) stand in the way.
    const w = world('less', '{ filesystem: read-write, terminal: none }');
    const file = join(w.dir, 'log.txt');
    writeFileSync(file, Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n'));
    const host = execFileSync('mktemp', ['-d', '/var/tmp/approve-run-sbx-XXXXXX'], { encoding: 'utf8' }).trim();
    onTestFinished(() => void execFileSync('rm', ['-rf', host]));
    const marker = join(host, 'escaped');
    const pane = w.inPane('pager', ['less', file]);
    await sleep(1500);
    pane.keys(`!touch ${marker}`, 'Enter');
    await sleep(500);
    pane.keys('q');
    await pane.waitFor(/EXIT:\d+/);
    await sleep(500);
    expect(existsSync(marker)).toBe(false);
  });

  it('no descriptor is a terminal, and the output is still shown (relayed)', async () => {
    const script = join(tempDir(), 'tty.sh');
    writeFileSync(script, '#!/bin/sh\nfor fd in 0 1 2; do [ -t $fd ] && echo "FD$fd-IS-TTY"; done\necho TTY-CHECKED\n', { mode: 0o755 });
    const none = world(script, '{ terminal: none }');
    const pane = none.inPane('none', [script]);
    const screen = await pane.waitFor(/EXIT:\d+/);
    expect(screen).toContain('TTY-CHECKED');
    expect(screen).not.toContain('IS-TTY');
  });
});

describe('terminal: inherit', () => {
  it("hands the caller's terminal to the command", async () => {
    const script = join(tempDir(), 'tty.sh');
    writeFileSync(script, '#!/bin/sh\nfor fd in 0 1 2; do [ -t $fd ] && echo "FD$fd-IS-TTY"; done\necho TTY-CHECKED\n', { mode: 0o755 });
    const w = world(script, '{ terminal: inherit }');
    const screen = await w.inPane('inherit', [script]).waitFor(/EXIT:\d+/);
    expect(screen).toContain('FD0-IS-TTY');
    expect(screen).toContain('FD1-IS-TTY');
    expect(screen).toContain('FD2-IS-TTY');
  });
});

describe('still works under confinement', () => {
  it('echo x | approve-run -- tee FILE, with the file in a writable path', async () => {
    const w = world('tee', WRITES_TEMP);
    const file = join(w.dir, 'teed');
    const result = await runCli([...w.run, 'tee', file], { input: 'x\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('x\n');
    expect(readFileSync(file, 'utf8')).toBe('x\n');
  });

  it('writes outside writable fail under read-only; read-write writes anywhere', async () => {
    const host = execFileSync('mktemp', ['-d', '/var/tmp/approve-run-sbx-XXXXXX'], { encoding: 'utf8' }).trim();
    try {
      const target = join(host, 'file');
      const ro = world('touch', WRITES_TEMP);
      const denied = await runCli([...ro.run, 'touch', target]);
      expect(denied.code).toBe(1);
      expect(denied.stderr).toContain('Read-only file system');
      expect(existsSync(target)).toBe(false);
      const inside = join(ro.dir, 'inside');
      expect((await runCli([...ro.run, 'touch', inside])).code).toBe(0);
      expect(existsSync(inside)).toBe(true);

      const rw = world('touch', '{ filesystem: read-write }');
      expect((await runCli([...rw.run, 'touch', target])).code).toBe(0);
      expect(existsSync(target)).toBe(true);
    } finally {
      execFileSync('rm', ['-rf', host]);
    }
  });
});
