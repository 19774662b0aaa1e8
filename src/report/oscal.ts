// The report as an OSCAL assessment-results document (NIST OSCAL 1.0.6 JSON model): one result
// for the period, the reviewed controls of the mapping, observations drawn from the report's
// sections and one finding per control, satisfied only when the evidence supports it.
// Invariants:
//   1. A log that is not intact makes every finding not-satisfied: unverified evidence
//      satisfies nothing.
//   2. Logged strings appear only as JSON string values (JSON.stringify escapes them).
import { randomUUID } from 'node:crypto';
import { verdictLine } from './verdict.js';
import type { ControlRow, ReportData } from './model.js';

const OSCAL_VERSION = '1.0.6';

// The OSCAL control id of a mapped control: `ac-6.9` for AC-6(9), `cc6.1` for CC6.1.
export function oscalControlId(control: string): string {
  return control.toLowerCase().replace(/\((\d+)\)/, '.$1');
}

// Whether the report's evidence supports the control for this period, and why not.
function judged(row: ControlRow, data: ReportData): { satisfied: boolean; why: string } {
  if (!data.verification.intact) return { satisfied: false, why: verdictLine(data) };
  if (row.sections.includes('duties') && !data.separation_of_duties.ok) {
    return { satisfied: false, why: `separation of duties: ${data.separation_of_duties.failed} failed, ${data.separation_of_duties.unknown} unchecked approvals` };
  }
  return { satisfied: true, why: row.how };
}

/** The OSCAL assessment-results document for the report. */
export function renderOscal(data: ReportData): string {
  const obs = (title: string, description: string) => ({ uuid: randomUUID(), title, description, methods: ['EXAMINE', 'TEST'], collected: data.generated_at });
  const sod = data.separation_of_duties;
  const observations = [
    obs('Audit log verification', verdictLine(data)),
    obs('Privileged runs', `${data.runs.length} privileged runs in the period; outcomes: ${JSON.stringify(data.counts.outcomes)}.`),
    obs('Separation of duties', `${sod.ok ? 'PASS' : 'FAIL'}: ${sod.checked} approvals checked, ${sod.passed} passed, ${sod.failed} failed, ${sod.unknown} could not be checked.`),
    obs('Exceptions', `${data.exceptions.length} exceptions: ${JSON.stringify(data.counts.exceptions)}.`),
    obs('Changes', `${data.changes.length} policy versions loaded in the period.`),
  ];
  const byTitle = (t: string) => observations.find((o) => o.title === t)!.uuid;
  const sectionObservation: Record<string, string> = { verification: 'Audit log verification', runs: 'Privileged runs', duties: 'Separation of duties', exceptions: 'Exceptions', changes: 'Changes', charts: 'Privileged runs' };
  const findings = data.controls.map((row) => {
    const verdict = judged(row, data);
    const id = oscalControlId(row.control);
    return {
      uuid: randomUUID(),
      title: `${row.framework} ${row.control} ${row.title}`,
      description: row.how,
      target: { type: 'statement-id', 'target-id': `${id}_smt`, status: { state: verdict.satisfied ? 'satisfied' : 'not-satisfied', reason: verdict.satisfied ? 'pass' : 'fail' }, remarks: verdict.why },
      'related-observations': [...new Set(row.sections.map((s) => byTitle(sectionObservation[s]!)))].map((uuid) => ({ 'observation-uuid': uuid })),
    };
  });
  const document = {
    'assessment-results': {
      uuid: randomUUID(),
      metadata: { title: 'approve-run audit report', 'last-modified': data.generated_at, version: String(data.format_version), 'oscal-version': OSCAL_VERSION },
      'import-ap': { href: '#', remarks: 'No assessment plan: the period and controls are those of approve-run audit report.' },
      results: [
        {
          uuid: randomUUID(),
          title: `Audit log ${data.log.log_id ?? 'without log id'}: ${data.period.since ?? 'start of log'} to ${data.period.until}`,
          description: verdictLine(data),
          start: data.period.since ?? data.runs[0]?.time ?? data.generated_at,
          end: data.period.until,
          'reviewed-controls': { 'control-selections': [{ 'include-controls': data.controls.map((c) => ({ 'control-id': oscalControlId(c.control) })) }] },
          observations,
          findings,
        },
      ],
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
