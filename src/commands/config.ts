// STUB: replaced by the real handler.
import type { Context } from '../context.js';
import { ApproveRunError } from '../errors.js';

export type ConfigOptions = { action: 'get'; key: string } | { action: 'set'; key: string; value: string } | { action: 'list' };

export async function runConfig(_options: ConfigOptions, _ctx: Context): Promise<number> {
  throw new ApproveRunError('internal', 'config is not implemented yet');
}
