// The policy file's shape (SPEC §4), as a zod schema. Objects are strict: an unknown key is an
// error everywhere. The same schema produces policy.schema.json (./json-schema.ts) for editors.
// Cross-references (approvers, groups, quorum, duplicate ids) are checked in ./cross-check.ts.
import { z } from 'zod';
import { DEFAULT_ENV_KEEP, DEFAULT_SECURE_PATH } from './types.js';
import {
  absolutePath, approverRef, commandPattern, duration, ed25519Key, envKeepEntry, envName, id, nameGlob,
  oneOrMany, optionName, pathGlob, redactRegex, securePath, timeWindow, tokenPattern, userName, webhookUrl, writablePath,
} from './schema-fields.js';
import { webauthnCredential } from './webauthn-field.js';

const decision = z.enum(['allow', 'approve', 'deny']);

const settings = z.strictObject({
  default: z.enum(['deny', 'approve']).default('deny').describe('Decision when no rule matches'),
  approval_timeout: duration.default('5m').describe('How long to wait for approvers; then the outcome is approval_expired'),
  max_runtime: duration.default('1h').describe('Hard cap on any run'),
  kill_grace: duration.default('10s').describe('Time between SIGTERM and SIGKILL at a deadline'),
  require_reason: z.boolean().default(false).describe('Refuse runs without --reason'),
  secure_path: securePath.default(DEFAULT_SECURE_PATH).describe('PATH used to resolve commands and given to the child'),
  env_keep: z.array(envKeepEntry).default([...DEFAULT_ENV_KEEP]).describe('Variables kept from the caller (NAME or PREFIX*)'),
  redact: z.array(redactRegex).default([]).describe('ECMAScript regexes (case-insensitive) replaced in logs and requests'),
  audit: z
    .strictObject({
      db: absolutePath.nullable().default(null).describe('Audit database; null or absent: the default location'),
      checkpoint_key: absolutePath.nullable().default(null).describe('Ed25519 private key that signs checkpoints'),
      checkpoint_interval: z
        .int()
        .min(1)
        .max(1_000_000)
        .default(1)
        .describe('Sign a checkpoint after a run once at least this many entries were added since the last one (1: after every run)'),
      witness: webhookUrl.nullable().default(null).describe('Witness (an approval service\'s public_url) each checkpoint is submitted to for a cosignature (SPEC §15); null: none'),
    })
    .prefault({}),
  confine: z.enum(['required', 'off']).default('required').describe('required: every run is sandboxed with bubblewrap (SPEC §9); off: no sandbox (linted)'),
});

const approver = z
  .strictObject({
    name: z.string().min(1).optional().describe('Display name'),
    users: z.array(userName).default([]).describe('Unix users this approver is; they can never approve their own requests'),
    key: ed25519Key.optional().describe('ed25519:<base64 raw public key>, as written by approve-run keygen (key or webauthn, or both)'),
    webauthn: webauthnCredential.optional().describe('The approver\'s passkey, for decisions signed in the web inbox (SPEC §13)'),
    totp: absolutePath.optional().describe('File holding the RFC 6238 secret, for terminal authenticate: totp'),
  })
  .refine((a) => a.key !== undefined || a.webauthn !== undefined, { message: 'an approver needs key (ed25519) or webauthn (a passkey), or both' })
  .meta({ anyOf: [{ required: ['key'] }, { required: ['webauthn'] }] });

/** Most replicas a webhook may list (`url: [a, b, ...]`). */
const MAX_WEBHOOK_URLS = 8;

const channels = z.strictObject({
  webhook: z
    .strictObject({
      url: z
        .union([webhookUrl, z.array(webhookUrl).min(1).max(MAX_WEBHOOK_URLS)], { error: (issue) => (issue.input === undefined ? undefined : `expected an http(s) URL or a list of 1 to ${MAX_WEBHOOK_URLS} of them`) })
        .refine((u) => typeof u === 'string' || new Set(u).size === u.length, 'the same url is listed twice')
        .describe('http(s) URL that receives approval requests, or a list of replicas of one approval service tried in order (failover, SPEC §15)'),
      secret_env: envName.optional().describe('Environment variable holding the HMAC secret (refused in privileged mode: sudo clears the environment)'),
      secret_file: absolutePath.optional().describe('File holding the HMAC secret: root-owned, mode 0600 or 0400, in a root-owned directory nobody else can write'),
      timeout: duration.default('10s').describe('Timeout of each HTTP exchange'),
    })
    .refine((w) => w.secret_env === undefined || w.secret_file === undefined, { message: 'give the webhook secret by secret_env or secret_file, not both', path: ['secret_file'] })
    .optional(),
  terminal: z
    .strictObject({ authenticate: z.enum(['none', 'totp']).default('none').describe('none | totp') })
    .optional(),
});

