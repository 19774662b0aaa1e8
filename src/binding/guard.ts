// The last step before an approved command starts (SPEC §10): its private copies are written,
// then every bound file is hashed again. The caller starts the command right after, with the
// overlays, and removes the copies when it is over.
import type { Capture } from './capture.js';
import { writePrivateCopies, type PrivateCopies } from './copies.js';
import type { FileReader } from './file-reader.js';
import { assertUnchanged } from './recheck.js';

/**
 * Writes the copies and checks the files (./recheck.ts); throws ApproveRunError (125) naming
 * a changed file, with no copy left behind.
 */
export function guardBoundRun(capture: Capture, reader: FileReader, euid: number): PrivateCopies {
  const copies = writePrivateCopies(capture.files, euid);
  try {
    assertUnchanged(capture.files, reader);
    return copies;
  } catch (error) {
    copies.remove();
    throw error;
  }
}
