// The request as an approver reads it at the terminal (SPEC §5.2): every field, with
// control and invisible characters escaped so what is shown is what will run.
import { escapeInvisible } from '../../shell/invisible.js';
import { confineText } from '../../decide/explain.js';
import type { ApprovalRequest } from '../request/request.js';
import { formatDuration } from '../status.js';

/** One argv word as a reader would retype it: escaped, and single-quoted unless plain. */
export function quoteWord(word: string): string {
  const shown = escapeInvisible(word);
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(shown)) return shown;
  return `'${shown.replace(/'/g, `'\\''`)}'`;
}

// One `label  value` line, the value escaped.
function line(label: string, value: string): string {
  return `  ${label.padEnd(11)} ${escapeInvisible(value)}\n`;
}

/** The full request, one field per line, ending with a newline. */
export function renderRequest(request: ApprovalRequest, now: Date): string {
  const left = (Date.parse(request.expires_at) - now.getTime()) / 1000;
  let text = `\napprove-run: approval requested (${request.id})\n`;
  if (request.shell !== null) text += line('shell', request.shell);
  else text += `  ${'command'.padEnd(11)} ${request.argv.map(quoteWord).join(' ')}\n`;
  text += line('executable', request.executable ?? '(not resolved)');
  if (request.digests !== null) {
    text += line('exe sha256', request.digests.executable ?? '(not read)');
    text += line('script', request.digests.script ?? '(none)');
  }
  text += line('cwd', request.cwd);
  text += line('run as', request.run_as);
  text += line('requester', `${request.requester.user} (uid ${request.requester.uid})`);
  text += line('actor', request.actor ?? '(none given)');
  text += line('host', request.host);
  text += line('rule', request.rule_ids.join(', ') || '(default decision)');
  text += line('risk', request.risk ?? '(not set)');
  text += line('reason', request.reason ?? '(none given)');
  text += line('confine', confineText(request.confine));
  text += line('approvers', `${request.approvers.join(', ') || '(none)'} (quorum ${request.quorum})`);
  text += line('expires', `${request.expires_at} (in ${formatDuration(left)})`);
  return text;
}
