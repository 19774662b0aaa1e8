// curl and wget: every option of `curl --help all` (curl 7.88.1) and `wget --help` (wget 1.21.3).
// Uploads, config files, certificates and netrc read files; outputs, logs, traces and cookie
// jars write them; engines, askpass programs and wgetrc commands load or run code.
import type { ToolEntry } from './types.js';

export const HTTP_TOOLS: readonly ToolEntry[] = [
  {
    programs: ['curl'],
    source: 'curl(1) and `curl --help all` (Debian package curl); GTFOBins curl',
    version: 'curl 7.88.1',
    syntax: 'getopt',
    abbreviations: false,
    options: {
      safe: `--abstract-unix-socket= --anyauth -a --append --aws-sigv4= --basic --ciphers= --compressed
        --compressed-ssh --connect-timeout= --connect-to= -C= --continue-at= --create-dirs --create-file-mode= --crlf
        --curves= --delegation= --digest -q --disable --disable-eprt --disable-epsv --disallow-username-in-url
        --dns-interface= --dns-ipv4-addr= --dns-ipv6-addr= --dns-servers= --doh-cert-status --doh-insecure --doh-url=
        --expect100-timeout= -f --fail --fail-early --fail-with-body --false-start --form-escape --ftp-account=
        --ftp-alternative-to-user= --ftp-create-dirs --ftp-method= --ftp-pasv -P= --ftp-port= --ftp-pret
        --ftp-skip-pasv-ip --ftp-ssl-ccc --ftp-ssl-ccc-mode= --ftp-ssl-control -G --get -g --globoff
        --happy-eyeballs-timeout-ms= --haproxy-protocol -I --head -h --help -0 --http0.9 --http1.0 --http1.1 --http2
        --http2-prior-knowledge --http3 --http3-only --ignore-content-length -i --include -k --insecure --interface=
        -4 --ipv4 -6 --ipv6 -j --junk-session-cookies --keepalive-time= --krb= --limit-rate= -l --list-only
        --local-port= -L --location --location-trusted --login-options= --mail-auth= --mail-from= --mail-rcpt=
        --mail-rcpt-allowfails -M --manual --max-filesize= --max-redirs= -m= --max-time= --metalink --negotiate
        -n --netrc --netrc-optional -: --next --no-alpn -N --no-buffer --no-clobber --no-keepalive --no-npn
        --no-progress-meter --no-sessionid --noproxy= --ntlm --ntlm-wb --oauth2-bearer= --parallel -Z
        --parallel-immediate --parallel-max= --pass= --path-as-is --post301 --post302 --post303 --preproxy=
        -# --progress-bar --proto= --proto-redir= -x= --proxy= --proxy-anyauth --proxy-basic
        --proxy-ciphers= --proxy-digest --proxy-insecure --proxy-negotiate --proxy-ntlm --proxy-pass=
        --proxy-service-name= --proxy-ssl-allow-beast --proxy-ssl-auto-client-cert --proxy-tls13-ciphers=
        --proxy-tlsauthtype= --proxy-tlspassword= --proxy-tlsuser= --proxy-tlsv1 -U= --proxy-user= --proxy1.0=
        -p --proxytunnel --pubkey= --hostpubmd5= --hostpubsha256= --pinnedpubkey= --proxy-pinnedpubkey= -Q= --quote=
        --random-file= -r= --range= --rate= --raw -e= --referer= -J --remote-header-name -R --remote-time
        --remove-on-error -X= --request= --request-target= --resolve= --retry= --retry-all-errors
        --retry-connrefused --retry-delay= --retry-max-time= --sasl-authzid= --sasl-ir --service-name= -S
        --show-error -s --silent --socks4= --socks4a= --socks5= --socks5-basic --socks5-gssapi --socks5-gssapi-nec
        --socks5-gssapi-service= --socks5-hostname= -Y= --speed-limit= -y= --speed-time= --ssl --ssl-allow-beast
        --ssl-auto-client-cert --ssl-no-revoke --ssl-reqd --ssl-revoke-best-effort -2 --sslv2 -3 --sslv3
        --styled-output --suppress-connect-headers --tcp-fastopen --tcp-nodelay -t= --telnet-option=
        --tftp-blksize= --tftp-no-options -z= --time-cond= --tls-max= --tls13-ciphers= --tlsauthtype= --tlspassword=
        --tlsuser= -1 --tlsv1 --tlsv1.0 --tlsv1.1 --tlsv1.2 --tlsv1.3 --tr-encoding --trace-time --unix-socket=
        -B --use-ascii -u= --user= -A= --user-agent= -v --verbose -V --version
        --xattr --cert-status --cert-type= --key-type= --proxy-cert-type= --proxy-key-type= --data-raw=
        --form-string=`,
      'reads-file': `-H=~@ --header=~@ --proxy-header=~@ -d=~@ --data=~@ --data-ascii=~@ --data-binary=~@ --data-urlencode=~@
        --json=~@ -F=~@ --form=~@ -w=~@ --write-out=~@ -b= --cookie= -K= --config= -T= --upload-file= --cacert= --capath= -E= --cert= --key= --crlfile=
        --proxy-cacert= --proxy-capath= --proxy-cert= --proxy-key= --proxy-crlfile= --netrc-file= --egd-file=
        --url=~file: --url-query=~@ --proto-default=~file`,
      'writes-file': `-o= --output= -O --remote-name --remote-name-all --output-dir= -D= --dump-header= -c= --cookie-jar=
        --trace= --trace-ascii= --stderr= --libcurl= --etag-save= --etag-compare= --hsts= --alt-svc=`,
      'runs-code': '--engine=',
    },
    // A URL is an operand: file:// reads any file, and a URL glob ({a,b} or [a-z]) in the
    // scheme can spell file (curl(1) URL globbing; RFC 3986: schemes are case-insensitive).
    actions: [{ words: ['re:(?:file|[^:/]*[{\\[][^/]*):.*'], anywhere: true, cls: 'reads-file', reason: 'curl(1): a file:// URL reads a local file; GTFOBins curl' }],
  },
  {
    programs: ['wget'],
    source: 'wget(1) and `wget --help` (Debian package wget); GTFOBins wget',
    version: 'GNU Wget 1.21.3',
    syntax: 'getopt',
    abbreviations: true,
    options: {
      safe: `-V --version -h --help -b --background -d --debug -q --quiet -v --verbose -n= --no-verbose --report-speed=
        -F --force-html -B= --base= --bind-address= -t= --tries= --retry-connrefused --retry-on-http-error=
        --no-clobber --backups= -c --continue --start-pos= --progress= --show-progress -N --timestamping
        --no-if-modified-since --no-use-server-timestamps -S --server-response --spider -T= --timeout= --dns-timeout=
        --connect-timeout= --read-timeout= -w= --wait= --waitretry= --random-wait --no-proxy -Q= --quota=
        --limit-rate= --no-dns-cache --restrict-file-names= -4 --inet4-only -6 --inet6-only --prefer-family=
        --user= --password= --ask-password --no-iri --local-encoding= --remote-encoding= --unlink --xattr
        --no-directories -x --force-directories --no-host-directories --protocol-directories --cut-dirs=
        --http-user= --http-password= --no-cache --default-page= -E --adjust-extension --ignore-length --header=
        --compression= --max-redirect= --proxy-user= --proxy-password= --referer= --save-headers -U= --user-agent=
        --no-http-keep-alive --no-cookies --keep-session-cookies --method= --body-data= --post-data=
        --content-disposition --content-on-error --auth-no-challenge --secure-protocol= --https-only
        --no-check-certificate --certificate-type= --private-key-type= --ciphers= --no-hsts --ftp-user=
        --ftp-password= --no-remove-listing --no-glob --no-passive-ftp --preserve-permissions --retr-symlinks
        --ftps-implicit --ftps-resume-ssl --ftps-clear-data-connection --ftps-fallback-to-ftp --warc-header=
        --warc-max-size= --warc-cdx --no-warc-compression --no-warc-digests --no-warc-keep-log -r --recursive
        -l= --level= -k --convert-links --convert-file-only -m --mirror -p --page-requisites --strict-comments
        -A= --accept= -R= --reject= --accept-regex= --reject-regex= --regex-type= -D= --domains=
        --exclude-domains= --follow-ftp --follow-tags= --ignore-tags= -H --span-hosts -L --relative -I=
        --include-directories= --trust-server-names -X= --exclude-directories= --no-parent --no-config
        --no-netrc --ignore-case --pinnedpubkey= --crl-file= --ca-directory= --https-only --delete-after`,
      'reads-file': `-i= --input-file= --config= --body-file= --post-file= --load-cookies= --certificate= --private-key=
        --ca-certificate= --random-file= --egd-file= --warc-dedup= --hsts-file=`,
      'writes-file': `-O= --output-document= -o= --output-file= -a= --append-output= -P= --directory-prefix=
        --save-cookies= --rejected-log= --warc-file= --warc-tempdir= -K --backup-converted`,
      'runs-code': '-e= --execute= --use-askpass=',
    },
  },
];
