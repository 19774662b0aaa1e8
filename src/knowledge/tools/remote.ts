// rsync (3.2.7), ssh and scp (OpenSSH 9.2p1): remote shells, remote programs, config files,
// PKCS#11 providers and control sockets load or run code; logs and batch files write files;
// file lists, filter files and password files are read; forwards open sockets (changes-state).
// ssh's `-o Key=value` is safe here because the ssh reader judges each key (ssh.ts).
import type { ToolEntry } from './types.js';

export const REMOTE_TOOLS: readonly ToolEntry[] = [
  {
    programs: ['rsync'],
    source: 'rsync(1) OPTIONS SUMMARY (Debian package rsync); GTFOBins rsync',
    version: 'rsync 3.2.7',
    syntax: 'getopt',
    abbreviations: true,
    negations: true,
    options: {
      safe: `-v --verbose --info= --debug= --stderr= -q --quiet --no-motd -c --checksum -a --archive -r
        --recursive -R --relative --no-implied-dirs -b --backup --suffix= -u --update --inplace --append
        --append-verify -d --dirs --old-dirs --mkpath -l --links -L --copy-links --copy-unsafe-links --safe-links
        --munge-links -k --copy-dirlinks -K --keep-dirlinks -H --hard-links -p --perms -E --executability --chmod=
        -A --acls -X --xattrs -o --owner -g --group --devices --copy-devices --write-devices --specials -D -t
        --times -U --atimes --open-noatime --crtimes -O --omit-dir-times -J --omit-link-times --super --fake-super
        -S --sparse --preallocate -n --dry-run -W --whole-file --checksum-choice= --cc= -x --one-file-system
        -B= --block-size= --existing --ignore-existing --delay-updates -m --prune-empty-dirs --numeric-ids
        --usermap= --groupmap= --chown= --timeout= --contimeout= -I --ignore-times --size-only -@= --modify-window=
        -y --fuzzy -z --compress --compress-choice= --zc= --compress-level= --zl= --skip-compress= -C --cvs-exclude
        --exclude= --include= -0 --from0 --old-args --secluded-args -s --protect-args --trust-sender --copy-as=
        --address= --port= --sockopts= --blocking-io --outbuf= --stats -8 --8-bit-output -h --human-readable
        --progress -P -i --itemize-changes  --out-format= --log-file-format= --list-only
        --bwlimit= --stop-after= --stop-at= --fsync --protocol= --iconv= -4 --ipv4 -6 --ipv6 -V --version --help
        --no-v --no-r --no-p --no-o --no-g --no-t --no-l --no-D --no-perms --no-times --no-owner --no-group
        --max-delete= --max-size= --min-size= --max-alloc= --partial --ignore-errors --force
        --no-inc-recursive --no-i-r --inc-recursive --i-r`,
      'reads-file': `--files-from= --exclude-from= --include-from= -f= --filter= -F --password-file= --read-batch=
        --compare-dest= --copy-dest= --link-dest= --early-input=`,
      'writes-file': `--log-file= --write-batch= --only-write-batch= -T= --temp-dir= --partial-dir= --backup-dir=`,
      'runs-code': '-e= --rsh= --rsync-path= -M= --remote-option= --daemon --config= --dparam=',
      'changes-state': `--del --delete --delete-before --delete-during --delete-delay --delete-after --delete-excluded
        --delete-missing-args --remove-source-files`,
    },
  },
  {
    programs: ['ssh'],
    source: 'ssh(1) SYNOPSIS and OPTIONS (Debian package openssh-client); GTFOBins ssh',
    version: 'OpenSSH 9.2p1',
    syntax: 'getopt',
    abbreviations: false,
    options: {
      safe: `-4 -6 -a -C -f -G -g -K -k -N -n -q -s -T -t -V -v -x -y -b= -B= -c= -e= -J= -l= -m= -o= -p= -Q= -W=`,
      'reads-file': '-i=',
      'writes-file': '-E=',
      'runs-code': '-F= -I= -S=',
      'changes-state': '-A -L= -R= -D= -w= -M -O= -X -Y',
    },
  },
  {
    programs: ['scp'],
    source: 'scp(1) (Debian package openssh-client); GTFOBins scp (-S runs a program)',
    version: 'OpenSSH 9.2p1',
    syntax: 'getopt',
    abbreviations: false,
    options: {
      safe: '-3 -4 -6 -A -B -C -O -p -q -R -r -s -T -v -c= -J= -l= -o= -P= -X=',
      'reads-file': '-i=',
      'runs-code': '-F= -S= -D=',
    },
  },
];
