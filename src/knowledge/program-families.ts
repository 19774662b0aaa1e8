// Several names for one program (SPEC §10): deny and approve rules see every name of a family
// as the same program. Links that realpath(3) follows and hard links (same device and inode,
// checked at run time in src/decide/command.ts) need no entry; these are the names a file
// system does not tie together: alternatives, copies, front-ends, versioned names, and
// multi-call programs that dispatch on argv[0] or on their first operand.
// Allow rules never use this table: an allow names one program under one name.

export interface ProgramFamily {
  /** Names of the family. */
  names: readonly string[];
  /** Name prefixes that also belong to it (`mkfs.` for every mkfs.TYPE). */
  prefixes?: readonly string[];
  source: string;
}

export const PROGRAM_FAMILIES: readonly ProgramFamily[] = [
  {
    names: ['mkfs', 'mke2fs', 'mkdosfs', 'mkntfs', 'mkexfatfs', 'mkreiserfs', 'mkswap', 'mkfs.ext2', 'mkfs.ext3', 'mkfs.ext4', 'mkfs.vfat', 'mkfs.fat', 'mkfs.msdos'],
    prefixes: ['mkfs.'],
    source: 'mkfs(8): a front-end for mkfs.TYPE; mke2fs(8): mkfs.ext2/3/4 are mke2fs; mkfs.fat(8): mkdosfs, mkfs.vfat; mkswap(8) writes a signature over a device too',
  },
  {
    names: ['shutdown', 'reboot', 'halt', 'poweroff', 'telinit', 'runlevel'],
    source: 'systemd reboot(8), shutdown(8), telinit(8): one operation under several names (halt --reboot, shutdown -r, telinit 6)',
  },
  {
    names: ['vi', 'vim', 'ex', 'view', 'rvim', 'rview', 'vimdiff', 'vim.basic', 'vim.tiny', 'vim.nox', 'vim.gtk3', 'gvim', 'evim', 'nvim', 'nvi', 'elvis'],
    source: 'vim(1): ex, view, rvim, rview, vimdiff are names of vim; Debian editor alternatives',
  },
  { names: ['awk', 'gawk', 'mawk', 'nawk', 'original-awk', 'goawk', 'onetrue-awk'], source: 'Debian awk alternatives: awk is gawk, mawk or original-awk' },
  { names: ['node', 'nodejs'], source: 'Debian nodejs: node and nodejs are one program' },
  { names: ['nc', 'ncat', 'netcat', 'nc.openbsd', 'nc.traditional'], source: 'Debian netcat alternatives' },
  { names: ['gzip', 'gunzip', 'zcat', 'gzcat'], source: 'gzip(1): gunzip and zcat are gzip -d and gzip -dc' },
  { names: ['xz', 'unxz', 'xzcat', 'lzma', 'unlzma', 'lzcat'], source: 'xz(1): unxz, xzcat, lzma, unlzma and lzcat are xz' },
  { names: ['bzip2', 'bunzip2', 'bzcat'], source: 'bzip2(1): bunzip2 and bzcat are bzip2' },
  { names: ['sudo', 'sudoedit'], source: 'sudo(8): sudoedit is sudo -e' },
  {
    names: ['iptables', 'ip6tables', 'iptables-legacy', 'iptables-nft', 'ip6tables-legacy', 'ip6tables-nft', 'xtables-legacy-multi', 'xtables-nft-multi'],
    source: 'iptables(8): xtables-*-multi are multi-call binaries behind every iptables name',
  },
  { names: ['ping', 'ping4', 'ping6'], source: 'iputils ping(8)' },
  { names: ['busybox', 'toybox'], source: 'busybox(1), toybox(1): multi-call binaries with the same applets' },
];

/** Multi-call programs that run the applet named by their first operand (`busybox rm`). */
export const MULTI_CALL: Readonly<Record<string, string>> = {
  busybox: 'busybox(1): busybox APPLET [ARGS]; also as a link named APPLET',
  toybox: 'toybox(1): toybox COMMAND [ARGS]; also as a link named COMMAND',
  lvm: 'lvm(8): lvm COMMAND runs lvremove, vgremove, … (each a link to lvm)',
  'xtables-legacy-multi': 'iptables(8): xtables-legacy-multi iptables …',
  'xtables-nft-multi': 'iptables(8): xtables-nft-multi iptables …',
};

/** A verb of one program that is another program's whole job (`systemctl reboot` is `reboot`). */
export interface VerbAlias {
  program: string;
  verb: string;
  same: string;
  source: string;
}

export const VERB_ALIASES: readonly VerbAlias[] = [
  { program: 'systemctl', verb: 'reboot', same: 'reboot', source: 'systemctl(1) reboot; reboot(8) is a link to systemctl' },
  { program: 'systemctl', verb: 'poweroff', same: 'poweroff', source: 'systemctl(1) poweroff' },
  { program: 'systemctl', verb: 'halt', same: 'halt', source: 'systemctl(1) halt' },
  { program: 'systemctl', verb: 'kexec', same: 'reboot', source: 'systemctl(1) kexec reboots into another kernel' },
  { program: 'systemctl', verb: 'soft-reboot', same: 'reboot', source: 'systemctl(1) soft-reboot' },
];

/** Programs installed under versioned names (python3, python3.11, perl5.36, lua5.4). */
export const VERSIONED: readonly string[] = ['python', 'pip', 'pypy', 'perl', 'ruby', 'php', 'lua', 'luajit', 'tclsh', 'wish', 'node', 'gcc', 'g++', 'clang', 'java'];
