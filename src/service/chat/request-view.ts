// The request as chat messages show it (SPEC §13): the same fields the terminal prompt shows
// (src/approval/terminal/render.ts), as label/value pairs for Slack blocks and Teams cards.
// Invariants:
//   1. Every value is text with control and invisible characters escaped, so what is shown
//      is what will run; a field of an unexpected type is shown as its JSON, never dropped.
//   2. Nothing here is formatting: the callers put the text in plain-text slots (Slack
//      plain_text, Teams TextRun), so a command cannot inject links or mentions.
//   3. Long values are cut with a visible note that the request page has the rest.
import { quoteWord } from '../../approval/terminal/render.js';
import { escapeInvisible } from '../../shell/invisible.js';
import { isObject } from '../http-util.js';

/** What a chat message shows of one request. */
export interface RequestView {
  id: string;
  /** The command line, or the shell text, escaped. */
  command: string;
  /** Label → value, in the terminal prompt's order. */
  fields: Array<[string, string]>;
  reason: string;
  expiresAt: string;
}

// Any received value as escaped text (invariant 1).
function text(value: unknown, none: string): string {
  if (value === null || value === undefined) return none;
  return escapeInvisible(typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));
}

// A list of strings joined with `sep`, or the value's JSON when it is not one.
function list(value: unknown, sep: string, none: string): string {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.length === 0 ? none : value.map((v) => escapeInvisible(v)).join(sep);
  return text(value, none);
}

// The command line as the terminal shows it.
function commandOf(r: Record<string, unknown>): string {
  if (typeof r.shell === 'string') return `sh -c ${quoteWord(r.shell)}`;
  if (Array.isArray(r.argv) && r.argv.every((w) => typeof w === 'string')) return r.argv.map(quoteWord).join(' ');
  return r.argv === undefined ? '(no argv)' : `(not an argv list: ${text(JSON.stringify(r.argv), 'null')})`;
}

/** At most `max` characters of `value`, with a note when cut (invariant 3). */
export function clipText(value: string, max: number): string {
  if (value.length <= max) return value;
  const note = ` … (${value.length - max} more characters: open the request page)`;
  return `${value.slice(0, Math.max(0, max - note.length)).replace(/[\uD800-\uDBFF]$/, '')}${note}`;
}

/** The view of a request's JCS text as stored; unknown shapes are shown as they are. */
export function viewRequest(id: string, requestText: string): RequestView {
  let parsed: unknown;
  try {
    parsed = JSON.parse(requestText);
  } catch {
    parsed = null;
  }
  const r = isObject(parsed) ? parsed : {};
  const requester = isObject(r.requester) ? `${text(r.requester.user, '?')} (uid ${text(r.requester.uid, '?')})` : text(r.requester, '(unknown)');
  return {
    id,
    command: commandOf(r),
    fields: [
      ['Requester', requester],
      ['Actor', text(r.actor, '(none given)')],
      ['Host', text(r.host, '(unknown)')],
      ['Run as', text(r.run_as, '(unknown)')],
      ['Rule', list(r.rule_ids, ', ', '(default decision)')],
      ['Risk', text(r.risk, '(not set)')],
      ['Approvers', `${list(r.approvers, ', ', '(none)')} (quorum ${text(r.quorum, '?')})`],
      ['Expires', text(r.expires_at, '(unknown)')],
      ['Directory', text(r.cwd, '(unknown)')],
      ['Executable', text(r.executable, '(not resolved)')],
    ],
    reason: text(r.reason, '(none given)'),
    expiresAt: typeof r.expires_at === 'string' ? r.expires_at : '',
  };
}
