#!/bin/sh
# Interop: DANE for SMTP (RFC 7672; issue 6) against real DNSSEC and a real
# mail server, all inside one network namespace:
#   - tests/lib/postfix.sh: a private Postfix; its pf-rsa-25 listener
#     (127.0.1.70) presents a leaf made here under certs.sh's intermediate
#     (SAN *.sec.test and *.insec.test, 2025-01-01 .. 2035-01-01: the
#     names of every host below), its pf-ecdsa-25 listener (127.0.1.71)
#     certs.sh's `wrongname` chain (SAN other.mxprobe.test);
#   - tests/lib/dnsworld.sh (joining Postfix's namespace): nsd + validating
#     unbound, signed sec.test, unsigned insec.test, bogus bogus.test;
#   - fixsrv, scenario nostarttls, on 127.0.1.72.
# Every TLSA record is computed here with openssl from the certificates
# the servers present (the SPKI as openssl extracts it, the DER as
# openssl writes it), never from mxprobe's own code.
#
# Names added to sec.test (DNSW_EXTRA_SEC; one mail domain tX per case,
# "MX 10 dX", dX's TLSA at _25._tcp.dX):
#   t311     3 1 1 of the leaf                       ok, no rollover
#   t301     3 0 1 of the leaf                       ok
#   t2       2 1 1 of the intermediate CA (sent)     ok
#   t2root   2 0 0 of the root (not sent)            ok (the record anchors)
#   troll    3 1 1 leaf + 2 1 1 intermediate         ok, rollover yes
#   tbad     3 1 1 of the root's key                 fail, validation-failure
#   tpkix    0 1 1 and 1 1 1 of the leaf              unusable, tlsa-invalid
#   tlen     3 1 1 with 31 bytes of data             unusable, tlsa-invalid
#   tname    2 1 1 intermediate, wrongname chain     certificate-host-mismatch
#   tnamee   3 1 1 of the wrongname leaf             ok (names ignored)
#   tnotls   3 1 1, server without STARTTLS          starttls-not-supported
#   tunnotls 1 1 1 only, server without STARTTLS    unusable, still critical
#   tbogus   TLSA owner CNAME'd into bogus.test      dnssec-invalid
#   tcname   MX -> dalias CNAME d311                 ok, base d311
#   tpart    MX d311 + MX dnone (no TLSA)            ok, partial
#   tnone    MX dnone                                absent
#   text     MX d311.insec.test (host unsigned)      insecure, addr-unsigned
# and to insec.test: tins MX d311, whose TLSA 3 1 1 matches nothing: an
# unsigned zone, so DANE does not apply (insecure, mx-unsigned, no fault).
# t2 and t311 again at --now 2036-01-01 (leaf expired in 2035): DANE-TA
# says certificate-expired, DANE-EE still ok.
# Checked: dane, dane_reason, dane_mx, mxN_dane*, the findings and status
# they cause, the score item, -j's "policies" entry.
#
# env: MXPROBE, RUN, T as for every test (tests/lib/common.sh);
#      KEEP_TMP=1 DNSW_KEEP=1 PF_KEEP=1 keep the files for a post-mortem.
. tests/lib/common.sh
. tests/lib/postfix.sh
. tests/lib/dnsworld.sh

trap 'cleanup; dnsworld_stop; pf_stop' EXIT
trap 'exit 141' PIPE

PROBE_KILL=${PROBE_KILL:-25}
RUN0=$RUN

need_mxprobe
need_prog "$FIXSRV" "fixture server"
need_host dnsworld_can_run "DNS world"
if ! sh "$LIBDIR/certs.sh" "$PKI" >"$TMPD/certs.log" 2>&1 ||
    [ ! -r "$PKI/int.key" ] || [ ! -r "$PKI/wrongname.crt" ]; then
	not_ok "test PKI made (certs.sh $PKI)"
	diag "$(cat "$TMPD/certs.log")"
	summary; exit 1
fi
. "$PKI/dates.sh"

# ---- the certificates and their TLSA data ----------------------------------

