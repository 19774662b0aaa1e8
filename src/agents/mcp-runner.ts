// How the MCP server runs approve-run for a tool call: as its own child process, each call a
// real `approve-run run|wait|check` with its stdio on pipes (SPEC §12).
// Invariants:
//   1. The child's stdin is /dev/null and its stdout and stderr are pipes read here: nothing a
//      command prints can reach the server's stdout (the protocol), and nothing can read the
//      protocol's stdin.
//   2. What is kept of each stream is capped (MAX_CAPTURE bytes); the cut is said in the text.
//   3. The result is the child's own SPEC §7 JSON line (`--json`), never one made up here; a
//      child that gives none is an `error` outcome.
import { spawn } from 'node:child_process';
import { programWords, type Launcher } from './rewrite.js';

/** Bytes kept of each of a command's streams. */
export const MAX_CAPTURE = 256 * 1024;

export interface Captured {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Appends to a capped buffer; true once something was dropped.
function keep(into: { parts: Buffer[]; size: number; cut: boolean }, chunk: Buffer): void {
  const room = MAX_CAPTURE - into.size;
  if (room <= 0) {
    into.cut = true;
    return;
  }
  into.parts.push(chunk.subarray(0, room));
  into.size += Math.min(room, chunk.length);
  if (chunk.length > room) into.cut = true;
}

// The text of a capped buffer, with a note when it was cut.
function text(b: { parts: Buffer[]; cut: boolean }): string {
  return Buffer.concat(b.parts).toString('utf8') + (b.cut ? `\n[approve-run: output cut at ${MAX_CAPTURE} bytes]` : '');
}

/** Runs approve-run with `args`, capturing its output (invariants 1, 2). */
export function runApproveRun(launcher: Launcher, args: string[], cwd: string): Promise<Captured> {
  const [file, ...head] = programWords(launcher);
  return new Promise((resolve, reject) => {
    const child = spawn(file!, [...head, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const out = { parts: [] as Buffer[], size: 0, cut: false };
    const err = { parts: [] as Buffer[], size: 0, cut: false };
    child.stdout.on('data', (c: Buffer) => keep(out, c));
    child.stderr.on('data', (c: Buffer) => keep(err, c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: text(out), stderr: text(err) }));
  });
}

/** The last line of stderr as the SPEC §7 JSON result, and stderr without it (invariant 3). */
export function splitResult(c: Captured): { result: Record<string, unknown>; stderr: string } {
  const lines = c.stderr.replace(/\n$/, '').split('\n');
  const last = lines.at(-1) ?? '';
  try {
    const result = JSON.parse(last) as unknown;
    if (typeof result === 'object' && result !== null && 'outcome' in result) return { result: result as Record<string, unknown>, stderr: lines.slice(0, -1).join('\n') };
  } catch {
    // Not a result line: reported as an error below.
  }
  return { result: { outcome: 'error', exit_code: c.code ?? 125, request_id: null, session_id: null, approvers: [], rule_ids: [], duration_ms: 0 }, stderr: c.stderr };
}
