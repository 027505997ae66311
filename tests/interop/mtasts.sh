#!/bin/sh
# Interop: MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) in the domain audit
# (src/audit/chk_sts.c) against a world of real servers in one network namespace:
#   - tests/lib/dnsworld.sh: nsd + validating unbound; the names below are
#     added to insec.test (unsigned: DANE never applies there, so MTA-STS
#     alone governs every MX; see RFC 8461 2);
#   - tests/lib/nginx.sh: a private nginx on 127.0.1.40:443, one site per
#     policy host (chosen by SNI), certificates from the test PKI
#     (tests/lib/certs.sh via ngx_cert), serving each domain's policy or a
#     failure: a redirect, a 404, text/html, 64 KB + 1, bad syntax; an
#     expired certificate for one policy host;
#   - fixsrv (tests/fixtures/fixsrv.c) on port 25 of the MX addresses:
#     mx1.insec.test 127.0.1.11 and mx2.insec.test 127.0.1.12 (the `world`
#     chain names both), self.insec.test 127.0.1.72 (self-signed),
#     oldmx.insec.test 127.0.1.73 (a leaf for that name, expired),
#     nostls.insec.test 127.0.1.74 (no STARTTLS); wrongname.insec.test is
#     127.0.1.11 under a name the world chain does not hold; and
#     mx1.sec.test 127.0.1.1 (world chain) for the DANE case.
# Domains (all under insec.test; D = the domain):
#   good      enforce, mx: mx1.insec.test, CRLF lines; TLS-RPT mailto+https
#   testing   testing, mx: *.insec.test, LF, no last line end, max_age 3600
#   none      mode none (no mx line)
#   redirect  301 to elsewhere             notfound   404
#   html      text/html                    big        65537-byte body
#   syntax    "mx mx1.insec.test" (no ':') on line 3
#   missing   enforce, mx: mx2 only; MX mx1 and mx2
#   misstest  testing, mx: mx2 only; MX mx1
#   expired   the policy host's certificate expired in 2021
#   absent    no _mta-sts, no _smtp._tls
#   multi     two STS records; TLS-RPT rua with a DMARC-style "!10m"
#   badid     id=abc-def; TLS-RPT with v= after rua
#   nohost    a valid TXT, no mta-sts.D address
#   certs     enforce, mx: *.insec.test; MX wrongname, self, oldmx, nostls
#   twotlsrpt two TLS-RPT records; STS TXT valid, policy served
# and dane.sec.test: MX mx1.sec.test (DNSSEC, TLSA: DANE governs it), a
# policy naming only mx2.insec.test: an MTA-STS-only sender refuses mx1
# (mx1_sts=fail, critical, score 30) even though a sender of both follows
# DANE there (RFC 8461 2: mx1_sts_with_dane=dane).
# Checked: mta_sts, mta_sts_mode, _id, _max_age, _mx, _error (RFC 8460
# result type), _detail, _http_status; mxN_sts, _sts_error, _sts_detail;
# tlsrpt, _rua, _rua_count, _error, _error_uri; the findings and their
# severity (mta-sts-mx-fail critical under enforce, warning under testing;
# mta-sts-invalid and tlsrpt-invalid warnings); score_item_mta_sts and
# _tlsrpt; and in nginx's access log, the one request of a fetch (path,
# SNI) and no request where no fetch belongs.
# Needs root (namespace), nsd, unbound, ldnsutils, nginx, openssl, python3.
# env: MXPROBE, RUN, T as for every test (tests/lib/common.sh);
#      KEEP_TMP=1 DNSW_KEEP=1 NGX_KEEP=1 keep the files for a post-mortem.
. tests/lib/common.sh
. tests/lib/dnsworld.sh
. tests/lib/nginx.sh

trap 'cleanup; ngx_stop; dnsworld_stop' EXIT
trap 'exit 141' PIPE

PROBE_KILL=${PROBE_KILL:-25}
RUN0=$RUN
STS_PATH=/.well-known/mta-sts.txt
NGX_ADDR=127.0.1.40