C=$TMPD/dane
mkdir "$C" "$C/srv"
if ! (
	set -e
	P=$(cd "$PKI" && pwd)
	cd "$C"
	cat > ca.cnf <<'EOF'
[ ca ]
default_ca = d
[ d ]
dir = .
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = p
unique_subject = no
[ p ]
commonName = supplied
[ leaf ]
basicConstraints = CA:FALSE
keyUsage = digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:*.sec.test,DNS:*.insec.test
EOF
	: > index.txt
	echo 4d > serial
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
	    -out leaf.key 2>/dev/null
	openssl req -new -key leaf.key -subj /CN=dane.sec.test -out leaf.csr
	openssl ca -batch -notext -config ca.cnf -cert "$P/int.crt" \
	    -keyfile "$P/int.key" -in leaf.csr -out leaf.crt -extensions leaf \
	    -startdate 20250101000000Z -enddate 20350101000000Z 2>/dev/null
	cat leaf.crt "$P/int.crt" > srv/rsa.crt
	cp leaf.key srv/rsa.key
	cp "$P/wrongname.crt" srv/ecdsa.crt
	cp "$P/wrongname.key" srv/ecdsa.key
	# the wrongname leaf alone (first certificate of its chain)
	openssl x509 -in "$P/wrongname.crt" -out wrong-leaf.crt
) > "$TMPD/dane-pki.log" 2>&1; then
	not_ok "DANE test leaf made under certs.sh's intermediate"
	diag "$(cat "$TMPD/dane-pki.log")"
	summary; exit 1
fi
ok "DANE test leaf made (SAN *.sec.test, *.insec.test, under int.crt)"

hexof() { od -An -v -tx1 | tr -d ' \n'; }
# spki_sha256 CERT / der_sha256 CERT / der_hex CERT
spki_der() { openssl x509 -in "$1" -noout -pubkey | openssl pkey -pubin -outform DER; }
spki_sha256() { spki_der "$1" | openssl dgst -sha256 -binary | hexof; }
der_sha256() { openssl x509 -in "$1" -outform DER | openssl dgst -sha256 -binary | hexof; }
der_hex() { openssl x509 -in "$1" -outform DER | hexof; }

