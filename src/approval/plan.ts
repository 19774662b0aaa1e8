// Which channels can ask for this request (SPEC §5.1, §5.2), and why the others cannot.
// Invariants:
//   1. A channel the policy does not configure, or the rule does not allow, is never used.
//   2. Webhook: the URL must be https, or http to a loopback address; a named secret
//      variable that is unset, or a secret file that fails its checks, makes the channel
//      unavailable (never an unsigned request); privileged mode refuses secret_env.
//   3. Terminal: unavailable with --non-interactive; with `authenticate: none` it is refused
//      in privileged mode (the requester shares the terminal and could answer it) and for a
//      quorum above 1 (an unauthenticated answer is not a distinct approver).
//   4. A decision that no channel can ever approve (src/policy/channel-reach.ts) is a
//      configuration error (exit 125), found before anything is logged, never a "retry later".
import { readSecretFile } from '../config/trust.js';
import type { Evaluation } from '../decide/types.js';
import { ApproveRunError, policyError } from '../errors.js';
import { neverReachable, requestedChannels as channelsFor, terminalNever, webhookNever } from '../policy/channel-reach.js';
import type { ChannelName, Policy, TerminalChannel } from '../policy/types.js';
import type { ChannelRunner } from './channel.js';
import type { ApprovalInput } from './flow.js';
import { terminalRunner } from './terminal/terminal.js';
import { hasTerminal } from './terminal/tty.js';
import { webhookRunner } from './webhook/webhook.js';

export interface ChannelPlan {
  runners: ChannelRunner[];
  /** One `channel: reason` line per requested channel that cannot be used. */
  unavailable: string[];
}

/** What decides whether the terminal may ask: known before the request is built. */
export interface TerminalCase {
  policy: Policy;
  evaluation: Pick<Evaluation, 'channel' | 'quorum' | 'decided_by'>;
  privileged: boolean;
  nonInteractive: boolean;
}

// The channels the rule asks for; a rule without `channel` may use every configured one.
export function requestedChannels(input: { policy: Policy; evaluation: Pick<Evaluation, 'channel'> }): ChannelName[] {
  return channelsFor(input.policy, input.evaluation.channel);
}

/**
 * Throws the configuration error (exit 125) of invariant 4 when no requested channel can ever
 * approve this decision, or when the webhook's secret file cannot be used; called before
 * anything is logged.
 */
export function assertReachable(c: TerminalCase): void {
  const never = neverReachable(c.policy, { channel: c.evaluation.channel, quorum: c.evaluation.quorum, privileged: c.privileged });
  const rules = c.evaluation.decided_by.join(', ') || 'settings.default';
  if (never !== null) throw policyError(`no approver can ever be reached for ${rules} with this policy: ${never}`);
  const webhook = c.policy.channels.webhook;
  if (webhook?.secret_file != null && requestedChannels(c).includes('webhook') && webhookNever(c.policy, c.privileged) === null) {
    readSecretFile(webhook.secret_file, { privileged: c.privileged });
  }
}

// The terminal channel's settings when it may ask in this case, else why not (invariant 3).
function terminalChannel(c: TerminalCase): TerminalChannel | string {
  const config = c.policy.channels.terminal;
  if (config === null) return 'no terminal channel in the policy';
  if (c.nonInteractive) return 'not available with --non-interactive';
  return terminalNever(c.policy, c.privileged, c.evaluation.quorum) ?? config;
}

/**
 * True when the terminal channel will be planned and this process has a controlling terminal:
 * only then does the flow load the prompt library (src/commands/run.ts loads it up front).
 */
export function terminalMayAsk(c: TerminalCase): boolean {
  return requestedChannels(c).includes('terminal') && typeof terminalChannel(c) !== 'string' && hasTerminal();
}

/** True when an unauthenticated terminal answer may stand for an approver (invariant 3). */
export function terminalNoneAcceptable(input: ApprovalInput): boolean {
  const terminal = input.policy.channels.terminal;
  return requestedChannels(input).includes('terminal') && terminal?.authenticate === 'none' && !input.ctx.identity.privileged && input.request.quorum <= 1;
}

// The webhook's secret, null for none, or why it cannot be had (invariant 2).
function webhookSecret(input: ApprovalInput): { secret: string | null } | string {
  const config = input.policy.channels.webhook;
  if (config?.secret_file != null) {
    try {
      return { secret: readSecretFile(config.secret_file, input.ctx.identity) };
    } catch (error) {
      if (error instanceof ApproveRunError) return error.message;
      throw error;
    }
  }
  if (config?.secret_env == null) return { secret: null };
  const secret = input.ctx.env[config.secret_env] ?? '';
  return secret === '' ? `the webhook secret variable ${config.secret_env} is not set` : { secret };
}

// The webhook runner, or why it cannot run (invariant 2).
function planWebhook(input: ApprovalInput, deadlineMs: number): ChannelRunner | string {
  const config = input.policy.channels.webhook;
  const never = webhookNever(input.policy, input.ctx.identity.privileged);
  if (config === null || never !== null) return never ?? 'no webhook channel in the policy';
  const url = new URL(config.url);
  const held = webhookSecret(input);
  if (typeof held === 'string') return held;
  const { secret } = held;
  const { request, requestHash, ctx } = input;
  const resumed = input.resume?.statusUrl ?? null;
  return webhookRunner({ channel: config, url, secret, request, requestHash, clock: ctx.clock, deadlineMs, report: input.report, ...(resumed !== null ? { statusUrl: new URL(resumed) } : {}) });
}

// The terminal runner, or why it cannot run (invariant 3).
function planTerminal(input: ApprovalInput): ChannelRunner | string {
  const { policy, evaluation, request, audit, ctx } = input;
  const config = terminalChannel({ policy, evaluation, privileged: ctx.identity.privileged, nonInteractive: input.nonInteractive });
  if (typeof config === 'string') return config;
  return terminalRunner({ policy, request, authenticate: config.authenticate, privileged: ctx.identity.privileged, audit, clock: ctx.clock });
}

/** The runnable channels for `input`, in the order the rule names them. */
export function planChannels(input: ApprovalInput, deadlineMs: number): ChannelPlan {
  const plan: ChannelPlan = { runners: [], unavailable: [] };
  const wanted = requestedChannels(input);
  if (wanted.length === 0) plan.unavailable.push('no approval channel is configured');
  for (const name of wanted) {
    const planned = name === 'webhook' ? planWebhook(input, deadlineMs) : planTerminal(input);
    if (typeof planned === 'string') plan.unavailable.push(`${name}: ${planned}`);
    else plan.runners.push(planned);
  }
  return plan;
}

/** The webhook channel's call settings for `input`, or why it cannot be used (for a submission that does not wait). */
export function webhookSettings(input: ApprovalInput, deadlineMs: number): Parameters<typeof webhookRunner>[0] | string {
  const planned = planWebhook(input, deadlineMs);
  if (typeof planned === 'string') return planned;
  const config = input.policy.channels.webhook!;
  const secret = config.secret_env !== null ? (input.ctx.env[config.secret_env] ?? null) : null;
  return { channel: config, url: new URL(config.url), secret, request: input.request, requestHash: input.requestHash, clock: input.ctx.clock, deadlineMs };
}
