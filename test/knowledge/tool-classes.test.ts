// The option classification (src/knowledge/tools/) is complete and consistent: every entry
// names its source and version, every spelling is well formed and in one class only, and
// where the tool is installed here, every long option its own help prints is in the table.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOOL_ENTRIES } from '../../src/knowledge/tools/index.js';
import { OPTION_CLASSES, type OptionTable, type ToolEntry } from '../../src/knowledge/tools/types.js';
import { compileOptions, lookupOption } from '../../src/shell/tools/option-table.js';

/** Tools the brief lists (SPEC §10, issue 13): each must have an entry. */
const REQUIRED = `systemctl journalctl dmesg date hwclock timedatectl git tar zip unzip rsync ssh scp find sed awk grep rg
  sort less more man cat head tail ls du df ps top ip ss uname id stat file diff curl wget make npm go docker kubectl
  apt apt-get apt-cache dpkg dpkg-query`.split(/\s+/);

const SPELLING = /^(-\?|(-[^\s=?-]|--?[A-Za-z0-9][\w.-]*\*?)(=|\?|#|=~\S+)?)$/;

// Every table of an entry, labelled.
function tablesOf(entry: ToolEntry): [string, OptionTable[]][] {
  const out: [string, OptionTable[]][] = [[entry.programs[0]!, [entry.options]]];
  for (const [sub, table] of Object.entries(entry.subcommands ?? {})) {
    out.push([`${entry.programs[0]!} ${sub}`, entry.globalsBeforeSubcommand ? [table] : [entry.options, table]]);
  }
  return out;
}

// The name of a spelling, without its value mark.
const nameOf = (spelling: string): string => (spelling === '-?' ? spelling : spelling.replace(/(=~\S+|=|\?|#)$/, ''));

describe('option classification: every entry', () => {
  it('covers every tool the tables must know, each program once', () => {
    const programs = TOOL_ENTRIES.flatMap((e) => e.programs);
    expect(new Set(programs).size).toBe(programs.length);
    expect(REQUIRED.filter((tool) => !programs.includes(tool))).toEqual([]);
  });

  it.each(TOOL_ENTRIES.map((e) => [e.programs[0]!, e] as const))('%s names its source and version', (_name, entry) => {
    expect(entry.source).toMatch(/\S{3}/);
    expect(entry.version).toMatch(/\d/);
  });

  it.each(TOOL_ENTRIES.map((e) => [e.programs[0]!, e] as const))('%s: well-formed spellings, each in one class', (_name, entry) => {
    for (const [label, tables] of tablesOf(entry)) {
      const classOf = new Map<string, string>();
      for (const table of tables) {
        for (const cls of Object.keys(table)) expect(OPTION_CLASSES, `${label}: class ${cls}`).toContain(cls);
        for (const cls of OPTION_CLASSES) {
          for (const spelling of (table[cls] ?? '').split(/\s+/).filter(Boolean)) {
            expect(spelling, `${label}: ${spelling}`).toMatch(SPELLING);
            const name = nameOf(spelling);
            const seen = classOf.get(name);
            expect(seen === undefined || seen === cls, `${label}: ${name} is both ${seen} and ${cls}`).toBe(true);
            classOf.set(name, cls);
          }
        }
      }
    }
  });

  it.each(TOOL_ENTRIES.filter((e) => e.actions !== undefined).map((e) => [e.programs[0]!, e] as const))('%s: well-formed actions, each with its source', (_name, entry) => {
    for (const action of entry.actions!) {
      const label = `${entry.programs[0]!} ${action.words.join(' ')}`;
      expect(OPTION_CLASSES.filter((c) => c !== 'safe'), label).toContain(action.cls);
      expect(action.words.length, label).toBeGreaterThan(0);
      for (const word of action.words) {
        if (word.startsWith('re:')) expect(() => new RegExp(word.slice(3), 'is'), label).not.toThrow();
        else expect(word, label).toMatch(/^[a-z][\w-]*$/);
      }
      expect(action.anywhere !== true || action.words.length === 1, `${label}: anywhere takes one word`).toBe(true);
      expect(action.runsAfter === undefined || action.runsAfter >= 0, label).toBe(true);
      // The reason names where it comes from: a manual page section, GTFOBins or the tool's docs.
      expect(action.reason, label).toMatch(/\(\d\)|GTFOBins|kubectl/);
    }
  });
});

/** How to make each installed tool print its options, and which words of it to read. */
const HELP: Readonly<Record<string, { argv: string[]; single?: boolean }[]>> = {
  systemctl: [{ argv: ['--help'] }], journalctl: [{ argv: ['--help'] }], timedatectl: [{ argv: ['--help'] }],
  dmesg: [{ argv: ['--help'] }], date: [{ argv: ['--help'] }], hwclock: [{ argv: ['--help'] }],
  tar: [{ argv: ['--help'] }], sed: [{ argv: ['--help'] }], grep: [{ argv: ['--help'] }], sort: [{ argv: ['--help'] }],
  less: [{ argv: ['--help'] }], more: [{ argv: ['--help'] }], man: [{ argv: ['--help'] }], cat: [{ argv: ['--help'] }],
  head: [{ argv: ['--help'] }], tail: [{ argv: ['--help'] }], ls: [{ argv: ['--help'] }], du: [{ argv: ['--help'] }],
  df: [{ argv: ['--help'] }], ps: [{ argv: ['--help', 'all'] }], top: [{ argv: ['--help'] }], ss: [{ argv: ['--help'] }],
  uname: [{ argv: ['--help'] }], id: [{ argv: ['--help'] }], stat: [{ argv: ['--help'] }], file: [{ argv: ['--help'] }],
  diff: [{ argv: ['--help'] }], curl: [{ argv: ['--help', 'all'] }], wget: [{ argv: ['--help'] }], make: [{ argv: ['--help'] }],
  dpkg: [{ argv: ['--help'] }], 'dpkg-query': [{ argv: ['--help'] }], find: [{ argv: ['--help'], single: true }],
  git: ['status', 'log', 'show', 'diff', 'branch', 'fetch', 'pull', 'push', 'clone', 'config'].map((sub) => ({ argv: [sub, '-h'] })),
  docker: [{ argv: ['--help'] }, ...['ps', 'images', 'logs', 'inspect', 'version', 'info', 'stats', 'history', 'events'].map((sub) => ({ argv: [sub, '--help'] }))],
  kubectl: [{ argv: ['options'] }, ...['get', 'describe', 'logs', 'explain', 'api-resources', 'version'].map((sub) => ({ argv: [sub, '--help'] }))],
};

/** Words a help text prints that are not options of the tool (placeholders, other programs). */
const NOT_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  diff: ['--GTYPE-group-format', '--LTYPE-line-format'],
  // `git fetch -h` mentions `maintenance --auto`, another command's option.
  git: ['--auto'],
  docker: ['--help'],
  // dpkg prints its families as `--force-<thing>`: the table lists them as `--force-*`.
  dpkg: ['--assert', '--validate', '--force', '--no-force', '--refuse'],
};

// The absolute path of an installed program, or null (never the caller's PATH).
function installed(program: string): string | null {
  for (const dir of ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']) if (existsSync(`${dir}/${program}`)) return `${dir}/${program}`;
  return null;
}

// The option words a help text prints.
function helpOptions(text: string, single: boolean): string[] {
  const pattern = single ? /(?<![\w-])-[a-z][a-z0-9_]+(?![\w-])/g : /(?<![\w-])--[A-Za-z][\w.-]*\w/g;
  return [...new Set(text.match(pattern) ?? [])];
}

describe('option classification: against the help of the installed tools', () => {
  const entries = Object.keys(HELP).map((program) => [program, TOOL_ENTRIES.find((e) => e.programs.includes(program))!] as const);
  it.each(entries)('%s', (program, entry) => {
    const path = installed(program);
    if (path === null) return;
    const unknown: string[] = [];
    for (const { argv, single } of HELP[program]!) {
      const run = spawnSync(path, argv, { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', LANG: 'C', COLUMNS: '200', PAGER: 'cat', GIT_PAGER: 'cat' }, timeout: 20_000 });
      const text = `${run.stdout}\n${run.stderr}`;
      const sub = entry.subcommands !== undefined && Object.hasOwn(entry.subcommands, argv[0]!) ? argv[0]! : '';
      const tables = sub === '' ? [entry.options] : [...(entry.globalsBeforeSubcommand ? [] : [entry.options]), entry.subcommands![sub]!];
      const table = compileOptions(tables, false, single ? '-' : '--');
      for (const word of helpOptions(text, Boolean(single))) {
        if ((NOT_OPTIONS[program] ?? []).includes(word)) continue;
        if (lookupOption(table, word) === null && !(entry.negations && word.startsWith('--no-') && lookupOption(table, `--${word.slice(5)}`) !== null)) unknown.push(`${argv.join(' ')}: ${word}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});
