#!/bin/sh
# Interop: BIND 9 (Debian 12's named, 9.18) as a second validating
# resolver next to unbound: the same DNSSEC and DANE expectations through
# both.  tests/lib/dnsworld.sh starts nsd (signed root, sec.test, unsigned
# insec.test, bogus.test with expired signatures) and unbound at
# 127.0.0.53 in a network namespace of its own; this test adds, in that
# namespace,
#   named -g -c CONF     at 127.0.0.55:53: recursion, dnssec-validation
#                        yes, the world's root DS as its only trust anchor
#                        (trust-anchors { . static-ds ... }), "." a
#                        static-stub to nsd (unbound's stub-zone), no
#                        built-in empty zones;
#   fixsrv, scenario good, on 127.0.1.80:25 with certs.sh's rsa chain
#                        (SAN mx.mxprobe.test).
# Part 1, the resolvers themselves (dnsw_q): AD for a signed answer, none
# for an unsigned one, SERVFAIL for bogus.test and its data with CD=1,
# NXDOMAIN with AD for a missing name of sec.test, from each.
# Part 2, mxprobe's domain audit with -r UNBOUND, then -r NAMED, for
# mail domains added to sec.test/insec.test (TLSA data computed with
# openssl from the certificate fixsrv serves):
#   t311   MX d311, 3 1 1 of the leaf            dane ok
#   tname  MX dname, 2 1 1 of the intermediate   certificate-host-mismatch
#   tbad   MX dbad, 3 1 1 of the root's key      validation-failure
#   tbogus TLSA owner CNAME'd into bogus.test    dnssec-invalid
#   tnone  MX dnone, no TLSA                     dane absent
#   text   MX d311.insec.test (unsigned host)    insecure, addr-unsigned
#   tins   (insec.test) MX d311                  insecure, mx-unsigned
# and the dane/dnssec keys of both runs must be the same.
#
# Observed (BIND 9.18.49, unbound 1.17.1):
# - named answers SERVFAIL for bogus data as unbound does, and with CD=1
#   gives the data; it logs "validating bogus.test/DNSKEY: verify failed
#   due to bad signature (keyid=N): RRSIG has expired", then "broken trust
#   chain resolving 'bogus.test/NS/IN'" (unbound: "validation failure
#   <mx1.bogus.test. A IN>: signature expired from 127.0.0.54 for key
#   bogus.test. while building chain of trust").
# - named binds only addresses of an interface (listen-on); unbound and
#   nsd bind any 127/8 address.  Without "empty-zones-enable no" named
#   would answer 127.in-addr.arpa itself (RFC 6303), as unbound does
#   without its local-zone nodefault; without "controls { };" it tries
#   /etc/bind/rndc.key.
# - mxprobe's DANE keys are the same through both, byte for byte.
# env: MXPROBE, RUN, T (tests/lib/common.sh); KEEP_TMP=1 DNSW_KEEP=1.
# Not root: SKIP.
. tests/lib/common.sh
. tests/lib/dnsworld.sh

NAMED_PID=
named_stop() {
	[ -n "$NAMED_PID" ] && kill "$NAMED_PID" 2>/dev/null &&
	    wait "$NAMED_PID" 2>/dev/null
	NAMED_PID=
}
trap 'named_stop; cleanup; dnsworld_stop' EXIT
trap 'exit 141' PIPE

PROBE_KILL=${PROBE_KILL:-25}
RUN0=$RUN
A_NAMED=127.0.0.55
A_SRV=127.0.1.80

if [ "$(id -u)" != 0 ]; then
	skip "BIND interop" "needs root (network namespace, apt-get)"
	summary; exit 0
fi
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin:/sbin ;; esac
if ! command -v named >/dev/null 2>&1; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends bind9 >/dev/null 2>&1 ||
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install \
	    -y -qq --no-install-recommends bind9; } >/dev/null 2>&1
fi
if ! command -v named >/dev/null 2>&1; then
	not_ok "named installed (apt-get install bind9)"
	summary; exit 1
fi
need_mxprobe
need_prog "$FIXSRV" "fixture server"
need_host dnsworld_can_run "DNS world"
need_pki