LEAF_S1=$(spki_sha256 "$C/leaf.crt")
LEAF_C1=$(der_sha256 "$C/leaf.crt")
INT_S1=$(spki_sha256 "$PKI/int.crt")
ROOT_S1=$(spki_sha256 "$PKI/ca.crt")
ROOT_C0=$(der_hex "$PKI/ca.crt")
WRONG_S1=$(spki_sha256 "$C/wrong-leaf.crt")
for _v in LEAF_S1 LEAF_C1 INT_S1 ROOT_S1 WRONG_S1; do
	eval "_h=\$$_v"
	[ ${#_h} = 64 ] || { not_ok "openssl made $_v (64 hex digits)";
	    diag "got '$_h'"; summary; exit 1; }
done
[ ${#ROOT_C0} -gt 1000 ] || { not_ok "openssl made the root's DER";
    summary; exit 1; }
ok "TLSA data computed with openssl (SPKI and DER digests, root DER)"
# 31 bytes: a SHA-256 record one byte short
LEAF_S1_SHORT=$(printf '%s' "$LEAF_S1" | cut -c1-62)

# ---- the world -------------------------------------------------------------

A_PF=127.0.1.70		# Postfix pf-rsa-25: leaf.crt + int.crt
A_WRONG=127.0.1.71	# Postfix pf-ecdsa-25: wrongname chain
A_NOTLS=127.0.1.72	# fixsrv nostarttls

HAVE_PF=no
PF_A=$A_PF PF_HOST_A=d311.sec.test
PF_B=$A_WRONG PF_HOST_B=dname.sec.test
PF_C=127.0.1.73 PF_HOST_C=screen.sec.test
if why=$(pf_can_run); then
	if pf_start "$C/srv"; then
		HAVE_PF=yes
		ok "private Postfix started ($A_PF: DANE leaf, $A_WRONG: wrongname; netns $PF_NS)"
		DNSW_JOIN_NETNS=$PF_NS
	else
		not_ok "private Postfix started"
		diag "$PF_ERR"
		pf_stop
	fi
else
	not_ok "private Postfix can run here: $why"
fi

DNSW_EXTRA_SEC="t311		MX	10 d311
d311		A	$A_PF
_25._tcp.d311	TLSA	3 1 1 $LEAF_S1
t301		MX	10 d301
d301		A	$A_PF
_25._tcp.d301	TLSA	3 0 1 $LEAF_C1
t2		MX	10 d2
d2		A	$A_PF
_25._tcp.d2	TLSA	2 1 1 $INT_S1
t2root		MX	10 d2root
d2root		A	$A_PF
_25._tcp.d2root	TLSA	2 0 0 $ROOT_C0
troll		MX	10 droll
droll		A	$A_PF
_25._tcp.droll	TLSA	3 1 1 $LEAF_S1
_25._tcp.droll	TLSA	2 1 1 $INT_S1
tbad		MX	10 dbad
dbad		A	$A_PF
_25._tcp.dbad	TLSA	3 1 1 $ROOT_S1
tpkix		MX	10 dpkix
dpkix		A	$A_PF
_25._tcp.dpkix	TLSA	0 1 1 $INT_S1
_25._tcp.dpkix	TLSA	1 1 1 $LEAF_S1
tlen		MX	10 dlen
dlen		A	$A_PF
_25._tcp.dlen	TLSA	3 1 1 $LEAF_S1_SHORT
tname		MX	10 dname
dname		A	$A_WRONG
_25._tcp.dname	TLSA	2 1 1 $INT_S1
tnamee		MX	10 dnamee
dnamee		A	$A_WRONG
_25._tcp.dnamee	TLSA	3 1 1 $WRONG_S1
tnotls		MX	10 dnotls
dnotls		A	$A_NOTLS
_25._tcp.dnotls	TLSA	3 1 1 $LEAF_S1
tunnotls	MX	10 dunnotls
dunnotls	A	$A_NOTLS
_25._tcp.dunnotls	TLSA	1 1 1 $LEAF_S1
tbogus		MX	10 dbogus
dbogus		A	$A_PF
_25._tcp.dbogus	CNAME	_25._tcp.mx1.bogus.test.
tcname		MX	10 dalias
dalias		CNAME	d311
tpart		MX	10 d311
tpart		MX	20 dnone
dnone		A	$A_PF
tnone		MX	10 dnone
text		MX	10 d311.insec.test."
DNSW_EXTRA_INSEC="tins		MX	10 d311
d311		A	$A_PF
_25._tcp.d311	TLSA	3 1 1 $ROOT_S1"

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

# wsrv NAME ADDR SCENARIO CHAIN KEY: fixsrv in the namespace on port 25.
wsrv() {
	_f=$TMPD/$1.ready
	mkfifo "$_f" || return 1
	ip netns exec "$NS" "$FIXSRV" -l "$2" -p 25 -s "$3" -c "$4" -k "$5" \
	    -n 200 -T 300 > "$_f" 2> "$TMPD/$1.srv" &
	PIDS="$PIDS $!"
	_w='' _p=''
	read -r _w _p < "$_f"
	rm -f "$_f"
	if [ "$_w" != ready ] || [ "$_p" != 25 ]; then
		not_ok "fixsrv $1 ($3) on $2:25"
		diag "$(cat "$TMPD/$1.srv")"
		return 1
	fi
	ok "fixsrv $1 ($3) on $2:25"
}

wsrv notls "$A_NOTLS" nostarttls "$C/srv/rsa.crt" "$C/srv/rsa.key" || {
	summary; exit 1; }
if [ "$HAVE_PF" = no ]; then
	# fixsrv plays both Postfix listeners, with the same certificates
	wsrv pf "$A_PF" good "$C/srv/rsa.crt" "$C/srv/rsa.key" &&
	    wsrv wrong "$A_WRONG" good "$C/srv/ecdsa.crt" "$C/srv/ecdsa.key" ||
	    { summary; exit 1; }
fi

# ---- helpers ---------------------------------------------------------------

COMMON="-C $PKI/bundle.crt -t 15 --now $REF_NOW -e probe.mxprobe.test"

# audit NAME ARGS...: one mxprobe run inside the namespace
audit() {
	_an=$1
	shift
	RUN="ip netns exec $NS $RUN0"
	# shellcheck disable=SC2086
	probe "$_an" $COMMON "$@"
	RUN=$RUN0
	_fail0=$t_fail
	case " $* " in *" -j "* | *" -H "*) ;; *) check_output_form ;; esac
}

