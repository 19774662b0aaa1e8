// Audit databases for the verification tests: runs, optionally each followed by a signed
// checkpoint (as the run path does with settings.audit.checkpoint_key).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointNow } from '../../src/audit/checkpoint.js';
import { RUNTIME_ENV_FAMILIES } from '../../src/config/runtime-env.js';
import { generateKeyPair } from '../../src/crypto/ed25519.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { appendRun, newLogPath, openTestLog } from './helpers.js';

export interface KeyFiles {
  dir: string;
  keyFile: string;
  pubFile: string;
  publicLine: string;
}

/** A fresh Ed25519 pair written as keygen writes it. */
export function keyFiles(): KeyFiles {
  const dir = tempDir('approve-run-key-');
  const pair = generateKeyPair();
  const keyFile = join(dir, 'audit.key');
  const pubFile = join(dir, 'audit.pub');
  writeFileSync(keyFile, pair.privatePem, { mode: 0o600 });
  writeFileSync(pubFile, `${pair.publicLine}\n`);
  return { dir, keyFile, pubFile, publicLine: pair.publicLine };
}

export interface BuiltLog {
  path: string;
  key: KeyFiles;
  /** The checkpoint note written after each run, in order. */
  notes: string[];
}

/** `runs` runs of four entries; with `checkpoints`, each run is followed by a checkpoint. */
export function buildLog(runs: number, checkpoints: boolean, key: KeyFiles = keyFiles()): BuiltLog {
  const path = newLogPath();
  const log = openTestLog(path);
  const notes: string[] = [];
  for (let n = 1; n <= runs; n++) {
    appendRun(log, n);
    if (checkpoints) notes.push(checkpointNow(log, key.keyFile, { loggerPath: '/bin/true' }).note);
  }
  log.close();
  return { path, key, notes };
}

/** Writes `text` to a new temp file and returns its path. */
export function tempFile(name: string, text: string): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

/** Environment for CLI runs: no policy or log chosen through variables, no colour. */
export function cliEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  delete env.APPROVE_RUN_POLICY;
  delete env.APPROVE_RUN_AUDIT_DB;
  // Privileged mode refuses the variables that steer Node (src/config/runtime-env.ts).
  for (const name of Object.keys(env)) if (RUNTIME_ENV_FAMILIES.some((family) => name.startsWith(family))) delete env[name];
  return env;
}

/** `approve-run audit verify --json --audit-db PATH ...extra` through the built CLI. */
export async function cliVerify(path: string, extra: string[] = []): Promise<{ code: number | null; report: Record<string, unknown>; stderr: string }> {
  const result = await runCli(['audit', 'verify', '--json', '--audit-db', path, ...extra], { env: cliEnv() });
  let report: Record<string, unknown> = {};
  try {
    report = JSON.parse(result.stdout) as Record<string, unknown>;
  } catch {
    report = { unparsable: result.stdout };
  }
  return { code: result.code, report, stderr: result.stderr };
}
