// `approve-run approve|deny` under sudo (SPEC §11, §13): the built CLI with SUDO_UID set (the
// tests run as root; nobody is the invoker). The --key file is opened with the invoker's
// rights: a key the invoker owns signs a decision that releases a real waiting host; a key
// only root may read, a symlink to a root-only file, a FIFO and a huge file are refused with
// one line, and nothing of their content is shown.
import { chmodSync, chownSync, copyFileSync, existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cliEnv } from '../audit/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { approverKey, hostPolicy, startHost, startService, type Service } from './world.js';

const NOBODY = 65534;
const sudo = { ...cliEnv(), SUDO_UID: String(NOBODY), SUDO_USER: 'nobody', SUDO_GID: String(NOBODY) };
const SECRET = 'root-only-marker-5c1e';
const REQ = 'req_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z';

let svc: Service;
let alice: { key: string; pub: string };
let dir: string;
beforeAll(async () => {
  svc = await startService();
  alice = await approverKey(svc.dir, 'alice');
  dir = tempDir();
  chmodSync(dir, 0o755);
});
afterAll(async () => {
  await svc.stop();
});

// Waits until the service holds request `id`.
async function stored(id: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await fetch(`${svc.url}/v1/requests/${id}`)).status === 200) return;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`request ${id} never reached the service`);
}

// `approve-run approve REQ --key KEY` as nobody under sudo.
const approveAs = (key: string, id = REQ) => runCli(['approve', id, '--key', key, '--as', 'alice', '--server', svc.url], { env: sudo, cwd: dir });

describe('approve-run approve under sudo reads --key with the invoker\'s rights', () => {
  test('a key the invoker owns signs, and the waiting host runs the command', async () => {
    const key = join(dir, 'mine.key');
    copyFileSync(alice.key, key);
    chownSync(key, NOBODY, NOBODY);
    chmodSync(key, 0o600);
    const marker = join(svc.dir, 'sudo-approved');
    const host = startHost(hostPolicy(svc.dir, svc.url, alice.pub), join(svc.dir, 'sudo.db'), marker);
    const id = await host.requestId();
    await stored(id);
    const r = await approveAs(key, id);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('approved as alice');
    expect(await host.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
  });

  test('a key only root may read is refused: permission denied, nothing signed', async () => {
    const key = join(dir, 'root.key');
    copyFileSync(alice.key, key);
    chmodSync(key, 0o600);
    const r = await approveAs(key);
    expect(r.code).toBe(125);
    expect(r.stderr).toBe(`approve-run: cannot read --key ${key}: permission denied\n`);
    // Root itself, outside privileged mode, reads it: the refusal is the invoker's.
    const asRoot = await runCli(['approve', REQ, '--key', key, '--as', 'alice', '--server', svc.url], { env: cliEnv(), cwd: dir });
    expect(asRoot.stderr).not.toMatch(/cannot read --key/);
  });

  test('a symlink to a root-only file (like /etc/shadow) is refused without showing it', async () => {
    const shadow = join(dir, 'shadow');
    writeFileSync(shadow, `root:$6$${SECRET}:19000:0:99999:7:::\n`, { mode: 0o600 });
    for (const target of [shadow, '/etc/shadow']) {
      const link = join(dir, `link-${target.length}.key`);
      symlinkSync(target, link);
      const r = await approveAs(link);
      expect(r.code).toBe(125);
      expect(r.stdout + r.stderr).not.toContain(SECRET);
      expect(r.stderr).toBe(`approve-run: cannot read --key ${link}: permission denied\n`);
    }
  });

  test('a FIFO is refused at once, without blocking', async () => {
    const fifo = join(dir, 'fifo.key');
    execFileSync('/usr/bin/mkfifo', ['-m', '0666', fifo]);
    const r = await approveAs(fifo);
    expect(r.code).toBe(125);
    expect(r.stderr).toBe(`approve-run: cannot read --key ${fifo}: not a regular file\n`);
  });

  test('a huge file is refused before it is read', async () => {
    const huge = join(dir, 'huge.key');
    writeFileSync(huge, Buffer.alloc(64 * 1024 * 1024, 0x41), { mode: 0o644 });
    const r = await approveAs(huge);
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/^approve-run: cannot read --key \S+huge\.key: larger than \d+ bytes\n$/);
  });

  test('a readable file that is not a key is one line naming it, not its content', async () => {
    const junk = join(dir, 'junk.key');
    writeFileSync(junk, 'not a key at all\n', { mode: 0o644 });
    const r = await approveAs(junk);
    expect(r.code).toBe(125);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(/^approve-run: key \S+junk\.key: /);
  });
});
