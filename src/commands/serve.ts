// `approve-run serve --config FILE` (the approval service) and `approve-run serve validate
// FILE` (SPEC §13). Validation prints one file:line:col line per problem, like policy validate.
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import { privilegedRefusal, usageError } from '../errors.js';
import { formatProblem } from '../policy/problems.js';
import type { ServiceConfigDocument } from '../service/config-schema.js';

export interface ServeOptions {
  config?: string;
}

/** Checks a configuration file: exit 0 valid, 1 invalid, 125 unreadable. */
export async function runServeValidate(file: string, ctx: Context): Promise<number> {
  const { readPolicyBytes } = await import('../policy/read-file.js');
  const { validateServiceConfig } = await import('../service/config.js');
  const { transportProblem } = await import('../service/server.js');
  const result = validateServiceConfig(file, readPolicyBytes(resolve(ctx.cwd, file), ctx.identity, 'service configuration'));
  if ('problems' in result) {
    for (const problem of result.problems) ctx.stdout.write(`${formatProblem(problem)}\n`);
    return 1;
  }
  const transport = transportProblem(result.config);
  if (transport !== null) {
    ctx.stdout.write(`${file}: ${transport}\n`);
    return 1;
  }
  const n = (k: number, noun: string) => `${k} ${noun}${k === 1 ? '' : 's'}`;
  ctx.stdout.write(`${file}: valid (${n(Object.keys(result.config.hosts).length, 'host')}, ${n(Object.keys(result.config.approvers).length, 'approver')})\n`);
  return 0;
}

// The validated configuration named by --config, with the owner checks; a usage error otherwise.
// Under sudo (SPEC §11) `serve` and `serve enroll` are refused before anything is read: the
// configuration would be read as root, the service would write its storage as root, and an
// enrolment link lets whoever holds it register as an approver.
async function loadConfig(options: ServeOptions, ctx: Context, command: string): Promise<ServiceConfigDocument> {
  if (ctx.identity.privileged) throw privilegedRefusal(`${command} is refused in privileged mode: run the service as its own account (a systemd unit), not through sudo`);
  if (options.config === undefined) throw usageError('give --config FILE');
  const path = resolve(ctx.cwd, options.config);
  const { checkStoragePassword, readConfigBytes, validateServiceConfig } = await import('../service/config.js');
  const result = validateServiceConfig(options.config, readConfigBytes(path));
  if ('problems' in result) {
    const [first] = result.problems;
    throw usageError(`${first === undefined ? 'invalid configuration' : formatProblem(first)}${result.problems.length > 1 ? ` (and ${result.problems.length - 1} more; run approve-run serve validate)` : ''}`);
  }
  checkStoragePassword(path, result.config);
  return result.config;
}

/** Prints a one-time enrolment link for a configured approver (SPEC §13); exit 0. */
export async function runServeEnroll(options: ServeOptions & { approver: string }, ctx: Context): Promise<number> {
  const config = await loadConfig(options, ctx, 'serve enroll');
  if (!Object.hasOwn(config.approvers, options.approver)) {
    throw usageError(`approver ${JSON.stringify(options.approver)} is not in the configuration's approvers (${Object.keys(config.approvers).join(', ') || 'none'})`);
  }
  const { openStorage } = await import('../service/storage/open.js');
  const { createEnrolment } = await import('../service/inbox/enrol.js');
  const { inboxTimes } = await import('../service/inbox/config.js');
  const storage = await openStorage(config.storage);
  try {
    const link = await createEnrolment(storage, config.public_url, options.approver, inboxTimes(config.inbox), ctx.clock.now().getTime());
    ctx.stdout.write(`${link.url}\n`);
    ctx.stderr.write(`approve-run: one-time enrolment link for ${options.approver}, valid until ${link.expires.toISOString()}; send it to them privately\n`);
  } finally {
    await storage.close();
  }
  return 0;
}

/** Runs the service until SIGTERM or SIGINT; resolves to 0 after a clean stop. */
export async function runServe(options: ServeOptions, ctx: Context): Promise<number> {
  const config = await loadConfig(options, ctx, 'serve');
  const result = { config };
  const { startService } = await import('../service/server.js');
  const log = (line: string): void => void ctx.stderr.write(`approve-run serve: ${line}\n`);
  const service = await startService(result.config, log);
  const scheme = result.config.tls === undefined ? 'http' : 'https';
  log(`listening on ${scheme}://${service.address.family === 'IPv6' ? `[${service.address.address}]` : service.address.address}:${service.address.port} (public_url ${result.config.public_url})`);
  await new Promise<void>((done) => {
    process.once('SIGTERM', () => done());
    process.once('SIGINT', () => done());
  });
  await service.close();
  log('stopped');
  return 0;
}
