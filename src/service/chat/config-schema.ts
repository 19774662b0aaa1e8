// The `slack` and `teams` sections of the service configuration (SPEC §13), composed into
// ../config-schema.ts. Objects are strict, like the rest of the file.
// Invariants:
//   1. Secrets (bot token, signing secret, webhook URL, approvers' keys) are named by file,
//      never written in the configuration itself.
//   2. The Slack API is reached over https, or plain http only on a loopback address (a local
//      test double): the bot token never crosses a network in clear text.
//   3. `approve_in_slack` is the only way an approve button appears in Slack; each entry maps
//      one approver to one Slack user, and no Slack user holds two approvers.
import { z } from 'zod';
import { absolutePath, id } from '../../policy/schema-fields.js';

/** The Slack Web API base URL used when `api_url` is left out. */
export const SLACK_API_URL = 'https://slack.com/api';

/** True for hosts that never leave the machine (invariant 2). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

const apiUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || isLoopbackHost(url.hostname);
  }, 'api_url must be https (plain http only on a loopback address)')
  .refine((value) => {
    const url = new URL(value);
    return url.username === '' && url.password === '' && url.search === '' && url.hash === '';
  }, 'api_url must not hold credentials, a query or a fragment');

const slackUser = z.string().regex(/^[UW][A-Z0-9]{2,40}$/, 'expected a Slack user id like U0123456');

const inSlackApprover = z.strictObject({
  slack_user: slackUser.describe('The Slack user whose click signs for this approver'),
  key_file: absolutePath.describe('The approver\'s Ed25519 private key (approve-run keygen), held by the service'),
  users: z.array(z.string().min(1).max(64)).min(1).describe('The approver\'s accounts, as approvers.<id>.users in the hosts\' policies: no approval of their own requests'),
});

const approveInSlack = z
  .record(id('an approver id'), inSlackApprover)
  .superRefine((entries, ctx) => {
    const seen = new Map<string, string>();
    for (const [approver, entry] of Object.entries(entries)) {
      const other = seen.get(entry.slack_user);
      if (other !== undefined) ctx.addIssue({ code: 'custom', path: [approver, 'slack_user'], message: `Slack user ${entry.slack_user} already signs for ${other}` });
      seen.set(entry.slack_user, approver);
    }
  })
  .describe('Opt-in, weaker: the service holds these approvers\' keys and signs for them when their Slack user clicks Approve');

/** The `slack` section. */
export const slackSection = z.strictObject({
  bot_token_file: absolutePath.describe('File holding the bot token (xoxb-...)'),
  signing_secret_file: absolutePath.describe('File holding the app\'s signing secret (v0 signatures)'),
  channel: z.string().regex(/^[A-Z0-9]{2,40}$/, 'expected a Slack channel id like C0123456').describe('Channel id the requests are posted in'),
  api_url: apiUrl.default(SLACK_API_URL).describe('Slack Web API base URL'),
  approve_in_slack: approveInSlack.optional(),
});

/** The `teams` section. */
export const teamsSection = z.strictObject({
  webhook_url_file: absolutePath.describe('File holding the Workflows webhook URL'),
});

export type SlackSection = z.output<typeof slackSection>;
export type TeamsSection = z.output<typeof teamsSection>;
