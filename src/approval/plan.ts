// Which channels can ask for this request (SPEC §5.1, §5.2), and why the others cannot.
// Invariants:
//   1. A channel the policy does not configure, or the rule does not allow, is never used.
//   2. Webhook: the URL must be https, or http to a loopback address; a named secret
//      variable that is unset makes the channel unavailable (never an unsigned request).
//   3. Terminal: unavailable with --non-interactive; with `authenticate: none` it is refused
//      in privileged mode (the requester shares the terminal and could answer it) and for a
//      quorum above 1 (an unauthenticated answer is not a distinct approver).
import type { Evaluation } from '../decide/types.js';
import type { ChannelName, Policy, TerminalChannel } from '../policy/types.js';
import type { ChannelRunner } from './channel.js';
import type { ApprovalInput } from './flow.js';
import { terminalRunner } from './terminal.js';
import { hasTerminal } from './tty.js';
import { webhookRunner } from './webhook.js';

export interface ChannelPlan {
  runners: ChannelRunner[];
  /** One `channel: reason` line per requested channel that cannot be used. */
  unavailable: string[];
}

/** What decides whether the terminal may ask: known before the request is built. */
export interface TerminalCase {
  policy: Policy;
  evaluation: Pick<Evaluation, 'channel' | 'quorum'>;
  privileged: boolean;
  nonInteractive: boolean;
}

// The channels the rule asks for; a rule without `channel` may use every configured one.
export function requestedChannels(input: { policy: Policy; evaluation: Pick<Evaluation, 'channel'> }): ChannelName[] {
  if (input.evaluation.channel.length > 0) return input.evaluation.channel;
  const configured: ChannelName[] = [];
  if (input.policy.channels.webhook !== null) configured.push('webhook');
  if (input.policy.channels.terminal !== null) configured.push('terminal');
  return configured;
}

// The terminal channel's settings when it may ask in this case, else why not (invariant 3).
function terminalChannel(c: TerminalCase): TerminalChannel | string {
  const config = c.policy.channels.terminal;
  if (config === null) return 'no terminal channel in the policy';
  if (c.nonInteractive) return 'not available with --non-interactive';
  if (config.authenticate === 'none' && c.privileged) return 'an unauthenticated terminal cannot approve in privileged mode (set channels.terminal.authenticate: totp)';
  if (config.authenticate === 'none' && c.evaluation.quorum > 1) return `an unauthenticated terminal answer cannot count toward a quorum of ${c.evaluation.quorum}`;
  return config;
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

// True for hosts that never leave this machine.
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

// The webhook runner, or why it cannot run (invariant 2).
function planWebhook(input: ApprovalInput, deadlineMs: number): ChannelRunner | string {
  const config = input.policy.channels.webhook;
  if (config === null) return 'no webhook channel in the policy';
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    return 'the webhook url is not a valid URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) return 'the webhook url must use https (plain http only to a loopback address)';
  let secret: string | null = null;
  if (config.secret_env !== null) {
    secret = input.ctx.env[config.secret_env] ?? '';
    if (secret === '') return `the webhook secret variable ${config.secret_env} is not set`;
  }
  const { request, requestHash, ctx } = input;
  return webhookRunner({ channel: config, url, secret, request, requestHash, clock: ctx.clock, deadlineMs, report: input.report });
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
