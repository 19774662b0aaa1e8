// Interpreters run code: an inline program (-c, -e, --eval), a module (-m, -r, -M) or a
// script file. Each is an escalation whose cover is the exact code, module or path, so only a
// rule naming it literally allows it (SPEC §4.3). Only the listed info options run nothing.

export interface InterpreterSyntax {
  /** Matches the program name, versioned names included (python3.12, lua5.4). */
  names: RegExp;
  /** Options whose value is program text. Single letters are short options. */
  code: readonly string[];
  /** Options whose value names a module, library or file of code to load. */
  module: readonly string[];
  /** Short letters and long names that take a harmless value. */
  value: readonly string[];
  /** Short letters whose value may only be glued (perl -i.bak, -l0); flagged in `writes` if they write. */
  optionalGlued: readonly string[];
  /** Harmless flags. */
  flags: readonly string[];
  /** Options that write files (in-place editing). */
  writes: readonly string[];
  /** Options after which nothing runs (version, help). */
  info: readonly string[];
  /** The first code option ends option parsing (python -c, -m). */
  codeEndsOptions: boolean;
  source: string;
}

export const INTERPRETERS: readonly InterpreterSyntax[] = [
  {
    names: /^(python|pypy)(\d+(\.\d+)*)?$/,
    code: ['c'],
    module: ['m'],
    value: ['W', 'X', 'check-hash-based-pycs'],
    optionalGlued: [],
    flags: ['b', 'B', 'd', 'E', 'i', 'I', 'O', 'P', 'q', 's', 'S', 'u', 'v', 'x', 'R'],
    writes: [],
    info: ['V', 'h', 'version', 'help', 'help-env', 'help-xoptions', 'help-all'],
    codeEndsOptions: true,
    source: 'python(1) COMMAND LINE OPTIONS; GTFOBins python',
  },
  {
    names: /^(node|nodejs)(\d+)?$/,
    code: ['e', 'p', 'eval', 'print', 'run'],
    module: ['r', 'require', 'import', 'loader', 'experimental-loader', 'env-file', 'env-file-if-exists'],
    value: ['max-old-space-size', 'stack-size', 'title', 'input-type'],
    optionalGlued: [],
    flags: ['c', 'check', 'no-warnings', 'trace-warnings', 'enable-source-maps', 'no-deprecation', 'pending-deprecation'],
    writes: [],
    info: ['v', 'h', 'version', 'help', 'v8-options'],
    codeEndsOptions: false,
    source: 'node(1) OPTIONS; GTFOBins node',
  },
  {
    names: /^perl(\d+(\.\d+)*)?$/,
    code: ['e', 'E'],
    module: ['M', 'm', 'I', 'd'],
    value: [],
    optionalGlued: ['i', 'l', '0', 'C', 'x'],
    flags: ['n', 'p', 'a', 's', 'T', 't', 'U', 'u', 'W', 'X', 'w', 'c', 'S', 'f'],
    writes: ['i'],
    info: ['v', 'V', 'h', 'version', 'help'],
    codeEndsOptions: false,
    source: 'perlrun(1); GTFOBins perl',
  },
  {
    names: /^ruby(\d+(\.\d+)*)?$/,
    code: ['e'],
    module: ['r', 'I'],
    value: ['E', 'C', 'encoding', 'enable', 'disable'],
    optionalGlued: ['i', 'l', '0', 'W', 'T', 'x', 'F'],
    flags: ['n', 'p', 'a', 'w', 'c', 's', 'S', 'U', 'd', 'debug', 'verbose'],
    writes: ['i'],
    info: ['v', 'h', 'y', 'version', 'help'],
    codeEndsOptions: false,
    source: 'ruby(1); GTFOBins ruby',
  },
  {
    names: /^php(\d+(\.\d+)*)?$/,
    code: ['r', 'B', 'R', 'E', 'F'],
    module: ['f', 'd', 'c', 'z', 'S', 't'],
    value: [],
    optionalGlued: [],
    flags: ['n', 'e', 'H', 'q', 'l', 's', 'w', 'a'],
    writes: [],
    info: ['v', 'h', 'i', 'm', 'version', 'help', 'ini'],
    codeEndsOptions: false,
    source: 'php(1) CLI options; GTFOBins php',
  },
  {
    names: /^(lua|luajit)(\d+(\.\d+)*)?$/,
    code: ['e'],
    module: ['l'],
    value: [],
    optionalGlued: [],
    flags: ['i', 'E', 'W'],
    writes: [],
    info: ['v'],
    codeEndsOptions: false,
    source: 'lua(1); GTFOBins lua',
  },
];

/** Interpreters with subcommands; any use other than `--version`/`--help` escalates. */
export const RUNTIMES: Readonly<Record<string, { code: readonly string[]; source: string }>> = {
  deno: { code: ['eval'], source: 'deno help; GTFOBins deno' },
  bun: { code: ['-e', '--eval', '-p', '--print'], source: 'bun --help' },
  npx: { code: ['-c', '--call'], source: 'npm-exec(1): npx runs a package binary, downloading it if needed' },
  bunx: { code: [], source: 'bun x: runs a package binary, downloading it if needed' },
};
