// The dangerous-option table applied with each tool's real syntax (SPEC §4.3): every spelling
// of a listed option escalates with the cover a rule must name; harmless uses do not.
import { describe, expect, it } from 'vitest';
import { DANGEROUS_SOURCES } from './sources.js';
import { expandRequest } from '../../src/shell/expand.js';
import { settings } from '../helpers/settings.js';

// The covers of the first candidate's escalations (the command itself).
async function covers(argv: string[]): Promise<(string | null)[]> {
  const e = await expandRequest({ argv, shell: null }, settings);
  return e.candidates[0]!.escalations.map((x) => x.cover);
}

const HITS: readonly [string[], string | null][] = [
  [['find', '.', '-exec', 'id', ';'], '-exec'], [['find', '.', '-execdir', 'id', '+'], '-execdir'], [['find', '.', '-ok', 'id', ';'], '-ok'],
  [['find', '.', '-okdir', 'id', ';'], '-okdir'], [['find', '.', '-delete'], '-delete'], [['find', '.', '-fprint', 'f'], '-fprint'],
  [['find', '.', '-fprint0', 'f'], '-fprint0'], [['find', '.', '-fprintf', 'f', '%p'], '-fprintf'], [['find', '.', '-fls', 'f'], '-fls'],
  [['git', '-c', 'a=b', 'status'], '-c'], [['git', '-C', '/x', 'status'], '-C'], [['git', '--exec-path=/x', 'status'], '--exec-path'],
  [['git', '--git-dir', '/x', 'status'], '--git-dir'], [['git', '--work-tree=/', 'status'], '--work-tree'], [['git', '--config-env=a=B', 'status'], '--config-env'],
  [['git', 'diff', '--output=/x'], '--output'], [['git', 'log', '--outp', '/x'], '--output'], [['git', 'grep', '-O', 'x'], '-O'], [['git', 'grep', '-iOvi', 'x'], '-O'],
  [['git', 'grep', '--open-files', 'x'], '--open-files-in-pager'], [['git', 'fetch', '--upload-pack=x'], '--upload-pack'], [['git', 'fetch', '--upload-pac=x'], '--upload-pack'],
  [['git', 'ls-remote', '-u', 'x', 'r'], '-u'], [['git', 'push', '--receive-pack', 'x'], '--receive-pack'], [['git', 'push', '--rec=x'], '--receive-pack'],
  [['git', 'diff', '--ext-diff'], '--ext-diff'], [['git', 'clone', 'ext::sh -c id', 'd'], 'ext::sh -c id'], [['git', 'clone', '-c', 'core.x=y', 'r'], '-c'],
  [['git', 'rebase', '-x', 'id', 'HEAD'], '-x'], [['git', 'rebase', '--exec=id'], '--exec'], [['git', 'bisect', 'run', 'id'], 'run'], [['git', 'difftool'], 'difftool'],
  [['git', 'config', 'core.pager', 'sh'], 'core.pager'],
  [['sed', '-i', 's/a/b/', 'f'], '-i'], [['sed', '-i.bak', 's/a/b/', 'f'], '-i'], [['sed', '-ni', 'p', 'f'], '-i'], [['sed', '--in-place=.b', 'p', 'f'], '--in-place'],
  [['sed', '--in', 'p', 'f'], '--in-place'], [['sed', 's/a/b/', 'f', '-i'], '-i'], [['sed', '-f', '/tmp/s.sed', 'f'], '/tmp/s.sed'],
  [['sed', '1e id', 'f'], '1e id'], [['sed', 's/x/id/e', 'f'], 's/x/id/e'], [['sed', 's/x/y/w /tmp/o', 'f'], 's/x/y/w /tmp/o'], [['sed', '-n', 'w /tmp/o', 'f'], 'w /tmp/o'],
  [['sed', '/re/W /tmp/o', 'f'], '/re/W /tmp/o'], [['sed', '$r /etc/shadow', 'f'], '$r /etc/shadow'], [['sed', '1R /etc/shadow', 'f'], '1R /etc/shadow'],
  [['sed', '--expression=1e id', 'f'], '1e id'], [['sed', '-n', '-e', '1 { e id\n}', 'f'], '1 { e id\n}'], [['sed', '-e', '1!e id', 'f'], '1!e id'],
  [['sed', 'y/ab/xy/;s/a/b/ge', 'f'], 'y/ab/xy/;s/a/b/ge'], [['sed', '1~2w /tmp/o', 'f'], '1~2w /tmp/o'], [['sed', '\\,x,e id', 'f'], '\\,x,e id'],
  [['awk', 'BEGIN{system("id")}'], 'BEGIN{system("id")}'], [['awk', '{print | "sh"}'], '{print | "sh"}'], [['gawk', '{print > "/x"}'], '{print > "/x"}'],
  [['mawk', 'BEGIN{"id" | getline}'], 'BEGIN{"id" | getline}'], [['nawk', '-f', 'p.awk'], 'p.awk'], [['awk', '@load "x"'], '@load "x"'],
  [['awk', 'BEGIN{f="system"; @f("id")}'], 'BEGIN{f="system"; @f("id")}'], [['gawk', '-l', 'evil', '1'], 'evil'], [['awk', '-W', 'exec', 'x'], null],
  [['tar', '--checkpoint-action=exec=sh', '-cf', 'a', '.'], '--checkpoint-action'], [['tar', '--checkpoint-act=exec=sh'], '--checkpoint-action'],
  [['tar', '--to-command=sh', '-xf', 'a'], '--to-command'], [['tar', '-I', 'sh', '-xf', 'a'], '-I'], [['tar', '-xIsh', 'a'], '-I'], [['tar', 'xIf', 'sh', 'a'], '-I'],
  [['tar', '--use-compress-program=sh'], '--use-compress-program'], [['tar', '--use-compress-prog', 'sh'], '--use-compress-program'], [['tar', '--rsh-command=x'], '--rsh-command'],
  [['zip', 'a.zip', 'f', '-T'], '-T'], [['zip', '-TT', 'sh', 'a.zip'], '-TT'], [['zip', '--unzip-command=sh', 'a.zip'], '--unzip-command'], [['zip', '-rT', 'a.zip', 'd'], '-T'],
  [['rsync', '-e', 'sh', 'a', 'b:'], '-e'], [['rsync', '-avze', 'sh', 'a', 'b:'], '-e'], [['rsync', '--rsh=sh', 'a', 'b:'], '--rsh'], [['rsync', '--rsync-path=x', 'a', 'b:'], '--rsync-path'],
  [['ssh', '-o', 'ProxyCommand=id', 'h'], 'ProxyCommand'], [['ssh', '-oProxyCommand=id', 'h'], 'ProxyCommand'], [['ssh', '-o', 'proxycommand id', 'h'], 'ProxyCommand'],
  [['ssh', '-o', 'LocalCommand=id', 'h'], 'LocalCommand'], [['ssh', '-F', '/tmp/c', 'h'], '-F'], [['scp', '-S', '/tmp/x', 'a', 'b:'], '-S'], [['ssh', 'h', '-o', 'ProxyCommand=x'], 'ProxyCommand'],
  [['sort', '-o', '/x', 'f'], '-o'], [['sort', '-uo/x', 'f'], '-o'], [['sort', '--output=/x', 'f'], '--output'], [['sort', '--out', '/x'], '--output'],
  [['sort', '--compress-program=sh', 'f'], '--compress-program'], [['sort', '--compress-p=sh'], '--compress-program'],
  [['rg', '--pre', 'sh', 'x'], '--pre'], [['rg', '--pre=sh', 'x'], '--pre'], [['rg', '--hostname-bin=/x', 'x'], '--hostname-bin'],
  [['make', '--eval=x:;id'], '--eval'], [['make', '-f', '/tmp/m'], '-f'], [['make', '--file=/tmp/m'], '--file'], [['make', '--makefile', '/tmp/m'], '--makefile'],
  [['make', 'SHELL=/tmp/x'], 'SHELL=/tmp/x'], [['make', '-C', '/tmp'], '-C'],
  [['npm', '--script-shell=/x', 'test'], '--script-shell'], [['npm', 'test', '--script-sh', '/x'], '--script-shell'], [['npm', 'exec', 'pkg'], 'exec'], [['npm', 'x', 'pkg'], 'x'],
  [['go', 'run', '.'], 'run'], [['go', 'test', '-exec', 'x', '.'], '-exec'], [['go', 'test', '-exec=x'], '-exec'], [['go', 'build', '-toolexec', 'x'], '-toolexec'],
  [['go', 'build', '--toolexec=x'], '-toolexec'], [['go', 'generate'], 'generate'], [['go', 'vet', '-vettool=x'], '-vettool'],
  [['xargs', 'rm'], null], [['xargs', '-0', '-I{}', 'rm', '{}'], null], [['parallel', 'rm', ':::', 'a'], null],
  [['python3', '-c', 'print(1)'], 'print(1)'], [['python3', '-Ic', 'x'], 'x'], [['python3', '-cx'], 'x'], [['python3', '-m', 'http.server'], 'http.server'],
  [['python3', 'script.py'], 'script.py'], [['python3', '-u', 'script.py'], 'script.py'], [['python3', '-'], '-'], [['python3'], null], [['python3.11', '-c', 'x'], 'x'],
  [['node', '-e', 'x'], 'x'], [['node', '--eval=x'], 'x'], [['node', '-p', 'x'], 'x'], [['node', 'app.js'], 'app.js'], [['node', '--require', '/x.js', 'a.js'], '/x.js'],
  [['perl', '-e', 'x'], 'x'], [['perl', '-ne', 'x', 'f'], 'x'], [['perl', '-pi', '-e', 'x', 'f'], '-i'], [['perl', '-Mstrict', 'a.pl'], 'strict'],
  [['ruby', '-e', 'x'], 'x'], [['php', '-r', 'x'], 'x'], [['lua', '-e', 'x'], 'x'], [['deno', 'eval', 'x'], 'x'], [['bun', '-e', 'x'], 'x'], [['npx', 'cowsay'], 'cowsay'],
  [['curl', '-o', '/x', 'u'], '-o'], [['curl', '-sSLo', '/x', 'u'], '-o'], [['wget', '-O', '/x', 'u'], '-O'], [['vim', '-c', ':!sh'], '-c'], [['gdb', '-ex', '!sh'], '--ex'],
  [['less', '-o', '/x', 'f'], '-o'], [['man', '-P', 'sh', 'ls'], '-P'],
  // Creating an archive reads any file into it (a copy readable by the caller): writes-file.
  [['tar', 'czf', 'a.tgz', 'dir'], '-c'], [['tar', '--checkpoint=10', '-cf', 'a', '.'], '-c'],
];

