// STUB: replaced by the real handler.
import type { RunOptions } from '../cli.js';
import type { Context } from '../context.js';
import { ApproveRunError } from '../errors.js';

export async function runRun(_options: RunOptions, _ctx: Context): Promise<number> {
  throw new ApproveRunError('internal', 'run is not implemented yet');
}
