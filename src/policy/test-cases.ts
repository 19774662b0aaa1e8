// Policy test-case files for `policy test` (SPEC §4.6): a YAML list of
// `{ command: [argv...] | shell: "line", user?, actor?, cwd?, expect }`, validated as strictly
// as policies, every problem with file, line and column.
import { z } from 'zod';
import { issuesFromZod } from './issues.js';
import { normaliseTestCase } from './normalise.js';
import { sortProblems, toProblems, type Problem } from './problems.js';
import { testCaseSchema } from './schema.js';
import type { PolicyTestCase } from './types.js';
import { readYaml } from './yaml-source.js';

const casesSchema = z.array(testCaseSchema).min(1, 'expected at least one test case');

/** Validates a test-case file's text; `file` is how messages name it. */
export function validateCasesText(file: string, text: string): { cases: PolicyTestCase[] } | { problems: Problem[] } {
  const read = readYaml(file, text, 'list', 'a list of test cases');
  if ('problems' in read) return { problems: sortProblems(read.problems) };
  const { data, locate } = read.source;
  const parsed = casesSchema.safeParse(data);
  if (!parsed.success) return { problems: sortProblems(toProblems(file, issuesFromZod(parsed.error.issues, data, casesSchema), locate)) };
  return {
    cases: parsed.data.map((test, i) => {
      const { line, col } = locate([i]);
      return normaliseTestCase(test, `${file}:${line}:${col}`);
    }),
  };
}

/** Same as validateCasesText for raw bytes, which must be UTF-8. */
export function validateCasesBytes(file: string, bytes: Buffer): { cases: PolicyTestCase[] } | { problems: Problem[] } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { problems: [{ file, line: 1, col: 1, message: 'the file is not valid UTF-8' }] };
  }
  return validateCasesText(file, text);
}
