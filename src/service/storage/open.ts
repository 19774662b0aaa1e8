// Opens the storage named by the configuration's `storage:` URL (SPEC §13, §15): `sqlite:` or
// `postgres://` (`postgresql://`). Each store's module, and its client library, is loaded only
// when named.
import type { ServiceStorage } from './types.js';

/** The storage for `url` (`sqlite:/abs/path` or `postgres://...`). Throws a one-line Error otherwise. */
export async function openStorage(url: string): Promise<ServiceStorage> {
  if (url.startsWith('sqlite:')) {
    const { openSqliteStorage } = await import('./sqlite.js');
    return openSqliteStorage(url.slice('sqlite:'.length));
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { openPostgresStorage } = await import('./postgres.js');
    return openPostgresStorage(url);
  }
  throw new Error(`storage ${url.split(':')[0] ?? url}: not supported (use sqlite:/path or postgres://...)`);
}
