// docker (Docker CLI 28.2) and kubectl (1.32): both parse with pflag (no abbreviations;
// booleans take an optional `=true|false`). Config and kubeconfig files name credential
// helpers and exec plugins that run; contexts and hosts may run ssh; other identities,
// servers and tokens act as someone else or send credentials elsewhere (changes-state).
import type { ToolEntry } from './types.js';

const KUBE_FILES = '-f= --filename= -k= --kustomize=';

export const CONTAINER_TOOLS: readonly ToolEntry[] = [
  {
    programs: ['docker'],
    source: '`docker --help` and `docker COMMAND --help` (Docker CLI); docker(1) config.json credsStore/credHelpers',
    version: 'Docker CLI 28.2.2',
    syntax: 'getopt',
    abbreviations: false,
    globalsBeforeSubcommand: true,
    options: {
      safe: '-D --debug? -l= --log-level= --tls? --tlsverify? -v --version? -h --help?',
      'reads-file': '--tlscacert= --tlscert= --tlskey=',
      'runs-code': '--config= -c= --context= -H= --host=',
    },
    subcommands: {
      ps: { safe: '-a --all? -f= --filter= --format= -n= --last= -l --latest? --no-trunc? -q --quiet? -s --size? -h --help?' },
      images: { safe: '-a --all? --digests? -f= --filter= --format= --no-trunc? -q --quiet? --tree? -h --help?' },
      logs: { safe: '--details? -f --follow? --since= -n= --tail= -t --timestamps? --until= -h --help?' },
      inspect: { safe: '-f= --format= -s --size? --type= -h --help?' },
      version: { safe: '-f= --format= -h --help?' },
      info: { safe: '-f= --format= -h --help?' },
      stats: { safe: '-a --all? --format= --no-stream? --no-trunc? -h --help?' },
      top: { safe: '-h --help?' },
      port: { safe: '-h --help?' },
      diff: { safe: '-h --help?' },
      history: { safe: '--format= -H --human? --no-trunc? --platform= -q --quiet? -h --help?' },
      events: { safe: '-f= --filter= --format= --since= --until= -h --help?' },
    },
  },
  {
    programs: ['kubectl'],
    source: '`kubectl options` and `kubectl COMMAND --help` (kubectl); kubeconfig(5) users[].exec credential plugins',
    version: 'kubectl v1.32.4',
    syntax: 'getopt',
    abbreviations: false,
    options: {
      safe: `-n= --namespace= --request-timeout= -v= --v= --vmodule= --log-flush-frequency= --match-server-version?
        --disable-compression? --warnings-as-errors? -h --help?`,
      'reads-file': '--certificate-authority= --client-certificate= --client-key=',
      'writes-file': '--cache-dir= --profile= --profile-output=',
      'runs-code': '--kubeconfig= --context= --user= --cluster=',
      'changes-state': `--as= --as-group= --as-uid= --token= --username= --password= -s= --server= --tls-server-name=
        --insecure-skip-tls-verify?`,
    },
    subcommands: {
      get: {
        safe: `-A --all-namespaces? --allow-missing-template-keys? --chunk-size= --field-selector= --ignore-not-found? -L= --label-columns=
          --no-headers? --output-watch-events? --raw= -R --recursive? -l= --selector= --server-print? --show-kind?
          --show-labels? --show-managed-fields? --sort-by= --subresource= -w --watch? --watch-only?`,
        'reads-file': `${KUBE_FILES} --template= -o=~file --output=~file`,
      },
      describe: {
        safe: '-A --all-namespaces? --chunk-size= -R --recursive? -l= --selector= --show-events?',
        'reads-file': KUBE_FILES,
      },
      logs: {
        safe: `--all-containers? --all-pods? -c= --container= -f --follow? --ignore-errors? --limit-bytes=
          --max-log-requests= --pod-running-timeout= --prefix? -p --previous? -l= --selector= --since= --since-time=
          --tail= --timestamps?`,
        'changes-state': '--insecure-skip-tls-verify-backend?',
      },
      top: {
        safe: `-A --all-namespaces? --containers? --field-selector= --no-headers? -l= --selector= --sort-by= --sum?
          --use-protocol-buffers? --show-capacity?`,
      },
      explain: { safe: '--api-version= -o= --output= --recursive?' },
      'api-resources': { safe: '--api-group= --cached? --categories= --namespaced? --no-headers? -o= --output= --sort-by= --verbs=' },
      'api-versions': { safe: '' },
      version: { safe: '--client? -o= --output=' },
      'cluster-info': { safe: '' },
    },
    actions: [
      { words: ['edit'], cls: 'runs-code', reason: 'kubectl edit runs an editor ($KUBE_EDITOR, $EDITOR, then vi) as root' },
      { words: ['cp'], cls: 'writes-file', reason: 'kubectl cp copies files from a pod onto this host' },
    ],
  },
];
