// `approve-run config` through the built CLI (run `npm run build` first), against a temporary
// XDG_CONFIG_HOME; and the preference reader the run path uses.
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preferencesDir, readPreferences, validPreferences } from '../../src/config/preferences.js';
import type { Identity } from '../../src/exec/identity.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// A clean environment for the CLI: no sudo variables, preferences under `xdg`.
function cliEnv(xdg: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', NO_COLOR: '1', XDG_CONFIG_HOME: xdg, ...extra };
}

describe('approve-run config', () => {
  it('set, get and list round-trip through conf, stored 0600 in <XDG_CONFIG_HOME>/approve-run', async () => {
    const xdg = tempDir();
    expect((await runCli(['config', 'set', 'actor', 'agent:claude-code'], { env: cliEnv(xdg) })).code).toBe(0);
    expect((await runCli(['config', 'set', 'output', 'json'], { env: cliEnv(xdg) })).code).toBe(0);
    const get = await runCli(['config', 'get', 'actor'], { env: cliEnv(xdg) });
    expect(get).toMatchObject({ code: 0, stdout: 'agent:claude-code\n' });
    const list = await runCli(['config', 'list'], { env: cliEnv(xdg) });
    expect(list).toMatchObject({ code: 0, stdout: 'actor=agent:claude-code\ncolor=auto\noutput=json\n' });
    const file = join(xdg, 'approve-run', 'config.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ actor: 'agent:claude-code', output: 'json' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('get prints the default for an unset key with one', async () => {
    expect(await runCli(['config', 'get', 'color'], { env: cliEnv(tempDir()) })).toMatchObject({ code: 0, stdout: 'auto\n' });
  });

  it.each([
    [['config', 'set', 'colour', 'never'], /unknown preference "colour"/],
    [['config', 'get', 'policy'], /unknown preference "policy"/],
    [['config', 'set', '__proto__', 'x'], /unknown preference/],
    [['config', 'set', 'color', 'purple'], /expected auto, always or never/],
    [['config', 'set', 'output', 'yaml'], /expected text or json/],
    [['config', 'set', 'actor', ''], /invalid value/],
    [['config', 'set', 'actor', 'agent\u001b[31m'], /invalid value/],
    [['config', 'set', 'actor', 'x'.repeat(129)], /invalid value/],
    [['config', 'set', 'actor'], /missing required argument/],
  ])('%j is a usage error (125) that writes nothing', async (args, message) => {
    const xdg = tempDir();
    const result = await runCli(args, { env: cliEnv(xdg) });
    expect(result.code).toBe(125);
    expect(result.stderr).toMatch(message);
    expect(existsSync(join(xdg, 'approve-run', 'config.json'))).toBe(false);
  });

  it('refuses config set in privileged mode (under sudo)', async () => {
    const xdg = tempDir();
    const result = await runCli(['config', 'set', 'actor', 'agent:x'], { env: cliEnv(xdg, { SUDO_UID: '65534', SUDO_USER: 'nobody' }) });
    expect(result.code).toBe(125);
    expect(result.stderr).toMatch(/refused in privileged mode/);
  });

  it('a malformed store is reported, not fatal for list', async () => {
    const xdg = tempDir();
    mkdirSync(join(xdg, 'approve-run'));
    writeFileSync(join(xdg, 'approve-run', 'config.json'), '{not json');
    const result = await runCli(['config', 'list'], { env: cliEnv(xdg) });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: ignoring preferences .*not valid JSON/);
    expect(result.stdout).toBe('color=auto\noutput=text\n');
  });
});

describe('readPreferences', () => {
  const requester = { user: 'nobody', uid: 65534, gid: 65534, groups: [] };

  it('keeps only known keys with valid values', () => {
    expect(validPreferences({ actor: 'a:b', color: 'never', output: 'xml', policy: '/tmp/p', __proto__: { x: 1 } })).toEqual({ actor: 'a:b', color: 'never' });
    expect(validPreferences([1, 2])).toEqual({});
    expect(validPreferences(null)).toEqual({});
  });

  it('privileged mode ignores XDG_CONFIG_HOME and uses the requester’s passwd home', () => {
    const identity: Identity = { privileged: true, euid: 0, requester, home: '/home/nobody' };
    expect(preferencesDir({ identity, env: { XDG_CONFIG_HOME: '/tmp/evil', HOME: '/tmp/evil' } })).toBe('/home/nobody/.config/approve-run');
  });

  it('privileged mode refuses a symlinked or foreign-owned file', () => {
    const home = tempDir();
    const dir = join(home, '.config', 'approve-run');
    mkdirSync(dir, { recursive: true });
    const secret = join(home, 'root-only.json');
    writeFileSync(secret, JSON.stringify({ actor: 'leaked-secret' }), { mode: 0o600 });
    symlinkSync(secret, join(dir, 'config.json'));
    const identity: Identity = { privileged: true, euid: 0, requester, home, invoker: { uid: 65534, gid: 65534, groups: [65534] } };
    const warnings: string[] = [];
    expect(readPreferences({ identity, env: {} }, (m) => warnings.push(m))).toEqual({});
    expect(warnings).toHaveLength(1);

    const owned = tempDir();
    chmodSync(owned, 0o755);
    mkdirSync(join(owned, '.config', 'approve-run'), { recursive: true });
    const file = join(owned, '.config', 'approve-run', 'config.json');
    writeFileSync(file, JSON.stringify({ actor: 'agent:x' }));
    expect(readPreferences({ identity: { ...identity, home: owned }, env: {} }, () => {})).toEqual({});
    chownSync(file, 65534, 65534);
    chmodSync(file, 0o644);
    expect(readPreferences({ identity: { ...identity, home: owned }, env: {} }, () => {})).toEqual({ actor: 'agent:x' });
    // Read with the requester's rights: behind a directory they cannot enter, it is not theirs to show.
    chmodSync(owned, 0o700);
    expect(readPreferences({ identity: { ...identity, home: owned }, env: {} }, () => {})).toEqual({});
  });
});
