// The bwrap command line (pure), the run-time expansion of `writable`, and real sandboxes built
// from that command line: read-only views, escapes as root, overlays, the network.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { combineConfinement } from '../../src/decide/confine.js';
import type { Confinement, Rule } from '../../src/policy/types.js';
import { BWRAP, CAP_DROPS, bwrapArgs, type SandboxRun } from '../../src/sandbox/bwrap.js';
import { expandWritable } from '../../src/sandbox/writable.js';
import { tempDir } from '../helpers/tmp.js';

const READ_ONLY: Confinement = { filesystem: 'read-only', writable: [], network: 'host', terminal: 'none' };

// A SandboxRun for `/bin/sh -c script`.
function run(script: string, over: Partial<SandboxRun> = {}): SandboxRun {
  return { confine: READ_ONLY, writablePaths: [], overlays: [], cwd: '/', executable: '/bin/sh', statusFd: 3, asRoot: process.geteuid?.() === 0, command: ['/bin/sh', '-c', script], ...over };
}

// Runs the sandbox for real (its status on a pipe at fd 3); returns exit status and output.
function sandbox(r: SandboxRun): { status: number | null; out: string } {
  const result = spawnSync(BWRAP, bwrapArgs(r), { stdio: ['ignore', 'pipe', 'pipe', 'pipe'], encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('bwrapArgs', () => {
  it('always has its own PID namespace, dies with its parent, a new session and a fresh /proc', () => {
    for (const filesystem of ['read-only', 'read-write'] as const) {
      const args = bwrapArgs(run('true', { confine: { ...READ_ONLY, filesystem } }));
      expect(args.slice(0, 3)).toEqual(['--unshare-pid', '--die-with-parent', '--new-session']);
      expect(args.join(' ')).toContain('--proc /proc');
      expect(args.slice(-4)).toEqual(['--', '/bin/sh', '-c', 'true']);
    }
  });

  it('read-only: the tree read-only, a private /dev and /tmp, writable paths bound, root capabilities dropped', () => {
    const args = bwrapArgs(run('true', { writablePaths: ['/var/log/app'], asRoot: true })).join(' ');
    expect(args).toContain('--ro-bind / / --dev /dev --proc /proc --tmpfs /tmp');
    expect(args).toContain('--bind-try /var/log/app /var/log/app');
    for (const cap of ['CAP_SYS_ADMIN', 'CAP_MKNOD', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_BOOT']) expect(args).toContain(`--cap-drop ${cap}`);
    expect(bwrapArgs(run('true', { asRoot: false })).join(' ')).not.toContain('--cap-drop');
  });

  it('read-write: the real file system and /dev; network none unshares the network', () => {
    const args = bwrapArgs(run('true', { confine: { ...READ_ONLY, filesystem: 'read-write', network: 'none' } })).join(' ');
    expect(args).toContain('--bind / / --dev-bind /dev /dev');
    expect(args).toContain('--unshare-net');
    expect(args).not.toContain('--cap-drop');
  });

  it('overlays come after every base bind', () => {
    const args = bwrapArgs(run('true', { writablePaths: ['/srv'], overlays: [{ source: '/a', target: '/b' }] }));
    const overlay = args.indexOf('/a');
    expect(args.slice(overlay - 1, overlay + 2)).toEqual(['--ro-bind', '/a', '/b']);
    expect(overlay).toBeGreaterThan(args.lastIndexOf('/srv'));
  });
});

describe('expandWritable', () => {
  it('expands globs per segment against existing paths, skips missing ones and symbolic links', () => {
    const dir = tempDir();
    for (const name of ['app1', 'app2', 'other']) mkdirSync(join(dir, name));
    symlinkSync('/etc', join(dir, 'app3'));
    expect(expandWritable([`${dir}/app*`, `${dir}/missing`, `${dir}/*/nothing`])).toEqual([join(dir, 'app1'), join(dir, 'app2')]);
    expect(expandWritable([`${dir}/app3`])).toEqual([]);
  });
});

describe('combineConfinement', () => {
  const rule = (confine: Rule['confine']) => ({ confine }) as Rule;
  it('defaults: read-only for allow, read-write for approve; none for a deny or confine: off', () => {
    expect(combineConfinement({ confine: 'required' }, 'allow', [])).toEqual(READ_ONLY);
    expect(combineConfinement({ confine: 'required' }, 'approve', [rule(null)])).toEqual({ ...READ_ONLY, filesystem: 'read-write' });
    expect(combineConfinement({ confine: 'required' }, 'deny', [])).toBeNull();
    expect(combineConfinement({ confine: 'off' }, 'allow', [])).toBeNull();
  });
  it('the most restrictive value of each field wins; writable is the intersection', () => {
    const a = rule({ filesystem: 'read-write', writable: ['/a', '/b'], network: 'none', terminal: 'inherit' });
    const b = rule({ filesystem: 'read-only', writable: ['/b', '/c'], network: 'host', terminal: 'inherit' });
    expect(combineConfinement({ confine: 'required' }, 'allow', [a, b])).toEqual({ filesystem: 'read-only', writable: ['/b'], network: 'none', terminal: 'inherit' });
    expect(combineConfinement({ confine: 'required' }, 'allow', [a, rule(null)])).toEqual({ filesystem: 'read-only', writable: [], network: 'none', terminal: 'none' });
  });
});

describe('real sandboxes', () => {
  it('read-only: writes, a remount, mknod and a raw device write all fail; writable paths and /tmp work', () => {
    // Outside /tmp: under /tmp a write would land in the sandbox's private tmpfs.
    const host = mkdtempSync('/var/tmp/approve-run-sbx-');
    onTestFinished(() => rmSync(host, { recursive: true, force: true }));
    const outside = join(host, 'outside');
    const ok = join(tempDir(), 'ok');
    mkdirSync(ok);
    const script = [
      `touch ${outside} 2>/dev/null && echo WROTE-OUTSIDE`,
      'mount -o remount,rw / 2>/dev/null && echo REMOUNTED',
      `touch ${outside} 2>/dev/null && echo WROTE-AFTER-REMOUNT`,
      'mknod /tmp/disk b 8 0 2>/dev/null && echo MKNOD',
      'ls /dev/sda /dev/vda /dev/nvme0n1 2>/dev/null && echo DISK-VISIBLE',
      'echo x > /tmp/t && echo TMP-OK',
      `echo x > ${ok}/f && echo WRITABLE-OK`,
    ].join('; ');
    const { out } = sandbox(run(script, { writablePaths: [ok] }));
    expect(out).not.toMatch(/WROTE-OUTSIDE|REMOUNTED|WROTE-AFTER-REMOUNT|MKNOD|DISK-VISIBLE/);
    expect(out).toContain('TMP-OK');
    expect(out).toContain('WRITABLE-OK');
    expect(existsSync(outside)).toBe(false);
    expect(readFileSync(join(ok, 'f'), 'utf8')).toBe('x\n');
  });

  it('without the cap drops, root undoes read-only with a remount (why CAP_DROPS exists)', () => {
    if (process.geteuid?.() !== 0) return;
    const { out } = sandbox(run('mount -o remount,rw / 2>/dev/null && echo REMOUNTED', { asRoot: false }));
    expect(out).toContain('REMOUNTED');
    expect(CAP_DROPS).toContain('CAP_SYS_ADMIN');
  });

  it('read-write: writes reach the real file system', () => {
    const file = join(tempDir(), 'rw');
    sandbox(run(`echo rw > ${file}`, { confine: { ...READ_ONLY, filesystem: 'read-write' } }));
    expect(readFileSync(file, 'utf8')).toBe('rw\n');
  });

  it('an overlay shows the source bytes at the target', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'copy'), 'the hashed bytes\n');
    writeFileSync(join(dir, 'target'), 'swapped later\n');
    const { out } = sandbox(run(`cat ${join(dir, 'target')}`, { overlays: [{ source: join(dir, 'copy'), target: join(dir, 'target') }], writablePaths: [dir] }));
    expect(out).toBe('the hashed bytes\n');
  });

  it('network none: a listener on the host loopback cannot be reached; host: it can', async () => {
    const server = createServer((socket) => socket.end('HELLO\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const probe = `exec 3<>/dev/tcp/127.0.0.1/${port} && head -1 <&3`;
    // The server answers on this process's event loop, so the sandbox runs asynchronously.
    const bash = (network: 'host' | 'none') =>
      new Promise<string>((resolve) => {
        const child = spawn(BWRAP, bwrapArgs(run('', { confine: { ...READ_ONLY, network }, command: ['/bin/bash', '-c', probe], executable: '/bin/bash' })), { stdio: ['ignore', 'pipe', 'pipe', 'pipe'], timeout: 10_000 });
        let out = '';
        child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
        child.on('close', () => resolve(out));
      });
    try {
      expect(await bash('host')).toContain('HELLO');
      expect(await bash('none')).not.toContain('HELLO');
    } finally {
      server.close();
    }
  });
});
