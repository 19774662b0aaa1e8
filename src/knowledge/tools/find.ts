// GNU find 4.9.0: options, tests and actions are whole words (`-name PATTERN`). Actions that
// run programs, delete or write files are not safe; -files0-from reads the start points from
// a file. `-exec … ;` words up to the terminator are the inner command (read by find.ts).
import type { ToolEntry } from './types.js';

export const FIND_TOOLS: readonly ToolEntry[] = [
  {
    programs: ['find', 'gfind'],
    source: 'find(1) EXPRESSION, OPTIONS, TESTS, ACTIONS (Debian package findutils); GTFOBins find',
    version: 'GNU findutils 4.9.0',
    syntax: 'single-dash',
    abbreviations: false,
    terminated: ['-exec', '-execdir', '-ok', '-okdir'],
    options: {
      safe: `-H -L -P -D= -O0 -O1 -O2 -O3 -d -depth -maxdepth= -mindepth= -mount -xdev -ignore_readdir_race
        -noignore_readdir_race -noleaf -regextype= -warn -nowarn -follow -daystart -help --help -version --version
        -amin= -anewer= -atime= -cmin= -cnewer= -ctime= -empty -executable -false -fstype= -gid= -group= -ilname=
        -iname= -inum= -ipath= -iregex= -iwholename= -links= -lname= -mmin= -mtime= -name= -newer= -newerXY=
        -newermm= -newerma= -newermc= -newerat= -newerac= -newerct= -newercm= -newerca= -neweraa= -newercc= -newerBt=
        -newerBm= -newerBa= -newerBc= -newermt= -nogroup -nouser -path= -perm= -readable -regex= -samefile= -size=
        -true -type= -uid= -used= -user= -wholename= -writable -xtype= -context= -print -print0 -printf= -ls -prune
        -quit -a -and -o -or -not`,
      'reads-file': '-files0-from=',
      'writes-file': '-fprint= -fprint0= -fprintf= -fls=',
      'runs-code': '-exec -execdir -ok -okdir',
      'changes-state': '-delete',
    },
  },
];
