// The terminal channel (SPEC §5.2): shows the full request on /dev/tty and asks a person.
// Invariants:
//   1. Input comes only from /dev/tty; no terminal means the channel is unavailable.
//   2. Deny is the first choice and the default: Enter, Ctrl-C or Ctrl-D deny.
//   3. With `authenticate: totp`, an approval counts only for a permitted approver (never the
//      requester) with a valid, unused code; three failures end the channel without approval.
//   4. With `authenticate: none` the answer is recorded as approver `terminal`, unsigned; the
//      flow offers this channel only outside privileged mode and for a quorum of 1.
//   5. The terminal is restored and closed before the channel ends, so a command started
//      afterwards gets it in its normal state.
import type { AuditLog } from '../../audit/types.js';
import type { Clock } from '../../context.js';
import { ApproveRunError } from '../../errors.js';
import type { Policy } from '../../policy/types.js';
import type { ChannelEnd, ChannelRunner, DecisionSink } from '../channel.js';
import { escapeInvisible } from '../../shell/invisible.js';
import { renderRequest } from './render.js';
import type { ApprovalRequest } from '../request/request.js';
import { formatDuration } from '../status.js';
import { totpProblem } from './totp-check.js';
import { openTerminal, type Terminal } from './tty.js';

export interface TerminalOptions {
  policy: Policy;
  request: ApprovalRequest;
  authenticate: 'none' | 'totp';
  privileged: boolean;
  audit: AuditLog;
  clock: Clock;
}

type Choice = 'deny' | 'once' | 'ttl';
const MAX_ATTEMPTS = 3;

/** The prompt library (@inquirer/prompts), loaded on first use. */
export function loadPrompts(): Promise<typeof import('@inquirer/prompts')> {
  return import('@inquirer/prompts');
}

/** The terminal channel for one request. */
export function terminalRunner(o: TerminalOptions): ChannelRunner {
  return { name: 'terminal', usesTerminal: true, run: (sink, signal) => runTerminal(o, sink, signal) };
}

// True for the errors @inquirer/prompts raises when its signal aborts.
const isAbort = (error: unknown): boolean => error instanceof Error && error.name === 'AbortPromptError';
// True for Ctrl-C / Ctrl-D at the prompt.
const isExit = (error: unknown): boolean => error instanceof Error && error.name === 'ExitPromptError';

// Opens the terminal, asks, and always closes it again (invariants 1, 5).
async function runTerminal(o: TerminalOptions, sink: DecisionSink, signal: AbortSignal): Promise<ChannelEnd> {
  const opened = openTerminal();
  if (!opened.ok) return { state: 'unavailable', message: opened.reason };
  const tty = opened.terminal;
  try {
    return await ask(o, tty, sink, signal);
  } catch (error) {
    // approve-run's own failures (the audit log) are not a terminal problem: they end the run.
    if (error instanceof ApproveRunError) throw error;
    if (isAbort(error) || signal.aborted) return { state: 'pending', message: 'no answer at the terminal' };
    if (isExit(error)) {
      sink.offerLocal({ approver: 'terminal', decision: 'deny', reason: 'prompt cancelled at the terminal', channel: 'terminal', authentication: 'none', signed: null, allowsSession: false });
      return { state: 'answered', message: 'denied at the terminal' };
    }
    return { state: 'unreachable', message: `terminal prompt failed (${error instanceof Error ? error.message : String(error)})` };
  } finally {
    tty.close();
  }
}

// Shows the request, takes the choice, authenticates if required, hands the answer over.
async function ask(o: TerminalOptions, tty: Terminal, sink: DecisionSink, signal: AbortSignal): Promise<ChannelEnd> {
  const { select, input, password } = await loadPrompts();
  // Prompt context: the tty's input, a fresh output stream, and the shared stop signal.
  const io = () => ({ input: tty.input, output: tty.promptOutput(), signal });
  tty.write(renderRequest(o.request, o.clock.now()));
  const choices: Array<{ name: string; value: Choice }> = [
    { name: 'Deny', value: 'deny' },
    { name: 'Approve once', value: 'once' },
  ];
  if (o.request.session_ttl_s !== null) choices.push({ name: `Approve for ${formatDuration(o.request.session_ttl_s)}`, value: 'ttl' });
  const choice = await select<Choice>({ message: 'Approve this command?', choices, default: 'deny' }, io());
  const allowsSession = choice === 'ttl';
  if (choice === 'deny') {
    sink.offerLocal({ approver: 'terminal', decision: 'deny', reason: 'Deny chosen at the prompt', channel: 'terminal', authentication: 'none', signed: null, allowsSession: false });
    tty.write('approve-run: denied at the terminal\n');
    return { state: 'answered', message: 'denied at the terminal' };
  }
  if (o.authenticate === 'none') {
    sink.offerLocal({ approver: 'terminal', decision: 'approve', reason: null, channel: 'terminal', authentication: 'none', signed: null, allowsSession });
    return { state: 'answered', message: 'approved at the terminal' };
  }
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const approverId = (await input({ message: 'Approver id:' }, io())).trim().slice(0, 100);
    const code = await password({ message: 'TOTP code:', mask: '*' }, io());
    const problem = totpProblem({ policy: o.policy, request: o.request, approverId, code, now: o.clock.now(), privileged: o.privileged, audit: o.audit });
    if (problem === null) {
      sink.offerLocal({ approver: approverId, decision: 'approve', reason: null, channel: 'terminal', authentication: 'totp', signed: null, allowsSession });
      return { state: 'answered', message: `approved at the terminal by ${approverId}` };
    }
    sink.refuse('terminal', approverId || null, problem);
    tty.write(`approve-run: not accepted: ${escapeInvisible(problem)}\n`);
  }
  return { state: 'answered', message: `terminal authentication failed ${MAX_ATTEMPTS} times` };
}
