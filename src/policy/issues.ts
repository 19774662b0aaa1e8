// Turns zod issues into path-qualified, one-line messages that read well next to a line and
// column: `rules[0].decision: expected one of allow, approve, deny, got "permit"`.
import type { z } from 'zod';
import type { Issue, PathSegment } from './problems.js';

type ZodIssue = z.core.$ZodIssue;
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
}

const EXPECTED: Record<string, string> = {
  string: 'a string', number: 'a number', int: 'an integer', boolean: 'true or false', array: 'a list', object: 'a mapping', record: 'a mapping',
};

// The value at `path` in plain data, or undefined.
function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[String(segment)];
  }
  return value;
}

// How a YAML value reads in a message.
function describe(value: unknown): string {
  if (value === null) return 'nothing (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

// The definition behind optional/default/prefault/pipe wrappers.
function defOf(schema: z.ZodType): Def {
  const def = schema._zod.def as unknown as Def;
  const inner = def.innerType ?? def.in;
  return inner === undefined ? def : defOf(inner);
}

// The object definition at `path` (through lists, records and scalar-or-list unions), for
// listing its allowed keys.
function objectDefAt(schema: z.ZodType, path: readonly PathSegment[]): Def | null {
  let def: Def | undefined = defOf(schema);
  for (const segment of path) {
    if (def?.type === 'union') def = def.options?.map(defOf).find((d) => d.type === 'object' || d.type === 'array');
    const next: z.ZodType | undefined = def?.shape?.[String(segment)] ?? def?.element ?? def?.valueType;
    if (next === undefined) return null;
    def = defOf(next);
  }
  return def?.type === 'object' ? def : null;
}

// Levenshtein distance, for "did you mean".
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

// `unknown key "defualt" (did you mean "default"?)`, or the list of allowed keys.
function unknownKey(key: string, schema: z.ZodType, parent: readonly PathSegment[]): string {
  const allowed = Object.keys(objectDefAt(schema, parent)?.shape ?? {});
  const near = allowed.filter((k) => distance(k, key) <= 2).sort((a, b) => distance(a, key) - distance(b, key))[0];
  if (near !== undefined) return `unknown key ${JSON.stringify(key)} (did you mean ${JSON.stringify(near)}?)`;
  return allowed.length > 0 ? `unknown key ${JSON.stringify(key)} (allowed: ${allowed.join(', ')})` : `unknown key ${JSON.stringify(key)}`;
}

// True when zod wrote the message itself (ours are lowercase and specific).
const isDefaultMessage = (message: string) => /^(Invalid|Too (small|big)|Unrecognized|Expected)\b/.test(message);

// One zod issue (relative to `prefix`) into our issues.
function convert(issue: ZodIssue, prefix: PathSegment[], data: unknown, schema: z.ZodType): Issue[] {
  const path = [...prefix, ...(issue.path as PathSegment[])];
  const value = valueAt(data, path);
  const own = !isDefaultMessage(issue.message);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], atKey: true, message: unknownKey(key, schema, path) }));
    case 'invalid_key':
      return issue.issues.map((inner) => ({ path, atKey: true, message: inner.message }));
    case 'invalid_union': {
      if (value === undefined && path.length > 0 && !own) {
        return [{ path: path.slice(0, -1), message: `missing required key ${JSON.stringify(String(path[path.length - 1]))}` }];
      }
      // A branch that got past the top-level type check explains the failure best.
      const deeper = issue.errors.find((branch) => branch.length > 0 && branch.every((i) => i.path.length > 0));
      if (deeper !== undefined) return deeper.flatMap((i) => convert(i, path, data, schema));
      return [{ path, message: own ? issue.message : `unexpected ${describe(value)}` }];
    }
    case 'invalid_type': {
      if (value === undefined && path.length > 0) {
        return [{ path: path.slice(0, -1), message: `missing required key ${JSON.stringify(String(path[path.length - 1]))}` }];
      }
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      const hint = issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean') ? ` (quote it: "${String(value)}")` : '';
      return [{ path, message: `expected ${expected}, got ${describe(value)}${hint}` }];
    }
    case 'invalid_value':
      if (value === undefined && path.length > 0) {
        return [{ path: path.slice(0, -1), message: `missing required key ${JSON.stringify(String(path[path.length - 1]))}` }];
      }
      return [{ path, message: own ? issue.message : `expected one of ${issue.values.map(String).join(', ')}, got ${describe(value)}` }];
    case 'too_small':
      if (own) return [{ path, message: issue.message }];
      return [{ path, message: issue.origin === 'array' || issue.origin === 'string' ? 'must not be empty' : `must be at least ${String(issue.minimum)}` }];
    default:
      return [{ path, message: own ? issue.message : issue.message.replace(/^Invalid input: /, '') }];
  }
}

/** Converts zod issues over `data` (validated by `schema`) into path-addressed issues. */
export function issuesFromZod(issues: readonly ZodIssue[], data: unknown, schema: z.ZodType): Issue[] {
  return issues.flatMap((issue) => convert(issue, [], data, schema));
}
