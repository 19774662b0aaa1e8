// Deadlines: max_runtime (lowered by --timeout), session expiry, and the stop message.
import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../../src/decide/types.js';
import { effectiveMaxRuntime, runDeadline, stoppedMessage } from '../../src/exec/deadline.js';
import type { Policy } from '../../src/policy/types.js';

// Just enough of a policy for max_runtime: settings only (the rules are the evaluation's).
function policy(maxRuntimeS: number): Policy {
  return { settings: { max_runtime_s: maxRuntimeS } } as unknown as Policy;
}
function evaluation(maxRuntimeS: number, decidedBy: string[]): Evaluation {
  return { max_runtime_s: maxRuntimeS, max_runtime_rule: decidedBy[0] ?? null, decided_by: decidedBy } as unknown as Evaluation;
}

describe('effectiveMaxRuntime', () => {
  const p = policy(3600);

  it('names the deciding rule whose max_runtime applies', () => {
    expect(effectiveMaxRuntime(p, evaluation(120, ['restart-web']), null)).toEqual({ seconds: 120, label: 'max_runtime of restart-web' });
  });

  it('names settings when no deciding rule set it', () => {
    expect(effectiveMaxRuntime(p, evaluation(3600, []), null)).toEqual({ seconds: 3600, label: 'settings.max_runtime' });
  });

  it('--timeout lowers it', () => {
    expect(effectiveMaxRuntime(p, evaluation(120, ['restart-web']), 30)).toEqual({ seconds: 30, label: '--timeout' });
  });

  it('--timeout never raises it', () => {
    expect(effectiveMaxRuntime(p, evaluation(120, ['restart-web']), 7200)).toEqual({ seconds: 120, label: 'max_runtime of restart-web' });
  });

  it('never exceeds settings.max_runtime even if the evaluation says more', () => {
    expect(effectiveMaxRuntime(p, evaluation(99_999, []), null).seconds).toBe(3600);
  });
});

describe('runDeadline', () => {
  const start = new Date('2026-11-21T12:00:00.000Z');
  const max = { seconds: 120, label: 'max_runtime of restart-web' };

  it('is start + max_runtime without a session', () => {
    expect(runDeadline(1000, start, max, null)).toEqual({ atMs: 121_000, label: 'max_runtime of restart-web' });
  });

  it('is the session expiry when that comes first', () => {
    const session = { id: 'ses_1', expiresAt: new Date(start.getTime() + 45_000) };
    expect(runDeadline(1000, start, max, session)).toEqual({ atMs: 46_000, label: 'expiry of session ses_1' });
  });

  it('stays max_runtime when the session outlives it, or has no expiry of its own', () => {
    expect(runDeadline(0, start, max, { id: 's', expiresAt: new Date(start.getTime() + 900_000) }).atMs).toBe(120_000);
    expect(runDeadline(0, start, max, { id: 's', expiresAt: null }).atMs).toBe(120_000);
  });
});

describe('stoppedMessage', () => {
  it.each([
    [120_000, 'max_runtime of restart-web', 'stopped after 2m (max_runtime of restart-web)'],
    [3_600_000, 'settings.max_runtime', 'stopped after 1h (settings.max_runtime)'],
    [44_200, 'expiry of session ses_1', 'stopped after 45s (expiry of session ses_1)'],
  ])('%i ms → %s', (ms, label, text) => {
    expect(stoppedMessage({ atMs: 500 + ms, label }, 500)).toBe(text);
  });

  it('is not thrown off by fractional monotonic time', () => {
    const start = 4242.123456789;
    const deadline = runDeadline(start, new Date(), { seconds: 1, label: 'x' }, null);
    expect(stoppedMessage(deadline, start)).toBe('stopped after 1s (x)');
    expect(stoppedMessage({ atMs: 0.1 + 0.2 + 60_000, label: 'y' }, 0.30000000000000004)).toBe('stopped after 1m (y)');
  });
});
