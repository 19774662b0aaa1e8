// The web inbox's own configuration section (`inbox:` in the service configuration, SPEC §13):
// how long sign-in sessions and enrolment links live. Everything has a safe default, so the
// section may be left out.
import { z } from 'zod';
import { parseDuration } from '../../policy/duration.js';
import { duration } from '../../policy/schema-fields.js';

/** The `inbox:` section's schema (strict, like every object of the configuration). */
export const inboxConfigSchema = z
  .strictObject({
    session_ttl: duration.default('8h').describe('A signed-in session ends this long after sign-in, whatever happens'),
    idle_timeout: duration.default('30m').describe('A session unused this long ends'),
    enrol_ttl: duration.default('15m').describe('How long an enrolment link (approve-run serve enroll) stays valid'),
  })
  .describe('The web inbox: session and enrolment-link lifetimes');

export type InboxConfigDocument = z.output<typeof inboxConfigSchema>;

/** The inbox's lifetimes in milliseconds. */
export interface InboxTimes {
  sessionMs: number;
  idleMs: number;
  enrolMs: number;
}

/** The section's durations in milliseconds, the defaults when the section is absent. */
export function inboxTimes(section: InboxConfigDocument | undefined): InboxTimes {
  const c = section ?? inboxConfigSchema.parse({});
  return { sessionMs: parseDuration(c.session_ttl) * 1000, idleMs: parseDuration(c.idle_timeout) * 1000, enrolMs: parseDuration(c.enrol_ttl) * 1000 };
}
