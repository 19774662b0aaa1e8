// `approve-run config get|set|list`: per-user preferences in the `conf` store (SPEC §3).
// They never affect a decision (see src/config/preferences.ts).
import type { Context } from '../context.js';
import { ApproveRunError, privilegedRefusal, usageError } from '../errors.js';
import {
  isPreferenceKey,
  PREFERENCE_KEYS,
  preferencesDir,
  readPreferences,
  type PreferenceKey,
  type Preferences,
} from '../config/preferences.js';

export type ConfigOptions = { action: 'get'; key: string } | { action: 'set'; key: string; value: string } | { action: 'list' };

// The key, or a usage error listing the known ones.
function knownKey(key: string): PreferenceKey {
  if (!isPreferenceKey(key)) throw usageError(`unknown preference ${JSON.stringify(key)} (known: ${Object.keys(PREFERENCE_KEYS).join(', ')})`);
  return key;
}

// The value to show for a key: the stored one, else its default (null: none).
function shown(prefs: Preferences, key: PreferenceKey): string | null {
  return prefs[key] ?? PREFERENCE_KEYS[key].fallback;
}

// Writes one preference through `conf`, creating ~/.config/approve-run/config.json (0600).
async function store(ctx: Context, key: PreferenceKey, value: string): Promise<void> {
  const { default: Conf } = await import('conf');
  const cwd = preferencesDir(ctx);
  try {
    const conf = new Conf<Record<string, unknown>>({
      projectName: 'approve-run',
      projectSuffix: '',
      cwd,
      configName: 'config',
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
    });
    conf.set(key, value);
  } catch (error) {
    throw new ApproveRunError('internal', `cannot write preferences in ${cwd}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/** Runs `config get KEY`, `config set KEY VALUE` or `config list`; resolves to the exit code. */
export async function runConfig(options: ConfigOptions, ctx: Context): Promise<number> {
  const warn = (message: string) => ctx.stderr.write(`approve-run: warning: ${message}\n`);
  if (options.action === 'list') {
    const prefs = ctx.preferences ?? readPreferences(ctx, warn);
    for (const key of Object.keys(PREFERENCE_KEYS) as PreferenceKey[]) {
      const value = shown(prefs, key);
      if (value !== null) ctx.stdout.write(`${key}=${value}\n`);
    }
    return 0;
  }
  const key = knownKey(options.key);
  if (options.action === 'get') {
    const value = shown(ctx.preferences ?? readPreferences(ctx, warn), key);
    if (value !== null) ctx.stdout.write(`${value}\n`);
    return 0;
  }
  if (ctx.identity.privileged) throw privilegedRefusal('config set is refused in privileged mode: set preferences as yourself, without sudo');
  const rule = PREFERENCE_KEYS[key];
  if (!rule.valid(options.value)) throw usageError(`invalid value ${JSON.stringify(options.value)} for ${key}: expected ${rule.expected}`);
  await store(ctx, key, options.value);
  return 0;
}
