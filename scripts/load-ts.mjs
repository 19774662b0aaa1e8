// Loads TypeScript modules of src/ into a script: esbuild bundles an entry of `exports` lines
// into a temporary ESM file, which is imported and then removed. Used by the generators
// (gen-schema.mjs, gen-man.mjs), so what they write comes from the same code the program runs.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const root = fileURLToPath(new URL('..', import.meta.url));

/** Bundles `contents` (export lines relative to the root) and returns the module's exports. */
export async function loadTs(contents) {
  const dir = mkdtempSync(join(tmpdir(), 'approve-run-gen-'));
  try {
    const outfile = join(dir, 'render.mjs');
    await build({
      stdin: { contents, resolveDir: root, loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile,
      banner: { js: "import { createRequire as __mk } from 'node:module'; const require = __mk(import.meta.url);" },
      logLevel: 'warning',
    });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