const MISSES: readonly string[][] = [
  ['find', '.', '-name', '*.ts', '-print'], ['git', 'status'], ['git', 'log', '--oneline', '-n', '5'], ['git', 'diff', '--no-ext-diff'],
  ['git', 'commit', '-m', 'Oops: fix'], ['git', 'commit', '-mOops'], ['git', 'config', '--get', 'user.name'], ['git', 'format-patch', '--to=a@b'],
  ['sed', '-n', 's/a/b/p', 'f'], ['sed', '-e', 's/a/b/;/x/d', 'f'], ['sed', '--sandbox', '-e', '1e id', 'f'], ['sed', 's|/usr|/opt|g', 'f'], ['sed', '-E', '1,/^$/d', 'f'],
  ['sed', 'a\\\nappended', 'f'], ['sed', ':a;N;$!ba;s/\\n/ /g', 'f'],
  ['awk', '{print $1}'], ['awk', '-F:', '$3 > 100 {print $1}', '/etc/passwd'], ['awk', '/a|b/ {n++} END {print n}'], ['awk', '$1 == "x|y" || $2 {print}'],
  ['awk', '-v', 'x=1', 'BEGIN {print x > 0 ? "p" : "n"}'.replace(' > 0', '')],
  ['tar', '-tzf', 'a.tgz'], ['tar', 'tzvf', 'a.tgz'], ['tar', '--checkpoint=10', '-tf', 'a'], ['zip', '-r', 'a.zip', 'dir'],
  ['rsync', '-av', 'a', 'b'], ['ssh', '-o', 'BatchMode=yes', 'h', 'uptime'], ['sort', '-k2', '-n', 'f'], ['rg', '-n', 'pattern', 'src'],
  ['make'], ['make', '-j4', 'test'], ['npm', 'test'], ['npm', 'run', 'build'], ['go', 'build', './...'], ['go', 'test', './...'],
  ['python3', '--version'], ['python3', '-V'], ['node', '--version'], ['perl', '-v'], ['curl', '-sS', 'https://example.invalid'],
];

