// `approve-run audit checkpoint [-o FILE]`: signs a checkpoint of the current log with
// settings.audit.checkpoint_key (unless the last one still covers it), stores it, sends it to
// syslog, and prints it or writes it to FILE: the note to keep for `audit verify --trusted`.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkpointNow } from '../audit/checkpoint.js';
import { openAuditLog } from '../audit/log.js';
import type { Context } from '../context.js';
import { auditError, policyError } from '../errors.js';
import { writeOutputFile } from '../files/output-file.js';
import { loadAuditSettings, refuseCallerChoices, type AuditFileFlags } from './audit-target.js';
import { resolveAuditDbPath } from '../config/locations.js';

export interface AuditCheckpointOptions extends AuditFileFlags {
  output?: string;
}

/** Signs (if needed) and prints the current checkpoint note; resolves to 0. */
export async function runAuditCheckpoint(options: AuditCheckpointOptions, ctx: Context): Promise<number> {
  refuseCallerChoices(ctx, options);
  const settings = loadAuditSettings(ctx, options, true);
  if (settings === null || settings.audit.checkpoint_key === null || settings.audit.checkpoint_key === '') {
    throw policyError('audit checkpoint needs settings.audit.checkpoint_key in the policy (create one with approve-run keygen)');
  }
  const path = resolveAuditDbPath(ctx, options.auditDb, settings);
  if (!existsSync(path)) throw auditError(`audit log ${path} does not exist`);
  const log = openAuditLog(path, { redact: settings.redact, privileged: ctx.identity.privileged, now: () => ctx.clock.now() });
  let note: string;
  try {
    note = checkpointNow(log, settings.audit.checkpoint_key, { warn: (message) => ctx.stderr.write(`approve-run: warning: ${message}\n`) }).note;
    if (settings.audit.witness !== null) {
      const { describeResult, submitCheckpoint } = await import('../audit/witness/submit.js');
      const problem = describeResult(await submitCheckpoint(log, settings.audit.witness));
      if (problem !== null) ctx.stderr.write(`approve-run: warning: ${problem}\n`);
    }
  } finally {
    log.close();
  }
  if (options.output === undefined) {
    ctx.stdout.write(note);
    return 0;
  }
  // Written with the invoker's rights, atomically (src/files/output-file.ts).
  writeOutputFile(resolve(ctx.cwd, options.output), ctx.identity, Buffer.from(note, 'utf8'), { mode: 0o644 });
  return 0;
}
