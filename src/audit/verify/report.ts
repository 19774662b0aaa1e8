// What `audit verify` reports (SPEC §8): a verdict, counts, and for a broken log the first
// bad seq, a code and a one-line message.

/** The ways a log can fail verification. */
export type VerifyCode =
  | 'HASH_MISMATCH'
  | 'PREV_MISMATCH'
  | 'SEQ_GAP'
  | 'NONCANONICAL'
  | 'WRONG_LOG'
  | 'BAD_CHECKPOINT_SIG'
  | 'CHECKPOINT_MISMATCH'
  | 'BEHIND_TRUSTED'
  | 'LOG_MISSING'
  | 'BAD_COSIGNATURE'
  | 'WITNESS_REFUSED';

/** The `--json` output of `audit verify`; the last three are null when ok. */
export interface VerifyReport {
  ok: boolean;
  entries: number;
  checkpoints: number;
  first_bad_seq: number | null;
  code: VerifyCode | null;
  message: string | null;
  /** With `--witness` only (SPEC §15). */
  witness?: WitnessSummary;
}

/** What `audit verify --witness` found of the witness's cosignatures and refusals. */
export interface WitnessSummary {
  cosignatures: number;
  /** Cosignatures that verified with the witness key. */
  verified: number;
  /** The largest checkpoint size with a verified cosignature (0: none). */
  last_cosigned_size: number;
  /** Entries after the last cosigned checkpoint: what no witness has seen yet. */
  entries_beyond: number;
  /** `witness_refused` entries in the log. */
  refusals: number;
}

/** Thrown inside the verifier at the first problem; reportOf turns it into a report. */
export class VerifyFailure extends Error {
  constructor(
    readonly code: VerifyCode,
    readonly seq: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs a whole verification, turning its first VerifyFailure into a failed report; `counts`
 * says how far it got. Any other error propagates (the log could not be verified).
 */
export function reportOf(walk: () => void, counts: () => { entries: number; checkpoints: number }): VerifyReport {
  try {
    walk();
  } catch (error) {
    if (!(error instanceof VerifyFailure)) throw error;
    return { ok: false, ...counts(), first_bad_seq: error.seq, code: error.code, message: error.message };
  }
  return { ok: true, ...counts(), first_bad_seq: null, code: null, message: null };
}

/** The report for a log that is not there at all. */
export function missingLogReport(message: string): VerifyReport {
  return { ok: false, entries: 0, checkpoints: 0, first_bad_seq: 0, code: 'LOG_MISSING', message };
}
