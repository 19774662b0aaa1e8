// Reads a policy or test-case file the caller named, for the commands: with the invoker's
// rights in privileged mode (src/files/input-file.ts), only a regular file, at most
// MAX_POLICY_BYTES (a FIFO or /dev/zero would hang or never end).
import { policyError } from '../errors.js';
import type { Identity } from '../exec/identity.js';
import { readNamedFile } from '../files/input-file.js';
import { MAX_POLICY_BYTES } from './limits.js';

/**
 * The bytes of a regular file of at most MAX_POLICY_BYTES, opened as the invoker.
 * @throws ApproveRunError('policy') (exit 125) naming the file and the reason.
 */
export function readPolicyBytes(path: string, identity: Pick<Identity, 'privileged' | 'invoker'>, what = 'policy file'): Buffer {
  return readNamedFile({ path, what, limit: MAX_POLICY_BYTES, fail: policyError }, identity);
}
