// The approval service's configuration file (SPEC §13), as a zod schema. Objects are strict:
// an unknown key is an error everywhere, as in a policy. The same schema produces
// service.schema.json (./json-schema.ts) for editors. `witness` is validated now and used by
// a later part of the service; `slack` and `teams` live in ./chat/config-schema.ts.
import { z } from 'zod';
import { absolutePath, ed25519Key, id, userName } from '../policy/schema-fields.js';
import { slackSection, teamsSection } from './chat/config-schema.js';
import { inboxConfigSchema } from './inbox/config.js';

// `host:port` or `[v6]:port`, port 0-65535.
const listen = z
  .string()
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})$/, { error: 'expected host:port, e.g. 127.0.0.1:8787', abort: true })
  .refine((value) => Number(value.slice(value.lastIndexOf(':') + 1)) <= 65535, 'port must be at most 65535');

// An http(s) origin (optionally with a path prefix), without credentials, query or fragment.
const publicUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected an absolute http(s) URL' });
    return;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') ctx.addIssue({ code: 'custom', message: 'public_url must be http or https' });
  else if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') ctx.addIssue({ code: 'custom', message: 'public_url must not hold credentials, a query or a fragment' });
});

const storage = z
  .string()
  .regex(/^(sqlite:\/[^\0]+|postgres(ql)?:\/\/[^\0]+)$/, 'expected sqlite:/absolute/path or postgres://...')
  .describe('Where requests, decisions and outcomes are kept');

const host = z.strictObject({
  secret_file: absolutePath.describe('File holding the HMAC secret this host signs with (SPEC §5.1)'),
  checkpoint_key: ed25519Key.optional().describe('The host\'s audit checkpoint key, for the witness (SPEC §15)'),
});

const approver = z.strictObject({
  name: z.string().min(1).max(200).optional().describe('Display name'),
  users: z.array(userName).optional().describe('Unix users this approver is, as in the hosts\' policies: the inbox offers no approve button on their own requests'),
});

/** The configuration file's schema. */
export const serviceConfigSchema = z.strictObject({
  version: z.literal(1).describe('Configuration format version; must be 1'),
  listen: listen.describe('Address to listen on, host:port'),
  public_url: publicUrl.describe('The URL hosts and approvers use; links and the WebAuthn origin come from it'),
  tls: z
    .strictObject({
      cert: absolutePath.describe('PEM certificate chain'),
      key: absolutePath.describe('PEM private key'),
    })
    .optional()
    .describe('Serve HTTPS directly; without it, plain HTTP is for loopback or behind a TLS proxy'),
  storage,
  hosts: z.record(id('a host name'), host).default({}).describe('Hosts that may post requests, by the request\'s host field'),
  approvers: z.record(id('an approver id'), approver).default({}).describe('Approvers who may sign in; ids match the hosts\' policies'),
  slack: slackSection.optional().describe('Requests posted in a Slack channel with a Review link; thread updated on each outcome'),
  teams: teamsSection.optional().describe('Requests posted to a Teams channel through a Workflows webhook'),
  inbox: inboxConfigSchema.optional(),
  witness: z.strictObject({ key_file: absolutePath.describe('Ed25519 private key that cosigns checkpoints (SPEC §15)') }).optional(),
});

export type ServiceConfigDocument = z.output<typeof serviceConfigSchema>;
