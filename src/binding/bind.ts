// What a run loads from src/binding/ when its request needs approval (src/commands/run.ts loads
// this lazily, with the approval flow): the allow path neither reads nor copies any file.
import type { PathProbe } from '../decide/types.js';
import { captureDigests, type Capture, type CaptureInput } from './capture.js';
import type { PrivateCopies } from './copies.js';
import { realFileReader, type FileReader } from './file-reader.js';
import { guardBoundRun } from './guard.js';

/** A run's binding: its capture, and the guard to call right before the start. */
export interface BoundRun {
  capture: Capture;
  /** Writes the private copies and re-checks the files (./guard.ts). */
  guard(): PrivateCopies;
}

/** Captures the request's files (./capture.ts) with `reader` (default: the real file system). */
export function bindRun(input: CaptureInput, probe: PathProbe, reader: FileReader = realFileReader, euid: number = process.geteuid?.() ?? 0): BoundRun {
  const capture = captureDigests(input, reader, probe);
  return { capture, guard: () => guardBoundRun(capture, reader, euid) };
}
