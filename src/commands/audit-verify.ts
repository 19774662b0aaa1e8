// `approve-run audit verify [--json] [--key PUB] [--trusted NOTE] [--witness PUB]`: checks the
// whole log and exits 0 intact, 1 not intact (with the first bad seq and a code), 125 when it
// cannot read. With --witness, also every stored cosignature and any recorded refusal (SPEC §15).
import { parseCheckpoint } from '../audit/checkpoint-note.js';
import { LogMissingError, openAuditReader, type AuditReader } from '../audit/read.js';
import { missingLogReport, type VerifyReport } from '../audit/verify/report.js';
import { checkpointSyslogWarning } from '../audit/syslog.js';
import { verifyLogParallel } from '../audit/verify/parallel.js';
import { checkState } from '../audit/verify/state.js';
import { checkWitness } from '../audit/verify/witness.js';
import type { VerifyOptions } from '../audit/verify/verify.js';
import type { Context } from '../context.js';
import { parsePublicKey } from '../crypto/ed25519.js';
import { ApproveRunError, auditError, usageError } from '../errors.js';
import { locateAuditDb, readNamed, refuseCallerChoices, type AuditFileFlags } from './audit-target.js';
import { count } from '../count.js';

export interface AuditVerifyOptions extends AuditFileFlags {
  json: boolean;
  /** File holding `ed25519:<base64>`, or that text itself. */
  key?: string;
  /** File holding a checkpoint note the log must still contain. */
  trusted?: string;
  /** The witness's public key (keygen's `.pub` file, or the text itself). */
  witness?: string;
}

/** A key or note file is small; anything larger is not one. */

/** Logs at least this long show progress on a terminal. */
const PROGRESS_FROM = 100_000;

// Reads a --key or --witness argument: the key text itself or a file holding it.
function readKey(value: string, ctx: Context, flag = '--key'): NonNullable<VerifyOptions['key']> {
  const text = value.startsWith('ed25519:') ? value : readNamed(ctx, flag, value);
  try {
    return parsePublicKey(text);
  } catch (error) {
    throw usageError(`cannot use ${flag} ${value}: ${(error as Error).message}`);
  }
}

// Reads and checks the shape of the --trusted note (its content is judged by verify).
function readTrusted(file: string, ctx: Context): string {
  const note = readNamed(ctx, '--trusted', file);
  try {
    parseCheckpoint(note);
    return note;
  } catch (error) {
    throw usageError(`cannot use --trusted ${file}: ${(error as Error).message}`);
  }
}

// Runs the verifier over the reader's rows (on several cores for long logs), with progress on a terminal.
function verifyReader(reader: AuditReader, options: Omit<VerifyOptions, 'logId' | 'checkpoints'>, ctx: Context): VerifyReport {
  const total = reader.size();
  const showProgress = ctx.stderr.isTTY && total >= PROGRESS_FROM;
  const progress = (done: number) => ctx.stderr.write(`\rverifying audit log: ${done}/${total} entries (${Math.floor((done / total) * 100)}%)`);
  try {
    return verifyLogParallel(reader, {
      ...options,
      logId: reader.logId,
      checkpoints: reader.checkpoints(),
      ...(showProgress ? { onProgress: progress, progressEvery: 50_000 } : {}),
    }).report;
  } catch (error) {
    throw auditError(`cannot read audit log ${reader.path}: ${(error as Error).message}`, error);
  } finally {
    if (showProgress) ctx.stderr.write('\r\x1b[K');
  }
}

// The human-readable verdict.
function describe(report: VerifyReport, options: AuditVerifyOptions): string {
  if (!report.ok) return `audit log NOT intact: ${report.code} at seq ${report.first_bad_seq}: ${report.message}\n${witnessLine(report)}`;
  const signatures = options.key === undefined && report.checkpoints > 0 ? ' (signatures not checked: no --key)' : '';
  const trusted = options.trusted === undefined ? '' : ', trusted checkpoint contained';
  return `audit log intact: ${count(report.entries, 'entry', 'entries')}, ${count(report.checkpoints, 'checkpoint')} verified${signatures}${trusted}\n${witnessLine(report)}`;
}

// The --witness line: cosignatures, and what the witness has not seen yet.
function witnessLine(report: VerifyReport): string {
  const w = report.witness;
  if (w === undefined) return '';
  return `witness: ${count(w.verified, 'cosignature')} verified, last cosigned checkpoint ${w.last_cosigned_size}, ${count(w.entries_beyond, 'entry', 'entries')} beyond it\n`;
}

/** Verifies the audit log; resolves to 0 intact, 1 not intact. */
export async function runAuditVerify(options: AuditVerifyOptions, ctx: Context): Promise<number> {
  refuseCallerChoices(ctx, options);
  const key = options.key === undefined ? null : readKey(options.key, ctx);
  const trusted = options.trusted === undefined ? null : readTrusted(options.trusted, ctx);
  const witness = options.witness === undefined ? null : readKey(options.witness, ctx, '--witness');
  const { path, settings } = locateAuditDb(ctx, options);
  const syslog = checkpointSyslogWarning(settings?.audit.checkpoint_key ?? null);
  if (syslog !== null) ctx.stderr.write(`approve-run: warning: ${syslog}\n`);
  let report: VerifyReport;
  let reader: AuditReader | undefined;
  try {
    const opened = (reader = openAuditReader(path));
    // One snapshot: checkpoints, rows and the state comparison agree while others append.
    report = opened.snapshot(() => {
      const checked = checkState(verifyReader(opened, { key, trusted }, ctx), path, opened, ctx.identity.privileged);
      return witness === null ? checked : checkWitness(opened, witness, checked);
    });
  } catch (error) {
    if (!(error instanceof LogMissingError)) throw error instanceof ApproveRunError ? error : auditError((error as Error).message, error);
    report = checkState(missingLogReport(error.message), path, null, ctx.identity.privileged);
  } finally {
    reader?.close();
  }
  ctx.stdout.write(options.json ? `${JSON.stringify(report)}\n` : describe(report, options));
  return report.ok ? 0 : 1;
}
