// Private copies of the hashed bytes and the overlays the sandbox mounts (SPEC §10).
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { writePrivateCopies } from '../../src/binding/copies.js';
import type { FileSnapshot } from '../../src/binding/file-reader.js';

const euid = process.geteuid?.() ?? 0;
const snap = (over: Partial<FileSnapshot>): FileSnapshot => ({ path: '/x', real: '/x', bytes: Buffer.from('x'), uid: 0, mode: 0o755, ...over });

describe('writePrivateCopies', () => {
  test('the script is copied from memory into a private directory, mounted at the path opened and its real path', () => {
    const exe = snap({ path: '/usr/bin/env', real: '/usr/bin/env' });
    const script = snap({ path: '/srv/app/./run.sh', real: '/srv/app/a.sh', bytes: Buffer.from('echo approved\n'), uid: 1001, mode: 0o664 });
    const copies = writePrivateCopies([exe, script], euid);
    try {
      const dir = lstatSync(copies.dir);
      expect(dir.isDirectory() && dir.uid === euid && (dir.mode & 0o777) === 0o700).toBe(true);
      expect(copies.dir.startsWith('/tmp/approve-run-bind-')).toBe(true);
      expect(copies.overlays.map((o) => o.target)).toEqual(['/srv/app/./run.sh', '/srv/app/a.sh']);
      const source = copies.overlays[0]!.source;
      expect(readFileSync(source, 'utf8')).toBe('echo approved\n');
      expect(lstatSync(source).mode & 0o777).toBe(0o444);
    } finally {
      copies.remove();
    }
    expect(existsSync(copies.dir)).toBe(false);
  });

  test('an executable the requester could change is copied; a root-held one is not', () => {
    const held = writePrivateCopies([snap({ path: '/usr/bin/env', real: '/usr/bin/env' })], euid);
    expect(held.overlays).toEqual([]);
    for (const exe of [snap({ uid: 1001, path: '/usr/bin/env', real: '/usr/bin/env' }), snap({ mode: 0o775, path: '/usr/bin/env', real: '/usr/bin/env' }), snap({ path: '/tmp/tool', real: '/tmp/tool' })]) {
      const copies = writePrivateCopies([exe], euid);
      expect(copies.overlays.map((o) => o.target)).toEqual([exe.path]);
      copies.remove();
    }
  });
});