hexof() { od -An -v -tx1 | tr -d ' \n'; }
spki_sha256() {
	openssl x509 -in "$1" -noout -pubkey | openssl pkey -pubin -outform DER |
	    openssl dgst -sha256 -binary | hexof
}
LEAF_S1=$(spki_sha256 "$PKI/rsa-leaf.crt")
INT_S1=$(spki_sha256 "$PKI/int.crt")
ROOT_S1=$(spki_sha256 "$PKI/ca.crt")
for _v in "$LEAF_S1" "$INT_S1" "$ROOT_S1"; do
	[ ${#_v} = 64 ] || { not_ok "TLSA data computed with openssl"
	    diag "got '$_v'"; summary; exit 1; }
done
ok "TLSA data computed with openssl (leaf, intermediate, root SPKI)"

DNSW_EXTRA_SEC="t311		MX	10 d311
d311		A	$A_SRV
_25._tcp.d311	TLSA	3 1 1 $LEAF_S1
tname		MX	10 dname
dname		A	$A_SRV
_25._tcp.dname	TLSA	2 1 1 $INT_S1
tbad		MX	10 dbad
dbad		A	$A_SRV
_25._tcp.dbad	TLSA	3 1 1 $ROOT_S1
tbogus		MX	10 dbogus
dbogus		A	$A_SRV
_25._tcp.dbogus	CNAME	_25._tcp.mx1.bogus.test.
tnone		MX	10 dnone
dnone		A	$A_SRV
text		MX	10 d311.insec.test."
DNSW_EXTRA_INSEC="tins		MX	10 d311
d311		A	$A_SRV
_25._tcp.d311	TLSA	3 1 1 $ROOT_S1"
dnsw_start_or_exit

# ---- named -----------------------------------------------------------------
N=$TMPD/named
mkdir -p "$N"
# The root's DS as unbound reads it: ". TTL IN DS TAG ALG DTYPE HEX".
ds=$(awk '$4 == "DS" || $3 == "DS" { for (i = 1; i <= NF; i++)
    if ($i == "DS") { print $(i+1), $(i+2), $(i+3); h = "";
    for (j = i + 4; j <= NF; j++) h = h $j; print h; exit } }' "$DNSW_ANCHOR")
set -- $ds
if [ $# != 4 ]; then
	not_ok "the world's root DS read from $DNSW_ANCHOR"
	diag "$(cat "$DNSW_ANCHOR")"
	summary; exit 1
fi
cat > "$N/named.conf" <<EOF
// Private test instance written by tests/interop/bind.sh; not the system's.
options {
	directory "$N";
	pid-file "$N/named.pid";
	session-keyfile "$N/session.key";
	managed-keys-directory "$N";
	listen-on port 53 { $A_NAMED; };
	listen-on-v6 { none; };
	recursion yes;
	allow-query { 127.0.0.0/8; };
	allow-recursion { 127.0.0.0/8; };
	dnssec-validation yes;
	empty-zones-enable no;
	notify no;
	querylog yes;
};
controls { };
trust-anchors { . static-ds $1 $2 $3 "$4"; };
zone "." { type static-stub; server-addresses { $DNSW_AUTH; }; };
EOF
if ! _o=$(named-checkconf "$N/named.conf" 2>&1); then
	not_ok "named-checkconf"
	diag "$_o"
	summary; exit 1
fi
# named listens only on addresses of an interface (unbound and nsd bind
# any of 127/8): the address goes on the namespace's lo first.
ip netns exec "$NS" ip addr add "$A_NAMED/32" dev lo 2>/dev/null
ip netns exec "$NS" named -g -c "$N/named.conf" > "$N/named.log" 2>&1 &
NAMED_PID=$!
if _r=$(dnsw_q -s "$A_NAMED" -p 53 -t 0.25 -n 40 . SOA 2>&1); then
	ok "named $(named -v | cut -d' ' -f2) answers at $A_NAMED ($_r)"
else
	not_ok "named answers at $A_NAMED"
	diag "$_r" "$(tail -n 10 "$N/named.log")"
	summary; exit 1
fi

# ---- part 1: the two resolvers, side by side -------------------------------
# rq LABEL SERVER [OPTS] NAME TYPE WANT_RCODE AD|noAD
rq() {
	_l=$1 _s=$2
	shift 2
	_args=
	while [ $# -gt 4 ]; do _args="$_args $1"; shift; done
	# shellcheck disable=SC2086
	_r=$(dnsw_q -s "$_s" -p 53 -t 3 -n 2 $_args "$1" "$2" 2>&1)
	case $_r in
	*"rcode=$3 "*) ok "$_l: $1 $2$_args: $3" ;;
	*) not_ok "$_l: $1 $2$_args: $3"; diag "got: $_r" ;;
	esac
	_ad=noAD
	case $_r in *flags=*,ad*|*flags=ad*) _ad=AD ;; esac
	check_eq "$_l: $1 $2$_args: $4" "$_ad" "$4"
}
for R in unbound:$DNSW_RESOLVER_ADDR named:$A_NAMED; do
	rq "${R%%:*}" "${R#*:}" t311.sec.test MX NOERROR AD
	rq "${R%%:*}" "${R#*:}" _25._tcp.d311.sec.test TLSA NOERROR AD
	rq "${R%%:*}" "${R#*:}" tins.insec.test MX NOERROR noAD
	rq "${R%%:*}" "${R#*:}" mx1.bogus.test A SERVFAIL noAD
	rq "${R%%:*}" "${R#*:}" --cd mx1.bogus.test A NOERROR noAD
	rq "${R%%:*}" "${R#*:}" missing.sec.test A NXDOMAIN AD
