// Durations as written in policies and on the command line (SPEC §2): a positive integer and
// one unit, `90s`, `15m`, `2h`, `1d`. Nothing else: no fractions, no spaces, no combinations.

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** The accepted form, also used as the JSON Schema pattern. */
export const DURATION_PATTERN = /^[1-9][0-9]*[smhd]$/;

/** Longest accepted duration: one year, far below any timer or integer limit. */
export const MAX_DURATION_S = 366 * 86_400;

/**
 * Parses a duration into whole seconds.
 * @throws Error with a one-line message for anything but `<positive integer><s|m|h|d>`.
 */
export function parseDuration(text: string): number {
  if (!DURATION_PATTERN.test(text)) {
    throw new Error(`invalid duration ${JSON.stringify(text)}: expected a positive whole number and one unit, like 90s, 15m, 2h or 1d`);
  }
  const unit = text.slice(-1);
  const seconds = Number(text.slice(0, -1)) * (UNIT_SECONDS[unit] ?? Number.NaN);
  if (!Number.isSafeInteger(seconds) || seconds > MAX_DURATION_S) {
    throw new Error(`invalid duration ${JSON.stringify(text)}: longer than the maximum of 366d`);
  }
  return seconds;
}

/** Formats seconds back into the largest exact unit (`900` → `15m`), for messages. */
export function formatDuration(seconds: number): string {
  for (const unit of ['d', 'h', 'm'] as const) {
    const size = UNIT_SECONDS[unit] ?? 1;
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
