// git 2.39 (Debian 12): the global options git.c reads before the subcommand (whole words),
// and the options of the common subcommands (parse-options: clusters, unique abbreviations,
// `--no-NAME`). Options of subcommands not listed here are read by src/shell/tools/git.ts
// only. Pagers, editors, external diff and textconv programs, upload/receive-pack programs,
// templates, merge strategies and gpg run code.
import type { ToolEntry } from './types.js';

/** git-diff(1) "OPTIONS" shared by diff, log, show (diff-options.txt). */
const DIFF = `-p -u --patch -s --no-patch -U= --unified= --output-indicator-new= --output-indicator-old=
  --output-indicator-context= --raw --patch-with-raw -t --indent-heuristic --no-indent-heuristic --minimal --patience
  --histogram --anchored= --diff-algorithm= --stat? --compact-summary --numstat --shortstat -X? --dirstat? --cumulative
  --dirstat-by-file? --summary --patch-with-stat -z --name-only --name-status --submodule? --color? --no-color
  --color-moved? --no-color-moved --color-moved-ws= --no-color-moved-ws --word-diff? --word-diff-regex= --color-words?
  --no-renames --rename-empty --no-rename-empty --check --ws-error-highlight= --full-index --binary --abbrev? -B?
  --break-rewrites? -M? --find-renames? -C? --find-copies? --find-copies-harder -D --irreversible-delete -l=
  --diff-filter= -S= -G= --find-object= --pickaxe-all --pickaxe-regex --skip-to= --rotate-to= -R --relative?
  --no-relative -a --text --ignore-cr-at-eol --ignore-space-at-eol -b --ignore-space-change -w --ignore-all-space
  --ignore-blank-lines -I= --ignore-matching-lines= --inter-hunk-context= -W --function-context --exit-code --quiet
  --no-ext-diff --no-textconv --ignore-submodules? --src-prefix= --dst-prefix= --no-prefix --default-prefix
  --line-prefix= --ita-invisible-in-index --ita-visible-in-index --stat-width= --stat-name-width= --stat-count=
  --stat-graph-width= --dd --cc --combined-all-paths -m --first-parent --remerge-diff --diff-merges= --no-diff-merges`;

/** git-log(1) commit limiting and formatting (rev-list-options.txt, pretty-options.txt). */
const LOG = `-n= --max-count= --skip= --since= --after= --since-as-filter= --until= --before= --author= --committer=
  --grep-reflog= --grep= --all-match --invert-grep -i --regexp-ignore-case --basic-regexp -E --extended-regexp -F
  --fixed-strings -P --perl-regexp --remove-empty --merges --no-merges --min-parents= --max-parents= --no-min-parents
  --no-max-parents --not --all --branches? --tags? --remotes? --glob= --exclude= --exclude-hidden= --reflog
  --alternate-refs --single-worktree --ignore-missing --bisect --stdin --cherry-mark --cherry-pick --left-only
  --right-only --cherry -g --walk-reflogs --merge --boundary --simplify-by-decoration --show-pulls --full-history
  --dense --sparse --simplify-merges --ancestry-path? --date-order --author-date-order --topo-order --reverse
  --no-walk? --do-walk --pretty? --format= --abbrev-commit --no-abbrev-commit --oneline --encoding= --expand-tabs?
  --no-expand-tabs --notes? --no-notes --show-notes? --standard-notes --no-standard-notes --relative-date --date=
  --parents --children --left-right --graph --show-linear-break? --follow --no-decorate --decorate?
  --decorate-refs= --decorate-refs-exclude= --clear-decorations --source --mailmap --no-mailmap --use-mailmap
  --no-use-mailmap --full-diff --log-size -L= --in-commit-order --count --objects --objects-edge --unpacked
  --filter= --no-filter --show-signature? --no-show-signature`;

