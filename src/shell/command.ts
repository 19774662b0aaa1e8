// Expands one argv into the candidates it runs (SPEC §4.3): transparent wrappers are unwrapped,
// `sh -c SCRIPT` is judged as a shell line, privilege runners are observed, and every
// dangerous option, environment prefix and inner command becomes an escalation or candidate.
// MUST hold:
//   1. Every command that will run appears as a candidate; a wrapper's inner command has role
//      'command' and needs its own allow rule.
//   2. Wrappers are unwrapped only when argv[0] resolves through secure_path (a bare name, or
//      an absolute path in a secure_path directory); `./timeout` is just a program.
//   3. Escalations raised by a wrapper or shell also sit on the commands it runs.
import { posix } from 'node:path';
import { shellSyntaxFor, readShellInvocation } from './shell-invocation.js';
import { dedupe, emptyExpansion, escalateCommands, merge, observe, type Analysis } from './analysis.js';
import { envEscalations } from './env.js';
import { toolFindings } from './tools/index.js';
import type { Candidate, Expansion } from './types.js';
import { unwrap, wrapperSyntaxFor } from './wrapper.js';

/** The program name a reader goes by: the basename of argv[0]. */
export function programName(argv0: string): string {
  return argv0.slice(argv0.lastIndexOf('/') + 1);
}

/** True when argv[0] is found through secure_path (bare name, or absolute in one of its directories). */
export function runsFromSecurePath(argv0: string, securePath: string): boolean {
  if (!argv0.includes('/')) return argv0 !== '';
  if (!argv0.startsWith('/')) return false;
  const dirs = securePath.split(':').filter((d) => d.startsWith('/')).map((d) => posix.normalize(d).replace(/\/$/, ''));
  return dirs.includes(posix.dirname(posix.normalize(argv0)));
}

export interface CommandExtras {
  /** Fixed text fed to the command's standard input (here-document), if known. */
  stdinText?: string | null;
}

// A transparent wrapper: the wrapper is a candidate, the inner command another.
async function wrapped(argv: string[], env: [string, string][], an: Analysis, depth: number, name: string): Promise<Expansion> {
  const unwrapped = unwrap(name, wrapperSyntaxFor(name)!, argv.slice(1));
  const own = [...unwrapped.escalations, ...envEscalations(env, an.settings.env_keep)];
  const out = emptyExpansion();
  out.candidates.push({ argv, env, role: unwrapped.inner === null ? 'command' : 'wrapper', escalations: own });
  if (unwrapped.inner === null) return out;
  const innerEnv: [string, string][] = [...(unwrapped.clearsEnv ? [] : env), ...unwrapped.env];
  const inner = await analyseCommand(unwrapped.inner, innerEnv, an, depth);
  escalateCommands(inner.candidates, own);
  return merge(out, inner);
}

// A shell: with -c its script is judged as a line; otherwise it is a command running opaque code.
async function shell(argv: string[], env: [string, string][], an: Analysis, depth: number, trusted: boolean, extras: CommandExtras): Promise<Expansion> {
  const name = programName(argv[0]!);
  const invocation = readShellInvocation(name, shellSyntaxFor(name)!, argv.slice(1));
  const own = [...invocation.escalations, ...envEscalations(env, an.settings.env_keep)];
  const out = emptyExpansion();
  const self: Candidate = { argv, env, role: 'command', escalations: own };
  out.candidates.push(self);
  const text = invocation.script ?? (invocation.mode === 'stdin' ? (extras.stdinText ?? null) : null);
  if (text === null) return out;
  const script = await an.script(text, invocation.dialect, depth + 1);
  if (invocation.mode === 'script' && trusted && script.candidates.length > 0) {
    self.role = 'wrapper';
    for (const candidate of script.candidates) candidate.env = [...env, ...candidate.env];
    escalateCommands(script.candidates, own);
  } else self.escalations.push(...observe(script));
  return merge(out, script);
}

/**
 * The candidates `argv` runs, with `env` as its environment prefixes. `depth` counts
 * enclosing `sh -c` levels.
 */
export async function analyseCommand(argv: string[], env: [string, string][], an: Analysis, depth: number, extras: CommandExtras = {}): Promise<Expansion> {
  if (argv.length === 0) return emptyExpansion();
  const name = programName(argv[0]!);
  const trusted = runsFromSecurePath(argv[0]!, an.settings.secure_path);
  if (trusted && wrapperSyntaxFor(name) !== undefined) return dedupe(await wrapped(argv, env, an, depth, name));
  if (shellSyntaxFor(name) !== undefined) return dedupe(await shell(argv, env, an, depth, trusted, extras));
  const candidate: Candidate = { argv, env, role: 'command', escalations: envEscalations(env, an.settings.env_keep) };
  const out: Expansion = { candidates: [candidate], reasons: [] };
  const findings = toolFindings(name, argv.slice(1));
  candidate.escalations.push(...findings.escalations);
  for (const inner of findings.inner) merge(out, await analyseCommand(inner, env, an, depth));
  for (const seen of findings.observed) {
    const sub = await analyseCommand(seen, [], an, depth);
    candidate.escalations.push(...observe(sub));
    merge(out, sub);
  }
  for (const text of findings.scripts) {
    const sub = await an.script(text, 'bash', depth + 1);
    candidate.escalations.push(...observe(sub));
    merge(out, sub);
  }
  return dedupe(out);
}
