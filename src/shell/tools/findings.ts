// What a program-specific reader reports about one command line.
import type { Escalation } from '../types.js';

export interface ToolFindings {
  escalations: Escalation[];
  /** Commands this one runs (find -exec, xargs): each must be allowed on its own. */
  inner: string[][];
  /**
   * Commands run by a program that is never unwrapped (sudo, doas): deny and approve rules
   * apply to them, their escalations move onto the outer command, they need no allow rule.
   */
  observed: string[][];
  /** Shell scripts this command runs (su -c, env -S): parsed for deny rules only. */
  scripts: string[];
}

export const NO_FINDINGS: ToolFindings = { escalations: [], inner: [], observed: [], scripts: [] };

/** Findings with only escalations. */
export function escalationsOnly(escalations: Escalation[]): ToolFindings {
  return { escalations, inner: [], observed: [], scripts: [] };
}
