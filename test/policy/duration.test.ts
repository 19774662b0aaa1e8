import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/policy/duration.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90],
    ['1s', 1],
    ['15m', 900],
    ['2h', 7200],
    ['1d', 86_400],
    ['366d', 366 * 86_400],
    ['120m', 7200],
  ])('%s is %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', '0s', '00m', '05m', '-5m', '5', 'm', '1.5h', '1h30m', '5 m', ' 5m', '5m ', '5M', '5w', '5ms', 'five', '367d', '99999999999999999999s', '1e3s', '0x10s'])(
    'rejects %j with a clear message',
    (text) => {
      expect(() => parseDuration(text)).toThrow(/invalid duration/);
    },
  );
});

describe('formatDuration', () => {
  it.each([
    [900, '15m'],
    [90, '90s'],
    [7200, '2h'],
    [86_400, '1d'],
    [3660, '61m'],
  ])('%i seconds is %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
