// The allow path's unavoidable work with nothing of approve-run in it, as a floor to compare
// with: load node:crypto, child_process and better-sqlite3, open a WAL database with
// synchronous=FULL, commit the decision durably, start the command, commit its start and its
// end, and leave the connection to the exit (as approve-run does). No policy, no checks. The
// addon is named directly, as approve-run does, rather than searched for by `bindings`.
// Usage: node bench/floor.cjs DB COMMAND (the benchmarks run it bundled: bench/lib.mjs)
/* eslint-disable @typescript-eslint/no-require-imports, no-undef -- a plain CommonJS script */
const { createHash } = require('node:crypto');
const { spawn } = require('node:child_process');
const Database = require('better-sqlite3');
const { join } = require('node:path');

const db = new Database(process.argv[2], { nativeBinding: join(__dirname, '../node_modules/better-sqlite3/build/Release/better_sqlite3.node') });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE IF NOT EXISTS entries (seq INTEGER PRIMARY KEY, leaf TEXT NOT NULL, hash BLOB NOT NULL)');
const insert = db.prepare('INSERT INTO entries (leaf, hash) VALUES (?, ?)');
const append = (leaf) => insert.run(leaf, createHash('sha256').update(leaf).digest());

append('{"type":"decision"}');
const child = spawn(process.argv[3], [], { stdio: 'inherit', detached: true });
child.on('spawn', () => append('{"type":"exec_start"}'));
child.on('exit', (code) => {
  append('{"type":"exec_end"}');
  process.exit(code ?? 125);
});
