// Bundles src/main.ts into dist/ with code splitting, so lazily imported command handlers
// become separate chunks and the allow path loads as little as possible.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minify: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // Native and wasm-loading packages stay in node_modules.
  external: ['better-sqlite3', 'web-tree-sitter', 'tree-sitter-bash'],
  define: { __VERSION__: JSON.stringify(pkg.version) },
  banner: {
    js: "import { createRequire as __arCreateRequire } from 'node:module'; const require = __arCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
