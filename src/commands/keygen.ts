// `approve-run keygen -o PREFIX`: a new Ed25519 pair, PREFIX.key (PKCS#8 PEM, 0600) and
// PREFIX.pub (one line `ed25519:<base64 raw key>`, 0644), for checkpoints and approvers.
// Invariants:
//   1. Existing files are never overwritten and symlinks never followed; each file appears
//      whole or not at all (src/files/output-file.ts: temporary file, fsync, link).
//   2. Refused in privileged mode: a caller-chosen path written as root is a way to plant
//      files; generate as the owner instead and install the files.
//   3. On failure no half pair is left behind.
import { unlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import { generateKeyPair } from '../crypto/ed25519.js';
import { privilegedRefusal, usageError } from '../errors.js';
import { writeOutputFile } from '../files/output-file.js';

export interface KeygenOptions {
  output?: string;
}

// Writes a new file exclusively with `mode`, whole or not at all.
function writeNew(ctx: Context, path: string, text: string, mode: number): void {
  writeOutputFile(path, ctx.identity, Buffer.from(text, 'utf8'), { mode, exclusive: true });
}

/** Generates and writes the pair; resolves to 0. */
export async function runKeygen(options: KeygenOptions, ctx: Context): Promise<number> {
  if (options.output === undefined || options.output === '') throw usageError('keygen needs -o PREFIX');
  if (ctx.identity.privileged) throw privilegedRefusal('keygen is refused in privileged mode: run it as the user who will own the key');
  const keyFile = `${options.output}.key`;
  const pubFile = `${options.output}.pub`;
  const pair = generateKeyPair();
  writeNew(ctx, resolve(ctx.cwd, keyFile), pair.privatePem, 0o600);
  try {
    writeNew(ctx, resolve(ctx.cwd, pubFile), `${pair.publicLine}\n`, 0o644);
  } catch (error) {
    unlinkSync(resolve(ctx.cwd, keyFile));
    throw error;
  }
  ctx.stdout.write(`private key: ${keyFile}\npublic key:  ${pubFile}\n${pair.publicLine}\n`);
  return 0;
}
