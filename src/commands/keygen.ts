// `approve-run keygen -o PREFIX`: a new Ed25519 pair, PREFIX.key (PKCS#8 PEM, 0600) and
// PREFIX.pub (one line `ed25519:<base64 raw key>`, 0644), for checkpoints and approvers.
// Invariants:
//   1. Existing files are never overwritten and symlinks never followed (O_EXCL|O_NOFOLLOW).
//   2. Refused in privileged mode: a caller-chosen path written as root is a way to plant
//      files; generate as the owner instead and install the files.
//   3. On failure no half pair is left behind.
import { closeSync, constants, openSync, unlinkSync, writeSync } from 'node:fs';
import type { Context } from '../context.js';
import { generateKeyPair } from '../crypto/ed25519.js';
import { usageError } from '../errors.js';

export interface KeygenOptions {
  output?: string;
}

// Writes a new file exclusively with `mode`.
function writeNew(path: string, text: string, mode: number): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/** Generates and writes the pair; resolves to 0. */
export async function runKeygen(options: KeygenOptions, ctx: Context): Promise<number> {
  if (options.output === undefined || options.output === '') throw usageError('keygen needs -o PREFIX');
  if (ctx.identity.privileged) throw usageError('keygen is refused in privileged mode: run it as the user who will own the key');
  const keyFile = `${options.output}.key`;
  const pubFile = `${options.output}.pub`;
  const pair = generateKeyPair();
  try {
    writeNew(keyFile, pair.privatePem, 0o600);
  } catch (error) {
    throw usageError(`cannot create ${keyFile}: ${(error as Error).message}`);
  }
  try {
    writeNew(pubFile, `${pair.publicLine}\n`, 0o644);
  } catch (error) {
    unlinkSync(keyFile);
    throw usageError(`cannot create ${pubFile}: ${(error as Error).message}`);
  }
  ctx.stdout.write(`private key: ${keyFile}\npublic key:  ${pubFile}\n${pair.publicLine}\n`);
  return 0;
}
