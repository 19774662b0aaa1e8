// systemctl, journalctl, timedatectl (systemd 252, Debian 12): every option of `--help` and
// of the manual pages systemctl(1), journalctl(1), timedatectl(1). All use getopt_long.
import type { ToolEntry } from './types.js';

export const SYSTEMD_TOOLS: readonly ToolEntry[] = [
  {
    programs: ['systemctl'],
    source: 'systemctl(1) OPTIONS and `systemctl --help` (Debian package systemd)',
    version: 'systemd 252 (252.38-1~deb12u1)',
    syntax: 'getopt',
    abbreviations: true,
    options: {
      safe: `-h --help --version --system --user -M= --machine= -t= --type= --state= --failed -p= --property= -P= -a --all
        -l --full -r --recursive --reverse --with-dependencies --job-mode= -T --show-transaction --show-types --value
        --check-inhibitors= -i --kill-whom= -s= --signal= --what= --dry-run -q --quiet --wait --no-block --no-wall
        --no-reload --legend= --no-legend --no-pager --no-ask-password --global --runtime --preset-mode= -n= --lines=
        -o= --output= --plain --timestamp= --read-only --mkdir --marked --no-warn --firmware-setup-status`,
      'reads-file': '--root= --image=',
      'runs-code': '-H= --host=',
      'changes-state': '-f --force --now --firmware-setup --boot-loader-menu= --boot-loader-entry= --reboot-argument=',
    },
    actions: [{ words: ['edit'], cls: 'runs-code', reason: 'systemctl(1) edit runs an editor ($SYSTEMD_EDITOR, then editor, nano, vim, vi) as root' }],
  },
  {
    programs: ['journalctl'],
    source: 'journalctl(1) and `journalctl --help` (Debian package systemd)',
    version: 'systemd 252 (252.38-1~deb12u1)',
    syntax: 'getopt',
    abbreviations: true,
    options: {
      safe: `-h --help --version --no-pager -e --pager-end -f --follow -n# --lines# --no-tail -r --reverse -o= --output=
        --output-fields= --utc -x --catalog -a --all -l --full --no-full -q --quiet -m --merge -b# --boot# --list-boots
        -k --dmesg -u= --unit= --user-unit= -t= --identifier= -p= --priority= --facility= -g= --grep=
        --case-sensitive? -S= --since= -U= --until= -c= --cursor= --after-cursor= --show-cursor --system --user
        -M= --machine= --namespace= -F= --field= -N --fields --list-catalog --dump-catalog --disk-usage --header
        --no-hostname --interval= --verify --verify-key= -T= --exclude-identifier= --list-namespaces`,
      'reads-file': '-D= --directory= --file= -i= --root= --image= --cursor-file=',
      'writes-file': '--setup-keys --update-catalog',
      'changes-state': `--vacuum-size= --vacuum-files= --vacuum-time= --rotate --flush --relinquish-var
        --smart-relinquish-var --sync --force`,
    },
  },
  {
    programs: ['timedatectl'],
    source: 'timedatectl(1) and `timedatectl --help` (Debian package systemd)',
    version: 'systemd 252 (252.38-1~deb12u1)',
    syntax: 'getopt',
    abbreviations: true,
    options: {
      safe: `-h --help --version --no-pager --no-ask-password -M= --machine= -p= --property= -a --all --value --monitor`,
      'runs-code': '-H= --host=',
      'changes-state': '--adjust-system-clock',
    },
    actions: ['set-time', 'set-timezone', 'set-local-rtc', 'set-ntp', 'ntp-servers', 'revert'].map((verb) => ({
      words: [verb], cls: 'changes-state' as const, reason: `timedatectl(1) ${verb} changes the clock or its settings`,
    })),
  },
];
