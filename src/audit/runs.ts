// Groups the entries of each run (request, decision, exec_start, exec_end or exec_lost) by request id, for
// `audit export --format csv`: one row per run.
import { commandLine, listText, loggedText } from './display.js';

/** One run as exported. */
export interface RunRow {
  time: string;
  requester: string;
  actor: string;
  command: string;
  rules: string;
  decision: string;
  approvers: string;
  exit_code: string;
  duration_ms: string;
}

export const RUN_COLUMNS: (keyof RunRow)[] = ['time', 'requester', 'actor', 'command', 'rules', 'decision', 'approvers', 'exit_code', 'duration_ms'];

type Entry = Record<string, unknown>;

// Plain-object view of an unknown value.
function record(value: unknown): Entry {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Entry) : {};
}

// The request id an entry belongs to, if any.
function requestIdOf(entry: Entry): string | null {
  const id = entry.type === 'request' ? record(entry.request).id : entry.request_id;
  return typeof id === 'string' ? id : null;
}

// Fills the row's columns from one entry of its run.
function apply(row: RunRow, entry: Entry): void {
  if (entry.type === 'request') {
    const request = record(entry.request);
    const rules = Array.isArray(entry.rules) ? entry.rules.map((r) => record(r).id) : request.rule_ids;
    row.time = loggedText(entry.ts);
    row.requester = loggedText(record(request.requester).user);
    row.actor = loggedText(request.actor);
    row.command = request.shell !== null && request.shell !== undefined ? loggedText(request.shell) : commandLine(request.argv);
    row.rules = listText(rules, ' ');
  } else if (entry.type === 'decision') {
    row.decision = `${loggedText(entry.outcome)}${entry.confirmed_by ? ' (self-confirmation)' : ''}`;
    row.approvers = listText(entry.approvers, ' ');
  } else if (entry.type === 'exec_end') {
    row.exit_code = entry.exit_code === null || entry.exit_code === undefined ? '' : String(entry.exit_code);
    if (row.exit_code === '' && typeof entry.signal === 'string') row.exit_code = entry.signal;
    row.duration_ms = entry.duration_ms === undefined ? '' : String(entry.duration_ms);
  } else if (entry.type === 'exec_lost') {
    row.exit_code = 'lost';
  }
}

/** Collects runs from parsed leaves in seq order; rows come out in the order runs began. */
export function collectRuns(entries: Iterable<Entry>): RunRow[] {
  const runs = new Map<string, RunRow>();
  for (const entry of entries) {
    const id = requestIdOf(entry);
    if (id === null || !['request', 'decision', 'exec_start', 'exec_end', 'exec_lost'].includes(String(entry.type))) continue;
    let row = runs.get(id);
    if (row === undefined) {
      row = { time: loggedText(entry.ts), requester: '', actor: '', command: '', rules: '', decision: '', approvers: '', exit_code: '', duration_ms: '' };
      runs.set(id, row);
    }
    apply(row, entry);
  }
  return [...runs.values()];
}
