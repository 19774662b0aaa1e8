// apt, apt-get, apt-cache (APT 2.6.1) and dpkg, dpkg-query (1.21.22). Installing, removing and
// configuring packages run maintainer scripts (runs-code); `-o`/`-c` set APT options such as
// DPkg::Pre-Invoke that run commands; other roots and databases switch which scripts run.
import type { ToolEntry } from './types.js';

const APT_COMMON = `-h --help -v --version -q --quiet -s --simulate --just-print --dry-run --recon --no-act -y --yes
  --assume-yes --assume-no -a= --host-architecture= -t= --target-release= --default-release= -S= --snapshot=`;

export const PACKAGE_TOOLS: readonly ToolEntry[] = [
  {
    programs: ['apt', 'apt-get'],
    source: 'apt-get(8), apt(8), apt.conf(5) (Debian package apt); GTFOBins apt-get (-o APT::Update::Pre-Invoke)',
    version: 'apt 2.6.1',
    syntax: 'getopt',
    abbreviations: false,
    negations: true,
    options: {
      safe: `${APT_COMMON} --no-install-recommends --install-recommends --install-suggests --no-install-suggests -d
        --download-only -f --fix-broken -m --ignore-missing --fix-missing --no-download -u --show-upgraded -V
        --verbose-versions -P= --build-profiles= --ignore-hold --with-new-pkgs --no-upgrade --only-upgrade
        --print-uris --purge --reinstall --list-cleanup --trivial-only --mark-auto --no-remove --auto-remove
        --autoremove --only-source --diff-only --dsc-only --tar-only --arch-only --indep-only --fix-policy --solver=
        --error-on= --installed --upgradable --all-versions --manual-installed --full --names-only --color
        --no-color --show-progress --format= --list-columns`,
      'reads-file': '--with-source=',
      'runs-code': '-c= --config-file= -o= --option= -b --compile --build',
      'changes-state': `--allow-unauthenticated --allow-insecure-repositories --allow-downgrades --allow-remove-essential
        --allow-change-held-packages --force-yes --allow-releaseinfo-change`,
    },
    actions: [
      // A package named by a path is a local .deb: its maintainer scripts run as root.
      { words: ['re:[./~].*|.*\\.deb'], anywhere: true, cls: 'runs-code', reason: 'apt-get(8) install ./file.deb runs the maintainer scripts of a local package' },
    ],
  },
  {
    programs: ['apt-cache'],
    source: 'apt-cache(8), apt.conf(5) (Debian package apt)',
    version: 'apt 2.6.1',
    syntax: 'getopt',
    abbreviations: false,
    negations: true,
    options: {
      safe: `${APT_COMMON} -i --important --no-all-versions --all-versions --no-pre-depends --no-depends --no-recommends
        --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances --implicit -f --full -g --generate
        --no-generate -n --names-only --all-names --recurse --installed`,
      'reads-file': '-p= --pkg-cache= --src-cache= --with-source=',
      'runs-code': '-c= --config-file= -o= --option=',
    },
  },
  {
    programs: ['dpkg'],
    source: 'dpkg(1) and `dpkg --help` (Debian package dpkg); GTFOBins dpkg',
    version: 'dpkg 1.21.22',
    syntax: 'getopt',
    abbreviations: false,
    options: {
      safe: `-s --status -p --print-avail -L --listfiles -l --list -S --search -C --audit --yet-to-unpack --predep-package
        --print-architecture --print-foreign-architectures --assert-help --assert-* --validate-* --compare-versions
        --force-help -D= --debug= -? --help --version --get-selections -V --verify --verify-format= --no-pager --robot
        --no-act --dry-run --simulate -O --selected-only -E --skip-same-version -G --refuse-downgrade --path-exclude=
        --path-include= --ignore-depends= --abort-after= --status-fd= --triggers --no-triggers -a --pending -R
        --recursive -I --info -c --contents -f --field --ctrl-tarfile --fsys-tarfile --no-debsig --refuse-*
        --no-force-*`,
      'writes-file': '--log= -x --extract -X --vextract -e --control -b --build',
      'runs-code': `-i --install --unpack -r --remove -P --purge --configure --triggers-only --pre-invoke= --post-invoke=
        --status-logger= --admindir= --root= --instdir=`,
      'changes-state': `-A --record-avail --set-selections --clear-selections --update-avail --merge-avail --clear-avail
        --forget-old-unavail --add-architecture= --remove-architecture= -B --auto-deconfigure --force-*`,
    },
  },
  {
    programs: ['dpkg-query'],
    source: 'dpkg-query(1) and `dpkg-query --help` (Debian package dpkg)',
    version: 'dpkg 1.21.22',
    syntax: 'getopt',
    abbreviations: false,
    options: {
      safe: `-s --status -p --print-avail -L --listfiles -l --list -W --show -S --search --control-list --control-show -c
        --control-path -? --help --version --load-avail --no-pager -f= --showformat=`,
      'reads-file': '--admindir= --root=',
    },
  },
];
