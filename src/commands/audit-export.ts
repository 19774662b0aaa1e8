// `approve-run audit export [--format jsonl|csv] [-o FILE]`: jsonl is every stored leaf byte
// for byte, one per line, for independent verification (docs/VERIFY.md); csv is one row per
// run for people and spreadsheets.
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { csvRow } from '../audit/csv.js';
import { LogMissingError, openAuditReader, type AuditReader } from '../audit/read.js';
import { collectRuns, RUN_COLUMNS } from '../audit/runs.js';
import type { Context } from '../context.js';
import { ApproveRunError, auditError, usageError } from '../errors.js';
import { locateAuditDb, refuseCallerChoices, type AuditFileFlags } from './audit-target.js';

export interface AuditExportOptions extends AuditFileFlags {
  format: string;
  output?: string;
}

const CHUNK = 1 << 16;

/** Where export output goes: a new or truncated file (0600 when new), or stdout. */
interface Sink {
  write(bytes: Buffer): void;
  close(): void;
}

// A file sink; the file is created 0600 because exports hold the whole audit trail.
function fileSink(path: string): Sink {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
  } catch (error) {
    throw usageError(`cannot write ${path}: ${(error as Error).message}`);
  }
  return {
    write: (bytes) => {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    },
    close: () => closeSync(fd),
  };
}

// Writes the stored leaves, one per line, in chunks.
function exportJsonl(reader: AuditReader, sink: Sink): void {
  const newline = Buffer.from('\n');
  let parts: Buffer[] = [];
  let size = 0;
  for (const [, leaf] of reader.rows()) {
    parts.push(leaf, newline);
    size += leaf.length + 1;
    if (size >= CHUNK) {
      sink.write(Buffer.concat(parts));
      parts = [];
      size = 0;
    }
  }
  sink.write(Buffer.concat(parts));
}

// Writes one CSV row per run.
function exportCsv(reader: AuditReader, sink: Sink): void {
  function* entries() {
    for (const [, leaf] of reader.leaves()) {
      try {
        yield JSON.parse(leaf) as Record<string, unknown>;
      } catch {
        throw auditError(`audit log ${reader.path} holds an unreadable entry; run audit verify`);
      }
    }
  }
  const lines = [csvRow(RUN_COLUMNS)];
  for (const run of collectRuns(entries())) lines.push(csvRow(RUN_COLUMNS.map((column) => run[column])));
  sink.write(Buffer.from(lines.join(''), 'utf8'));
}

/** Exports the audit log; resolves to 0. */
export async function runAuditExport(options: AuditExportOptions, ctx: Context): Promise<number> {
  refuseCallerChoices(ctx, options, [{ flag: '-o', value: options.output }]);
  if (options.format !== 'jsonl' && options.format !== 'csv') throw usageError(`--format must be jsonl or csv, got ${JSON.stringify(options.format)}`);
  const { path } = locateAuditDb(ctx, options);
  let reader: AuditReader;
  try {
    reader = openAuditReader(path);
  } catch (error) {
    throw error instanceof LogMissingError ? auditError(error.message) : error;
  }
  const sink: Sink = options.output === undefined ? { write: (bytes) => ctx.stdout.write(bytes.toString('utf8')), close: () => {} } : fileSink(options.output);
  try {
    const opened = reader;
    opened.snapshot(() => (options.format === 'jsonl' ? exportJsonl(opened, sink) : exportCsv(opened, sink)));
  } catch (error) {
    throw error instanceof ApproveRunError ? error : auditError(`cannot export audit log ${path}: ${(error as Error).message}`, error);
  } finally {
    sink.close();
    reader.close();
  }
  return 0;
}
