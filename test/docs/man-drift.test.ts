// man/approve-run.1 and man/approve-run-policy.5 must be exactly what scripts/gen-man.mjs makes
// from the --help tables and the policy schema, and the generator must notice when they are not.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RUN_OPTIONS } from '../../src/commands/option-tables.js';
import { renderCommandPage } from '../../src/man/command-page.js';
import { renderPolicyPage } from '../../src/man/policy-page.js';
import { tempDir } from '../helpers/tmp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const committed = (name: string) => readFileSync(join(ROOT, 'man', name), 'utf8');
const generator = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'scripts/gen-man.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });

describe('the man pages', () => {
  it('equal what the renderers make from the option tables and the schema', () => {
    expect(committed('approve-run.1')).toBe(renderCommandPage(version));
    expect(committed('approve-run-policy.5')).toBe(renderPolicyPage(version));
  });

  it('name every run option with its --help description, and every command', () => {
    const page = committed('approve-run.1');
    for (const option of RUN_OPTIONS) expect(page).toContain(option.description.replace(/-/g, '\\-'));
    for (const command of ['audit verify', 'audit export', 'session revoke', 'policy validate', 'keygen']) expect(page).toContain(`approve\\-run ${command.replace(/-/g, '\\-')}`);
    expect(committed('approve-run-policy.5')).toContain('settings.approval_timeout');
  });

  it('gen-man --check passes on the committed pages and fails on a stale one', () => {
    expect(generator('--check').status).toBe(0);
    const dir = tempDir();
    expect(generator(dir).status).toBe(0);
    expect(readFileSync(join(dir, 'approve-run.1'), 'utf8')).toBe(committed('approve-run.1'));
    writeFileSync(join(dir, 'approve-run.1'), committed('approve-run.1').replace('never prompt on a terminal', 'prompt'));
    const stale = generator('--check', dir);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('approve-run.1 is stale: run npm run man');
  });
});
