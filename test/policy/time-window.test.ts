import { describe, expect, it } from 'vitest';
import { inTimeWindow, parseTimeWindow } from '../../src/policy/time-window.js';

// 2026-11-16 is a Monday. Local time, as the decision module judges it.
const at = (day: number, hhmm: string): Date => {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(2026, 10, 16 + day, h, m, 0, 0);
};
const MON = 0, TUE = 1, WED = 2, FRI = 4, SAT = 5, SUN = 6;

describe('parseTimeWindow', () => {
  it('reads days and minutes', () => {
    const w = parseTimeWindow('Mon-Fri 08:00-18:00');
    expect(w.days).toEqual([false, true, true, true, true, true, false]);
    expect([w.start_min, w.end_min]).toEqual([480, 1080]);
  });

  it('wraps day ranges around the week', () => {
    expect(parseTimeWindow('Fri-Mon 00:00-24:00').days).toEqual([true, true, false, false, false, true, true]);
  });

  it('accepts lists, mixed lists and any case', () => {
    expect(parseTimeWindow('Sat,Sun 10:00-12:00').days).toEqual([true, false, false, false, false, false, true]);
    expect(parseTimeWindow('mon-WED,fri 9:00-17:30').days).toEqual([false, true, true, true, false, true, false]);
  });

  it('means every day without a day list', () => {
    expect(parseTimeWindow('08:00-18:00').days.every(Boolean)).toBe(true);
  });

  it.each([
    ['', /expected/],
    ['Mon-Fri', /time range/],
    ['Mon-Fry 08:00-18:00', /unknown day "Fry"/],
    ['Mon- 08:00-18:00', /bad day list/],
    ['Mon-Tue-Wed 08:00-18:00', /bad day list/],
    ['Mon 8-18', /time range like 08:00-18:00/],
    ['Mon 8:00-1800', /bad time "1800"/],
    ['Mon 08:00-25:00', /bad time "25:00"/],
    ['Mon 24:00-06:00', /bad time "24:00"/],
    ['Mon 08:60-09:00', /bad time "08:60"/],
    ['Mon 08:00-08:00', /same time/],
    ['Mon 08:00', /time range/],
    ['Mon 08:00-09:00-10:00', /time range/],
    ['Mon Tue 08:00-09:00', /expected/],
  ])('rejects %j', (text, message) => {
    expect(() => parseTimeWindow(text)).toThrow(message);
  });
});

describe('inTimeWindow', () => {
  it.each([
    ['Mon-Fri 08:00-18:00', MON, '08:00', true],
    ['Mon-Fri 08:00-18:00', MON, '07:59', false],
    ['Mon-Fri 08:00-18:00', FRI, '17:59', true],
    ['Mon-Fri 08:00-18:00', FRI, '18:00', false],
    ['Mon-Fri 08:00-18:00', SAT, '12:00', false],
    ['Fri-Mon 10:00-12:00', SUN, '11:00', true],
    ['Fri-Mon 10:00-12:00', TUE, '11:00', false],
    ['08:00-18:00', SUN, '09:00', true],
    ['00:00-24:00', WED, '23:59', true],
    // Crossing midnight: the morning part belongs to the day before.
    ['22:00-06:00', WED, '23:30', true],
    ['22:00-06:00', WED, '05:59', true],
    ['22:00-06:00', WED, '06:00', false],
    ['22:00-06:00', WED, '21:59', false],
    ['Fri 22:00-06:00', FRI, '22:00', true],
    ['Fri 22:00-06:00', SAT, '05:00', true],
    ['Fri 22:00-06:00', FRI, '05:00', false],
    ['Fri 22:00-06:00', SAT, '23:00', false],
    ['Sun 23:00-01:00', MON, '00:30', true],
  ])('%s on day %i at %s: %s', (text, day, clock, expected) => {
    expect(inTimeWindow(parseTimeWindow(text), at(day, clock))).toBe(expected);
  });
});
