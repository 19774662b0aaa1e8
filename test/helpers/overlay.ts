// bwrap arguments that show a temp dir at a system path (/etc/approve-run, /var/lib/...) for
// tests that run the CLI as root under sudo's variables, without touching the machine's own.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** bwrap arguments giving `target` the content of `source`: a tmpfs over its parent holding binds of every other entry of the parent. */
export function overlay(target: string, source: string): string[] {
  const parent = join(target, '..');
  const args = ['--tmpfs', parent];
  for (const name of readdirSync(parent)) {
    const path = join(parent, name);
    if (path === target) continue;
    const link = spawnSync('/usr/bin/readlink', [path], { encoding: 'utf8' });
    if (link.status === 0) args.push('--symlink', link.stdout.trim(), path);
    else args.push('--dev-bind', path, path);
  }
  return [...args, '--bind', source, target];
}
