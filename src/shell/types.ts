// What request expansion hands to the matcher: every simple command the request would run,
// and the escalations that stop an allow rule from covering it silently (SPEC §4.3, §4.4).

/** Something that turns an allow into approve unless an allow rule names `cover` literally. */
export interface Escalation {
  /** One line for humans, e.g. `find -exec runs a program`. */
  reason: string;
  /** The option or form an allow rule must name literally to cover this; null: never coverable. */
  cover: string | null;
}

export interface Candidate {
  /** argv as the program would receive it (quotes removed, escapes decoded). */
  argv: string[];
  /** `NAME=value` prefixes (shell assignments or `env` words) in effect for this command. */
  env: [string, string][];
  /**
   * `command`: must be allowed on its own. `wrapper`: a transparent wrapper (timeout, env…):
   * deny and approve rules apply to it, but it needs no allow rule.
   */
  role: 'command' | 'wrapper';
  escalations: Escalation[];
}

export interface Expansion {
  candidates: Candidate[];
  /**
   * Request-level escalations no allow rule can cover: parse errors, substitutions,
   * non-fixed constructs, output redirections to files.
   */
  reasons: string[];
}
