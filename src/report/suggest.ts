// `policy suggest` (SPEC §14): commands that people approved repeatedly in the period and never
// denied, proposed as rules for a human to review, each with its evidence as a comment.
// Invariants:
//   1. Nothing is written: the proposals are printed, the policy is never edited.
//   2. An allow is proposed only when the real evaluate() of the current policy plus that rule
//      gives allow for every requester, actor, host and directory seen; a command the built-in
//      tables escalate, or a deny rule matches, is never proposed at all.
//   3. Requesters are judged with every group the policy names, so a group-scoped deny or
//      approve rule is never missed (more groups can only make the verdict stricter).
//   4. Self-confirmations are not approvals and count for nothing; one denial disqualifies.
import { stringify } from 'yaml';
import { loggedText, terminalSafe } from '../audit/display.js';
import { evaluate } from '../decide/evaluate.js';
import type { PathProbe } from '../decide/types.js';
import { loadPolicyText } from '../policy/load.js';
import type { Policy, Rule } from '../policy/types.js';

type Entry = Record<string, unknown>;
const GLOB = /[*?[\]{}\\]/;
const LONGER_TTL_S = 8 * 3600;

/** One command's history in the period. */
interface Seen {
  argv: string[];
  approvals: number;
  denied: boolean;
  approvers: Set<string>;
  requesters: Map<string, number>;
  contexts: Map<string, { user: string; uid: number; actor: string | null; host: string; cwd: string }>;
  rules: Set<string>;
  first: string;
  last: string;
}

/** Gathers approvals and denials by exact argv from entries in seq order, from `since`. */
export function gather(entries: Iterable<Entry>, since: number): Seen[] {
  const requests = new Map<string, { key: string; entry: Entry }>();
  const seen = new Map<string, Seen>();
  for (const e of entries) {
    if (!(Date.parse(String(e.ts)) >= since)) continue;
    const request = (e.request ?? {}) as Entry;
    if (e.type === 'request' && Array.isArray(request.argv) && request.argv.every((w) => typeof w === 'string') && (request.shell ?? null) === null) {
      requests.set(String(request.id), { key: JSON.stringify(request.argv), entry: e });
      continue;
    }
    if (e.type !== 'decision' || e.event === 'received') continue;
    const found = requests.get(loggedText(e.request_id));
    if (found === undefined) continue;
    const req = found.entry.request as Entry;
    const requester = (req.requester ?? {}) as Entry;
    let s = seen.get(found.key);
    if (s === undefined) {
      s = { argv: req.argv as string[], approvals: 0, denied: false, approvers: new Set(), requesters: new Map(), contexts: new Map(), rules: new Set(), first: String(e.ts), last: String(e.ts) };
      seen.set(found.key, s);
    }
    s.last = String(e.ts);
    if (String(e.outcome).startsWith('denied')) s.denied = true;
    if (e.outcome !== 'approved' || e.confirmed_by !== undefined || !Array.isArray(e.approvers) || e.approvers.length === 0) continue;
    s.approvals++;
    for (const a of e.approvers) s.approvers.add(loggedText(a));
    const user = loggedText(requester.user);
    s.requesters.set(user, (s.requesters.get(user) ?? 0) + 1);
    for (const r of Array.isArray(req.rule_ids) ? req.rule_ids : []) s.rules.add(loggedText(r));
    const ctx = { user, uid: Number(requester.uid), actor: typeof req.actor === 'string' ? req.actor : null, host: loggedText(req.host), cwd: loggedText(req.cwd) || '/' };
    s.contexts.set(JSON.stringify(ctx), ctx);
  }
  return [...seen.values()];
}

// Every group any rule of the policy names.
function policyGroups(policy: Policy): string[] {
  return [...new Set(policy.rules.flatMap((r) => r.when?.group ?? []))];
}

