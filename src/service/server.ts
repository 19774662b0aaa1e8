// Starts the approval service from a validated configuration (SPEC §13).
// Invariants:
//   1. Direct TLS uses the configured certificate and key (the key read as a secret file);
//      without `tls`, plain HTTP is served only when public_url is https (a TLS proxy in
//      front) or the listen address is loopback.
//   2. Storage is opened, and every host secret (and chat secret, ./chat/settings.ts) read,
//      before the port is bound: a service that cannot do its job never listens.
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { policyError } from '../errors.js';
import { serviceApp } from './app.js';
import { readHostSecrets, type ServiceConfig } from './config.js';
import type { ServiceConfigDocument } from './config-schema.js';
import { readSecret, readTrustedFile } from './secrets.js';
import { openStorage } from './storage/open.js';
import { Waiters } from './waiters.js';
import { ChatNotifier } from './chat/notifier.js';
import { observedStorage } from './chat/observe.js';
import { readChatSettings } from './chat/settings.js';
import { loadWitness } from './witness/key.js';

/** A running service. */
export interface RunningService {
  /** The bound address (port 0 in the configuration picks a free one). */
  address: AddressInfo;
  close(): Promise<void>;
}

// `host:port` → parts (brackets removed from IPv6).
function splitListen(listen: string): { host: string; port: number } {
  const i = listen.lastIndexOf(':');
  return { host: listen.slice(0, i).replace(/^\[(.*)\]$/, '$1'), port: Number(listen.slice(i + 1)) };
}

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** Why the listen/public_url/tls combination is unsafe (invariant 1), or null. */
export function transportProblem(config: ServiceConfigDocument): string | null {
  const https = config.public_url.startsWith('https:');
  if (config.tls !== undefined && !https) return 'tls is set but public_url is not https';
  if (config.tls === undefined && !https && !isLoopback(splitListen(config.listen).host)) {
    return `plain HTTP on ${config.listen} is only for loopback; set tls, or put a TLS proxy in front and make public_url https`;
  }
  return null;
}

/** Opens storage, reads secrets, and listens; `log` receives one line per event. */
export async function startService(config: ServiceConfigDocument, log: (line: string) => void): Promise<RunningService> {
  const transport = transportProblem(config);
  if (transport !== null) throw policyError(`service configuration: ${transport}`);
  const full: ServiceConfig = { ...config, secrets: readHostSecrets(config) };
  const tls = config.tls === undefined ? null : {
    cert: readTrustedFile(config.tls.cert, `tls.cert ${config.tls.cert}`, { secret: false, limit: 1 << 20 }),
    key: readSecret(config.tls.key, `tls.key ${config.tls.key}`),
  };
  const witness = loadWitness(config);
  const chatSettings = readChatSettings(config);
  const base = await openStorage(config.storage);
  const publicUrl = config.public_url.replace(/\/+$/, '');
  const chat = chatSettings.slack === null && chatSettings.teams === null ? null : new ChatNotifier(chatSettings, base, { publicUrl, now: () => Date.now(), log });
  const storage = chat === null ? base : observedStorage(base, chat);
  const waiters = new Waiters(storage);
  const app = serviceApp({ config, storage, waiters, secrets: full.secrets, publicUrl, chat, now: () => Date.now(), log, witness });
  const { host, port } = splitListen(config.listen);
  const https = tls === null ? null : await import('node:https');
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s: ServerType = serve(
      https === null
        ? { fetch: app.fetch, hostname: host, port }
        : { fetch: app.fetch, hostname: host, port, createServer: https.createServer, serverOptions: { cert: tls?.cert, key: tls?.key } },
      () => resolve(s),
    );
    s.once('error', reject);
  });
  // Long-polls must outlive Node's default request timeouts.
  if ('requestTimeout' in server) server.requestTimeout = 0;
  if ('headersTimeout' in server) server.headersTimeout = 10_000;
  const address = server.address() as AddressInfo;
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        waiters.close();
        chat?.close();
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => {
          storage.close().then(resolve, resolve);
        });
      }),
  };
}
