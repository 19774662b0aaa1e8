// Reads what the `slack` and `teams` sections name (SPEC §13): the bot token, the signing
// secret, the webhook URL and, for the in-Slack opt-in, the approvers' private keys.
// Invariants:
//   1. Every secret comes from a file that passes ../secrets.ts's checks (root- or
//      service-owned, not group- or world-accessible); none from the environment.
//   2. Read once, before the service listens: a configured channel that cannot work stops
//      the start with a one-line message naming the file (exit 125).
//   3. The token is printable ASCII (it goes into a header); the webhook URL is https, or
//      http only on loopback, as for api_url.
import type { KeyObject } from 'node:crypto';
import { KeyFormatError, parsePrivateKey, privateKeyFromSeed } from '../../crypto/ed25519.js';
import { policyError } from '../../errors.js';
import type { ServiceConfigDocument } from '../config-schema.js';
import { readSecret } from '../secrets.js';
import { isLoopbackHost } from './config-schema.js';

/** An approver the service signs for when their Slack user clicks Approve (the opt-in). */
export interface InSlackApprover {
  approver: string;
  key: KeyObject;
  users: readonly string[];
}

/** The Slack side, ready to use. */
export interface SlackSettings {
  token: string;
  signingSecret: string;
  channel: string;
  apiUrl: string;
  /** Slack user id → the approver it signs for; empty without the opt-in. */
  inSlack: ReadonlyMap<string, InSlackApprover>;
}

/** Everything the chat part needs; null sections are not configured. */
export interface ChatSettings {
  slack: SlackSettings | null;
  teams: { url: URL } | null;
}

const PRINTABLE = /^[\x21-\x7e]+$/;

// An approver's private key: PKCS#8 PEM (approve-run keygen) or a base64 32-byte seed.
function readKey(path: string, label: string): KeyObject {
  const text = readSecret(path, label);
  try {
    return text.includes('-----BEGIN') ? parsePrivateKey(text) : privateKeyFromSeed(Buffer.from(text, 'base64'));
  } catch (error) {
    throw policyError(`${label}: ${error instanceof KeyFormatError ? error.message : 'not an Ed25519 private key'}`);
  }
}

// The Teams webhook URL in `path` (invariant 3).
function readWebhookUrl(path: string): URL {
  const label = `teams.webhook_url_file ${path}`;
  const text = readSecret(path, label);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw policyError(`${label}: not a URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) throw policyError(`${label}: the URL must be https`);
  return url;
}

/** Reads every file the chat sections name (invariants 1-3). */
export function readChatSettings(config: ServiceConfigDocument): ChatSettings {
  let slack: SlackSettings | null = null;
  if (config.slack !== undefined) {
    const s = config.slack;
    const token = readSecret(s.bot_token_file, `slack.bot_token_file ${s.bot_token_file}`);
    if (!PRINTABLE.test(token)) throw policyError(`slack.bot_token_file ${s.bot_token_file}: the token holds spaces or non-ASCII characters`);
    const inSlack = new Map<string, InSlackApprover>();
    for (const [approver, entry] of Object.entries(s.approve_in_slack ?? {})) {
      inSlack.set(entry.slack_user, { approver, key: readKey(entry.key_file, `slack.approve_in_slack.${approver}.key_file ${entry.key_file}`), users: entry.users });
    }
    slack = {
      token,
      signingSecret: readSecret(s.signing_secret_file, `slack.signing_secret_file ${s.signing_secret_file}`),
      channel: s.channel,
      apiUrl: s.api_url.replace(/\/+$/, ''),
      inSlack,
    };
  }
  const teams = config.teams === undefined ? null : { url: readWebhookUrl(config.teams.webhook_url_file) };
  return { slack, teams };
}
