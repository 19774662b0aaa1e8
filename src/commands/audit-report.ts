// `approve-run audit report [--since DATE] [--until DATE] [--previous NOTE] [--key PUB]
// [--trusted NOTE] [--format html|md|json|oscal] [-o FILE]` (SPEC §14): verifies the whole log,
// then renders the period's runs, duties, exceptions, changes, charts and control mapping.
// Exits 0 for an intact log, 1 when it is not (the report then says so at the top).
import { resolve } from 'node:path';
import { openOutputFile } from '../files/output-file.js';
import { parseCheckpoint } from '../audit/checkpoint-note.js';
import type { Context } from '../context.js';
import { parsePublicKey } from '../crypto/ed25519.js';
import { ApproveRunError, auditError, usageError } from '../errors.js';
import { loadPolicyFile } from '../policy/load.js';
import { trustedPolicy } from '../policy/trusted.js';
import { parseSince } from './audit-log.js';
import { locateAuditDb, openLogForReading, readNamed, refuseCallerChoices, type AuditFileFlags } from './audit-target.js';

export interface AuditReportOptions extends AuditFileFlags {
  since?: string;
  until?: string;
  previous?: string;
  key?: string;
  trusted?: string;
  format: string;
  output?: string;
}

const FORMATS = ['html', 'md', 'json', 'oscal'];

// A checkpoint note file (--trusted, --previous), shape-checked.
function readNote(ctx: Context, flag: string, file: string): string {
  const note = readNamed(ctx, flag, file);
  try {
    parseCheckpoint(note);
    return note;
  } catch (error) {
    throw usageError(`cannot use ${flag} ${file}: ${(error as Error).message}`);
  }
}

// --key: the key text or a file holding it, with its text for the fingerprint.
function readKey(ctx: Context, value: string): string {
  const text = (value.startsWith('ed25519:') ? value : readNamed(ctx, '--key', value)).trim();
  try {
    parsePublicKey(text);
    return text;
  } catch (error) {
    throw usageError(`cannot use --key ${value}: ${(error as Error).message}`);
  }
}

// --until: the same forms as --since.
function parseUntil(text: string, now: Date): Date {
  try {
    return parseSince(text, now);
  } catch (error) {
    throw usageError((error as Error).message.replace('--since', '--until'));
  }
}

// The current policy's roster, for logs that did not record one; null without a policy.
async function currentRoster(ctx: Context, options: AuditReportOptions) {
  const { rosterOf } = await import('../report/roster.js');
  try {
    return rosterOf(trustedPolicy(ctx, options.policy, loadPolicyFile).approvers);
  } catch (error) {
    if (options.policy !== undefined) throw error;
    return null;
  }
}

/** Characters gathered before a write: parts are small, writes of a megabyte are cheap. */
const WRITE_CHARS = 1 << 20;

// Writes the rendering's parts to -o FILE (atomically, 0600, with the invoker's rights, never
// through a symlink: src/files/output-file.ts) or stdout, a megabyte at a time.
function emit(ctx: Context, parts: Iterable<string>, output: string | undefined): void {
  const file = output === undefined ? null : openOutputFile(resolve(ctx.cwd, output), ctx.identity, { mode: 0o600 });
  try {
    let pending: string[] = [];
    let chars = 0;
    const flush = () => {
      const text = pending.join('');
      if (file === null) ctx.stdout.write(text);
      else file.write(Buffer.from(text));
      pending = [];
      chars = 0;
    };
    for (const part of parts) {
      pending.push(part);
      chars += part.length;
      if (chars >= WRITE_CHARS) flush();
    }
    if (chars > 0 || pending.length > 0) flush();
  } catch (error) {
    file?.abort();
    throw error;
  }
  file?.commit();
}

/** Builds and prints the report; resolves to 0 for an intact log, 1 otherwise. */
export async function runAuditReport(options: AuditReportOptions, ctx: Context): Promise<number> {
  refuseCallerChoices(ctx, options);
  if (!FORMATS.includes(options.format)) throw usageError(`--format: expected one of ${FORMATS.join(', ')}, got ${JSON.stringify(options.format)}`);
  const now = ctx.clock.now();
  const since = options.since === undefined ? null : parseSince(options.since, now);
  const until = options.until === undefined ? now : parseUntil(options.until, now);
  if (since !== null && since.getTime() >= until.getTime()) throw usageError('--since must be before --until');
  const keyText = options.key === undefined ? null : readKey(ctx, options.key);
  const trusted = options.trusted === undefined ? null : readNote(ctx, '--trusted', options.trusted);
  const previous = options.previous === undefined ? null : readNote(ctx, '--previous', options.previous);
  const { path } = locateAuditDb(ctx, options);
  const [{ buildReport }, render] = await Promise.all([import('../report/build.js'), import('../report/render.js')]);
  const roster = await currentRoster(ctx, options);
  const reader = openLogForReading(path);
  try {
    const data = await buildReport(reader, { since, until, now, key: keyText, trusted, previous, roster, privileged: ctx.identity.privileged });
    emit(ctx, render.renderReport(data, options.format as 'html'), options.output);
    if (!data.verification.intact) ctx.stderr.write(`approve-run: ${render.verdictLine(data)}\n`);
    return data.verification.intact ? 0 : 1;
  } catch (error) {
    throw error instanceof ApproveRunError ? error : auditError(`cannot read audit log ${path}: ${(error as Error).message}`, error);
  } finally {
    reader.close();
  }
}
