// Shell lines (SPEC §4.4): every simple command in every construct is a candidate, and every
// construct whose effect is not fixed by the text is a request-level reason.
import { describe, expect, it } from 'vitest';
import { expandRequest } from '../../src/shell/expand.js';
import type { Expansion } from '../../src/shell/types.js';
import { settings } from '../helpers/settings.js';

const line = (text: string): Promise<Expansion> => expandRequest({ argv: [text], shell: text }, settings);
const argvs = (e: Expansion): string[][] => e.candidates.map((c) => c.argv);

describe('every simple command is found', () => {
  it.each([
    ['a; b', [['a'], ['b']]],
    ['a && b || c & d', [['a'], ['b'], ['c'], ['d']]],
    ['a | b |& c', [['a'], ['b'], ['c']]],
    ['a\nb\n\nc', [['a'], ['b'], ['c']]],
    ['(a; (b)) && { c; }', [['a'], ['b'], ['c']]],
    ['! a | b', [['a'], ['b']]],
    ['a "b; c" \'d && e\'', [['a', 'b; c', 'd && e']]],
    ['a # b; c', [['a']]],
  ])('%j', async (text, expected) => {
    const e = await line(text);
    expect(argvs(e)).toEqual(expected);
    expect(e.reasons).toEqual([]);
  });

  it('has no cap on the number of commands', async () => {
    // `a && b && …` nests one list per operator: 5,000 of them must not exhaust the stack.
    const e = await line(Array.from({ length: 5000 }, (_, i) => `c${i}`).join(' && '));
    expect(e.candidates).toHaveLength(5000);
    expect(e.reasons).toEqual([]);
  });

  it('finds commands inside substitutions, loops, conditionals, functions and here-documents', async () => {
    const e = await line('for x in $(s1); do l1; done; if c1; then t1; else e1; fi; f() { b1; }; while w1; do w2; done; case x in y) k1;; esac; cat <<EOF\n$(h1)\nEOF\necho "`q1`" <(p1)');
    const names = argvs(e).map((a) => a[0]);
    for (const name of ['s1', 'l1', 'c1', 't1', 'e1', 'b1', 'w1', 'w2', 'k1', 'h1', 'q1', 'p1']) expect(names).toContain(name);
    expect(e.reasons.length).toBeGreaterThan(5);
  });
});

describe('constructs whose effect is not fixed by the text need approval', () => {
  it.each([
    ['echo $HOME', /parameter/], ['echo "${x}"', /parameter/], ['echo ${x@P}', /parameter/], ['echo $IFS', /parameter/],
    ['echo $(id)', /command substitution/], ['echo "$(id)"', /command substitution/], ['echo `id`', /command substitution/],
    ['echo $((1+1))', /arithmetic/], ['((x=1))', /arithmetic/], ['echo {a,b}', /brace/], ['echo {1..3}', /brace/],
    ['l* -a', /glob in the command name/], ['ls -l*', /glob in an option/], ['cat <(id)', /process substitution/], ['tee >(id)', /process substitution/],
    ['eval ls', /eval/], ['source x', /source/], ['. x', /\. runs/], ['alias l=ls', /alias/], ['f() { :; }', /function/],
    ['exec >log', /exec with redirection/], ['exec 2>/dev/null', /exec with redirection/], ['for i in 1; do :; done', /loop/], ['while :; do :; done', /loop/],
    ['until :; do :; done', /loop/], ['if :; then :; fi', /conditional/], ['case a in a) :;; esac', /conditional/], ['[ -f x ]', /conditional/], ['[[ -f x ]]', /conditional/],
    ['x=1', /assignment/], ['export A=1', /declaration/], ['unset PATH', /unset/], ['cd /tmp', /cd/], ['set -k', /set/], ['shopt -s extglob', /shopt/],
    ['hash -p /tmp/x ls', /hash/], ['trap id EXIT', /trap/], ['printf -v PATH x', /assigns a variable/], ['read PATH', /read/],
    ["echo 'unterminated", /parse/], ['echo (', /parse/], ['echo a\\\nb', /line continuation/], ['r\\\nm x', /line continuation/],
    ['echo ~', /tilde/], ['echo x=~/a', /tilde/], ['echo $"msg"', /locale|parser disagreement/], ["echo $'\\u202e'", /locale-dependent/],
    ['echo hi > out', /writes file/], ['echo hi >> out', /writes file/], ['echo hi &> out', /writes file/], ['echo hi >&out', /writes file/],
    ['echo hi >| out', /writes file/], ['cat < in', /reads file/], ['echo hi 2>$f', /not fixed/], ['cat <<EOF\n$x\nEOF', /here-document/],
    ['cat <<< $x', /parameter|not fixed/], ['echo {fd}>x', /named file descriptor/], ['echo \u00a0x', /invisible|unclear|unparsed/],
  ])('%j', async (text, reason) => {
    const e = await line(text);
    expect(e.reasons.join(' | ')).toMatch(reason);
  });

  it.each([
    ['git status 2>&1'], ['git status 2>/dev/null'], ['git status >/dev/null 2>&1'], ['git status &>/dev/null'], ['git status 1>&2'],
    ['git status >&-'], ['git status </dev/null'], ["cat <<'EOF'\n$(not run)\nEOF"], ['cat <<EOF\nplain text\nEOF'], ['cat <<< "fixed"'],
    ["echo 'a\nb'"], ['echo "*" \'?\' \\['], ['find . -name "*.ts" -exec grep -l x {} +'], ['echo x#y'], ['ls src/*.ts'],
  ])('%j needs no approval of its own', async (text) => {
    expect((await line(text)).reasons).toEqual([]);
  });

  it('escalates an unquoted glob that could expand to option-like names (wildcard injection)', async () => {
    const e = await line('tar tf a.tar *');
    expect(e.candidates[0]!.escalations).toEqual([{ reason: expect.stringMatching(/option-like/), cover: '*' }]);
  });
});

