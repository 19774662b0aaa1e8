// What every route of one running service shares.
import type { ServiceConfigDocument } from './config-schema.js';
import type { ServiceStorage } from './storage/types.js';
import type { Waiters } from './waiters.js';
import type { ChatNotifier } from './chat/notifier.js';
import type { WitnessIdentity } from './witness/key.js';

/** The running service's shared parts. */
export interface ServiceState {
  /** The validated configuration the service was started with. */
  config: ServiceConfigDocument;
  storage: ServiceStorage;
  waiters: Waiters;
  /** Host name → HMAC secret, read from the hosts' secret files. */
  secrets: ReadonlyMap<string, string>;
  /** public_url without a trailing slash. */
  publicUrl: string;
  /** Slack and Teams, when configured (./chat/). */
  chat: ChatNotifier | null;
  /** Wall-clock milliseconds (a seam for tests of the time window). */
  now(): number;
  /** The witness's key and the hosts' checkpoint keys (SPEC §15); null when not a witness. */
  witness?: WitnessIdentity | null;
  /** One line for the service's own log (stderr). */
  log(line: string): void;
}