need_mxprobe
need_prog "$FIXSRV" "fixture server"
need_host dnsworld_can_run "DNS world"
need_host ngx_can_run "nginx"
if ! sh "$LIBDIR/certs.sh" "$PKI" >"$TMPD/certs.log" 2>&1 ||
    [ ! -r "$PKI/world.crt" ]; then
	not_ok "test PKI made (certs.sh $PKI, with the world profile)"
	diag "$(cat "$TMPD/certs.log")"
	summary; exit 1
fi
. "$PKI/dates.sh"

# ---- DNS -------------------------------------------------------------------

# zone lines for domain $1: MX targets $2 (space-separated, preference
# 10, 20, ...), STS TXT $3 (empty: none), TLS-RPT TXT $4 (empty: none),
# and the policy host's address (unless $5 is "nohost").
dom() {
	_d=$1 _p=10
	for _m in $2; do
		printf '%s\tMX\t%s %s\n' "$_d" "$_p" "$_m"
		_p=$((_p + 10))
	done
	[ -z "$3" ] || printf '_mta-sts.%s\tTXT\t"%s"\n' "$_d" "$3"
	[ -z "$4" ] || printf '_smtp._tls.%s\tTXT\t"%s"\n' "$_d" "$4"
	[ "${5:-}" = nohost ] ||
	    printf 'mta-sts.%s\tA\t%s\n' "$_d" "$NGX_ADDR"
}

STS='v=STSv1; id=20260601T000000'
RPT='v=TLSRPTv1; rua=mailto:tlsrpt@insec.test,https://report.insec.test/v1'
DNSW_EXTRA_INSEC="wrongname	A	127.0.1.11
self		A	127.0.1.72
oldmx		A	127.0.1.73
nostls		A	127.0.1.74
$(dom good mx1 "$STS" "$RPT")
$(dom testing mx1 'v=STSv1;id=t1' "$RPT")
$(dom none mx1 'v=STSv1; id=n1;' '')
$(dom redirect mx1 "$STS" '')
$(dom notfound mx1 "$STS" '')
$(dom html mx1 "$STS" '')
$(dom big mx1 "$STS" '')
$(dom syntax mx1 "$STS" '')
$(dom missing 'mx1 mx2' "$STS" '')
$(dom misstest mx1 "$STS" '')
$(dom expired mx1 "$STS" '')
$(dom absent mx1 '' '')
$(dom multi mx1 "$STS" 'v=TLSRPTv1; rua=mailto:tls@insec.test!10m')
_mta-sts.multi	TXT	\"v=STSv1; id=second\"
$(dom badid mx1 'v=STSv1; id=abc-def' 'rua=mailto:tls@insec.test; v=TLSRPTv1')
$(dom nohost mx1 "$STS" '' nohost)
$(dom certs 'wrongname self oldmx nostls' "$STS" '')
$(dom twotlsrpt mx1 "$STS" "$RPT")
_smtp._tls.twotlsrpt	TXT	\"v=TLSRPTv1; rua=mailto:other@insec.test\""

# sec.test is signed and mx1.sec.test has a TLSA RRset: DANE governs it,
# and the policy (which names only mx2) must yield (RFC 8461 2).
DNSW_EXTRA_SEC="dane		MX	10 mx1
_mta-sts.dane	TXT	\"v=STSv1; id=d1\"
mta-sts.dane	A	$NGX_ADDR"

if ! dnsworld_start; then
	not_ok "DNS world started"
	diag "$DNSW_ERR"
	summary; exit 1
fi
NS=$DNSW_NETNS
ok "DNS world started (resolver $DNSW_RESOLVER, netns $NS)"
if [ -z "$NS" ]; then
	not_ok "the DNS world has a network namespace"
	summary; exit 1
fi

# ---- nginx: the policy hosts ---------------------------------------------

NGX_NETNS=$NS
if ! ngx_init; then
	not_ok "nginx set up"; diag "$NGX_ERR"; summary; exit 1
fi
HOSTS=
for d in good testing none redirect notfound html big syntax missing \
    misstest multi badid nohost certs twotlsrpt; do
	HOSTS="$HOSTS${HOSTS:+,}mta-sts.$d.insec.test"