describe('dangerous options escalate in every spelling', () => {
  it.each(HITS.map(([argv, cover]) => [JSON.stringify(argv), argv, cover] as const))('%s', async (_name, argv, cover) => {
    expect(await covers(argv)).toContain(cover);
  });
});

describe('harmless uses do not escalate', () => {
  it.each(MISSES.map((argv) => [JSON.stringify(argv), argv] as const))('%s', async (_name, argv) => {
    expect(await covers(argv)).toEqual([]);
  });
});

describe('inner commands of find -exec, xargs and parallel', () => {
  it('are candidates of their own', async () => {
    const find = await expandRequest({ argv: ['find', '.', '-exec', 'grep', '-l', 'x', '{}', '+', '-exec', 'rm', '{}', ';'], shell: null }, settings);
    expect(find.candidates.slice(1).map((c) => [c.role, c.argv])).toEqual([['command', ['grep', '-l', 'x', '{}']], ['command', ['rm', '{}']]]);
    const xargs = await expandRequest({ argv: ['xargs', '-n', '1', '-P', '4', 'rm', '-f'], shell: null }, settings);
    expect(xargs.candidates[1]).toMatchObject({ role: 'command', argv: ['rm', '-f'] });
    const bare = await expandRequest({ argv: ['xargs'], shell: null }, settings);
    expect(bare.candidates[1]).toMatchObject({ argv: ['echo'] });
    const parallel = await expandRequest({ argv: ['parallel', '-j', '2', 'rm -rf {}', ':::', 'a'], shell: null }, settings);
    expect(parallel.candidates.some((c) => c.argv.join(' ') === 'rm -rf {}')).toBe(true);
  });
});

describe('the dangerous-option table', () => {
  it('gives every entry a reason and a one-line source', () => {
    expect(DANGEROUS_SOURCES.length).toBeGreaterThan(60);
    for (const entry of DANGEROUS_SOURCES) {
      expect(entry.reason, entry.option).toMatch(/\S/);
      expect(entry.source, entry.option).toMatch(/\S/);
      expect(entry.source.includes('\n'), entry.option).toBe(false);
    }
  });
});
