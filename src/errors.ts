// Typed failures and the one table that maps them to SPEC §7 exit codes.
// Everything below main.ts throws these; only main.ts turns them into an exit.

export type FailureKind =
  | 'usage' // bad flags or arguments
  | 'policy' // policy missing, malformed, unsafe
  | 'audit' // audit log unreadable or unwritable
  | 'internal' // approve-run itself failed
  | 'denied' // by policy, by an approver, or no permitted approver
  | 'no_decision' // approval expired or approvers unreachable
  | 'timed_out' // stopped at its deadline
  | 'not_executable'
  | 'not_found';

/** SPEC §7. */
export const EXIT_CODES: Record<FailureKind, number> = {
  usage: 125,
  policy: 125,
  audit: 125,
  internal: 125,
  denied: 77,
  no_decision: 75,
  timed_out: 124,
  not_executable: 126,
  not_found: 127,
};

/** A failure with a one-line, user-facing message (printed as `approve-run: <message>`). */
export class ApproveRunError extends Error {
  readonly kind: FailureKind;
  /** A privileged-mode refusal (SPEC §11), which the full program logs as a `refused` entry. */
  readonly refusal: boolean;
  constructor(kind: FailureKind, message: string, options?: { cause?: unknown; refusal?: boolean }) {
    super(message, options);
    this.name = 'ApproveRunError';
    this.kind = kind;
    this.refusal = options?.refusal === true;
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind];
  }
}

export const usageError = (message: string): ApproveRunError => new ApproveRunError('usage', message);
/** A caller's choice refused in privileged mode (exit 125), logged as a `refused` entry. */
export const privilegedRefusal = (message: string): ApproveRunError => new ApproveRunError('usage', message, { refusal: true });
export const policyError = (message: string): ApproveRunError => new ApproveRunError('policy', message);
export const auditError = (message: string, cause?: unknown): ApproveRunError =>
  new ApproveRunError('audit', message, { cause });

/** Exit code for anything thrown: typed failures map through EXIT_CODES, the rest is 125. */
export function exitCodeFor(error: unknown): number {
  return error instanceof ApproveRunError ? error.exitCode : 125;
}

/** One line for stderr; never a stack trace, never multi-line. */
export function messageFor(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ');
}
