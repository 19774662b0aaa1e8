// `approve-run request list|show <id> [--json]` (SPEC §12): the requests submitted without
// waiting and where each stands. In privileged mode a requester sees only their own.
import { existsSync } from 'node:fs';
import { openAuditLog } from '../audit/log.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { escapeInvisible } from '../shell/invisible.js';
import { ensurePendingTable, findPending, listPending, type PendingRow } from '../agents/pending-store.js';
import { locateAuditDb, refuseCallerChoices, type AuditFileFlags } from './audit-target.js';
import { REQUEST_ID } from './wait.js';

export interface RequestOptions extends AuditFileFlags {
  action: 'list' | 'show';
  id?: string;
  json: boolean;
}

// What is shown of one request: the request object and its state, never the status URL's secrets.
function view(row: PendingRow): Record<string, unknown> {
  return { request_id: row.request.id, state: row.state, outcome: row.outcome, request: row.request, request_hash: row.requestHash, created_at: row.createdAt, updated_at: row.updatedAt };
}

// One table line: id, state, command (escaped).
function line(row: PendingRow): string {
  const command = escapeInvisible(row.request.shell ?? row.request.argv.join(' '));
  return `${row.request.id}  ${row.state.padEnd(8)}  ${(row.outcome ?? '-').padEnd(18)}  ${command.slice(0, 120)}\n`;
}

/** Lists the caller's requests, or shows one. */
export async function runRequest(options: RequestOptions, ctx: Context): Promise<number> {
  refuseCallerChoices(ctx, options);
  const { path, settings } = locateAuditDb(ctx, options);
  if (options.action === 'show' && (options.id === undefined || !REQUEST_ID.test(options.id))) throw usageError(`not a request id: ${JSON.stringify(options.id ?? '').slice(0, 80)}`);
  if (!existsSync(path)) {
    if (options.action === 'show') throw usageError(`no request ${options.id ?? ''}: audit log ${path} does not exist`);
    ctx.stdout.write(options.json ? '[]\n' : 'no requests\n');
    return 0;
  }
  const log = openAuditLog(path, { redact: settings?.redact ?? [], privileged: ctx.identity.privileged });
  try {
    ensurePendingTable(log);
    // Everyone sees their own; only root itself (not under sudo) sees all.
    const uid = ctx.identity.privileged || ctx.identity.euid !== 0 ? ctx.identity.requester.uid : null;
    if (options.action === 'list') {
      const rows = listPending(log, uid);
      ctx.stdout.write(options.json ? `${JSON.stringify(rows.map(view))}\n` : rows.length === 0 ? 'no requests\n' : rows.map(line).join(''));
      return 0;
    }
    const row = findPending(log, options.id ?? '');
    if (row === null || (uid !== null && row.requesterUid !== uid)) throw usageError(`no request ${options.id ?? ''} of yours in audit log ${path}`);
    ctx.stdout.write(options.json ? `${JSON.stringify(view(row))}\n` : `${line(row)}${JSON.stringify(row.request, null, 2)}\n`);
    return 0;
  } finally {
    log.close();
  }
}