describe('argv is what bash builds; environment prefixes are separate', () => {
  it('decodes quotes and escapes, and records NAME=value prefixes', async () => {
    const e = await line("A=1 B='x y' r\"\"m -e\\xec $'\\x41' \"q\\\"\"");
    expect(e.candidates[0]).toMatchObject({ argv: ['rm', '-exec', 'A', 'q"'], env: [['A', '1'], ['B', 'x y']] });
  });

  it('appends words that follow a redirection to the command', async () => {
    expect(argvs(await line('find . >/dev/null -delete 2>/dev/null -print'))).toEqual([['find', '.', '-delete', '-print']]);
  });

  it('keeps deny-relevant commands readable when the line does not parse', async () => {
    const e = await line('git status; rm -rf / )');
    expect(e.reasons.length).toBeGreaterThan(0);
    expect(argvs(e)).toContainEqual(['rm', '-rf', '/']);
  });

  it('feeds a fixed here-document to a shell as a script, for deny rules', async () => {
    const e = await line("bash <<'EOF'\nrm -rf /\nEOF");
    expect(e.candidates.find((c) => c.argv[0] === 'rm')).toMatchObject({ role: 'wrapper', argv: ['rm', '-rf', '/'] });
    expect(e.candidates[0]!.escalations.length).toBeGreaterThan(0);
  });

  it('probes commands with their expansions removed, so deny rules see `r$@m` as rm', async () => {
    const e = await line('r$@m -rf "${x}"/ $(true)');
    expect(e.candidates.find((c) => c.argv[0] === 'rm')).toMatchObject({ role: 'wrapper', argv: ['rm', '-rf', '/'] });
    expect((await line('git commit -m ""')).candidates.map((c) => c.argv)).toEqual([['git', 'commit', '-m', '']]);
  });

  it('judges eval and trap text as lines too', async () => {
    expect(argvs(await line('eval "rm -rf /"'))).toContainEqual(['rm', '-rf', '/']);
    expect(argvs(await line("trap 'rm -rf /' EXIT"))).toContainEqual(['rm', '-rf', '/']);
    expect(argvs(await line("builtin eval 'rm -rf /'"))).toContainEqual(['rm', '-rf', '/']);
    expect((await line('command -p cd /tmp')).reasons.join(' ')).toMatch(/directory/);
  });

  it('reports an empty line as running no command', async () => {
    expect((await line('   # only a comment')).reasons).toEqual(['the line runs no command']);
  });
});