done
if grep -q 'bogus.test.*\(RRSIG has expired\|signature expired\|expired\)' \
    "$N/named.log"; then
	ok "named logged why bogus.test is bogus (expired signatures)"
else
	not_ok "named logged why bogus.test is bogus (expired signatures)"
	diag "$(grep -i bogus "$N/named.log" | tail -n 5)"
fi

# ---- part 2: DANE through each resolver -----------------------------------
f=$TMPD/srv.ready
mkfifo "$f"
ip netns exec "$NS" "$FIXSRV" -l "$A_SRV" -p 25 -s good -c "$PKI/rsa.crt" \
    -k "$PKI/rsa.key" -n 200 -T 300 > "$f" 2> "$TMPD/srv.log" &
PIDS="$PIDS $!"
read -r _w _p < "$f"
rm -f "$f"
if [ "$_w" != ready ]; then
	not_ok "fixsrv good on $A_SRV:25"
	diag "$(cat "$TMPD/srv.log")"
	summary; exit 1
fi
ok "fixsrv good on $A_SRV:25 (rsa chain)"

# audit RESOLVER DOMAIN: one domain audit through that resolver.
audit() {
	RUN="ip netns exec $NS $RUN0"
	probe "$1-${2%%.*}" -r "$3:53" -C "$PKI/bundle.crt" -t 15 \
	    --now "$REF_NOW" -e "$EHLO_NAME" "$2"
	RUN=$RUN0
	_fail0=$t_fail
	check_output_form
	grep -E '^(mx_dnssec|dane|dane_[a-z_]*|mx1_dane[a-z0-9_]*)=' \
	    "$TMPD/$CTX.out" > "$TMPD/$CTX.dane"
}
show() {
	if [ "$t_fail" != "$_fail0" ]; then
		diag "mxprobe $(cat "$TMPD/$CTX.cmd") (exit $PROBE_RC):"
		diag "$(grep -e dane -e dnssec -e findings -e status \
		    "$TMPD/$CTX.out" | head -n 40)"
		diag "stderr: $(head -c 600 "$TMPD/$CTX.err")"
	fi
	CTX=
}
has() { check_kv_match "$1" "(^|,)$2(,|\$)"; }

for D in t311 tname tbad tbogus tnone text tins; do
	dom=$D.sec.test
	[ "$D" = tins ] && dom=tins.insec.test
	for R in unbound:$DNSW_RESOLVER_ADDR named:$A_NAMED; do
		audit "${R%%:*}" "$dom" "${R#*:}"
		case $D in
		t311)	check_kv mx_dnssec yes
			check_kv dane ok
			check_kv mx1_dane ok
			check_kv mx1_dane_dnssec yes
			check_kv mx1_dane_match '3 1 1'
			has mx1_findings dane-no-rollover ;;
		tname)	check_kv dane fail
			check_kv mx1_dane_error certificate-host-mismatch
			has mx1_findings dane-certificate-host-mismatch
			check_kv mx1_status critical ;;
		tbad)	check_kv dane fail
			check_kv mx1_dane_error validation-failure
			has mx1_findings dane-validation-failure
			check_status critical ;;
		tbogus)	check_kv mx1_dane fail
			check_kv mx1_dane_error dnssec-invalid
			check_kv mx1_dane_lookup_error dns-servfail
			check_status critical ;;
		tnone)	check_kv dane absent
			check_kv mx1_dane none
			check_kv mx1_dane_dnssec yes ;;
		text)	check_kv mx_dnssec yes
			check_kv dane insecure
			check_kv mx1_dane_reason addr-unsigned
			check_kv mx1_dane_dnssec no ;;
		tins)	check_kv mx_dnssec no
			check_kv dane insecure
			check_kv dane_reason mx-unsigned ;;
		esac
		show
	done
	CTX=$D
	if cmp -s "$TMPD/unbound-$D.dane" "$TMPD/named-$D.dane" &&
	    [ -s "$TMPD/named-$D.dane" ]; then
		ok "named and unbound give the same DANE keys"
	else
		not_ok "named and unbound give the same DANE keys"
		diag "$(diff "$TMPD/unbound-$D.dane" "$TMPD/named-$D.dane")"
	fi
	CTX=
done

summary
