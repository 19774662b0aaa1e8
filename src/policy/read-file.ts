// Reads a policy or test-case file from disk for the commands. Refuses anything that is not a
// regular file (a FIFO or /dev/zero would hang or never end) and anything too large to be a policy.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ApproveRunError, policyError } from '../errors.js';
import { MAX_POLICY_BYTES } from './limits.js';

/**
 * The bytes of a regular file of at most MAX_POLICY_BYTES.
 * @throws ApproveRunError('policy') (exit 125) naming the file and the reason.
 */
export function readPolicyBytes(path: string, what = 'policy file'): Buffer {
  let fd: number;
  try {
    // Non-blocking, so opening a FIFO without a writer cannot hang.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw policyError(`cannot read ${what} ${path}: ${reasonOf(error)}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw policyError(`cannot read ${what} ${path}: not a regular file`);
    if (stat.size > MAX_POLICY_BYTES) throw policyError(`cannot read ${what} ${path}: larger than ${MAX_POLICY_BYTES} bytes`);
    const buffer = Buffer.alloc(stat.size);
    let done = 0;
    while (done < buffer.length) {
      const n = readSync(fd, buffer, done, buffer.length - done, done);
      if (n === 0) break;
      done += n;
    }
    return buffer.subarray(0, done);
  } catch (error) {
    if (error instanceof ApproveRunError) throw error;
    throw policyError(`cannot read ${what} ${path}: ${reasonOf(error)}`);
  } finally {
    closeSync(fd);
  }
}

// The short reason in a file-system error (`ENOENT: no such file or directory`).
function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const messages: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'is a directory' };
  if (typeof code === 'string') return messages[code] ?? code;
  return error instanceof Error ? error.message : String(error);
}
