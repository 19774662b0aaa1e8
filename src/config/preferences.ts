// Per-user preferences (SPEC §3): an actor label, colour and output style, kept in the
// `conf` store at ~/.config/approve-run/config.json. This module validates them and reads
// them cheaply for the run path; `approve-run config` writes them through `conf`.
// Invariants:
//   1. No preference ever takes part in a decision: the actor preference is only a label,
//      never matched against `when.actor` (only an explicit --actor is).
//   2. The directory comes from /etc/passwd's home (XDG_CONFIG_HOME only outside privileged
//      mode); HOME is never read.
//   3. In privileged mode the file must be a regular file owned by the requester and is opened
//      without following symlinks, with the requester's rights (src/files/as-invoker.ts), so
//      root never reads a file the requester points it at.
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Context } from '../context.js';
import { asInvoker } from '../files/as-invoker.js';

export interface Preferences {
  actor?: string;
  color?: 'auto' | 'always' | 'never';
  output?: 'text' | 'json';
}

export type PreferenceKey = keyof Preferences;

const ACTOR = /^[\x21-\x7e](?:[\x20-\x7e]{0,126}[\x21-\x7e])?$/;

/** Each key with its validator and the message for a bad value. */
export const PREFERENCE_KEYS: Record<PreferenceKey, { valid: (value: string) => boolean; expected: string; fallback: string | null }> = {
  actor: { valid: (v) => ACTOR.test(v), expected: '1-128 printable ASCII characters, e.g. agent:claude-code', fallback: null },
  color: { valid: (v) => ['auto', 'always', 'never'].includes(v), expected: 'auto, always or never', fallback: 'auto' },
  output: { valid: (v) => ['text', 'json'].includes(v), expected: 'text or json', fallback: 'text' },
};

/** True if `key` is a known preference. */
export function isPreferenceKey(key: string): key is PreferenceKey {
  return Object.hasOwn(PREFERENCE_KEYS, key);
}

/** Keeps only known keys with valid string values. */
export function validPreferences(data: unknown): Preferences {
  const prefs: Record<string, string> = {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return prefs;
  for (const [key, value] of Object.entries(data)) {
    if (isPreferenceKey(key) && typeof value === 'string' && PREFERENCE_KEYS[key].valid(value)) prefs[key] = value;
  }
  return prefs as Preferences;
}

/** The preferences directory: $XDG_CONFIG_HOME/approve-run (not privileged) or ~/.config/approve-run. */
export function preferencesDir(ctx: Pick<Context, 'identity' | 'env'>): string {
  const xdg = ctx.identity.privileged ? undefined : ctx.env.XDG_CONFIG_HOME;
  const base = xdg !== undefined && xdg !== '' && isAbsolute(xdg) ? xdg : join(ctx.identity.home, '.config');
  return join(base, 'approve-run');
}

/** The store's file inside `preferencesDir`. */
export const PREFERENCES_FILE = 'config.json';

/** Reads preferences for the run path; a missing file is empty, an unusable one is reported and ignored. */
export function readPreferences(ctx: Pick<Context, 'identity' | 'env'>, warn: (message: string) => void): Preferences {
  const path = join(preferencesDir(ctx), PREFERENCES_FILE);
  let text: string;
  try {
    text = ctx.identity.privileged ? asInvoker(ctx.identity, () => readOwnedBy(path, ctx.identity.requester.uid)) : readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') warn(`ignoring preferences ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return {};
  }
  try {
    return validPreferences(JSON.parse(text));
  } catch {
    warn(`ignoring preferences ${path}: not valid JSON`);
    return {};
  }
}

// Reads a small regular file owned by `uid`, refusing symlinks (invariant 3).
function readOwnedBy(path: string, uid: number): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.uid !== uid || stats.size > 65_536) throw new Error('not a small regular file owned by the requester');
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
