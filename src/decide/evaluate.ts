// STUB: the decision function used by run, check and policy test (SPEC §4.1–4.3).
import type { Policy } from '../policy/types.js';
import type { DecisionInput, Evaluation, PathProbe } from './types.js';

/** Decides on a request; pure apart from the path probe and the lazily loaded shell parser. */
export async function evaluate(policy: Policy, input: DecisionInput, _paths: PathProbe): Promise<Evaluation> {
  return {
    decision: policy.settings.default,
    rules: [],
    reasons: ['no rule matched'],
    approvers: [],
    quorum: 1,
    channel: [],
    session_ttl_s: null,
    max_runtime_s: policy.settings.max_runtime_s,
    risk: null,
    commands: [input.argv],
    executable: null,
    decided_by: [],
    message: null,
    run_as: null,
  };
}
