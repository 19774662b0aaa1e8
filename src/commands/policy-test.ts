// STUB: replaced by the real handler.
import type { Context } from '../context.js';
import { ApproveRunError } from '../errors.js';

export async function runPolicyTest(_options: { file: string; policy: string | undefined }, _ctx: Context): Promise<number> {
  throw new ApproveRunError('internal', 'policy test is not implemented yet');
}
