// STUB: replaced by the real handler.
import type { CheckOptions } from '../cli.js';
import type { Context } from '../context.js';
import { ApproveRunError } from '../errors.js';

export async function runCheck(_options: CheckOptions, _ctx: Context): Promise<number> {
  throw new ApproveRunError('internal', 'check is not implemented yet');
}
