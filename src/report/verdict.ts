// The one-line verdict every rendering opens with: intact, or what is wrong and where.
import type { ReportData } from './model.js';
import { witnessLine } from './witness.js';

/** The headline: never clean for a log that failed verification or lost the previous tree. */
export function verdictLine(data: ReportData): string {
  const v = data.verification;
  if (!v.ok) return `AUDIT LOG NOT INTACT: ${v.code} at seq ${v.first_bad_seq}: ${v.message}. The entries below cannot be trusted.`;
  if (v.previous !== null && !v.previous.ok) return `AUDIT LOG NOT INTACT: it no longer holds the previous report's tree of ${v.previous.size} entries (${v.previous.code}: ${v.previous.message}).`;
  if (data.witness.status === 'refused') return `AUDIT LOG REFUSED BY ITS WITNESS: ${witnessLine(data.witness)}`;
  const signatures = v.key_checked ? `checkpoint signatures checked with key ${v.key_id}` : 'checkpoint signatures NOT checked (no --key)';
  const trusted = v.trusted_size === null ? '' : `, trusted checkpoint of ${v.trusted_size} entries contained`;
  const previous = v.previous === null ? '' : `, previous report's tree of ${v.previous.size} entries still contained`;
  return `Audit log intact: ${v.entries} entries, ${v.checkpoints} checkpoints verified; ${signatures}${trusted}${previous}.`;
}
