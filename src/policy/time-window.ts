// `when.time` windows (SPEC §4.1), judged in the machine's local time:
//   `Mon-Fri 08:00-18:00`, `Sat,Sun 10:00-12:00`, `08:00-18:00` (every day), `22:00-06:00`.
// Start is inclusive, end exclusive. A window whose end is not after its start crosses
// midnight and belongs to the day it starts on: `Fri 22:00-06:00` covers Friday 22:00 to
// Saturday 06:00. Day ranges wrap around the week (`Fri-Mon`). `24:00` is allowed as an end.

/** A parsed window: `days[d]` for Date#getDay() numbering (0 = Sunday), minutes since midnight. */
export interface TimeWindow {
  days: boolean[];
  start_min: number;
  end_min: number;
  /** The text it was parsed from, for messages. */
  text: string;
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

// Index of a three-letter day name, any case.
function dayIndex(name: string, text: string): number {
  const index = DAY_NAMES.indexOf(name.toLowerCase());
  if (index === -1) throw new Error(`invalid time window ${JSON.stringify(text)}: unknown day ${JSON.stringify(name)} (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)`);
  return index;
}

// The set of days named by `Mon-Fri`, `Sat,Sun` or `Mon-Wed,Fri`.
function parseDays(spec: string, text: string): boolean[] {
  const days = new Array<boolean>(7).fill(false);
  for (const part of spec.split(',')) {
    const bounds = part.split('-');
    if (bounds.length > 2 || bounds.some((b) => b === '')) throw new Error(`invalid time window ${JSON.stringify(text)}: bad day list ${JSON.stringify(spec)}`);
    const first = dayIndex(bounds[0] ?? '', text);
    const last = dayIndex(bounds[1] ?? bounds[0] ?? '', text);
    for (let d = first; ; d = (d + 1) % 7) {
      days[d] = true;
      if (d === last) break;
    }
  }
  return days;
}

// Minutes since midnight for `HH:MM` (`24:00` only where allowed).
function parseClock(clock: string, text: string, allow24: boolean): number {
  const m = /^([0-9]{1,2}):([0-9]{2})$/.exec(clock);
  const hours = Number(m?.[1]);
  const minutes = Number(m?.[2]);
  const ok = m !== null && minutes < 60 && (hours < 24 || (allow24 && hours === 24 && minutes === 0));
  if (!ok) throw new Error(`invalid time window ${JSON.stringify(text)}: bad time ${JSON.stringify(clock)} (use HH:MM, 00:00 to 23:59)`);
  return hours * 60 + minutes;
}

/**
 * Parses a `when.time` value.
 * @throws Error with a one-line message on bad syntax or an empty window.
 */
export function parseTimeWindow(text: string): TimeWindow {
  const words = text.trim().split(/\s+/);
  if (words.length === 0 || words.length > 2 || words[0] === '') {
    throw new Error(`invalid time window ${JSON.stringify(text)}: expected [DAYS] HH:MM-HH:MM, like "Mon-Fri 08:00-18:00"`);
  }
  const range = words[words.length - 1] ?? '';
  const days = words.length === 2 ? parseDays(words[0] ?? '', text) : new Array<boolean>(7).fill(true);
  const clocks = range.split('-');
  if (clocks.length !== 2 || !range.includes(':')) throw new Error(`invalid time window ${JSON.stringify(text)}: expected a time range like 08:00-18:00`);
  const start_min = parseClock(clocks[0] ?? '', text, false);
  const end_min = parseClock(clocks[1] ?? '', text, true);
  if (start_min === end_min) throw new Error(`invalid time window ${JSON.stringify(text)}: start and end are the same time`);
  return { days, start_min, end_min, text };
}

/** True when `at` (local time) falls inside the window. */
export function inTimeWindow(w: TimeWindow, at: Date): boolean {
  const day = at.getDay();
  const minute = at.getHours() * 60 + at.getMinutes();
  if (w.start_min < w.end_min) return w.days[day] === true && minute >= w.start_min && minute < w.end_min;
  // Crosses midnight: the evening part belongs to today, the morning part to yesterday.
  const yesterday = (day + 6) % 7;
  return (w.days[day] === true && minute >= w.start_min) || (w.days[yesterday] === true && minute < w.end_min);
}
