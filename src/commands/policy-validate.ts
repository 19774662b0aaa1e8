// STUB: replaced by the real handler.
import type { Context } from '../context.js';
import { ApproveRunError } from '../errors.js';

export async function runPolicyValidate(_options: { file: string | undefined }, _ctx: Context): Promise<number> {
  throw new ApproveRunError('internal', 'policy validate is not implemented yet');
}
