// The report as one self-contained HTML file (SPEC §14): inline CSS and SVG only, no script,
// no external resource; readable on a phone (one column, tables scroll) and printable.
// Invariants:
//   1. Every value from the log is written through html() (./escape.ts); nothing else is raw.
//   2. The Content-Security-Policy forbids every fetch, script and external style.
import { barChart } from './charts.js';
import { SECTIONS } from './controls.js';
import { html } from './escape.js';
import type { ReportData, RunView } from './model.js';
import { verdictLine } from './verdict.js';
import { witnessLine } from './witness.js';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1100px;padding:12px;color:#111}
h1{font-size:1.5em}h2{border-bottom:1px solid #bbb;margin-top:1.6em}
.verdict{padding:10px 12px;border-radius:4px;font-weight:600}.ok{background:#e3f4e3;border:1px solid #2a7a2a}.bad{background:#fde2e2;border:2px solid #b00020;color:#7a0014}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #ccc;padding:3px 5px;text-align:left;vertical-align:top}
th{background:#f2f2f2}code{font-family:ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}.wide table{min-width:1500px}td{max-width:30em}.pass{color:#1a6b1a}.fail{color:#b00020;font-weight:600}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:12px}figure{margin:0}svg text{font-size:11px;fill:#222}svg rect{fill:#3b6ea5}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px}dt{font-weight:600}
@media print{body{max-width:none;font-size:10pt}.scroll{overflow:visible}.wide table{min-width:0}a{color:inherit;text-decoration:none}h2{break-after:avoid}tr{break-inside:avoid}}`;

// A table from a header and rows of already-escaped cells.
function table(head: string[], rows: string[][], wide = false): string {
  if (rows.length === 0) return '<p class="empty">None in the period.</p>';
  return `<div class="scroll${wide ? ' wide' : ''}"><table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
}

// How a run ended.
function ending(run: RunView): string {
  if (run.lost) return 'lost (supervisor gone)';
  if (run.revoked) return 'revoked';
  if (run.timed_out) return `deadline reached (${run.deadline ?? '?'})`;
  if (run.exit_code !== null) return `exit ${run.exit_code}`;
  return run.signal ?? '';
}

// One run as a table row.
function runRow(run: RunView): string[] {
  const approvers = run.confirmed_by !== null
    ? `self-confirmation by ${html(run.confirmed_by)} (no approver)`
    : run.decisions.map((d) => `${html(d.approver)} ${html(d.decision ?? '')}${d.accepted ? '' : ' <b>refused</b>'}${d.key_id ? ` <code>${html(d.key_id)}</code>` : ''}${d.reason ? `: ${html(d.reason)}` : ''}`).join('<br>');
  return [
    html(run.time), html(run.requester), html(run.actor ?? ''), html(run.host ?? ''), `<code>${html(run.command)}</code>`, html(run.rules.join(', ')),
    html(run.outcome ?? 'no decision logged'), approvers, html(run.reason ?? ''), run.latency_ms === null ? '' : `${(run.latency_ms / 1000).toFixed(1)} s`,
    html(run.start ?? ''), html(run.end ?? ''), html(ending(run)), html(run.deadline ?? ''),
  ];
}

/** The whole report as an HTML document. */
export function renderHtml(data: ReportData): string {
  const v = data.verification;
  const cp = (c: ReportData['checkpoints']['start']) => (c === null ? 'none' : `seq ${c.seq} at ${html(c.time)}: tree of ${c.size ?? '?'} entries, root <code>${html(c.root ?? 'malformed note')}</code>`);
  const sod = data.separation_of_duties;
  const parts = [
    `<h1>Audit report: ${html(data.period.since ?? 'start of log')} to ${html(data.period.until)}</h1>`,
    `<p class="verdict ${v.intact ? 'ok' : 'bad'}" id="verdict">${html(verdictLine(data))}</p>`,
    `<h2 id="verification">${SECTIONS.verification}</h2><dl><dt>Log</dt><dd><code>${html(data.log.path)}</code> (id <code>${html(data.log.log_id ?? 'missing')}</code>)</dd><dt>Verified</dt><dd>${v.entries} entries, ${v.checkpoints} checkpoints</dd><dt>Period start checkpoint</dt><dd>${cp(data.checkpoints.start)}</dd><dt>Period end checkpoint</dt><dd>${cp(data.checkpoints.end)}</dd><dt>Witness</dt><dd>${html(witnessLine(data.witness))}</dd><dt>Generated</dt><dd>${html(data.generated_at)}</dd></dl>`,
    `<h2 id="runs">${SECTIONS.runs} (${data.runs.length})</h2>`,
    table(['Time', 'Requester', 'Actor', 'Host', 'Command', 'Rules', 'Decision', 'Approvers (key id)', 'Reason', 'Latency', 'Start', 'End', 'Result', 'Deadline'], data.runs.map(runRow), true),
    `<h2 id="duties">${SECTIONS.duties}</h2><p class="${sod.ok ? 'pass' : 'fail'}">${sod.ok ? 'PASS' : 'FAIL'}: ${sod.checked} approvals checked, ${sod.passed} passed, ${sod.failed} failed, ${sod.unknown} could not be checked.</p>`,
    table(['Request', 'Requester', 'Approver', 'Result', 'Detail'], sod.checks.map((c) => [`<code>${html(c.request_id)}</code>`, html(c.requester), html(c.approver), `<span class="${c.result === 'pass' ? 'pass' : 'fail'}">${c.result}</span>`, html(c.detail)])),
    `<h2 id="exceptions">${SECTIONS.exceptions} (${data.exceptions.length})</h2>`,
    table(['Kind', 'Time', 'Seq', 'Request', 'Detail'], data.exceptions.map((e) => [html(e.kind.replace(/_/g, ' ')), html(e.time), String(e.seq), `<code>${html(e.request_id ?? '')}</code>`, html(e.detail)])),
    `<h2 id="changes">${SECTIONS.changes} (${data.changes.length})</h2>`,
    table(['Time', 'Seq', 'Policy file', 'Digest', 'Roster', 'Added', 'Removed', 'Changed'], data.changes.map((c) => [html(c.time), String(c.seq), `<code>${html(c.file)}</code>`, `<code>${html(c.digest)}</code>`, c.roster === null ? 'not recorded' : html(c.roster.map((m) => `${m.id} (${m.users.join(' ')}${m.key_id ? ` ${m.key_id}` : ''})`).join(', ')), html(c.added.join(', ')), html(c.removed.join(', ')), html(c.changed.join(', '))])),
    `<h2 id="charts">${SECTIONS.charts}</h2><div class="charts">${barChart('Decisions per day', data.charts.decisions_per_day)}${barChart('Approval latency', data.charts.latency)}${barChart('Top rules', data.charts.top_rules)}${barChart('Top requesters', data.charts.top_requesters)}</div>`,
    `<h2 id="controls">Control mapping</h2>`,
    table(['Framework', 'Control', 'Evidence', 'How'], data.controls.map((c) => [html(c.framework), `${html(c.control)} ${html(c.title)}`, c.sections.map((s) => `<a href="#${s}">${SECTIONS[s as keyof typeof SECTIONS]}</a>`).join(', '), html(c.how)])),
  ];
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>approve-run audit report</title><style>${CSS}</style></head>
<body>${parts.join('\n')}</body></html>
`;
}
