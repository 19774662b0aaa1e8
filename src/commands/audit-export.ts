// `approve-run audit export [--format jsonl|csv] [-o FILE]`: jsonl is every stored leaf byte
// for byte, one per line, for independent verification (docs/VERIFY.md); csv is one row per
// run for people and spreadsheets.
import { resolve } from 'node:path';
import { csvRow } from '../audit/csv.js';
import { LogMissingError, openAuditReader, type AuditReader } from '../audit/read.js';
import { collectRuns, RUN_COLUMNS } from '../audit/runs.js';
import type { Context } from '../context.js';
import { ApproveRunError, auditError, usageError } from '../errors.js';
import { openOutputFile } from '../files/output-file.js';
import { locateAuditDb, refuseCallerChoices, type AuditFileFlags } from './audit-target.js';

export interface AuditExportOptions extends AuditFileFlags {
  format: string;
  output?: string;
}

const CHUNK = 1 << 16;

/** Where export output goes: a file replaced atomically (src/files/output-file.ts), or stdout. */
interface Sink {
  write(bytes: Buffer): void;
  /** The export is complete. */
  commit(): void;
  /** The export failed: leave nothing of it. */
  abort(): void;
}

// A file sink, written with the invoker's rights; 0600 because exports hold the whole audit trail.
function fileSink(path: string, ctx: Context): Sink {
  return openOutputFile(resolve(ctx.cwd, path), ctx.identity, { mode: 0o600 });
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
  refuseCallerChoices(ctx, options);
  if (options.format !== 'jsonl' && options.format !== 'csv') throw usageError(`--format must be jsonl or csv, got ${JSON.stringify(options.format)}`);
  const { path } = locateAuditDb(ctx, options);
  let reader: AuditReader;
  try {
    reader = openAuditReader(path);
  } catch (error) {
    throw error instanceof LogMissingError ? auditError(error.message) : error;
  }
  let sink: Sink | null = null;
  try {
    const opened = reader;
    const out = (sink = options.output === undefined ? { write: (bytes) => ctx.stdout.write(bytes.toString('utf8')), commit: () => {}, abort: () => {} } : fileSink(options.output, ctx));
    opened.snapshot(() => (options.format === 'jsonl' ? exportJsonl(opened, out) : exportCsv(opened, out)));
    sink = null;
    out.commit();
  } catch (error) {
    throw error instanceof ApproveRunError ? error : auditError(`cannot export audit log ${path}: ${(error as Error).message}`, error);
  } finally {
    sink?.abort();
    reader.close();
  }
  return 0;
}
