// STUB: expands a request into the simple commands it would run (SPEC §4.3, §4.4).
// The full version unwraps wrappers, recurses into `sh -c`, parses --shell lines, and
// attaches escalations. This stub treats argv as one command with no escalations.
import type { Settings } from '../policy/types.js';
import type { Expansion } from './types.js';

export async function expandRequest(
  input: { argv: string[]; shell: string | null },
  _settings: Settings,
): Promise<Expansion> {
  if (input.shell !== null) return { candidates: [], reasons: ['shell lines are not analysed yet'] };
  return { candidates: [{ argv: input.argv, env: [], role: 'command', escalations: [] }], reasons: [] };
}
