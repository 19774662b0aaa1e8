// The exact shape of a normalised `Policy` (./types.ts), checked on data read back from the
// compiled-policy cache. Anything else, down to one extra key, makes the cache entry unusable
// and the policy is loaded from its YAML instead.
import type { Policy, Rule } from './types.js';

type Check = (value: unknown) => boolean;

const str: Check = (v) => typeof v === 'string';
const bool: Check = (v) => typeof v === 'boolean';
const seconds: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const count: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 1;
const nullOr = (check: Check): Check => (v) => v === null || check(v);
const oneOf = (...values: string[]): Check => (v) => typeof v === 'string' && values.includes(v);
const list = (check: Check): Check => (v) => Array.isArray(v) && v.every(check);
const strings = list(str);

// A plain object (as JSON.parse makes them), not an array.
function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// The number of keys of a plain object.
function keyCount(v: Record<string, unknown>): number {
  return Object.keys(v).length;
}

// An object with exactly these keys, each passing its check: as many keys as fields, and no
// check accepts `undefined`, so any key missing or foreign fails.
const exact = (fields: Record<string, Check>): Check => {
  const entries = Object.entries(fields);
  return (v) => isRecord(v) && keyCount(v) === entries.length && entries.every(([key, check]) => check(v[key]));
};

// An object whose every value passes `check` (approvers and groups, keyed by id).
const record = (check: (value: unknown, key: string) => boolean): Check => (v) =>
  isRecord(v) && Object.entries(v).every(([key, value]) => check(value, key));

// The webhook channel; `fallback_urls` (replicas) may be absent in a policy built by hand.
const webhookFields = { url: str, secret_env: nullOr(str), secret_file: nullOr(str), timeout_s: seconds };
const webhook: Check = (v) => exact(webhookFields)(v) || exact({ ...webhookFields, fallback_urls: strings })(v);
const decision = oneOf('allow', 'approve', 'deny');

const settings = exact({
  default: oneOf('deny', 'approve'),
  approval_timeout_s: seconds,
  max_runtime_s: seconds,
  kill_grace_s: seconds,
  require_reason: bool,
  secure_path: str,
  env_keep: strings,
  redact: strings,
  audit: exact({ db: nullOr(str), checkpoint_key: nullOr(str), checkpoint_interval: count, witness: nullOr(str) }),
  confine: oneOf('required', 'off'),
});

const passkey = exact({ rp_id: str, origin: str, public_key: str, credential_id: nullOr(str) });
const approver = exact({ id: str, name: nullOr(str), users: strings, key: nullOr(str), webauthn: nullOr(passkey), totp: nullOr(str) });

const channels = exact({
  webhook: nullOr(webhook),
  terminal: nullOr(exact({ authenticate: oneOf('none', 'totp') })),
});

const when = exact({
  user: nullOr(strings),
  group: nullOr(strings),
  actor: nullOr(strings),
  host: nullOr(strings),
  cwd: nullOr(strings),
  time: nullOr(strings),
});

const channelList = nullOr(list(oneOf('webhook', 'terminal')));
const risk = nullOr(oneOf('low', 'medium', 'high', 'critical'));

// A list of strings, or null (a plain loop: policies hold tens of thousands of these).
function nullOrStrings(v: unknown): boolean {
  if (v === null) return true;
  if (!Array.isArray(v)) return false;
  for (const item of v) if (typeof item !== 'string') return false;
  return true;
}

// `match` of a rule.
function isMatch(v: unknown): boolean {
  return isRecord(v) && keyCount(v) === 3 && v.command !== null && nullOrStrings(v.command) && nullOrStrings(v.args) && v.options !== null && nullOrStrings(v.options);
}

// A null or whole, non-negative number of seconds.
const nullSeconds = (v: unknown): boolean => v === null || seconds(v);
const nullString = (v: unknown): boolean => v === null || typeof v === 'string';

const ruleConfine = nullOr(
  exact({
    filesystem: nullOr(oneOf('read-only', 'read-write')),
    writable: nullOrStrings,
    network: nullOr(oneOf('host', 'none')),
    terminal: nullOr(oneOf('none', 'inherit')),
  }),
);

// One rule, written out by hand for speed: 14 keys, each checked by name.
function rule(v: unknown): boolean {
  if (!isRecord(v) || keyCount(v) !== 14) return false;
  return (
    typeof v.id === 'string' &&
    nullString(v.description) &&
    isMatch(v.match) &&
    (v.when === null || when(v.when)) &&
    decision(v.decision) &&
    nullOrStrings(v.approvers) &&
    nullSeconds(v.quorum) &&
    channelList(v.channel) &&
    nullSeconds(v.session_ttl_s) &&
    nullSeconds(v.max_runtime_s) &&
    risk(v.risk) &&
    nullString(v.message) &&
    nullString(v.run_as) &&
    ruleConfine(v.confine)
  );
}

const testCase = exact({
  command: nullOr(strings),
  shell: nullOr(str),
  user: nullOr(str),
  actor: nullOr(str),
  cwd: nullOr(str),
  expect: decision,
  where: str,
});

const policy = exact({
  version: (v) => v === 1,
  settings,
  approvers: record((value, key) => approver(value) && (value as { id: unknown }).id === key),
  groups: record(strings),
  channels,
  rules: list(rule),
  tests: list(testCase),
  file: str,
  digest: str,
});

/** True when `value` has exactly the shape of one normalised Rule. */
export function isRuleShape(value: unknown): value is Rule {
  return rule(value);
}

/** True when `value` has exactly the shape of a normalised Policy. */
export function isPolicyShape(value: unknown): value is Policy {
  return policy(value);
}
