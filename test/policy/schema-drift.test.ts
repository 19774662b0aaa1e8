// policy.schema.json must be exactly what the zod schema generates, and the generator must
// notice when it is not.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderPolicyJsonSchema } from '../../src/policy/json-schema.js';
import { tempDir } from '../helpers/tmp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMMITTED = join(ROOT, 'policy.schema.json');
const generator = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'scripts/gen-schema.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });

describe('policy.schema.json', () => {
  it('equals the schema generated from src/policy/schema.ts', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(renderPolicyJsonSchema());
  });

  it('is what scripts/gen-schema.mjs writes', () => {
    const out = join(tempDir(), 'schema.json');
    const run = generator(out);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(COMMITTED, 'utf8'));
  });

  it('gen-schema --check passes on the committed file and fails on a stale one', () => {
    expect(generator('--check').status).toBe(0);
    const stale = join(tempDir(), 'stale.json');
    writeFileSync(stale, readFileSync(COMMITTED, 'utf8').replace('"deny"', '"permit"'));
    const run = generator('--check', stale);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('is out of date');
  });

  it('is strict and describes the SPEC §4 shape', () => {
    const schema = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['version', 'rules']);
    expect(schema.properties.version.const).toBe(1);
    expect(schema.properties.settings.additionalProperties).toBe(false);
    expect(schema.properties.settings.properties.default.enum).toEqual(['deny', 'approve']);
    expect(schema.properties.settings.properties.approval_timeout).toMatchObject({ default: '5m', pattern: '^[1-9][0-9]*[smhd]$' });
    const rule = schema.properties.rules.items;
    expect(rule.additionalProperties).toBe(false);
    expect(Object.keys(rule.properties)).toEqual(['id', 'description', 'match', 'when', 'decision', 'approvers', 'quorum', 'channel', 'session_ttl', 'max_runtime', 'risk', 'message', 'run_as', 'confine']);
    expect(rule.properties.match.additionalProperties).toBe(false);
  });
});
