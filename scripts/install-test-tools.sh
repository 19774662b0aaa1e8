#!/bin/sh
# Installs the Debian packages the test suite uses, where they are missing (as root, or through
# sudo): bubblewrap (the sandbox every run executes in, SPEC §9), tmux (a real pseudo-terminal
# for the prompt), python3 (docs/verify_export.py), util-linux setpriv (run_as), bsdutils logger
# (the syslog copy of checkpoints), chromium (the HTML audit report in a real browser) and
# postgresql (the approval service's PostgreSQL storage; tests start their own throwaway cluster
# from /usr/lib/postgresql/*/bin, so the package's own cluster is not needed).
set -eu
need=""
[ -x /usr/bin/bwrap ] || need="$need bubblewrap"
command -v tmux >/dev/null 2>&1 || need="$need tmux"
command -v python3 >/dev/null 2>&1 || need="$need python3"
[ -x /usr/bin/setpriv ] || need="$need util-linux"
[ -x /usr/bin/logger ] || need="$need bsdutils"
[ -x /usr/bin/chromium ] || need="$need chromium"
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need="$need postgresql"
[ -n "$need" ] || exit 0
if [ "$(id -u)" = 0 ]; then as_root=""; else as_root="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -qq
# shellcheck disable=SC2086 # one word per package
$as_root apt-get install -y -qq $need >/dev/null
