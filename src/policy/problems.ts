// Problems and warnings found in a policy or test-case file, always with the file, line and
// column of the YAML node they are about (SPEC §4: every error names file, line and column).

/** A position-qualified finding. Printed as `file:line:col: message`. */
export interface Problem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  message: string;
}

/** Lint findings have the same shape; printed with `warning:` after the position. */
export type Warning = Problem;

/** A path into the YAML document: mapping keys and list indexes. */
export type PathSegment = string | number;

/** Maps a document path to the node's position; `atKey` points at the key rather than the value. */
export type Locator = (path: readonly PathSegment[], atKey?: boolean) => { line: number; col: number };

/** `file:line:col: message` */
export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.col}: ${problem.message}`;
}

/** `file:line:col: warning: message` */
export function formatWarning(warning: Warning): string {
  return `${warning.file}:${warning.line}:${warning.col}: warning: ${warning.message}`;
}

/** `rules[2].match.command`, for messages. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** A finding still addressed by path, before it is located in the file. */
export interface Issue {
  path: PathSegment[];
  message: string;
  /** Point at the key (unknown keys, bad ids) rather than the value. */
  atKey?: boolean;
}

/** Locates issues and prefixes their messages with the path. */
export function toProblems(file: string, issues: readonly Issue[], locate: Locator): Problem[] {
  return issues.map((issue) => {
    const { line, col } = locate(issue.path, issue.atKey);
    const where = formatPath(issue.path);
    return { file, line, col, message: where === '' ? issue.message : `${where}: ${issue.message}` };
  });
}

/** Orders problems by position, so output reads top to bottom. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
}