const match = z.strictObject({
  command: oneOrMany(commandPattern, 'a command name, glob or absolute path').describe('Bare name, glob over the name, absolute path, or "*"'),
  args: z.array(tokenPattern).optional().describe('Token patterns for argv[1..]: literal, glob, re:<regex>, or "**"'),
  options: z.array(optionName).optional().describe('Options that must all be present anywhere'),
});

const when = z.strictObject({
  user: oneOrMany(nameGlob, 'a user name glob').optional(),
  group: oneOrMany(nameGlob, 'a group name glob').optional(),
  actor: oneOrMany(nameGlob, 'an actor label glob').optional(),
  host: oneOrMany(nameGlob, 'a host name glob').optional(),
  cwd: oneOrMany(pathGlob, 'an absolute path glob').optional(),
  time: oneOrMany(timeWindow, 'a time window like "Mon-Fri 08:00-18:00"').optional(),
});

const confine = z.strictObject({
  filesystem: z.enum(['read-only', 'read-write']).optional().describe('Default: read-only for allow decisions, read-write for approve decisions'),
  writable: z.array(writablePath).optional().describe('Absolute path globs writable even under read-only (default: none)'),
  network: z.enum(['host', 'none']).optional().describe('none: only a loopback interface of its own (default: host)'),
  terminal: z.enum(['none', 'inherit']).optional().describe("inherit: the caller's terminal, e.g. for an editor (default: none)"),
});

const rule = z.strictObject({
  id: id('a rule id'),
  description: z.string().optional(),
  match,
  when: when.optional().describe('Conditions that must all hold'),
  decision,
  approvers: oneOrMany(approverRef, 'an approver id or group:<name>').optional(),
  quorum: z.int().min(1).optional().describe('Distinct approvals needed'),
  channel: oneOrMany(z.enum(['webhook', 'terminal']), 'webhook or terminal').optional(),
  session_ttl: duration.optional().describe('Identical requests within this time reuse the approval'),
  max_runtime: duration.optional(),
  risk: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  message: z.string().optional().describe('Shown when this rule denies'),
  run_as: userName.optional().describe('User the command runs as in privileged mode (default root)'),
  confine: confine.optional().describe('What the command may touch (SPEC §9); the most restrictive value of each field wins'),
});

/** One policy test case (SPEC §4.6), inline under `tests:` or in a `policy test` file. */
export const testCaseSchema = z
  .strictObject({
    command: z.array(z.string()).min(1).optional().describe('argv'),
    shell: z.string().min(1).optional().describe('a shell command line'),
    user: userName.optional(),
    actor: z.string().min(1).optional(),
    cwd: absolutePath.optional(),
    expect: decision,
  })
  .refine((c) => (c.command === undefined) !== (c.shell === undefined), { message: 'a test case needs exactly one of command or shell' });

/** The whole policy file. */
export const policySchema = z
  .strictObject({
    version: z.literal(1, { error: (issue) => `unsupported policy version ${JSON.stringify(issue.input)}; this approve-run reads version 1` }),
    settings: settings.prefault({}),
    approvers: z.record(id('an approver id'), approver).default({}),
    groups: z.record(id('a group name'), z.array(id('an approver id')).min(1)).default({}),
    channels: channels.prefault({}),
    rules: z.array(rule),
    tests: z.array(testCaseSchema).default([]),
  })
  .meta({ title: 'approve-run policy', description: 'Policy for approve-run (version 1). Unknown keys are errors.' });

/** The validated file, before normalisation into `Policy`. */
export type PolicyDocument = z.output<typeof policySchema>;
export type RuleDocument = PolicyDocument['rules'][number];
export type TestCaseDocument = z.output<typeof testCaseSchema>;
