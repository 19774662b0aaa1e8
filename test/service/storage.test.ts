// The storage contract (./storage-contract.ts) on SQLite.
import { join } from 'node:path';
import { openSqliteStorage } from '../../src/service/storage/sqlite.js';
import { tempDir } from '../helpers/tmp.js';
import { storageContract } from './storage-contract.js';

let n = 0;
storageContract('SQLite', async () => openSqliteStorage(join(tempDir(), `db${n++}`, 'server.db')));
