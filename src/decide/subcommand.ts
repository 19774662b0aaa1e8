// Removes a tool's global options so rule `args` see the subcommand first (SPEC §4.1), using
// the table in src/knowledge/global-options.ts. Only known options are removed; an unknown
// option ends the scan (or, for tools whose options go anywhere, is kept in place), so the
// args a rule sees are never shorter than what the tool will act on.
import type { GlobalOption, ToolGlobalOptions } from '../knowledge/global-options.js';

// The option with this exact spelling, if the tool has it.
function optionNamed(tool: ToolGlobalOptions, name: string): GlobalOption | undefined {
  return tool.options.find((option) => option.names.includes(name));
}

// Tokens taken by a long option at `args[i]` (0: not a known global option).
function longOptionLength(tool: ToolGlobalOptions, args: string[], i: number): number {
  const token = args[i] as string;
  const eq = token.indexOf('=');
  const option = optionNamed(tool, eq === -1 ? token : token.slice(0, eq));
  if (option === undefined) return 0;
  if (eq !== -1) return option.value === 'none' && tool.syntax === 'exact' ? 0 : 1;
  return option.value === 'required' && i + 1 < args.length ? 2 : 1;
}

// Tokens taken by a short option or cluster at `args[i]` (0: not all known global options).
function shortOptionLength(tool: ToolGlobalOptions, args: string[], i: number): number {
  const token = args[i] as string;
  if (tool.syntax === 'exact') {
    const option = optionNamed(tool, token);
    if (option === undefined) return 0;
    return option.value === 'required' && i + 1 < args.length ? 2 : 1;
  }
  const letters = Array.from(token.slice(1));
  for (const [k, letter] of letters.entries()) {
    const option = optionNamed(tool, `-${letter}`);
    if (option === undefined) return 0;
    if (option.value !== 'required') continue;
    // The rest of the cluster is the value (`-nprod`, `-n=prod`); else the next token is.
    if (k < letters.length - 1) return 1;
    return i + 1 < args.length ? 2 : 1;
  }
  return 1;
}

// Tokens taken by a known global option at `args[i]`, 0 if there is none.
function optionLength(tool: ToolGlobalOptions, args: string[], i: number): number {
  const token = args[i] as string;
  if (token === '-' || !token.startsWith('-')) return 0;
  return token.startsWith('--') ? longOptionLength(tool, args, i) : shortOptionLength(tool, args, i);
}

/**
 * argv[1..] without the tool's global options: before the subcommand, or anywhere before
 * `--` for tools like systemctl. `--` and everything after it are kept.
 */
export function stripGlobalOptions(tool: ToolGlobalOptions, args: string[]): string[] {
  const kept: string[] = [];
  let i = 0;
  while (i < args.length) {
    const token = args[i] as string;
    if (token === '--') return [...kept, ...args.slice(i)];
    const used = optionLength(tool, args, i);
    if (used > 0) {
      i += used;
      continue;
    }
    if (!tool.anywhere) return [...kept, ...args.slice(i)];
    kept.push(token);
    i++;
  }
  return kept;
}
