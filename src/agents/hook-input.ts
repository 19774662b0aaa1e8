// Reading an agent's hook input (SPEC §12): bytes from stdin to a shell line to judge. Any
// surprise is an error, which the hook turns into exit 2 (a block), since these agents let
// the tool run when a hook fails in any other way.
// Invariants:
//   1. At most MAX_INPUT_BYTES are read; more is an error, never a truncated judgement.
//   2. The bytes must be valid UTF-8 (no replacement characters) holding one JSON object.
//   3. The event and the tool must be the agent's documented shell tool; anything else is an
//      error (a hook matched to other tools blocks them rather than waving them through).
//   4. The command is a non-empty string without invisible or control characters other than
//      tab and line feed, and short enough to be one argument.
import { isAbsolute, resolve } from 'node:path';
import { findInvisible } from '../shell/invisible.js';
import type { AgentProtocol } from './protocols.js';

/** Largest hook input read, in bytes. */
export const MAX_INPUT_BYTES = 1024 * 1024;
/** Largest command line judged, in UTF-8 bytes (Linux caps one argument at 128 KiB). */
export const MAX_LINE_BYTES = 100 * 1024;

/** A hook input that cannot be judged; the message says why. */
export class HookInputError extends Error {}

/** What the hook judges, taken from one agent's input. */
export interface ShellCall {
  line: string;
  /** The directory the command would run in (the tool's own directory argument applied). */
  cwd: string;
  /** The tool's arguments as the agent sent them (the rewrite keeps every other field). */
  toolInput: Record<string, unknown>;
  toolUseId: string | null;
  sessionId: string | null;
}

// The object at `key`, or an error naming it.
function objectAt(from: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = from[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HookInputError(`hook input: "${key}" is not an object`);
  return value as Record<string, unknown>;
}

// The string at `key`, or null when absent; an error when it is something else.
function optionalString(from: Record<string, unknown>, key: string): string | null {
  const value = from[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new HookInputError(`hook input: "${key}" is not a string`);
  return value;
}

/** Decodes and parses the raw stdin bytes (invariants 1, 2). */
export function parseHookJson(bytes: Buffer): Record<string, unknown> {
  if (bytes.length > MAX_INPUT_BYTES) throw new HookInputError(`hook input is larger than ${MAX_INPUT_BYTES} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HookInputError('hook input is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HookInputError(`hook input is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HookInputError('hook input is not a JSON object');
  return value as Record<string, unknown>;
}

/** The shell call an agent's input describes (invariants 3, 4). */
export function shellCallOf(agent: AgentProtocol, input: Record<string, unknown>): ShellCall {
  const event = optionalString(input, 'hook_event_name');
  if (event !== agent.event) throw new HookInputError(`hook input: event ${JSON.stringify(event)} is not ${agent.event}`);
  const tool = optionalString(input, 'tool_name');
  if (tool === null || !agent.tools.includes(tool)) throw new HookInputError(`hook input: unknown tool ${JSON.stringify(tool)} (this hook judges ${agent.tools.join(', ')})`);
  const toolInput = objectAt(input, 'tool_input');
  const line = optionalString(toolInput, 'command');
  if (line === null || line.trim() === '') throw new HookInputError('hook input: tool_input.command is missing or empty');
  if (Buffer.byteLength(line) > MAX_LINE_BYTES) throw new HookInputError(`hook input: the command is longer than ${MAX_LINE_BYTES} bytes`);
  if (line.includes('\0')) throw new HookInputError('hook input: the command holds a NUL character');
  const invisible = findInvisible(line);
  if (invisible !== null) throw new HookInputError(`hook input: the command holds an invisible or control character (${invisible})`);
  const cwd = optionalString(input, 'cwd');
  if (cwd === null || !isAbsolute(cwd)) throw new HookInputError('hook input: "cwd" is not an absolute path');
  const dir = agent.directoryKey === null ? null : optionalString(toolInput, agent.directoryKey);
  return {
    line,
    cwd: dir === null || dir === '' ? cwd : resolve(cwd, dir),
    toolInput,
    toolUseId: optionalString(input, 'tool_use_id'),
    sessionId: optionalString(input, 'session_id'),
  };
}
