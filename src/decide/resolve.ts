// STUB: executable resolution through secure_path and realpath (SPEC §4.1).
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import type { PathProbe } from './types.js';

export const realPathProbe: PathProbe = {
  realpath(path) {
    try {
      return realpathSync(path);
    } catch {
      return null;
    }
  },
  isExecutableFile(path) {
    try {
      if (!statSync(path).isFile()) return false;
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
};