# show: after a scenario, on any failure, what mxprobe said.
show() {
	if [ "$t_fail" != "$_fail0" ]; then
		diag "mxprobe $(cat "$TMPD/$CTX.cmd") (exit $PROBE_RC):"
		diag "$(grep -e dane -e findings -e status -e _tls= -e _error= \
		    -e score_item "$TMPD/$CTX.out" | head -n 60)"
		diag "stderr: $(head -c 1000 "$TMPD/$CTX.err")"
	fi
	_fail0=$t_fail
	CTX=
}

# has_finding KEY CODE: the comma list KEY names CODE.
has_finding() {
	check_kv_match "$1" "(^|,)$2(,|$)"
}

# no_dane_finding KEY: no dane-* code in KEY (absent key: none at all).
no_dane_finding() {
	_v=$(kv "$TMPD/$CTX.out" "$1") || _v=
	case ",$_v," in
	*,dane-[a-z]*) not_ok "$1 has no dane-* finding"; diag "got: '$_v'" ;;
	*) ok "$1 has no dane-* finding" ;;
	esac
}

# score_dane WANT: score_item_dane, when the score lists items.
score_dane() {
	if kv "$TMPD/$CTX.out" score_item_dane >/dev/null; then
		check_kv score_item_dane "$1"
	else
		check_kv_match score_unknown '.'
		diag "(no score_item_dane key: score items not listed)"
	fi
}

# ok_case DOMAIN MATCH [STATUS]: DANE authenticates the one MX with
# record MATCH; the MX's status is STATUS (ok).
ok_case() {
	check_kv dane ok
	check_kv dane_mx 1
	check_kv mx1_dane ok
	check_kv mx1_dane_dnssec yes
	check_kv mx1_dane_match "$2"
	check_kv mx1_dane_a1 ok
	check_absent mx1_dane_error
	check_kv mx1_status "${3:-ok}"
}

# ---- the cases -------------------------------------------------------------

audit t311 t311.sec.test
ok_case t311.sec.test '3 1 1'
check_kv mx_dnssec yes
check_kv mx1_dane_records 1/1
check_kv mx1_dane_match_index 1
check_kv mx1_dane_rollover no
has_finding mx1_findings dane-no-rollover
score_dane 80
show

audit t301 t301.sec.test
ok_case t301.sec.test '3 0 1'
show

audit t2 t2.sec.test
ok_case t2.sec.test '2 1 1'
check_kv mx1_dane_a1_match '2 1 1'
show

audit t2root t2root.sec.test
ok_case t2root.sec.test '2 0 0'
show

audit troll troll.sec.test
ok_case troll.sec.test '3 1 1'
check_kv mx1_dane_records 2/2
check_kv mx1_dane_rollover yes
no_dane_finding mx1_findings
score_dane 100
show

audit tbad tbad.sec.test
check_kv dane fail
check_kv mx1_dane fail
check_kv mx1_dane_error validation-failure
check_kv mx1_dane_a1 fail
check_absent mx1_dane_match
has_finding mx1_findings dane-validation-failure
check_kv mx1_status critical
check_status critical
score_dane 0
show

# The same mismatch in the report for people (-H): the address's row says
# fail, and the finding is its MX's, critical; and the whole report equals
# its golden (fixdns cannot set AD, so tests/integration/human.sh has no
# DANE case).
# ASCII, whatever the locale of the run: the golden is ASCII.
LC_ALL=C; export LC_ALL
audit tbad_h -H --color=never tbad.sec.test
check_rc 2
check "-H: the address row's DANE column says fail" \
    grep -Eq ' fail +(-|na|ok|fail|unkn)$' "$TMPD/tbad_h.out"
check "-H: dane-validation-failure, critical, of mx1" \
    grep -q '^CRITICAL dane-validation-failure (mx1)$' "$TMPD/tbad_h.out"
check_golden "$TMPD/tbad_h.out" tests/interop/golden/dane-mismatch.txt
if [ "$t_fail" != "$_fail0" ]; then diag "$(cat "$TMPD/tbad_h.out")"; fi
_fail0=$t_fail
CTX=

