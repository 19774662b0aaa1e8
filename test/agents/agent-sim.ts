// An agent harness: calls a real `approve-run hook <agent>` process the way each agent does,
// and then does what that agent's documentation says it does with the answer, including
// running the tool anyway when the hook fails open (a crash, a timeout, an exit other than
// 2, an answer the agent does not honour). Sources: test/agents/fixtures/*.json.
import { execa } from 'execa';
import { readFileSync, writeFileSync as writeFile } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { SECURE_PATH } from '../run/support.js';

export type AgentName = 'claude-code' | 'codex' | 'gemini';
export const AGENT_NAMES: AgentName[] = ['claude-code', 'codex', 'gemini'];

/** A fixture: the documented input sample and output samples. */
export interface Fixture {
  source: string;
  input: Record<string, unknown>;
  outputs: Record<string, Record<string, unknown>>;
}

/** The documented sample for `agent`. */
export function fixture(agent: AgentName): Fixture {
  return JSON.parse(readFileSync(new URL(`./fixtures/${agent}.json`, import.meta.url), 'utf8')) as Fixture;
}

/** The documented input with `command` (and `cwd`) put in. */
export function payload(agent: AgentName, command: string, cwd: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const f = fixture(agent);
  return { ...f.input, cwd, tool_input: { ...(f.input.tool_input as object), command, ...extra } };
}

export interface HookRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

/** A policy, state directories and an environment for one agent world. */
export interface AgentWorld {
  dir: string;
  policy: string;
  env: Record<string, string>;
}

/** A fresh world with `policyBody` (rules and channels) under default deny. */
export function agentWorld(policyBody: string, approvalTimeout = '30s'): AgentWorld {
  const dir = tempDir('approve-run-agent-');
  const policy = join(dir, 'policy.yaml');
  writeFile(policy, `version: 1\nsettings: { default: deny, secure_path: "${SECURE_PATH}", approval_timeout: ${approvalTimeout} }\n${policyBody}`);
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', NO_COLOR: '1', HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state'), XDG_CACHE_HOME: join(dir, 'cache') };
  return { dir, policy, env };
}



/** Runs the hook process with raw stdin bytes. */
export async function runHook(w: AgentWorld, agent: string, input: Buffer | string, args: string[] = [], timeoutMs = 20_000): Promise<HookRun> {
  const started = Date.now();
  const r = await execa(process.execPath, [CLI, 'hook', agent, '-p', w.policy, ...args], {
    cwd: w.dir, env: w.env, extendEnv: false, input, reject: false, timeout: timeoutMs, killSignal: 'SIGKILL', stripFinalNewline: false,
  });
  return { code: r.exitCode ?? null, stdout: r.stdout, stderr: r.stderr, timedOut: r.timedOut, ms: Date.now() - started };
}

/** What the agent does with the hook's answer: block, or run this command in this directory. */
export type Verdict = { blocked: string } | { run: string; cwd: string } | { paused: string };

// The answer parsed as JSON, or null when stdout is not a JSON object (agents then ignore it).
function parsed(stdout: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(stdout.trim()) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The documented reaction of `agent` to a hook run on `toolInput` (fail-open included). */
export function react(agent: AgentName, run: HookRun, toolInput: Record<string, unknown>, cwd: string): Verdict {
  const original = { run: String(toolInput.command), cwd: agent === 'gemini' && typeof toolInput.dir_path === 'string' ? join(cwd, toolInput.dir_path) : cwd };
  if (run.timedOut || run.code === null) return original;
  if (run.code === 2) return agent === 'codex' && run.stderr.trim() === '' ? original : { blocked: run.stderr.trim() };
  if (run.code !== 0) return original;
  const out = parsed(run.stdout);
  if (out === null) return original;
  if (agent === 'gemini') {
    if (out.decision === 'deny' || out.decision === 'block') return { blocked: String(out.reason) };
    const merged = { ...toolInput, ...(((out.hookSpecificOutput as Record<string, unknown> | undefined)?.tool_input as object | undefined) ?? {}) } as Record<string, unknown>;
    return { run: String(merged.command), cwd: typeof merged.dir_path === 'string' ? join(cwd, merged.dir_path) : cwd };
  }
  const specific = (out.hookSpecificOutput ?? {}) as Record<string, unknown>;
  const decision = specific.permissionDecision;
  if (decision === 'deny') return { blocked: String(specific.permissionDecisionReason) };
  if (agent === 'claude-code' && decision === 'defer') return { paused: String(specific.permissionDecisionReason) };
  const updated = specific.updatedInput as Record<string, unknown> | undefined;
  // Codex honours allow only with updatedInput; Claude Code's ask is taken as the user saying yes (worst case).
  if (updated !== undefined && (decision === 'allow' || agent === 'claude-code')) return { run: String(updated.command), cwd };
  return original;
}

/** Runs what the agent would run, as its shell tool does (bash -c). */
export async function runTool(w: AgentWorld, v: Extract<Verdict, { run: string }>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const r = await execa('/bin/bash', ['-c', v.run], { cwd: v.cwd, env: w.env, extendEnv: false, reject: false, timeout: 30_000, stripFinalNewline: false });
  return { code: r.exitCode ?? null, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh directory for markers. */
export const markerDir = (): string => tempDir('approve-run-mark-');
