// Turns a validated policy document into the `Policy` the decision function uses: durations in
// seconds, scalar-or-list fields as lists, absent optional fields as null.
import { parseDuration } from './duration.js';
import type { Locator } from './problems.js';
import type { PolicyDocument, RuleDocument, TestCaseDocument } from './schema.js';
import type { Approver, ChannelName, Policy, PolicyTestCase, Rule, RuleWhen } from './types.js';

// A scalar-or-list field as a list (null when absent); a duration in seconds (null when absent).
const asList = <T>(value: T | T[] | undefined): T[] | null => (value === undefined ? null : Array.isArray(value) ? [...value] : [value]);
const seconds = (value: string | undefined): number | null => (value === undefined ? null : parseDuration(value));
// The webhook's `url` (one, or a list of an approval service's replicas) as first and the rest.
const webhookUrls = (url: string | string[]): { url: string; fallback_urls: string[] } =>
  typeof url === 'string' ? { url, fallback_urls: [] } : { url: url[0] as string, fallback_urls: url.slice(1) };

// One rule.
function normaliseRule(rule: RuleDocument): Rule {
  const when: RuleWhen | null =
    rule.when === undefined
      ? null
      : {
          user: asList(rule.when.user),
          group: asList(rule.when.group),
          actor: asList(rule.when.actor),
          host: asList(rule.when.host),
          cwd: asList(rule.when.cwd),
          time: asList(rule.when.time),
        };
  const channel = asList<ChannelName>(rule.channel);
  return {
    id: rule.id,
    description: rule.description ?? null,
    match: { command: asList(rule.match.command) ?? [], args: rule.match.args ?? null, options: rule.match.options ?? [] },
    when,
    decision: rule.decision,
    approvers: asList(rule.approvers),
    quorum: rule.quorum ?? null,
    channel: channel === null ? null : [...new Set(channel)],
    session_ttl_s: seconds(rule.session_ttl),
    max_runtime_s: seconds(rule.max_runtime),
    risk: rule.risk ?? null,
    message: rule.message ?? null,
    run_as: rule.run_as ?? null,
    confine:
      rule.confine === undefined
        ? null
        : {
            filesystem: rule.confine.filesystem ?? null,
            writable: rule.confine.writable === undefined ? null : [...new Set(rule.confine.writable)],
            network: rule.confine.network ?? null,
            terminal: rule.confine.terminal ?? null,
          },
  };
}

/** One test case; `where` is the `file:line:col` of its mapping. */
export function normaliseTestCase(test: TestCaseDocument, where: string): PolicyTestCase {
  return {
    command: test.command ?? null,
    shell: test.shell ?? null,
    user: test.user ?? null,
    actor: test.actor ?? null,
    cwd: test.cwd ?? null,
    expect: test.expect,
    where,
  };
}

/** The whole policy. `file` is absolute; `locate` places inline test cases. */
export function normalisePolicy(doc: PolicyDocument, file: string, digest: string, displayName: string, locate: Locator): Policy {
  const s = doc.settings;
  const approvers: Record<string, Approver> = {};
  for (const [id, a] of Object.entries(doc.approvers)) {
    const webauthn = a.webauthn === undefined ? null : { rp_id: a.webauthn.rp_id, origin: a.webauthn.origin, public_key: a.webauthn.public_key, credential_id: a.webauthn.credential_id ?? null };
    approvers[id] = { id, name: a.name ?? null, users: [...a.users], key: a.key ?? null, webauthn, totp: a.totp ?? null };
  }
  const webhook = doc.channels.webhook;
  const terminal = doc.channels.terminal;
  return {
    version: 1,
    settings: {
      default: s.default,
      approval_timeout_s: parseDuration(s.approval_timeout),
      max_runtime_s: parseDuration(s.max_runtime),
      kill_grace_s: parseDuration(s.kill_grace),
      require_reason: s.require_reason,
      secure_path: s.secure_path,
      env_keep: [...s.env_keep],
      redact: [...s.redact],
      audit: { db: s.audit.db, checkpoint_key: s.audit.checkpoint_key, checkpoint_interval: s.audit.checkpoint_interval, witness: s.audit.witness },
      confine: s.confine,
    },
    approvers,
    groups: Object.fromEntries(Object.entries(doc.groups).map(([name, members]) => [name, [...new Set(members)]])),
    channels: {
      webhook: webhook === undefined ? null : { ...webhookUrls(webhook.url), secret_env: webhook.secret_env ?? null, secret_file: webhook.secret_file ?? null, timeout_s: parseDuration(webhook.timeout) },
      terminal: terminal === undefined ? null : { authenticate: terminal.authenticate },
    },
    rules: doc.rules.map(normaliseRule),
    tests: doc.tests.map((test, i) => {
      const { line, col } = locate(['tests', i]);
      return normaliseTestCase(test, `${displayName}:${line}:${col}`);
    }),
    file,
    digest,
  };
}