// Whether every context seen gets `allow` from `policy`, with the reasons when not.
async function allAllowed(policy: Policy, s: Seen, paths: PathProbe): Promise<{ allow: boolean; why: string }> {
  const groups = policyGroups(policy);
  for (const c of s.contexts.values()) {
    const input = { argv: s.argv, shell: null, cwd: c.cwd, requester: { user: c.user, uid: c.uid, gid: c.uid, groups }, actor: c.actor, host: c.host, now: new Date() };
    const result = await evaluate(policy, input, paths);
    if (result.decision !== 'allow') return { allow: false, why: `${result.decision} for ${c.user}${result.reasons.length > 0 ? `: ${result.reasons.join('; ')}` : ` (rules ${result.rules.map((r) => `${r.id}:${r.decision}`).join(', ')})`}` };
  }
  return { allow: true, why: '' };
}

// The proposed allow rule (with its arguments literally, or the program alone), normalised by the real policy loader.
function allowRule(s: Seen, id: string, withArgs: boolean): { yaml: Record<string, unknown>; rule: Rule } {
  const match = withArgs ? { command: s.argv[0], args: s.argv.slice(1) } : { command: s.argv[0] };
  const yaml = { id, description: 'proposed by approve-run policy suggest', match, when: { user: [...s.requesters.keys()].sort() }, decision: 'allow' };
  const rule = loadPolicyText('suggested.yaml', stringify({ version: 1, rules: [yaml] })).rules[0]!;
  return { yaml, rule };
}

/** The YAML text of the proposals (comments for what is not proposed and why). */
export async function suggest(policy: Policy, entries: Iterable<Entry>, since: number, minApprovals: number, paths: PathProbe): Promise<string> {
  const out: string[] = ['# Proposed by `approve-run policy suggest` for review. Nothing has been changed.', '# Each proposal was checked with the decision function against the current policy.', 'rules:'];
  let n = 0;
  for (const s of gather(entries, since)) {
    if (s.denied || s.approvals < minApprovals || s.argv.length === 0) continue;
    const evidence = `  #   evidence: approved ${s.approvals} times by ${[...s.approvers].sort().join(', ')}; requesters ${[...s.requesters].map(([u, c]) => `${u} (${c})`).join(', ')}; first ${s.first}, last ${s.last}; never denied`;
    const shown = JSON.stringify(s.argv);
    if (s.argv.some((w) => GLOB.test(w) || terminalSafe(w) !== w)) {
      out.push(`# not proposed: ${shown}: an argument holds pattern, control or invisible characters`);
      continue;
    }
    const approving = policy.rules.filter((r) => r.decision === 'approve' && s.rules.has(r.id));
    const others = policy.rules.filter((r) => !approving.includes(r));
    // The built-in tables and deny rules, judged with an allow rule on the program alone: a
    // rule naming the arguments literally would cover an escalation, and that is not for us to propose.
    const probe = await allAllowed({ ...policy, rules: [...others, allowRule(s, 'suggest-probe', false).rule] }, s, paths);
    if (!probe.allow) {
      out.push(`# not proposed: ${shown}: ${probe.why}`);
      continue;
    }
    const { yaml, rule } = allowRule(s, `suggested-${++n}`, true);
    const plain = await allAllowed({ ...policy, rules: [...policy.rules, rule] }, s, paths);
    if (plain.allow) {
      out.push(`  # allow ${shown}`, evidence, ...indent(stringify([yaml])));
      continue;
    }
    for (const r of approving) {
      if ((r.session_ttl_s ?? 0) >= LONGER_TTL_S) continue;
      out.push(`  # longer session_ttl for rule ${r.id}: ${shown} keeps needing approval (an allow rule would not take effect: ${plain.why})`, evidence, `  # change in rule ${JSON.stringify(r.id)}:`, `  #   session_ttl: ${LONGER_TTL_S / 3600}h`);
    }
  }
  return `${out.join('\n')}\n`;
}

// A YAML block indented under `rules:`.
function indent(text: string): string[] {
  return text.trimEnd().split('\n').map((line) => `  ${line}`);
}
