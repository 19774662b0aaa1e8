// `approve-run audit log [--since DUR|DATE] [--limit N] [--json]`: the log as a readable table
// (coloured on a terminal) or as JSON Lines of the stored leaves.
import { openAuditReader, LogMissingError } from '../audit/read.js';
import { terminalSafe } from '../audit/display.js';
import { outcomeTone, summarizeEntry } from '../audit/summary.js';
import type { Context } from '../context.js';
import { ApproveRunError, auditError, usageError } from '../errors.js';
import { parseDuration } from '../policy/duration.js';
import { locateAuditDb, refuseCallerChoices, type AuditFileFlags } from './audit-target.js';

export interface AuditLogOptions extends AuditFileFlags {
  since?: string;
  limit?: string;
  json: boolean;
}

type Entry = Record<string, unknown>;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** --since: a duration back from now (90s, 15m, 2h, 1d), a local date, or an ISO date-time. */
export function parseSince(text: string, now: Date): Date {
  const day = DATE.exec(text);
  let since: Date;
  if (/^[0-9]+[smhd]$/.test(text)) {
    try {
      since = new Date(now.getTime() - parseDuration(text) * 1000);
    } catch (error) {
      throw usageError(`--since: ${(error as Error).message}`);
    }
  } else if (day !== null) {
    since = new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    if (since.getDate() !== Number(day[3])) throw usageError(`--since: ${text} is not a date`);
  } else if (DATE_TIME.test(text)) {
    since = new Date(text);
  } else {
    throw usageError(`--since: expected a duration (15m, 2h, 1d), a date (2026-11-21) or a date-time (2026-11-21T08:00), got ${JSON.stringify(text)}`);
  }
  if (Number.isNaN(since.getTime())) throw usageError(`--since: ${text} is not a valid time`);
  return since;
}

/** --limit: a positive whole number. */
export function parseLimit(text: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(text)) throw usageError(`--limit: expected a positive whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

// The selected leaves: since a time, then the most recent `limit`.
function select(leaves: Iterable<[number, string]>, since: Date | null, limit: number | null): [string, Entry | null][] {
  const picked: [string, Entry | null][] = [];
  const sinceIso = since?.toISOString();
  for (const [, leaf] of leaves) {
    let entry: Entry | null;
    try {
      entry = JSON.parse(leaf) as Entry;
    } catch {
      entry = null;
    }
    if (sinceIso !== undefined && !(typeof entry?.ts === 'string' && entry.ts >= sinceIso)) continue;
    picked.push([leaf, entry]);
    if (limit !== null && picked.length > limit * 2) picked.splice(0, picked.length - limit);
  }
  return limit === null ? picked : picked.slice(-limit);
}

// Local "YYYY-MM-DD HH:MM:SS" of a logged UTC timestamp.
function localTime(ts: unknown): string {
  const date = typeof ts === 'string' ? new Date(ts) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) return '????-??-?? ??:??:??';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Prints entries; resolves to 0. */
export async function runAuditLog(options: AuditLogOptions, ctx: Context): Promise<number> {
  refuseCallerChoices(ctx, options);
  const since = options.since === undefined ? null : parseSince(options.since, ctx.clock.now());
  const limit = options.limit === undefined ? null : parseLimit(options.limit);
  const { path } = locateAuditDb(ctx, options);
  let rows: [string, Entry | null][];
  try {
    const reader = openAuditReader(path);
    try {
      rows = select(reader.leaves(), since, limit);
    } finally {
      reader.close();
    }
  } catch (error) {
    if (error instanceof LogMissingError) throw auditError(error.message);
    throw error instanceof ApproveRunError ? error : auditError(`cannot read audit log ${path}: ${(error as Error).message}`, error);
  }
  if (options.json) {
    for (const [leaf] of rows) ctx.stdout.write(`${leaf}\n`);
    return 0;
  }
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: ctx.stdout.color ? 1 : 0 });
  const tones = { good: chalk.green, bad: chalk.red, warn: chalk.yellow, plain: (s: string) => s };
  ctx.stdout.write(chalk.bold(`${'SEQ'.padStart(7)}  ${'TIME'.padEnd(19)}  ${'TYPE'.padEnd(14)}  DETAILS`) + '\n');
  for (const [, entry] of rows) {
    if (entry === null) {
      ctx.stdout.write(chalk.red(`${'?'.padStart(7)}  (unreadable entry: run audit verify)`) + '\n');
      continue;
    }
    const tone = tones[outcomeTone(entry)];
    const type = String(entry.type).replace(/[^a-z_]/g, '?').padEnd(14);
    ctx.stdout.write(`${chalk.dim(terminalSafe(String(entry.seq)).padStart(7))}  ${localTime(entry.ts)}  ${chalk.cyan(type)}  ${tone(summarizeEntry(entry))}\n`);
  }
  return 0;
}
