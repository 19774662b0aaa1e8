// Whether an approve decision can ever reach an approver, from the policy alone (SPEC §5, §11):
// the answer the run gives before anything is logged (src/approval/plan.ts) and the one
// `policy validate` reports (./lint.ts) are computed here, so they cannot disagree.
// Invariants:
//   1. Only what no retry can change counts: the policy and whether approve-run runs in
//      privileged mode. A missing terminal, --non-interactive, an unset secret variable outside
//      privileged mode, or a down approver are left to the run (they may differ next time, and
//      a session opened elsewhere may still cover the request).
//   2. A channel the rule names that is not configured, a webhook url that is neither https nor
//      http to loopback, a webhook secret_env in privileged mode (sudo clears the environment),
//      and an unauthenticated terminal in privileged mode or for a quorum above 1 can never
//      approve.
//   3. Each reason says how to fix it.
import type { ChannelName, Policy } from './types.js';

/** What the static answer depends on besides the policy. */
export interface ReachCase {
  /** The channels the decision names (empty: every configured one). */
  channel: readonly ChannelName[];
  quorum: number;
  privileged: boolean;
}

/** True for hosts that never leave this machine. */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** The channels a decision may use: those it names, else every configured one. */
export function requestedChannels(policy: Policy, channel: readonly ChannelName[]): ChannelName[] {
  if (channel.length > 0) return [...channel];
  const configured: ChannelName[] = [];
  if (policy.channels.webhook !== null) configured.push('webhook');
  if (policy.channels.terminal !== null) configured.push('terminal');
  return configured;
}

/** Why the webhook can never approve in this mode (invariant 2), or null. */
export function webhookNever(policy: Policy, privileged: boolean): string | null {
  const config = policy.channels.webhook;
  if (config === null) return 'no webhook channel in the policy (add channels.webhook)';
  for (const raw of [config.url, ...(config.fallback_urls ?? [])]) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return 'the webhook url is not a valid URL';
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) return 'the webhook url must use https (plain http only to a loopback address)';
  }
  if (privileged && config.secret_env !== null) {
    return 'channels.webhook.secret_env is refused in privileged mode, since sudo clears the environment (use channels.webhook.secret_file: a root-owned 0600 file)';
  }
  return null;
}

/** Why the terminal can never approve in this mode and quorum (invariant 2), or null. */
export function terminalNever(policy: Policy, privileged: boolean, quorum: number): string | null {
  const config = policy.channels.terminal;
  if (config === null) return 'no terminal channel in the policy (add channels.terminal)';
  if (config.authenticate === 'none' && privileged) return 'an unauthenticated terminal cannot approve in privileged mode, since the requester could answer it (set channels.terminal.authenticate: totp)';
  if (config.authenticate === 'none' && quorum > 1) return `an unauthenticated terminal answer cannot count toward a quorum of ${quorum} (set channels.terminal.authenticate: totp, or use the webhook)`;
  return null;
}

/**
 * Why no approver can ever be reached for this case (every requested channel can never
 * approve), as one line with each channel's reason and fix; null when some channel may.
 */
export function neverReachable(policy: Policy, c: ReachCase): string | null {
  const names = requestedChannels(policy, c.channel);
  if (names.length === 0) return 'no approval channel is configured (add channels.webhook or channels.terminal)';
  const reasons: string[] = [];
  for (const name of names) {
    const reason = name === 'webhook' ? webhookNever(policy, c.privileged) : terminalNever(policy, c.privileged, c.quorum);
    if (reason === null) return null;
    reasons.push(`${name}: ${reason}`);
  }
  return reasons.join('; ');
}
