import { describe, expect, it } from 'vitest';
import type { RuleWhen } from '../../src/policy/types.js';
import type { DecisionInput } from '../../src/decide/types.js';
import { decide, policy, rule } from './world.js';

const NONE: RuleWhen = { user: null, group: null, actor: null, host: null, cwd: null, time: null };

// Whether an allow rule with this `when` lets `sed x` through for the (default) request.
function allowed(when: Partial<RuleWhen>, request: Partial<DecisionInput> = {}): boolean {
  const p = policy([rule('r', 'allow', { command: ['sed'] }, { when: { ...NONE, ...when } })]);
  return decide(p, ['sed', 'x'], request).decision === 'allow';
}

describe('when conditions (requester deploy, groups deploy+www, actor agent:ci, host web-1, cwd /srv/app, Wednesday 10:30)', () => {
  const cases: [name: string, when: Partial<RuleWhen>, request: Partial<DecisionInput>, expected: boolean][] = [
    ['no conditions', {}, {}, true],
    ['user literal', { user: ['deploy'] }, {}, true],
    ['user other', { user: ['root'] }, {}, false],
    ['user glob', { user: ['dep*'] }, {}, true],
    ['user any of a list', { user: ['alice', 'deploy'] }, {}, true],
    ['group secondary', { group: ['www'] }, {}, true],
    ['group glob', { group: ['w?w'] }, {}, true],
    ['group not held', { group: ['wheel'] }, {}, false],
    ['actor glob', { actor: ['agent:*'] }, {}, true],
    ['actor other', { actor: ['human:*'] }, {}, false],
    ['actor null never matches', { actor: ['*'] }, { actor: null }, false],
    ['actor null without condition', {}, { actor: null }, true],
    ['host glob', { host: ['web-*'] }, {}, true],
    ['host any case', { host: ['WEB-1'] }, {}, true],
    ['host other', { host: ['db-*'] }, {}, false],
    ['cwd globstar', { cwd: ['/srv/**'] }, {}, true],
    ['cwd exact', { cwd: ['/srv/app'] }, {}, true],
    ['cwd outside', { cwd: ['/etc/**'] }, {}, false],
    ['cwd normalised before matching', { cwd: ['/srv/**'] }, { cwd: '/srv/app/../../etc' }, false],
    ['cwd normalised: ..', { cwd: ['/etc'] }, { cwd: '/srv/app/../../etc' }, true],
    ['cwd trailing slash', { cwd: ['/srv/app'] }, { cwd: '/srv/app/' }, true],
    ['time inside', { time: ['Mon-Fri 08:00-18:00'] }, {}, true],
    ['time other days', { time: ['Sat,Sun 08:00-18:00'] }, {}, false],
    ['time other hours', { time: ['22:00-06:00'] }, {}, false],
    ['time any of a list', { time: ['22:00-06:00', 'Wed 10:00-11:00'] }, {}, true],
    ['time at night', { time: ['22:00-06:00'] }, { now: new Date(2026, 10, 18, 23, 15) }, true],
    ['all hold', { user: ['deploy'], host: ['web-*'], cwd: ['/srv/**'], actor: ['agent:*'], time: ['Mon-Fri 08:00-18:00'] }, {}, true],
    ['one fails', { user: ['deploy'], host: ['db-*'], cwd: ['/srv/**'] }, {}, false],
  ];
  it.each(cases)('%s', (_name, when, request, expected) => {
    expect(allowed(when, request)).toBe(expected);
  });

  it('a deny rule whose condition fails does not deny', () => {
    const p = policy([
      rule('ok', 'allow', { command: ['sed'] }),
      rule('night', 'deny', { command: ['sed'] }, { when: { ...NONE, time: ['22:00-06:00'] } }),
    ]);
    expect(decide(p, ['sed', 'x']).decision).toBe('allow');
    expect(decide(p, ['sed', 'x'], { now: new Date(2026, 10, 18, 23, 0) }).decision).toBe('deny');
  });
});
