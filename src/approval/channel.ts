// What every approval channel shares: how it hands decisions in and how it ends.
import type { ChannelName } from '../policy/types.js';
import type { AcceptedDecision } from './decision/tally.js';

/** How a channel finished when it has nothing more to say. */
export type ChannelEnd =
  /** It gave its final answer (which may not have been enough). */
  | { state: 'answered'; message: string }
  /** It was still waiting for a person when it was stopped. */
  | { state: 'pending'; message: string }
  /** It could not be reached or misbehaved. */
  | { state: 'unreachable'; message: string }
  /** It cannot be used for this request at all. */
  | { state: 'unavailable'; message: string };

/** Where channels deliver what they receive; each call says whether the wait is over. */
export interface DecisionSink {
  /** Untrusted decision values (webhook); each is shape-checked, verified and logged. */
  offerSigned(channel: ChannelName, values: unknown[]): Promise<boolean>;
  /** A decision the channel itself has authenticated (terminal); logged as accepted. */
  offerLocal(decision: AcceptedDecision): boolean;
  /** A decision the channel refused (e.g. a wrong TOTP code); logged with its reason. */
  refuse(channel: ChannelName, approver: string | null, reason: string): void;
}

/** Where a channel tells the requester why it is still trying (src/approval/status.ts). */
export interface TroubleReport {
  /** `problem` is a one-line reason it keeps retrying (escaped), or null once it is through again. */
  (problem: string | null): void;
}

/** One channel, started by the flow with the shared stop signal. */
export interface ChannelRunner {
  name: ChannelName;
  /** True when it prompts on the terminal (the waiting status line stays off then). */
  usesTerminal: boolean;
  run(sink: DecisionSink, signal: AbortSignal, trouble?: TroubleReport): Promise<ChannelEnd>;
}
