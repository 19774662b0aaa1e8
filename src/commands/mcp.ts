// `approve-run mcp [-p FILE]` (SPEC §12): an MCP server on stdio, built on the official
// TypeScript SDK; it ends when the client closes the connection.
// Invariant: only the SDK's transport writes to stdout; approve-run's own messages go to stderr.
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import { refusePrivilegedOverrides } from '../config/locations.js';
import { selfLauncher } from './hook.js';

declare const __VERSION__: string;

export interface McpOptions {
  policy?: string;
  sudo: boolean;
  actor?: string;
}

/** Serves MCP on stdin/stdout until the client goes away; resolves to 0. */
export async function runMcp(options: McpOptions, ctx: Context): Promise<number> {
  refusePrivilegedOverrides(ctx, { policy: options.policy, auditDb: undefined });
  const { McpServer } = await import('@modelcontextprotocol/sdk/server/mcp.js');
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const { registerTools } = await import('../agents/mcp-server.js');
  const server = new McpServer({ name: 'approve-run', version: typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev' }, { capabilities: { tools: {} } });
  const launcher = selfLauncher(options.sudo, options.policy === undefined ? undefined : resolve(ctx.cwd, options.policy));
  registerTools(server, { launcher, cwd: ctx.cwd, actor: options.actor ?? 'agent:mcp' });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((done) => {
    transport.onclose = () => done();
    process.stdin.once('end', () => done());
  });
  await server.connect(transport);
  await closed;
  await server.close();
  return 0;
}
