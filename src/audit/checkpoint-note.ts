// The checkpoint body of C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint):
//   <origin>\n<tree size>\n<base64 RFC 6962 root hash>\n
// signed as a C2SP signed-note whose key name is the origin.
// Invariants:
//   1. The origin names exactly one audit log: `approve-run/<log id>`.
//   2. Parsing accepts only a decimal size without leading zeros and a 32-byte root in
//      canonical standard base64; anything else is malformed.
import { HASH_SIZE } from '../crypto/merkle.js';
import { parseNote, type SignedNote } from '../crypto/note.js';

/** A parsed checkpoint note. */
export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  note: SignedNote;
}

/** Thrown for a note whose text is not a checkpoint body. */
export class CheckpointFormatError extends Error {
  override name = 'CheckpointFormatError';
}

/** The checkpoint origin (and signing key name) of a log. */
export function checkpointOrigin(logId: string): string {
  return `approve-run/${logId}`;
}

/** The text that gets signed. */
export function checkpointBody(origin: string, size: number, root: Buffer): string {
  return `${origin}\n${size}\n${root.toString('base64')}\n`;
}

/** Parses the body lines of a signed note's text; throws CheckpointFormatError. */
export function parseCheckpointBody(text: string): { origin: string; size: number; root: Buffer } {
  const lines = text.split('\n');
  const [origin, sizeText, rootText] = lines;
  if (lines.length < 4 || origin === undefined || sizeText === undefined || rootText === undefined) {
    throw new CheckpointFormatError('checkpoint needs an origin, a size and a root hash line');
  }
  if (origin.length === 0) throw new CheckpointFormatError('checkpoint origin is empty');
  if (!/^(0|[1-9][0-9]{0,15})$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw new CheckpointFormatError(`checkpoint size ${JSON.stringify(sizeText)} is not a decimal integer`);
  }
  const root = Buffer.from(rootText, 'base64');
  if (root.length !== HASH_SIZE || root.toString('base64') !== rootText) {
    throw new CheckpointFormatError('checkpoint root hash is not 32 bytes of base64');
  }
  if (lines.slice(3, -1).some((line) => line.length === 0)) throw new CheckpointFormatError('checkpoint has an empty extension line');
  return { origin, size: Number(sizeText), root };
}

/** Parses a complete signed checkpoint note; throws NoteFormatError or CheckpointFormatError. */
export function parseCheckpoint(noteText: string): Checkpoint {
  const note = parseNote(noteText);
  return { ...parseCheckpointBody(note.text), note };
}
