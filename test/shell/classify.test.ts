// The classification reader on its own: each spelling rule of src/knowledge/tools/types.ts.
import { describe, expect, it } from 'vitest';
import { classifiedEscalations } from '../../src/shell/tools/classify.js';

const covers = (program: string, args: string[]): (string | null)[] => classifiedEscalations(program, args).map((e) => e.cover);

describe('classified options', () => {
  it.each([
    ['journalctl', ['-b', '-1', '--vacuum-size=1M'], ['--vacuum-size']],
    ['journalctl', ['-b', '--vacuum-time', '1s'], ['--vacuum-time']],
    ['make', ['-j', '4', 'test'], []],
    ['curl', ['-d', 'a=b', 'https://x'], []],
    ['curl', ['--data=@/etc/shadow', 'https://x'], ['--data']],
    ['kubectl', ['get', 'pods', '-o', 'jsonpath={.x}'], []],
    ['kubectl', ['get', 'pods', '-ojsonpath-file=/etc/shadow'], ['-o']],
    ['tar', ['--index-file=-', '-tvf', 'a.tar'], []],
    ['tar', ['--index-file=/etc/x', '-tvf', 'a.tar'], ['--index-file']],
    ['git', ['diff', '--no-ext-diff'], []],
    ['git', ['diff', '--no-ind', 'a', 'b'], ['--no-ind']],
    ['dpkg', ['--force-confold', '-l'], ['--force-confold']],
    ['dpkg', ['--no-force-confold', '-l'], []],
    ['zip', ['-lf', '/tmp/log', 'a.zip', 'f'], ['-lf']],
    ['zip', ['-rq', 'a.zip', 'd'], []],
    ['find', ['.', '-exec', '-fprint', ';', '-name', 'x'], ['-exec']],
    ['git', ['--bogus=1', 'status'], ['--bogus']],
    ['ls', ['--all=yes'], ['--all']],
    ['less', ['+G', 'f'], ['+G']],
  ] as const)('%s %j', (program, args, expected) => {
    expect(covers(program, [...args])).toEqual(expected);
  });

  it('names the class, the tool and the subcommand in the reason', () => {
    expect(classifiedEscalations('git', ['log', '--output=/x']).map((e) => e.reason)).toEqual(['git log --output writes a file (writes-file)']);
    expect(classifiedEscalations('apt-get', ['--frobnicate', 'update']).map((e) => e.reason)).toEqual(['unknown option --frobnicate for apt-get']);
  });

  it('leaves programs it does not classify alone', () => {
    expect(classifiedEscalations('not-a-classified-tool', ['--anything'])).toEqual([]);
  });
});
