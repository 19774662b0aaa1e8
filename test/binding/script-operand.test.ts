// Which word names the script file an interpreter reads (SPEC §10), by each tool's option syntax.
import { describe, expect, test } from 'vitest';
import { scriptOperand } from '../../src/binding/script-operand.js';

describe('scriptOperand', () => {
  test.each([
    [['bash', 'deploy.sh', 'prod'], 'deploy.sh'],
    [['/bin/bash', '-x', 'deploy.sh'], 'deploy.sh'],
    [['bash', '-eu', '-o', 'pipefail', 'deploy.sh'], 'deploy.sh'],
    [['bash', '--norc', '--rcfile', 'rc', 'deploy.sh'], 'deploy.sh'],
    [['bash', '--', '-x.sh'], '-x.sh'],
    [['sh', 'run.sh'], 'run.sh'],
    [['dash', '-e', './run.sh'], './run.sh'],
    [['zsh', 'x.zsh'], 'x.zsh'],
    [['python3', 'x.py', '-c', 'ignored'], 'x.py'],
    [['python3', '-u', 'x.py'], 'x.py'],
    [['python3.12', '-X', 'dev', '-W', 'ignore', 'x.py'], 'x.py'],
    [['python3', '-Wignore', '-Xdev', 'x.py'], 'x.py'],
    [['python3', '-bB', 'x.py'], 'x.py'],
    [['python3', '--', 'x.py'], 'x.py'],
    [['node', '--title', 't', 'app.js'], 'app.js'],
    [['node', '-r', 'dotenv/config', 'app.js'], 'app.js'],
    [['node', '--max-old-space-size=512', 'app.js'], 'app.js'],
    [['perl', '-w', 'x.pl'], 'x.pl'],
    [['perl', '-i.bak', 'x.pl'], 'x.pl'],
    [['perl', '-Mstrict', 'x.pl'], 'x.pl'],
    [['ruby', '-rjson', 'x.rb'], 'x.rb'],
    [['php', '-f', 'x.php'], 'x.php'],
    [['php', 'x.php'], 'x.php'],
    [['lua5.4', 'x.lua'], 'x.lua'],
  ])('%j reads the script %s', (argv, script) => {
    expect(scriptOperand(argv)).toBe(script);
  });

  test.each([
    [['bash', '-c', 'echo hi', 'x.sh']],
    [['bash', '-xc', 'echo hi']],
    [['bash', '-s', 'x.sh']],
    [['bash']],
    [['sh', '-']],
    [['python3', '-c', 'print(1)', 'x.py']],
    [['python3', '-m', 'http.server']],
    [['python3', '-mhttp.server']],
    [['python3', '-']],
    [['python3', '--version']],
    [['node', '-e', 'x', 'app.js']],
    [['node', '--eval=x']],
    [['perl', '-e', 'print 1', 'x.pl']],
    [['ruby', '-e', 'p 1']],
    [['php', '-r', 'echo 1;']],
    [['cat', 'x.sh']],
    [['systemctl', 'restart', 'nginx']],
    [[]],
  ])('%j reads no script file', (argv) => {
    expect(scriptOperand(argv)).toBeNull();
  });
});
