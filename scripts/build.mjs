// Bundles approve-run into dist/ as three parts, so the allow path loads as little as possible:
//   dist/main.cjs       the entry (src/main.ts): loads the fast path through the compile cache.
//   dist/fast-path.cjs  the allow path and the webhook approval flow in one file
//   dist/fast-path.mjs  (src/fast-path.ts); every other lazily imported module is replaced by
//                       one that throws HandOver (src/hand-over.ts), so such a run is handed
//                       to the full program before anything is logged.
//                       CommonJS for Node < 22.1 (loaded synchronously, without the ESM facades
//                       of built-in modules, and through the vm.Script code cache); ESM where
//                       Node has its own compile cache (see src/main.ts for why).
//   dist/hook.cjs       `approve-run hook <agent>` answered from the verdict cache
//                       (src/hook-path.ts): no package and no built-in module but fs, path
//                       and os (checked below); everything else is handed to the full program.
//   dist/program.js     the full program (src/program.ts, ESM) with code splitting: commander,
//                       the policy loader, the shell parser, approvals, audit commands.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// A hash of everything the bundle is made of: the sources, the locked dependency versions and
// this script. Caches keyed by it (src/policy/cache.ts) are never reused by another build.
function buildId() {
  const files = readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
  files.push(join(root, 'package.json'), join(root, 'package-lock.json'), fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  for (const file of files.map((f) => relative(root, f)).sort()) hash.update(`${file}\0`).update(readFileSync(join(root, file))).update('\0');
  return hash.digest('hex').slice(0, 32);
}

const HAND_OVER = join(root, 'src/hand-over.ts');

// Dynamic imports: those named in `keep` load another part of dist/ at run time (by the file
// name given); those in `bundled` stay in the bundle (initialised when first imported);
// built-in modules are loaded when first imported (by require() in a CommonJS bundle, whose
// vm.Script has no import()); in the fast path, every other one becomes a module that throws
// HandOver.
function lazyImports(keep, handOver, { bundled = [], cjs = false } = {}) {
  return {
    name: 'lazy-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        if (Object.hasOwn(keep, args.path)) return { path: keep[args.path], external: true };
        if (bundled.includes(args.path)) return undefined;
        if (args.path.startsWith('node:')) return cjs ? { path: args.path, namespace: 'builtin' } : { path: args.path, external: true };
        return handOver ? { path: args.path, namespace: 'hand-over' } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});\n`, loader: 'js' }));
      b.onLoad({ filter: /.*/, namespace: 'hand-over' }, (args) => ({
        contents: `import { HandOver } from ${JSON.stringify(HAND_OVER)};\nthrow new HandOver(${JSON.stringify(args.path)});\n`,
        resolveDir: root,
        loader: 'ts',
      }));
    },
  };
}

// What the fast path keeps of the approval flow (and the content binding it needs): a run
// approved over the webhook is done there.
const FAST_APPROVALS = ['../approval/flow.js', './plan.js', '../approval/session/revocation.js', '../binding/bind.js'];

const defines = { __VERSION__: JSON.stringify(pkg.version), __BUILD_ID__: JSON.stringify(buildId()) };
const esmBanner = {
  js: "import { createRequire as __arCreateRequire } from 'node:module'; const require = __arCreateRequire(import.meta.url);",
};
const common = {
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
};
// The start-up bundles (main and the fast path) without whitespace and comments: a third less
// source to read and hash on every start. Names stay, and the source maps still map.
const startUp = { minifyWhitespace: true };
// node:module in a CommonJS bundle, loaded on first use: requiring it loads Node's ES module
// loader too, which a start through the code cache never needs.
const lazyModuleBuiltin = {
  name: 'lazy-node-module',
  setup(b) {
    b.onResolve({ filter: /^node:module$/ }, (args) => (args.kind === 'import-statement' ? { path: args.path, namespace: 'lazy-builtin' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: [
        'let loaded;',
        "const real = () => (loaded ??= require('node:module'));",
        'export function createRequire(from) { return real().createRequire(from); }',
        'export default { get enableCompileCache() { return real().enableCompileCache; } };',
      ].join('\n'),
      loader: 'js',
    }));
  },
};
// import.meta in CommonJS: the directory directly, the URL only when asked for.
const commonJs = {
  ...common,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  define: { ...defines, 'import.meta.url': '__arMeta.url', 'import.meta.dirname': '__dirname' },
  banner: { js: "const __arMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };" },
};

rmSync(join(root, 'dist'), { recursive: true, force: true });
await Promise.all([
  build({
    ...commonJs,
    ...startUp,
    entryPoints: { main: 'src/main.ts' },
    plugins: [lazyImports({ './program.js': './program.js', './fast-path.js': './fast-path.mjs' }, false), lazyModuleBuiltin],
  }),
  // The CommonJS fast path (Node < 22.1) bundles better-sqlite3's JavaScript too, so it comes
  // from the code cache instead of a dozen module loads; its addon is still loaded from
  // node_modules (src/audit/log.ts hands its path over).
  build({ ...commonJs, ...startUp, entryPoints: { 'fast-path': 'src/fast-path.ts' }, plugins: [lazyImports({}, true, { bundled: FAST_APPROVALS, cjs: true }), lazyModuleBuiltin] }),
  build({
    ...common,
    ...startUp,
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    define: defines,
    banner: esmBanner,
    entryPoints: { 'fast-path': 'src/fast-path.ts' },
    // better-sqlite3 stays in node_modules here: bundled, its objects abort Node 24 at exit more often.
    external: ['better-sqlite3'],
    plugins: [lazyImports({}, true, { bundled: FAST_APPROVALS })],
  }),
  build({ ...commonJs, ...startUp, entryPoints: { hook: 'src/hook-path.ts' }, plugins: [lazyImports({}, true, { cjs: true })] }),
  build({
    ...common,
    format: 'esm',
    define: defines,
    banner: esmBanner,
    entryPoints: { program: 'src/program.ts' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    // Native and wasm-loading packages stay in node_modules.
    external: ['better-sqlite3', 'web-tree-sitter', 'tree-sitter-bash'],
  }),
]);

// The start-up files must be pure ASCII: one other character anywhere makes V8 hold the whole
// source as a two-byte string, twice the memory and slower to read on every start.
for (const file of ['main.cjs', 'fast-path.cjs', 'fast-path.mjs', 'hook.cjs']) {
  const text = readFileSync(join(root, 'dist', file), 'latin1');
  const at = text.search(/[\x80-\xff]/);
  if (at >= 0) {
    const line = text.slice(0, at).split('\n').length;
    throw new Error(`dist/${file}:${line}: a non-ASCII character; write it as an escape (or reword the comment)`);
  }
}

// The hook's bundle answers every shell call an agent makes: what it loads is its start-up
// (src/hook-path.ts, invariant 4). Loading node:crypto or process.stdout's stream machinery
// costs more than the whole hook does.
const HOOK_BUILTINS = new Set(['node:fs', 'node:path', 'node:os', 'node:url']);
const hookRequires = [...readFileSync(join(root, 'dist', 'hook.cjs'), 'latin1').matchAll(/\brequire\((["'])([^"']+)\1\)/g)].map((m) => m[2]);
const strayRequire = hookRequires.find((name) => !HOOK_BUILTINS.has(name));
if (strayRequire !== undefined) throw new Error(`dist/hook.cjs requires ${strayRequire}: the hook's bundle may load only ${[...HOOK_BUILTINS].join(', ')} (src/hook-path.ts)`);