audit tpkix tpkix.sec.test
check_kv dane fail
check_kv mx1_dane unusable
check_kv mx1_dane_error tlsa-invalid
check_kv mx1_dane_records 0/2
check_kv mx1_dane_unusable usage-pkix-unusable
has_finding mx1_findings dane-tlsa-unusable
check_kv mx1_status warning
show

audit tlen tlen.sec.test
check_kv mx1_dane unusable
check_kv mx1_dane_error tlsa-invalid
check_kv mx1_dane_records 0/1
check_kv mx1_dane_unusable data-length
show

audit tname tname.sec.test
check_kv dane fail
check_kv mx1_dane fail
check_kv mx1_dane_error certificate-host-mismatch
has_finding mx1_findings dane-certificate-host-mismatch
check_kv mx1_status critical
show

audit tnamee tnamee.sec.test
check_kv dane ok
check_kv mx1_dane ok
check_kv mx1_dane_match '3 1 1'
show

audit tnotls tnotls.sec.test
check_kv dane fail
check_kv mx1_dane fail
check_kv mx1_dane_error starttls-not-supported
check_kv mx1_dane_a1_error starttls-not-supported
has_finding mx1_findings dane-starttls-not-supported
check_kv mx1_status critical
show

# unusable records only: no authentication, but TLS is still required
audit tunnotls tunnotls.sec.test
check_kv dane fail
check_kv mx1_dane unusable
check_kv mx1_dane_error starttls-not-supported
check_kv mx1_dane_a1 fail
has_finding mx1_findings dane-tlsa-unusable
has_finding mx1_findings dane-starttls-not-supported
check_kv mx1_status critical
show

audit tbogus tbogus.sec.test
check_kv dane fail
check_kv mx1_dane fail
check_kv mx1_dane_error dnssec-invalid
check_kv mx1_dane_lookup_error dns-servfail
has_finding mx1_findings dane-dnssec-invalid
check_kv mx1_status critical
show

audit tcname tcname.sec.test
check_kv mx1_cname yes
ok_case tcname.sec.test '3 1 1' warning
check_kv mx1_dane_base d311.sec.test
has_finding mx1_findings mx-cname
show

audit tpart tpart.sec.test
check_kv dane ok
check_kv dane_mx 1
check_kv mx1_dane ok
check_kv mx2_dane none
has_finding findings dane-partial
score_dane 40
show

audit tnone tnone.sec.test
check_kv dane absent
check_kv mx1_dane none
check_kv mx1_dane_dnssec yes
check_absent dane_mx
no_dane_finding mx1_findings
score_dane 0
show

audit text text.sec.test
check_kv mx_dnssec yes
check_kv dane insecure
check_kv mx1_dane insecure
check_kv mx1_dane_reason addr-unsigned
check_kv mx1_dane_dnssec no
has_finding mx1_findings dane-insecure
check_kv mx1_status ok
show

audit tins tins.insec.test
check_kv mx_dnssec no
check_kv dane insecure
check_kv dane_reason mx-unsigned
check_kv mx1_dane insecure
check_kv mx1_dane_reason mx-unsigned
check_absent mx1_dane_error
check_kv mx1_status ok
score_dane 0
show

# -j: the TLS-RPT-shaped policies entry of a DANE MX
audit t2-json -j t2.sec.test
if grep -q '"policy-type":"tlsa"' "$TMPD/$CTX.out" &&
    grep -q "\"2 1 1 $INT_S1\"" "$TMPD/$CTX.out"; then
	ok "-j policies: a tlsa entry with the record as policy-string"
else
	not_ok "-j policies: a tlsa entry with the record as policy-string"
	diag "$(grep -o '"policies".*' "$TMPD/$CTX.out" | head -c 1500)"
fi
show

# The same chain after the leaf expired (2035-01-01): DANE-EE ignores
# dates, DANE-TA does not.
COMMON="-C $PKI/bundle.crt -t 15 --now 2036-01-01 -e probe.mxprobe.test"
audit t2-2036 t2.sec.test
check_kv mx1_dane fail
check_kv mx1_dane_error certificate-expired
has_finding mx1_findings dane-certificate-expired
show
audit t311-2036 t311.sec.test
check_kv mx1_dane ok
check_kv mx1_dane_match '3 1 1'
show

summary