done
HOSTS="$HOSTS,mta-sts.dane.sec.test"
# cert ARGS: ngx_cert (once: its serial is always 8 hex digits now)
cert() {
	ngx_cert "$@"
}
cert "$NGX_DIR/sts" "$HOSTS" &&
    cert "$NGX_DIR/sts-old" mta-sts.expired.insec.test \
    20200101000000Z 20210101000000Z &&
    cert "$TMPD/oldmx" oldmx.insec.test 20200101000000Z 20210101000000Z ||
	{ not_ok "ngx_cert made the leaves"; diag "$NGX_ERR"; summary; exit 1; }

# policy NAME TEXT: a policy file with exactly these bytes (printf %b).
policy() {
	printf '%b' "$2" > "$TMPD/$1.policy"
}
policy good 'version: STSv1\r\nmode: enforce\r\nmx: mx1.insec.test\r\nmax_age: 604800\r\n'
policy testing 'version: STSv1\nmode: testing\nmx: *.insec.test\nmax_age: 3600'
policy none 'version: STSv1\nmode: none\nmax_age: 86400\n'
policy syntax 'version: STSv1\nmode: enforce\nmx mx1.insec.test\nmax_age: 86400\n'
policy missing 'version: STSv1\nmode: enforce\nmx: mx2.insec.test\nmax_age: 86400\n'
policy misstest 'version: STSv1\nmode: testing\nmx: mx2.insec.test\nmax_age: 86400\n'
policy certs 'version: STSv1\nmode: enforce\nmx: *.insec.test\nmax_age: 86400\n'

# site DOMAIN [CERT]: the server block of mta-sts.DOMAIN.insec.test
site() {
	ngx_site "mta-sts.$1.insec.test" "$NGX_ADDR:443" \
	    "$NGX_DIR/${2:-sts}.crt" "$NGX_DIR/${2:-sts}.key"
}
set -e
for d in good testing none missing misstest certs; do
	site $d
	ngx_file "$STS_PATH" "$TMPD/$d.policy"
done
ngx_site mta-sts.dane.sec.test "$NGX_ADDR:443" "$NGX_DIR/sts.crt" \
    "$NGX_DIR/sts.key"
ngx_file "$STS_PATH" "$TMPD/missing.policy"
site twotlsrpt
ngx_file "$STS_PATH" "$TMPD/good.policy"
site syntax
ngx_file "$STS_PATH" "$TMPD/syntax.policy" "text/plain; charset=utf-8"
site redirect
ngx_redirect "$STS_PATH" 301 "https://mta-sts.good.insec.test$STS_PATH"
site notfound		# no location: nginx's own 404
site html
ngx_file "$STS_PATH" "$TMPD/good.policy" text/html
site big
ngx_big "$STS_PATH" 65537
site expired sts-old
ngx_file "$STS_PATH" "$TMPD/good.policy"
# the TXT of these is not valid: a fetch there would be a bug
for d in multi badid; do
	site $d
	ngx_file "$STS_PATH" "$TMPD/good.policy"
done
set +e
if ! ngx_start; then
	not_ok "private nginx started"; diag "$NGX_ERR"; summary; exit 1
fi
ok "private nginx started on $NGX_ADDR:443 (netns $NS)"

# ---- the mail servers ------------------------------------------------------

# wsrv NAME ADDR SCENARIO CHAIN: fixsrv on port 25 in the namespace.
wsrv() {
	_f=$TMPD/$1.ready
	mkfifo "$_f" || return 1
	ip netns exec "$NS" "$FIXSRV" -l "$2" -p 25 -s "$3" \
	    -c "$4.crt" -k "$4.key" -n 200 -T 300 \
	    > "$_f" 2> "$TMPD/$1.srv" &
	PIDS="$PIDS $!"
	_w='' _p=''
	read -r _w _p < "$_f"
	rm -f "$_f"
	if [ "$_w" != ready ] || [ "$_p" != 25 ]; then
		not_ok "fixsrv $1 ($3) on $2:25"
		diag "$(cat "$TMPD/$1.srv")"
		return 1
	fi
}
started=yes
wsrv secmx1 127.0.1.1 good "$PKI/world" || started=no
wsrv mx1 127.0.1.11 good "$PKI/world" || started=no
wsrv mx2 127.0.1.12 good "$PKI/world" || started=no
wsrv self 127.0.1.72 good "$PKI/selfsigned" || started=no
wsrv oldmx 127.0.1.73 good "$TMPD/oldmx" || started=no
wsrv nostls 127.0.1.74 nostarttls "$PKI/world" || started=no
[ "$started" = yes ] && ok "fixsrv on every MX address"

