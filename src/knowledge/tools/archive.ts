// tar (GNU tar 1.34), zip (Info-ZIP 3.0) and unzip (Info-ZIP 6.00). Listing and reading an
// archive are safe; extracting, creating or updating one writes files; compression programs,
// checkpoint actions, volume scripts and test commands run code.
import type { ToolEntry } from './types.js';

export const ARCHIVE_TOOLS: readonly ToolEntry[] = [
  {
    programs: ['tar', 'gtar'],
    source: 'tar(1) and `tar --help` (Debian package tar); GTFOBins tar',
    version: 'GNU tar 1.34',
    syntax: 'getopt',
    abbreviations: true,
    oldStyleFirstArg: true,
    options: {
      safe: `-d --diff --compare --test-label -t --list --check-device -G --incremental --hole-detection= --ignore-failed-read
        --level= --no-check-device --no-seek -n --seek --occurrence? --sparse-version= -S --sparse --add-file= -C=
        --directory= --exclude= --exclude-backups --exclude-caches --exclude-caches-all --exclude-caches-under
        --exclude-ignore= --exclude-ignore-recursive= --exclude-tag= --exclude-tag-all= --exclude-tag-under=
        --exclude-vcs --exclude-vcs-ignores --no-null --no-recursion --no-unquote --no-verbatim-files-from --null
        --verbatim-files-from --recursion --unquote --anchored --ignore-case --no-anchored --no-ignore-case
        --no-wildcards --no-wildcards-match-slash --wildcards --wildcards-match-slash --keep-directory-symlink
        --keep-newer-files -k --keep-old-files --no-overwrite-dir --one-top-level? --skip-old-files -W --verify
        --ignore-command-error --no-ignore-command-error -O --to-stdout --atime-preserve? --clamp-mtime
        --delay-directory-restore --group= --mode= --mtime= -m --touch --no-delay-directory-restore --no-same-owner
        --no-same-permissions --numeric-owner --owner= --sort= -s --preserve-order --same-order --acls --no-acls
        --no-selinux --no-xattrs --selinux --xattrs --xattrs-exclude= --xattrs-include= --force-local -f= --file=
        -L= --tape-length= -M --multi-volume -b= --blocking-factor= -B --read-full-records -i --ignore-zeros
        --record-size= -H= --format= --old-archive --portability --pax-option= --posix -V= --label= -a
        --auto-compress -j --bzip2 -J --xz --lzip --lzma --lzop --no-auto-compress --zstd -z --gzip --gunzip
        --ungzip -Z --compress --uncompress --backup? --suffix= --hard-dereference -h --dereference -K=
        --starting-file= --newer-mtime= -N= --newer= --after-date= --one-file-system -P --absolute-names
        --strip-components= --transform= --xform= --checkpoint? --full-time -l --check-links --no-quote-chars=
        --quote-chars= --quoting-style= -R --block-number --show-defaults --show-omitted-dirs
        --show-snapshot-field-ranges --show-transformed-names --show-stored-names --totals? --utc -v --verbose
        --warning= -w --interactive --confirmation -o --restrict --usage --version --help -? -p
        --preserve-permissions --same-permissions --same-owner --no-same-owner --preserve`,
      'reads-file': '-T= --files-from= -X= --exclude-from= --owner-map= --group-map=',
      'writes-file': `-c --create -x --extract --get -r --append -u --update -A --catenate --concatenate --delete
        -g= --listed-incremental= --index-file= --volno-file= --overwrite --overwrite-dir -U --unlink-first`,
      'runs-code': `-I= --use-compress-program= --to-command= --checkpoint-action= -F= --info-script= --new-volume-script=
        --rmt-command= --rsh-command=`,
      'changes-state': '--remove-files --recursive-unlink',
    },
  },
  {
    programs: ['zip'],
    source: 'zip(1) and `zip -h2` (Debian package zip); GTFOBins zip',
    version: 'Zip 3.0',
    syntax: 'getopt',
    abbreviations: true,
    wholeWords: true,
    options: {
      safe: `-0 -1 -2 -3 -4 -5 -6 -7 -8 -9 -u -f -FS -d -r -R -j -q -v -c -z -@ -o -RE -ic -l -ll -t= -tt= -Z= -e -P= -s=
        -sp -sb -sv -U --copy -db -dc -dd -dg -ds= -du -dv -la -li -F -FF -DF --dif -AS -AC -sf -su -sU -UN= -A -J -MM
        -nw -sc -sd -so -X -ws -h -h2 -L -y -n= -D -k -w -V -g -$ -! -N -S -W -Q= -Y --names-stdin --help --version`,
      'reads-file': '-i=~@ -x=~@',
      'writes-file': '--out= -O= --output-file= -b= --temp-path= -lf= --logfile-path=',
      'runs-code': '-T --test -TT= --unzip-command=',
      'changes-state': '-m --move',
    },
  },
  {
    programs: ['unzip'],
    source: 'unzip(1) and `unzip -hh` (Debian package unzip); GTFOBins unzip',
    version: 'UnZip 6.00',
    syntax: 'getopt',
    abbreviations: false,
    wholeWords: true,
    options: {
      safe: `-Z -p -l -f -t -u -z -v -T -x -n -q -qq -a -aa -j -U -UU -C -L -V -P= -c -h -hh -b -B -D -DD -W -^ -s -2 -O= -I=`,
      'runs-code': '-M',
      'writes-file': '-d= -o -:',
      'changes-state': '-X -K',
    },
  },
];
