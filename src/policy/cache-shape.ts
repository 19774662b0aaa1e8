// The exact shape of a normalised `Policy` (./types.ts), checked on data read back from the
// compiled-policy cache. Anything else, down to one extra key, makes the cache entry unusable
// and the policy is loaded from its YAML instead.
import type { Policy } from './types.js';

type Check = (value: unknown) => boolean;

const str: Check = (v) => typeof v === 'string';
const bool: Check = (v) => typeof v === 'boolean';
const seconds: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const nullOr = (check: Check): Check => (v) => v === null || check(v);
const oneOf = (...values: string[]): Check => (v) => typeof v === 'string' && values.includes(v);
const list = (check: Check): Check => (v) => Array.isArray(v) && v.every(check);
const strings = list(str);

// A plain object (as JSON.parse makes them), not an array.
function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// An object with exactly these keys, each passing its check.
const exact = (fields: Record<string, Check>): Check => (v) => {
  if (!isRecord(v)) return false;
  const keys = Object.keys(v);
  return keys.length === Object.keys(fields).length && keys.every((key) => Object.hasOwn(fields, key) && (fields[key] as Check)(v[key]));
};

// An object whose every value passes `check` (approvers and groups, keyed by id).
const record = (check: (value: unknown, key: string) => boolean): Check => (v) =>
  isRecord(v) && Object.entries(v).every(([key, value]) => check(value, key));

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
  audit: exact({ db: nullOr(str), checkpoint_key: nullOr(str) }),
});

const approver = exact({ id: str, name: nullOr(str), users: strings, key: str, totp: nullOr(str) });

const channels = exact({
  webhook: nullOr(exact({ url: str, secret_env: nullOr(str), timeout_s: seconds })),
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

const rule = exact({
  id: str,
  description: nullOr(str),
  match: exact({ command: strings, args: nullOr(strings), options: strings }),
  when: nullOr(when),
  decision,
  approvers: nullOr(strings),
  quorum: nullOr(seconds),
  channel: nullOr(list(oneOf('webhook', 'terminal'))),
  session_ttl_s: nullOr(seconds),
  max_runtime_s: nullOr(seconds),
  risk: nullOr(oneOf('low', 'medium', 'high', 'critical')),
  message: nullOr(str),
  run_as: nullOr(str),
});

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

/** True when `value` has exactly the shape of a normalised Policy. */
export function isPolicyShape(value: unknown): value is Policy {
  return policy(value);
}