# ---- helpers ---------------------------------------------------------------

COMMON="-C $PKI/bundle.crt -t 10 --now $REF_NOW -e probe.mxprobe.test -4"

# audit NAME [ZONE]: one mxprobe run of NAME.ZONE (insec.test) inside the
# namespace; REQS = the nginx requests it made (access log lines).
audit() {
	_n0=$(ngx_access_count)
	RUN="ip netns exec $NS $RUN0"
	# shellcheck disable=SC2086
	probe "$1" $COMMON "$1.${2:-insec.test}"
	RUN=$RUN0
	REQS=$(ngx_access_since "$_n0")
	_fail0=$t_fail
	# a report ends with status=, whatever the exit status says
	if kv "$TMPD/$1.out" status >/dev/null; then
		ok "$1: mxprobe reported (exit $PROBE_RC)"
	else
		not_ok "$1: mxprobe reported"
		diag "exit $PROBE_RC: $(head -c 300 "$TMPD/$1.err")"
	fi
}

show() {
	if [ "$t_fail" != "$_fail0" ]; then
		diag "mxprobe $(cat "$TMPD/$CTX.cmd") (exit $PROBE_RC):"
		diag "$(grep -e sts -e tlsrpt -e findings -e status -e '_error=' \
		    "$TMPD/$CTX.out" | head -n 40)"
		diag "stderr: $(head -c 600 "$TMPD/$CTX.err")"
		diag "nginx: $REQS"
	fi
	CTX=
}

# fetched NAME [ZONE]: nginx saw exactly one GET of the policy, SNI
# mta-sts.NAME.ZONE.
fetched() {
	_h=mta-sts.$1.${2:-insec.test}
	_l=$(printf '%s\n' "$REQS" | grep -c "GET $STS_PATH HTTP/1.1")
	check_eq "$1: one policy request" "$_l" 1
	printf '%s\n' "$REQS" | grep -q "\"$_h\"" &&
	    ok "$1: SNI $_h" || not_ok "$1: SNI $_h"
}

not_fetched() {
	check_eq "$1: no request to a policy host" "$REQS" ""
}

# has_finding KEY CODE / no_finding KEY CODE: CODE in KEY's comma list.
has_finding() {
	case ",$(kv "$TMPD/$CTX.out" "$1")," in
	*",$2,"*) ok "$1 has $2" ;;
	*) not_ok "$1 has $2"; diag "$1=$(kv "$TMPD/$CTX.out" "$1")" ;;
	esac
}
no_finding() {
	case ",$(kv "$TMPD/$CTX.out" "$1")," in
	*",$2,"*) not_ok "$1 without $2"; diag "$1=$(kv "$TMPD/$CTX.out" "$1")" ;;
	*) ok "$1 without $2" ;;
	esac
}

# invalid DOMAIN RFC8460-TYPE DETAIL: the policy is invalid so.
invalid() {
	check_kv mta_sts invalid
	check_kv mta_sts_error "$2"
	check_kv mta_sts_detail "$3"
	check_absent mta_sts_mode
	check_kv mx1_sts na
	has_finding findings mta-sts-invalid
	check_kv score_item_mta_sts 0
}

# ---- scenarios -------------------------------------------------------------

