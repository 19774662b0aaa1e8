// Field types shared by the policy schema (./schema.ts): durations, names, paths, keys and
// patterns. Each carries its own check, so a bad value is reported at its own line and column.
import { z } from 'zod';
import { checkEnvKeep } from './env-keep.js';
import { DURATION_PATTERN, parseDuration } from './duration.js';
import { parseTimeWindow } from './time-window.js';
import { checkCommandPattern, checkNameGlob, checkOption, checkPathGlob, checkRegex, checkTokenPattern, checkWritablePath } from './patterns.js';

type Check = (value: string) => string | null;

// A string schema that reports `check`'s message as a custom issue.
function checkedString(check: Check): z.ZodString {
  return z.string().superRefine((value, ctx) => {
    const problem = check(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });
}

// Turns a throwing parser into a Check.
function parses(parse: (text: string) => unknown): Check {
  return (value) => {
    try {
      parse(value);
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
}

/** One value or a non-empty list of them (normalised to a list later). */
export function oneOrMany<T extends z.ZodType>(item: T, what: string) {
  return z.union([item, z.array(item).min(1)], { error: `expected ${what} or a non-empty list of them` });
}

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const ID_HINT = 'letters, digits, "_", "." and "-", starting with a letter or digit, at most 64 characters';

/** A rule, approver or group id. */
export const id = (what: string) => z.string().regex(ID_PATTERN, `${what} must be ${ID_HINT}`);

/** A Unix user name (approver users, run_as, test cases). */
export const userName = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/, 'expected a user name');

/** An absolute file path. */
export const absolutePath = z.string().regex(/^\/[^\0]*$/, 'expected an absolute path (starting with /)');

/** An environment variable name. */
export const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name');

/** `90s`, `15m`, `2h`, `1d`. */
export const duration = z
  .string()
  .regex(DURATION_PATTERN, { error: 'expected a duration like 90s, 15m, 2h or 1d', abort: true })
  .superRefine((value, ctx) => {
    const problem = parses(parseDuration)(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

// `ed25519:` + canonical padded base64 of exactly 32 bytes.
function checkEd25519Key(key: string): string | null {
  const b64 = /^ed25519:([A-Za-z0-9+/]+={0,2})$/.exec(key)?.[1];
  const ok = b64 !== undefined && Buffer.from(b64, 'base64').length === 32 && Buffer.from(b64, 'base64').toString('base64') === b64;
  return ok ? null : 'expected "ed25519:" followed by the base64 of a 32-byte Ed25519 public key (as written by approve-run keygen)';
}

// An http(s) URL with a host.
function checkWebhookUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `invalid URL ${JSON.stringify(url)}`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `webhook url must use http or https, not ${parsed.protocol.replace(/:$/, '')}`;
  if (parsed.hostname === '') return 'webhook url has no host';
  return null;
}

// Colon-separated absolute directories.
function checkSecurePath(path: string): string | null {
  const bad = path.split(':').find((dir) => !dir.startsWith('/'));
  return bad === undefined ? null : `secure_path entries must be absolute directories, not ${JSON.stringify(bad)}`;
}

export const ed25519Key = z
  .string()
  .regex(/^ed25519:[A-Za-z0-9+/]{43}=$/, { error: (issue) => checkEd25519Key(String(issue.input)) ?? 'invalid key', abort: true })
  .superRefine((value, ctx) => {
    const problem = checkEd25519Key(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });
export const webhookUrl = checkedString(checkWebhookUrl);
export const securePath = checkedString(checkSecurePath);
export const envKeepEntry = checkedString(checkEnvKeep);
export const redactRegex = checkedString(checkRegex);
export const commandPattern = checkedString(checkCommandPattern);
export const tokenPattern = checkedString(checkTokenPattern);
export const optionName = checkedString(checkOption);
export const nameGlob = checkedString(checkNameGlob);
export const pathGlob = checkedString(checkPathGlob);
export const writablePath = checkedString(checkWritablePath);
export const timeWindow = checkedString(parses(parseTimeWindow));

/** `alice` or `group:sre`. */
export const approverRef = z.string().regex(/^(group:)?[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected an approver id or group:<name>');