export const GIT_TOOLS: readonly ToolEntry[] = [
  {
    programs: ['git'],
    source: 'git(1) OPTIONS, git-log(1), git-diff(1), git-show(1), git-status(1), git-branch(1), git-fetch(1), git-pull(1), git-push(1), git-clone(1), git-config(1) and `git CMD -h` (Debian package git)',
    version: 'git 2.39.5',
    syntax: 'git',
    abbreviations: true,
    numeric: true,
    negations: true,
    globalsBeforeSubcommand: true,
    options: {
      safe: `-P --no-pager --bare --namespace= --super-prefix= --attr-source= --list-cmds= --no-replace-objects
        --no-lazy-fetch --no-optional-locks --no-advice --literal-pathspecs --glob-pathspecs --noglob-pathspecs
        --icase-pathspecs -h --help -v --version --html-path --man-path --info-path`,
      'runs-code': '-C= -c= --config-env= --git-dir= --work-tree= --exec-path? -p --paginate',
    },
    subcommands: {
      status: {
        safe: `-v --verbose -s --short -b --branch --show-stash --ahead-behind --porcelain? --long -z --null -u?
          --untracked-files? --ignored? --ignore-submodules? --column? --renames --find-renames? -M? -h`,
      },
      log: { safe: `${DIFF} ${LOG} -h -q`, 'reads-file': '-O=', 'writes-file': '--output=', 'runs-code': '--ext-diff --textconv' },
      show: { safe: `${DIFF} ${LOG} -h -q`, 'reads-file': '-O=', 'writes-file': '--output=', 'runs-code': '--ext-diff --textconv' },
      diff: {
        safe: `${DIFF} --cached --staged --merge-base -1 --base -2 --ours -3 --theirs -0 -h`,
        'reads-file': '-O= --no-index',
        'writes-file': '--output=',
        'runs-code': '--ext-diff --textconv',
      },
      branch: {
        safe: `-v --verbose -vv -q --quiet --color? -r --remotes --contains? --no-contains? --abbrev? -a --all -l --list
          --show-current --merged? --no-merged? --column? --sort= --points-at= -i --ignore-case --format=
          --recurse-submodules --omit-empty -h`,
        'changes-state': `-t --track? -u= --set-upstream-to= --unset-upstream -d --delete -D -m --move -M -c --copy -C
          --create-reflog -f --force`,
        'runs-code': '--edit-description',
      },
      fetch: {
        safe: `-v --verbose -q --quiet --all -a --append --atomic -m --multiple -t --tags -n -j= --jobs= --prefetch -p
          --prune -P --prune-tags --recurse-submodules? --dry-run --write-fetch-head -k --keep -u --update-head-ok
          --progress --depth= --shallow-since= --shallow-exclude= --deepen= --unshallow --refetch --update-shallow
          --refmap= -o= --server-option= --negotiation-tip= --negotiate-only --filter= --auto-maintenance --auto-gc
          --show-forced-updates --write-commit-graph --stdin --ipv4 -4 --ipv6 -6 -h`,
        'changes-state': '--set-upstream -f --force',
        'runs-code': '--upload-pack=',
      },
      pull: {
        safe: `-v --verbose -q --quiet --progress --recurse-submodules? -r --rebase? -n --stat --log? --signoff? --squash
          --commit --cleanup= --ff --ff-only --verify -X= --strategy-option= --autostash
          --allow-unrelated-histories --all -a --append -t --tags -p --prune -j? --jobs? --dry-run -k --keep --depth=
          --shallow-since= --shallow-exclude= --deepen= --unshallow --update-shallow --refmap= -o= --server-option=
          --negotiation-tip= --show-forced-updates --ipv4 -4 --ipv6 -6 -h`,
        'changes-state': '-f --force --set-upstream',
        'runs-code': '--upload-pack= -s= --strategy= -S? --gpg-sign? --verify-signatures -e --edit',
      },
      push: {
        safe: `-v --verbose -q --quiet --repo= --all --branches --tags -n --dry-run --porcelain --recurse-submodules=
          --thin -u --set-upstream --progress --verify --follow-tags --atomic -o= --push-option= --ipv4 -4 --ipv6 -6 -h`,
        'changes-state': '--mirror -d --delete -f --force --force-with-lease? --force-if-includes --prune',
        'runs-code': '--receive-pack= --exec= --signed?',
      },
      clone: {
        safe: `-v --verbose -q --quiet --progress --reject-shallow -n --no-checkout --bare --mirror -l --local
          --no-hardlinks -s --shared --recurse-submodules? --recursive? -j= --jobs= --dissociate -o= --origin= -b=
          --branch= --depth= --shallow-since= --shallow-exclude= --single-branch --no-tags --shallow-submodules
          --server-option= --filter= --also-filter-submodules --remote-submodules --sparse --bundle-uri= --ipv4 -4
          --ipv6 -6 -h`,
        'reads-file': '--reference= --reference-if-able=',
        'writes-file': '--separate-git-dir=',
        'runs-code': '--template= -u= --upload-pack= -c= --config=',
      },
      config: {
        safe: `--global --system --local --worktree --blob= --get --get-all --get-regexp --get-urlmatch -l --list
          --fixed-value --get-color --get-colorbool -t= --type= --bool --int --bool-or-int --bool-or-str --path
          --expiry-date -z --null --name-only --includes --show-origin --show-scope --default= -h`,
        'reads-file': '-f= --file=',
        'runs-code': '-e --edit',
        'changes-state': '--replace-all --add --unset --unset-all --rename-section --remove-section',
      },
    },
  },
];
