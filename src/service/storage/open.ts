// Opens the storage named by the configuration's `storage:` URL (SPEC §13). Only `sqlite:` is
// built; `postgres://` (SPEC §15) is recognised and refused with a clear message until it is.
import type { ServiceStorage } from './types.js';

/** The storage for `url` (`sqlite:/abs/path`). Throws a one-line Error otherwise. */
export async function openStorage(url: string): Promise<ServiceStorage> {
  if (url.startsWith('sqlite:')) {
    const { openSqliteStorage } = await import('./sqlite.js');
    return openSqliteStorage(url.slice('sqlite:'.length));
  }
  throw new Error(`storage ${url.split(':')[0] ?? url}: not supported yet (use sqlite:/path)`);
}