audit good
check_kv mta_sts ok
check_kv mta_sts_mode enforce
check_kv mta_sts_id 20260601T000000
check_kv mta_sts_max_age 604800
check_absent mta_sts_max_age_short
check_kv mta_sts_mx mx1.insec.test
check_kv mta_sts_http_status 200
check_kv mta_sts_addr "$NGX_ADDR"
check_absent mta_sts_error
check_kv mx1_sts ok
check_absent mx1_sts_error
no_finding findings mta-sts-invalid
no_finding mx1_findings mta-sts-mx-fail
check_kv score_item_mta_sts 100
check_kv tlsrpt ok
check_kv tlsrpt_rua "mailto:tlsrpt@insec.test,https://report.insec.test/v1"
check_kv tlsrpt_rua_count 2
check_kv score_item_tlsrpt 100
fetched good
show

audit testing
check_kv mta_sts ok
check_kv mta_sts_mode testing
check_kv mta_sts_id t1
check_kv mta_sts_max_age 3600
check_kv mta_sts_max_age_short yes
check_kv mta_sts_mx '*.insec.test'
check_kv mx1_sts ok
has_finding findings mta-sts-max-age-short
check_kv score_item_mta_sts 60
fetched testing
show

audit none
check_kv mta_sts ok
check_kv mta_sts_mode none
check_kv mx1_sts na
check_absent mta_sts_mx
check_kv score_item_mta_sts 20
check_kv tlsrpt absent
check_kv score_item_tlsrpt 0
fetched none
show

audit redirect
invalid redirect sts-policy-fetch-error http-redirect
check_kv mta_sts_http_status 301
check_kv mta_sts_location "https://mta-sts.good.insec.test$STS_PATH"
check_kv mta_sts_id 20260601T000000
fetched redirect
show

audit notfound
invalid notfound sts-policy-fetch-error http-status
check_kv mta_sts_http_status 404
fetched notfound
show

audit html
invalid html sts-policy-fetch-error http-content-type
fetched html
show

audit big
invalid big sts-policy-fetch-error http-body-too-large
fetched big
show

audit syntax
invalid syntax sts-policy-invalid sts-policy-syntax
check_kv mta_sts_error_line 3
fetched syntax
show

audit missing
check_kv mta_sts fail
check_kv mta_sts_mode enforce
check_kv mx1_sts fail
check_kv mx1_sts_error validation-failure
check_kv mx1_sts_detail mx-not-in-policy
check_kv mx2_sts ok
has_finding mx1_findings mta-sts-mx-fail
no_finding mx2_findings mta-sts-mx-fail
check_kv mx1_status critical
check_kv status critical
check_kv score_item_mta_sts 30
fetched missing
show

# The same in the report for people (-H): an address row says fail (mx1)
# and one ok (mx2); the finding is mx1's, critical; the whole report equals
# its golden.
# ASCII, whatever the locale of the run: the golden is ASCII.
LC_ALL=C; export LC_ALL
RUN="ip netns exec $NS $RUN0"
# shellcheck disable=SC2086
probe missing_h $COMMON -H --color=never missing.insec.test
RUN=$RUN0
check_rc 2
check "-H: an address row with MTA-STS fail" \
    grep -Eq '^  [0-9].* fail$' "$TMPD/missing_h.out"
check "-H: an address row with MTA-STS ok" \
    grep -Eq '^  [0-9].* ok$' "$TMPD/missing_h.out"
check "-H: mta-sts-mx-fail, critical, of mx1" \
    grep -q '^CRITICAL mta-sts-mx-fail (mx1)$' "$TMPD/missing_h.out"
check_golden "$TMPD/missing_h.out" tests/interop/golden/mtasts-mx-not-in-policy.txt
if [ "$t_fail" != "$_fail0" ]; then diag "$(cat "$TMPD/missing_h.out")"; fi
_fail0=$t_fail
CTX=

audit misstest
check_kv mta_sts fail
check_kv mta_sts_mode testing
check_kv mx1_sts fail
check_kv mx1_sts_detail mx-not-in-policy
has_finding mx1_findings mta-sts-mx-fail
check_kv mx1_status warning
check_kv score_item_mta_sts 60
show

audit expired
invalid expired sts-webpki-invalid expired
fetched expired
show

