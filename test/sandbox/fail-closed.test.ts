// Fail closed (SPEC §9): with no usable bwrap, or a bwrap that cannot build the sandbox, the run
// exits 125 with one line naming the cause and the setting, and the command never runs. The
// CLI runs in a private mount namespace (unshare -m) where /usr/bin/bwrap is replaced for real.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { SECURE_PATH } from '../run/support.js';

// Runs the CLI with `replacement` bind-mounted over /usr/bin/bwrap in a private mount namespace.
function runWithBwrap(replacement: string, args: string[]): { code: number | null; stderr: string } {
  const script = 'mount --bind "$1" /usr/bin/bwrap && shift && exec "$@"';
  const result = spawnSync('/usr/bin/unshare', ['-m', '--propagation', 'private', '/bin/sh', '-c', script, 'sh', replacement, process.execPath, CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', NO_COLOR: '1', XDG_CONFIG_HOME: tempDir(), XDG_CACHE_HOME: tempDir() },
    timeout: 20_000,
  });
  return { code: result.status, stderr: result.stderr };
}

// A world with one allowed command that would leave a marker, under `confine`.
function world(confine: 'required' | 'off') {
  const dir = tempDir();
  const marker = join(dir, 'ran');
  const policy = join(dir, 'policy.yaml');
  writeFileSync(policy, `version: 1\nsettings: { secure_path: "${SECURE_PATH}", confine: ${confine} }\nrules:\n  - id: touch\n    match: { command: touch }\n    decision: allow\n    confine: { filesystem: read-write }\n`);
  return { marker, args: ['run', '-p', policy, '--audit-db', join(dir, 'audit.db'), '--', 'touch', marker] };
}

const canUnshare = spawnSync('/usr/bin/unshare', ['-m', '/bin/true']).status === 0;

describe.runIf(canUnshare)('fail closed without a sandbox', () => {
  it('no executable bwrap: 125, one line naming bwrap and settings.confine, and nothing ran', () => {
    const fake = join(tempDir(), 'not-bwrap');
    writeFileSync(fake, 'not a program\n');
    chmodSync(fake, 0o644);
    const w = world('required');
    const result = runWithBwrap(fake, w.args);
    expect(result.code).toBe(125);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^approve-run: cannot confine the command: \/usr\/bin\/bwrap is missing or not executable .*settings\.confine/);
    expect(existsSync(w.marker)).toBe(false);
  });

  it('a bwrap that cannot create namespaces: 125 naming settings.confine, and nothing ran', () => {
    const refusing = join(tempDir(), 'refusing-bwrap');
    writeFileSync(refusing, '#!/bin/sh\necho "bwrap: Creating new namespace failed: Operation not permitted" >&2\nexit 1\n');
    chmodSync(refusing, 0o755);
    const w = world('required');
    const result = runWithBwrap(refusing, w.args);
    expect(result.code).toBe(125);
    expect(result.stderr).toContain('bwrap: Creating new namespace failed');
    expect(result.stderr).toMatch(/approve-run: cannot confine the command: bwrap exited 1 before the command ran.*settings\.confine/);
    expect(existsSync(w.marker)).toBe(false);
  });

  it('settings.confine: off runs without bwrap (the setting the message names)', () => {
    const fake = join(tempDir(), 'not-bwrap');
    writeFileSync(fake, '');
    const w = world('off');
    const result = runWithBwrap(fake, w.args);
    expect(result.code).toBe(0);
    expect(existsSync(w.marker)).toBe(true);
  });
});
