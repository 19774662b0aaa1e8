// The second layer of SPEC §10's "the bytes that run are the bytes that were hashed": right
// before the start, every bound file is read again by the path the command will open and
// must hash as it did when the request was built.
// Invariants:
//   1. Any difference, or any failure to read, refuses the run (exit 125) with one line naming
//      the file; nothing is started.
//   2. This narrows the window to the start itself; the private copies (./copies.ts), mounted
//      by the sandbox, close it. docs/SECURITY.md says what is left when confinement is off.
import { escapeInvisible } from '../shell/invisible.js';
import { ApproveRunError, messageFor } from '../errors.js';
import { digestOf } from './digest.js';
import type { FileReader, FileSnapshot } from './file-reader.js';

/** Throws ApproveRunError (125) naming the first file that changed since it was hashed. */
export function assertUnchanged(files: readonly FileSnapshot[], reader: FileReader): void {
  for (const file of files) {
    const was = digestOf(file.bytes);
    let now: string;
    try {
      now = digestOf(reader.read(file.path).bytes);
    } catch (error) {
      throw new ApproveRunError('internal', `${escapeInvisible(file.path)} changed since it was approved (${messageFor(error)}); not running it`);
    }
    if (now !== was) throw new ApproveRunError('internal', `${escapeInvisible(file.path)} changed since it was approved (${was}, now ${now}); not running it`);
  }
}