audit absent
check_kv mta_sts absent
check_absent mta_sts_error
check_absent mx1_sts
check_kv tlsrpt absent
check_kv score_item_mta_sts 0
no_finding findings mta-sts-invalid
not_fetched absent
show

audit multi
invalid multi sts-policy-invalid sts-txt-multiple
check_kv tlsrpt invalid
check_kv tlsrpt_error tlsrpt-bad-uri
check_kv tlsrpt_error_uri 'mailto:tls@insec.test!10m'
has_finding findings tlsrpt-invalid
check_kv score_item_tlsrpt 0
not_fetched multi
show

audit badid
invalid badid sts-policy-invalid sts-txt-bad-id
check_kv tlsrpt invalid
check_kv tlsrpt_error tlsrpt-version-not-first
not_fetched badid
show

audit nohost
invalid nohost sts-policy-fetch-error dns-nxdomain
not_fetched nohost
show

audit certs
check_kv mta_sts fail
for kv in 1:certificate-host-mismatch 2:certificate-not-trusted \
    3:certificate-expired 4:starttls-not-supported; do
	check_kv "mx${kv%%:*}_host" "$(echo wrongname self oldmx nostls |
	    cut -d' ' -f"${kv%%:*}").insec.test"
	check_kv "mx${kv%%:*}_sts" fail
	check_kv "mx${kv%%:*}_sts_error" "${kv#*:}"
	has_finding "mx${kv%%:*}_findings" mta-sts-mx-fail
	check_kv "mx${kv%%:*}_status" critical
done
fetched certs
show

audit twotlsrpt
check_kv mta_sts ok
check_kv tlsrpt invalid
check_kv tlsrpt_error tlsrpt-multiple
show

audit dane sec.test
check_kv mx1_host mx1.sec.test
check_kv mta_sts_mode enforce
check_kv mta_sts_mx mx2.insec.test
check_kv mta_sts fail
check_kv mx1_sts fail
check_kv mx1_sts_error validation-failure
check_kv mx1_sts_detail mx-not-in-policy
check_kv mx1_sts_with_dane dane
has_finding mx1_findings mta-sts-mx-fail
check_kv mx1_status critical
check_kv score_item_mta_sts 30
fetched dane sec.test
show

# -j: the same verdicts in JSON, and the "sts" policy entry
CTX=json
RUN="ip netns exec $NS $RUN0"
# shellcheck disable=SC2086
probe json $COMMON -j missing.insec.test
RUN=$RUN0
if grep -q '"mta_sts":"fail"' "$TMPD/json.out" &&
    grep -q '"mx1_sts_error":"validation-failure"' "$TMPD/json.out"; then
	ok "-j: mta_sts and mx1_sts_error as in key=value"
else
	not_ok "-j: mta_sts and mx1_sts_error as in key=value"
	diag "$(head -c 2000 "$TMPD/json.out")"
fi
if grep -q '"policy-type":"sts"' "$TMPD/json.out" &&
    grep -q '"result-type":"validation-failure"' "$TMPD/json.out"; then
	ok "-j policies: an sts entry with validation-failure"
else
	not_ok "-j policies: an sts entry with validation-failure"
	diag "$(grep -o '"policies".*' "$TMPD/json.out" | head -c 1500)"
fi
# DANE governs mx1.sec.test too: the sts entry still names its mismatch
CTX=json-dane
RUN="ip netns exec $NS $RUN0"
# shellcheck disable=SC2086
probe json-dane $COMMON -j dane.sec.test
RUN=$RUN0
if sed 's/.*"policy-type":"sts"//; s/{"policy":.*//' "$TMPD/json-dane.out" |
    grep -q \
    '"result-type":"validation-failure","receiving-mx-hostname":"mx1.sec.test"' &&
    grep -q '"mx1_sts_with_dane":"dane"' "$TMPD/json-dane.out"; then
	ok "-j policies, DANE too: the sts entry fails mx1.sec.test"
else
	not_ok "-j policies, DANE too: the sts entry fails mx1.sec.test"
	diag "$(grep -o '"policies".*' "$TMPD/json-dane.out" | head -c 1500)"
fi

summary
