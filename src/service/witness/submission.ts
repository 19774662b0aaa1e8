// The body of a C2SP tlog-witness `add-checkpoint` call (https://c2sp.org/tlog-witness):
//   old <size>\n <zero to 63 base64 proof hashes, one a line> \n <checkpoint note>
// Invariants:
//   1. Every line ends in a newline; the old size is decimal without leading zeros; each proof
//      line is exactly 32 bytes of canonical base64; anything else is malformed (400).
//   2. The body, the proof and the note are bounded before any of them is parsed further.
import { parseCheckpoint, type Checkpoint } from '../../audit/checkpoint-note.js';
import { MAX_PROOF_HASHES } from '../../crypto/consistency.js';
import { HASH_SIZE } from '../../crypto/merkle.js';

/** Largest add-checkpoint body: 63 proof lines and a checkpoint with a few signatures fit many times over. */
export const MAX_SUBMISSION_BYTES = 16 * 1024;
/** Longest origin line the witness keeps state for. */
export const MAX_ORIGIN_CHARS = 256;

/** A well-formed submission. */
export interface Submission {
  old: number;
  proof: Buffer[];
  checkpoint: Checkpoint;
}

export type SubmissionParse = { ok: true; submission: Submission } | { ok: false; reason: string };

const SIZE = /^(0|[1-9][0-9]{0,15})$/;

/** Parses an add-checkpoint body (invariant 1). */
export function parseSubmission(body: string): SubmissionParse {
  if (body.length > MAX_SUBMISSION_BYTES) return { ok: false, reason: 'body too large' };
  const blank = body.indexOf('\n\n');
  if (blank < 0) return { ok: false, reason: 'no blank line before the checkpoint' };
  const head = body.slice(0, blank).split('\n');
  const oldLine = head[0] ?? '';
  if (!oldLine.startsWith('old ') || !SIZE.test(oldLine.slice(4)) || !Number.isSafeInteger(Number(oldLine.slice(4)))) {
    return { ok: false, reason: 'first line must be "old <size>"' };
  }
  const proofLines = head.slice(1);
  if (proofLines.length > MAX_PROOF_HASHES) return { ok: false, reason: `more than ${MAX_PROOF_HASHES} proof lines` };
  const proof: Buffer[] = [];
  for (const line of proofLines) {
    const hash = Buffer.from(line, 'base64');
    if (hash.length !== HASH_SIZE || hash.toString('base64') !== line) return { ok: false, reason: 'a proof line is not a base64 SHA-256 hash' };
    proof.push(hash);
  }
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(body.slice(blank + 2));
  } catch (error) {
    return { ok: false, reason: `malformed checkpoint: ${(error as Error).message}` };
  }
  if (checkpoint.origin.length > MAX_ORIGIN_CHARS) return { ok: false, reason: 'checkpoint origin is too long' };
  const old = Number(oldLine.slice(4));
  if (old > checkpoint.size) return { ok: false, reason: 'old size is larger than the checkpoint size' };
  return { ok: true, submission: { old, proof, checkpoint } };
}

