// STUB: the SQLite hash-chained audit log (SPEC §8).
import { auditError } from '../errors.js';
import type { AuditLog, OpenAuditOptions } from './types.js';

/** Opens (creating if needed) the audit log at `path`; throws ApproveRunError('audit'). */
export function openAuditLog(path: string, _options: OpenAuditOptions): AuditLog {
  throw auditError(`audit log ${path} is not implemented yet`);
}
