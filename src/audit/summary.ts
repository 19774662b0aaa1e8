// One-line descriptions of entries for the `audit log` table. Output is terminal-safe.
import { parseCheckpoint } from './checkpoint-note.js';
import { commandLine, listText, loggedText, terminalSafe } from './display.js';
import { ENVELOPE_KEYS } from './envelope.js';
import { count } from '../count.js';

type Entry = Record<string, unknown>;
const MAX_WIDTH = 160;

// Plain-object view of an unknown value.
function record(value: unknown): Entry {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Entry) : {};
}

// The fields of an entry without its envelope, as compact JSON (for types without a layout).
function otherFields(entry: Entry): string {
  const rest = Object.fromEntries(Object.entries(entry).filter(([key]) => !ENVELOPE_KEYS.includes(key)));
  return JSON.stringify(rest);
}

// The size a checkpoint note claims, with its noun, or '?' for a malformed note.
function checkpointSize(note: unknown): string {
  try {
    return count(parseCheckpoint(loggedText(note)).size, 'entry', 'entries');
  } catch {
    return '? entries (malformed note)';
  }
}

// The raw description of one entry, by type.
function describe(entry: Entry): string {
  switch (entry.type) {
    case 'request': {
      const request = record(entry.request);
      const who = `${loggedText(record(request.requester).user)}${request.actor ? ` as ${loggedText(request.actor)}` : ''}`;
      const what = request.shell !== null && request.shell !== undefined ? loggedText(request.shell) : commandLine(request.argv);
      const rules = Array.isArray(entry.rules) ? entry.rules.map((r) => record(r).id) : request.rule_ids;
      return `${loggedText(request.id)} ${who}: ${what}${Array.isArray(rules) && rules.length > 0 ? ` [${listText(rules)}]` : ''}`;
    }
    case 'decision': {
      const by = listText(entry.decided_by);
      // A self-confirmation is shown as what it is, never as an approval by someone.
      const confirmed = entry.confirmed_by ? ` (self-confirmation by requester ${loggedText(entry.confirmed_by)}, no approver)` : '';
      const message = entry.message ? ` — ${loggedText(entry.message)}` : '';
      return `${loggedText(entry.request_id)} ${loggedText(entry.outcome)}${by ? ` by ${by}` : ''}${confirmed}${message}`;
    }
    case 'exec_start':
      return `${loggedText(entry.request_id)} pid ${loggedText(entry.pid)}${entry.session_id ? ` session ${loggedText(entry.session_id)}` : ''}, deadline ${loggedText(entry.deadline)}`;
    case 'exec_end': {
      const ended = entry.signal ? `signal ${loggedText(entry.signal)}` : `exit ${loggedText(entry.exit_code)}`;
      const flags = [entry.timed_out === true ? 'timed out' : '', entry.revoked === true ? 'revoked' : ''].filter(Boolean).join(', ');
      return `${loggedText(entry.request_id)} ${ended} after ${loggedText(entry.duration_ms)} ms${flags ? ` (${flags})` : ''}`;
    }
    case 'exec_lost':
      return `${loggedText(entry.request_id)} pid ${loggedText(entry.pid)} lost: ${loggedText(entry.reason)}`;
    case 'refused':
      return `${loggedText(record(entry.requester).user)}: ${loggedText(entry.reason)}`;
    case 'policy_loaded':
      return `${loggedText(entry.file)} ${loggedText(entry.digest)}`;
    case 'checkpoint':
      return `signed tree of ${checkpointSize(entry.note)}`;
    default:
      return otherFields(entry);
  }
}

/** A terminal-safe one-line description of a parsed entry, cut at MAX_WIDTH characters. */
export function summarizeEntry(entry: Entry): string {
  const text = terminalSafe(describe(entry));
  return text.length > MAX_WIDTH ? `${text.slice(0, MAX_WIDTH - 1)}…` : text;
}

/** How an outcome reads at a glance: good, bad or neither (for colour). */
export function outcomeTone(entry: Entry): 'good' | 'bad' | 'warn' | 'plain' {
  if (entry.type === 'decision') {
    if (['allowed', 'approved', 'session'].includes(String(entry.outcome))) return 'good';
    if (String(entry.outcome).startsWith('denied')) return 'bad';
    return 'warn';
  }
  if (entry.type === 'exec_end') return entry.exit_code === 0 ? 'good' : 'warn';
  if (entry.type === 'exec_lost') return 'warn';
  if (entry.type === 'refused') return 'bad';
  return 'plain';
}
