// How an Evaluation is shown by `check` (SPEC §7): a JSON line with the documented keys in
// the documented order, or a few aligned lines for people. Every argv and reason shown to
// people has its invisible characters escaped.
import { formatDuration } from '../policy/duration.js';
import type { Confinement, Decision } from '../policy/types.js';
import { displayArgv, escapeInvisible } from './display.js';
import type { Evaluation } from './types.js';

/** A confinement in one line, e.g. `read-only, writable /var/log/app, network none, terminal none`. */
export function confineText(c: Confinement | null): string {
  if (c === null) return 'off (no sandbox: settings.confine is off)';
  const writable = c.filesystem === 'read-only' && c.writable.length > 0 ? `, writable ${c.writable.map(escapeInvisible).join(' ')}` : '';
  return `${c.filesystem}${writable}, network ${c.network}, terminal ${c.terminal}`;
}

/** The `check --json` object: exactly these keys, in this order (SPEC §7's and §9's `confine`, then `message`: a deny's message, else null). */
export function checkJson(e: Evaluation): string {
  return JSON.stringify({
    decision: e.decision,
    rules: e.rules.map((r) => ({ id: r.id, decision: r.decision })),
    reasons: e.reasons,
    approvers: e.approvers,
    quorum: e.quorum,
    channel: e.channel,
    session_ttl_s: e.session_ttl_s,
    max_runtime_s: e.max_runtime_s,
    confine: e.confine,
    commands: e.commands,
    message: e.message,
  });
}

const ANSI: Record<Decision, string> = { allow: '\u001b[32m', approve: '\u001b[33m', deny: '\u001b[31m' };
const RESET = '\u001b[0m';
const BOLD = '\u001b[1m';

// A decision word, coloured when the output is a colour terminal.
function paint(decision: Decision, color: boolean, bold = false): string {
  return color ? `${bold ? BOLD : ''}${ANSI[decision]}${decision}${RESET}` : decision;
}

// `label: value` with values aligned; a bare `label:` heads an indented list.
function line(label: string, value = ''): string {
  return value === '' ? `${label}:\n` : `${`${label}:`.padEnd(13)}${value}\n`;
}

/**
 * The human-readable explanation printed by `check`; `shell` says whether the request was a
 * shell line (which has no single executable).
 */
export function checkText(e: Evaluation, color: boolean, shell: boolean): string {
  let out = line('decision', paint(e.decision, color, true));
  if (e.message !== null) out += line('message', escapeInvisible(e.message));
  if (e.decided_by.length > 0) out += line('decided by', e.decided_by.map(escapeInvisible).join(', '));
  out += e.rules.length === 0 ? line('rules', 'none matched') : line('rules');
  for (const rule of e.rules) out += `  ${escapeInvisible(rule.id)} (${paint(rule.decision, color)})\n`;
  if (e.reasons.length > 0) {
    out += line('reasons');
    for (const reason of e.reasons) out += `  - ${escapeInvisible(reason)}\n`;
  }
  out += line('commands');
  for (const argv of e.commands) out += `  ${displayArgv(argv)}\n`;
  if (!shell) out += line('executable', e.executable === null ? '(not found through secure_path)' : escapeInvisible(e.executable));
  if (e.decision === 'approve') {
    out += line('approvers', `${e.approvers.join(', ')} (quorum ${e.quorum})`);
    out += line('channel', e.channel.join(', '));
    out += line('session', e.session_ttl_s === null ? 'none (approve once)' : formatDuration(e.session_ttl_s));
    if (e.risk !== null) out += line('risk', e.risk);
  }
  if (e.decision !== 'deny') {
    out += line('max_runtime', formatDuration(e.max_runtime_s));
    if (e.run_as !== null) out += line('run_as', escapeInvisible(e.run_as));
    out += line('confine', confineText(e.confine));
  }
  return out;
}
