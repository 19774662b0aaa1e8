// The report as Markdown: the same sections and data as the HTML, without the charts' bars
// (their series are given as tables).
import { SECTIONS } from './controls.js';
import { md } from './escape.js';
import type { ReportData, Tally } from './model.js';
import { verdictLine } from './verdict.js';
import { witnessLine } from './witness.js';

// A Markdown table; cells are escaped here.
function table(head: string[], rows: unknown[][]): string {
  if (rows.length === 0) return 'None in the period.\n';
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(md).join(' | ')} |`)].join('\n') + '\n';
}

// A chart series as a two-column table.
const series = (title: string, data: Tally) => `**${title}**\n\n${table(['', 'Count'], data.map((d) => [d.label, d.count]))}`;

/** The whole report as Markdown. */
export function renderMarkdown(data: ReportData): string {
  const v = data.verification;
  const sod = data.separation_of_duties;
  const cp = (c: ReportData['checkpoints']['start']) => (c === null ? 'none' : `seq ${c.seq} at ${md(c.time)}, tree of ${c.size ?? '?'} entries, root \`${c.root ?? 'malformed'}\``);
  return [
    `# Audit report: ${md(data.period.since ?? 'start of log')} to ${md(data.period.until)}\n`,
    `> **${md(verdictLine(data))}**\n`,
    `## ${SECTIONS.verification}\n`,
    `- Log: ${md(data.log.path)} (id ${md(data.log.log_id ?? 'missing')})\n- Verified: ${v.entries} entries, ${v.checkpoints} checkpoints\n- Period start checkpoint: ${cp(data.checkpoints.start)}\n- Period end checkpoint: ${cp(data.checkpoints.end)}\n- Witness: ${md(witnessLine(data.witness))}\n- Generated: ${md(data.generated_at)}\n`,
    `## ${SECTIONS.runs} (${data.runs.length})\n`,
    table(['Time', 'Requester', 'Actor', 'Host', 'Command', 'Rules', 'Decision', 'Approvers (key id)', 'Reason', 'Latency (s)', 'Start', 'End', 'Exit', 'Deadline / revoke'], data.runs.map((r) => [
      r.time, r.requester, r.actor ?? '', r.host ?? '', r.command, r.rules.join(', '), r.outcome ?? 'no decision logged',
      r.confirmed_by !== null ? `self-confirmation by ${r.confirmed_by} (no approver)` : r.decisions.map((d) => `${d.approver} ${d.decision ?? ''}${d.accepted ? '' : ' refused'}${d.key_id ? ` ${d.key_id}` : ''}`).join('; '),
      r.reason ?? '', r.latency_ms === null ? '' : (r.latency_ms / 1000).toFixed(1), r.start ?? '', r.end ?? '', r.lost ? 'lost' : (r.exit_code ?? r.signal ?? ''),
      r.revoked ? 'revoked' : r.timed_out ? `deadline reached ${r.deadline ?? ''}` : (r.deadline ?? ''),
    ])),
    `## ${SECTIONS.duties}\n`,
    `**${sod.ok ? 'PASS' : 'FAIL'}**: ${sod.checked} approvals checked, ${sod.passed} passed, ${sod.failed} failed, ${sod.unknown} could not be checked.\n`,
    table(['Request', 'Requester', 'Approver', 'Result', 'Detail'], sod.checks.map((c) => [c.request_id, c.requester, c.approver, c.result, c.detail])),
    `## ${SECTIONS.exceptions} (${data.exceptions.length})\n`,
    table(['Kind', 'Time', 'Seq', 'Request', 'Detail'], data.exceptions.map((e) => [e.kind.replace(/_/g, ' '), e.time, e.seq, e.request_id ?? '', e.detail])),
    `## ${SECTIONS.changes} (${data.changes.length})\n`,
    table(['Time', 'Seq', 'Policy file', 'Digest', 'Added', 'Removed', 'Changed'], data.changes.map((c) => [c.time, c.seq, c.file, c.digest, c.roster === null ? 'roster not recorded' : c.added.join(', '), c.removed.join(', '), c.changed.join(', ')])),
    `## ${SECTIONS.charts}\n`,
    series('Decisions per day', data.charts.decisions_per_day),
    series('Approval latency', data.charts.latency),
    series('Top rules', data.charts.top_rules),
    series('Top requesters', data.charts.top_requesters),
    `## Control mapping\n`,
    table(['Framework', 'Control', 'Evidence', 'How'], data.controls.map((c) => [c.framework, `${c.control} ${c.title}`, c.sections.map((s) => SECTIONS[s as keyof typeof SECTIONS]).join(', '), c.how])),
  ].join('\n');
}
