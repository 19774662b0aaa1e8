// STUB: pattern compilers for rules (SPEC §4.1). Each throws Error with a one-line message
// for a pattern that does not compile.

/** A token pattern: literal, glob within one token, `re:<regex>` full match. (`**` is handled by the args matcher.) */
export function compileTokenPattern(pattern: string): (token: string) => boolean {
  return (token) => token === pattern;
}

/** A path glob where `**` crosses `/` (for `when.cwd`). */
export function compilePathGlob(pattern: string): (path: string) => boolean {
  return (path) => path === pattern;
}

/** A glob over a plain name (user, group, actor, host, command name). */
export function compileNameGlob(pattern: string): (name: string) => boolean {
  return (name) => name === pattern;
}
