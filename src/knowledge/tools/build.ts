// make (GNU Make 4.3), npm (10.x) and go (1.2x): options that choose other makefiles,
// projects, prefixes, shells, registries, caches or tool wrappers change which code runs.
// npm reads any `--key=value` as a config key; keys not listed here are unknown.
import type { ToolEntry } from './types.js';

export const BUILD_TOOLS: readonly ToolEntry[] = [
  {
    programs: ['make', 'gmake'],
    source: 'make(1) and `make --help` (Debian package make); GTFOBins make',
    version: 'GNU Make 4.3',
    syntax: 'getopt',
    abbreviations: true,
    options: {
      safe: `-b -m -B --always-make -d --debug? -e --environment-overrides -h --help -i --ignore-errors -j# --jobs# -k
        --keep-going -l# --load-average# --max-load# -L --check-symlink-times -n --just-print --dry-run --recon -o=
        --old-file= --assume-old= -O? --output-sync? -p --print-data-base -q --question -r --no-builtin-rules -R
        --no-builtin-variables -s --silent --quiet --no-silent -S --no-keep-going --stop --trace -v --version -w
        --print-directory --no-print-directory -W= --what-if= --new-file= --assume-new= --warn-undefined-variables`,
      'writes-file': '-t --touch',
      'runs-code': '-C= --directory= -E= --eval= -f= --file= --makefile= -I= --include-dir=',
    },
  },
  {
    programs: ['npm'],
    source: 'npm-config(7) config definitions, npm(1), npm-exec(1) (npm 10); nopt abbreviations',
    version: 'npm 11.19.1 (config keys of npm 10-11)',
    syntax: 'getopt',
    abbreviations: true,
    negations: true,
    options: {
      safe: `-h --help -v --version -s --silent -q --quiet -d --verbose --loglevel= --color? --no-color -y --yes --json
        -l --long -p --parseable --dry-run --ignore-scripts --omit= --include= --production --audit --fund --save
        -S -D --save-dev -O --save-optional -P --save-prod -E --save-exact -B --save-bundle --no-save --save-peer
        --if-present --workspaces --include-workspace-root --depth= --all -a --global-style --legacy-peer-deps
        --strict-peer-deps --package-lock --package-lock-only --prefer-offline --prefer-online --offline --progress
        --unicode --timing --foreground-scripts --audit-level= --tag= --access= --otp= --dry-run --before=
        --engine-strict --force -f --browser= --editor= --usage -H --location= --install-links --install-strategy=
        --fetch-retries= --fetch-timeout= --maxsockets= --no-progress --no-audit --no-fund --no-package-lock`,
      'writes-file': '--cache= --logs-dir= --pack-destination=',
      'runs-code': `-C= --prefix= -w= --workspace= -g --global --userconfig= --globalconfig= --script-shell= --shell=
        --node-options= --registry= --call= -c= --init-module= --git= --scripts-prepend-node-path --node-gyp=`,
    },
  },
  {
    programs: ['go'],
    source: '`go help build`, `go help testflag`, `go help run`, `go help vet` (Go 1.2x); the flag package',
    version: 'go 1.22',
    syntax: 'single-dash',
    abbreviations: false,
    doubleDash: true,
    options: {
      safe: `-a -n -p= -race -msan -asan -cover -covermode= -coverpkg= -v -work -x -asmflags= -buildmode= -buildvcs=
        -compiler= -gccgoflags= -gcflags= -installsuffix= -ldflags= -linkshared -mod= -modcacherw -pgo= -tags=
        -trimpath -json -run= -skip= -count= -timeout= -short -bench= -benchtime= -benchmem -failfast -parallel=
        -cpu= -fuzz= -fuzztime= -fuzzminimizetime= -shuffle= -list= -args -i -u -t -d -m -f= -e -find -deps -test
        -export -compiled -retracted -reuse= -fix -insecure -l -s -r -go= -compat= -h -help -changed -sync
        -vet=`,
      'reads-file': '-modfile= -overlay=',
      'writes-file': `-o= -coverprofile= -cpuprofile= -memprofile= -blockprofile= -mutexprofile= -trace= -outputdir=
        -c -w -debug-trace=`,
      'runs-code': '-exec= -toolexec= -vettool= -C=',
    },
  },
];
