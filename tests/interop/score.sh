#!/bin/sh
# Interop: golden score tests (issue 7).  The score of each fixture domain
# is fixed by a table below and changes only with the weights table of
# src/audit/score.c.  Everything runs in one network namespace:
#   - tests/lib/postfix.sh: a private Postfix; pf-rsa-25 on 127.0.1.200
#     presents a leaf made here under certs.sh's intermediate (SAN
#     mx2.sec.test sc-pf.insec.test sc-wmx.insec.test sc-umx.insec.test,
#     2025-01-01 .. 2035-01-01), pf-ecdsa-25 on 127.0.1.201 an RSA leaf
#     for sc-old.insec.test that expired on 2021-01-01 (the "ecdsa" slot
#     of postfix.sh takes any chain), postscreen on 127.0.1.202 (unused);
#   - fixsrv, scenario good, on 127.0.1.203 (the leaf of 127.0.1.200);
#   - tests/lib/dnsworld.sh (joining Postfix's namespace): nsd + validating
#     unbound, signed sec.test, unsigned insec.test; mx2.sec.test is moved
#     to 127.0.1.200 (DNSW_SEC_MX2_A), so the world's reverse zone maps
#     127.0.1.200 to mx2.sec.test: that address is forward-confirmed, the
#     others of this test (.201, .203) have no PTR;
#   - tests/lib/nginx.sh: a private nginx on 127.0.1.210:443, the MTA-STS
#     policy hosts (one leaf for all of them, from the test PKI).
# Addresses of this test: 127.0.1.200-210 (documented here; no other test
# runs in this namespace).
# Every TLSA record is computed with openssl from the certificates the
# servers present, the DKIM keys are made with openssl at test time.
#
# Fixture domains (the score table below says what each one earns):
#   sc-gold.sec.test    MX mx2.sec.test (Postfix, trusted leaf, FCrDNS);
#                       DNSSEC, TLSA 3 1 1 leaf + 2 1 1 intermediate
#                       (rollover-ready); MTA-STS enforce, judged as
#                       an MTA-STS-only sender would although DANE
#                       governs the MX (mx1_sts=ok,
#                       mx1_sts_with_dane=dane); TLS-RPT ok; SPF -all;
#                       DMARC reject; DKIM RSA 2048 under sc1 (-s);
#                       BIMI ok; not listed by sc-bl.insec.test
#   sc-bare.insec.test  MX sc-pf.insec.test (the same Postfix); nothing
#                       else.  insec.test publishes a second apex _dmarc
#                       here, so the organizational record is discarded
#                       (RFC 9989 4.10) and DMARC is really absent
#   sc-weak.insec.test  MX sc-wmx (a CNAME of sc-pf); SPF +all; DMARC
#                       p=none; DKIM RSA 1024; BIMI without enforcement;
#                       MTA-STS testing; TLS-RPT with a "!10m" URI (bad)
#   sc-broken.insec.test  MX sc-old (127.0.1.201: expired leaf, listed by
#                       sc-bl, no PTR); DMARC p=maybe (invalid); SPF ~all;
#                       MTA-STS enforce naming sc-old (the expired leaf
#                       fails it); TLS-RPT ok; no DKIM, no BIMI
#   sc-cap.insec.test   as good as an unsigned domain gets (sc-pf), but
#                       its enforce policy names another MX: a critical
#                       status, so the grade (B by the score) is capped at D
#   sc-null.insec.test  "MX 0 ." only, SPF -all, DMARC reject: the
#                       transport and hygiene items are unknown, not zero,
#                       and so is the blacklist (no address to look up);
#                       DANE, MTA-STS, TLS-RPT, DKIM, BIMI do not apply
#   sc-unk.insec.test   MX sc-umx (fixsrv, 127.0.1.203); sc-bl answers
#                       127.255.255.254 for that address (the list refused
#                       the resolver): dnsbl not measured; a DKIM key only
#                       under a selector not asked (x9: _domainkey NODATA):
#                       dkim not measured either
# DNSBL: --dnsbl sc-bl.insec.test for every audit.
# TLS scan: --tls-scan=off for every audit (SCAN_ARGS), so tls_version is
# 85 for every MX that completes a handshake ("without TLS 1.3, or when
# --tls-scan=off cannot tell"), 0 for one that does not.
#
# For each domain: every score_item_<item> (or its absence, and
# score_unknown's list), then score, grade and each score_<layer> as
# computed here from the row and the weights table of score.def (the
# table the program is built from: a weights change moves the expectation
# and nothing else does), the
# status and exit status; and the hard-coded GOLDEN score of the row,
# which must be updated exactly when the weights table changes (the
# failure says which and to what).  Then --nagios for gold and broken
# (the report layer's line, built here from the facts), and -w /
# --crit-score.
#
# env: MXPROBE, RUN, T as for every test (tests/lib/common.sh);
#      KEEP_TMP=1 DNSW_KEEP=1 PF_KEEP=1 NGX_KEEP=1 keep the files.
. tests/lib/common.sh
. tests/lib/postfix.sh
. tests/lib/dnsworld.sh
. tests/lib/nginx.sh

trap 'cleanup; ngx_stop; dnsworld_stop; pf_stop' EXIT
trap 'exit 141' PIPE

PROBE_KILL=${PROBE_KILL:-25}
RUN0=$RUN
# tls_version's column depends on it: fixed here, whatever the caller set
SCAN_ARGS=--tls-scan=off
STS_PATH=/.well-known/mta-sts.txt

A_PF=127.0.1.200	# Postfix pf-rsa-25: good leaf + int.crt
A_OLD=127.0.1.201	# Postfix pf-ecdsa-25: expired leaf + int.crt
A_SCREEN=127.0.1.202	# Postfix postscreen (postfix.sh wants it; unused)
A_UMX=127.0.1.203	# fixsrv good: good leaf + int.crt
A_NGX=127.0.1.210	# nginx :443, the policy hosts

need_mxprobe
need_prog "$FIXSRV" "fixture server"
for _w in dnsworld pf ngx; do
	if ! why=$(${_w}_can_run); then
		not_ok "$_w can run here: $why"
		summary; exit 1
	fi
done
if ! sh "$LIBDIR/certs.sh" "$PKI" >"$TMPD/certs.log" 2>&1 ||
    [ ! -r "$PKI/int.key" ]; then
	not_ok "test PKI made (certs.sh $PKI)"
	diag "$(cat "$TMPD/certs.log")"
	summary; exit 1
fi
. "$PKI/dates.sh"

# ---- the weights table, from score.def -------------------------------------

# WEIGHTS: one "name layer weight" line per item, in the order of the
# output keys, from the one table the program is built from (score.def's
# SCORE_ITEM(NAME, name, LAYER, weight) lines; a data table, not C).
SCORE_DEF=${SCORE_DEF:-include/mxprobe/score.def}
WEIGHTS=$(awk '/^SCORE_ITEM\(/ {
		l = $0; sub(/^SCORE_ITEM\(/, "", l); sub(/\).*/, "", l)
		gsub(/[ \t]/, "", l); split(l, f, ",")
		print f[2], tolower(f[3]), f[4]
	}' "$SCORE_DEF")
# The items every row has a column for, in column order.
ITEMS="starttls cert tls_version dane mta_sts tlsrpt spf dkim dmarc bimi
mx_hygiene dnsbl"
_n=$(printf '%s\n' "$WEIGHTS" | grep -c .)
_t=$(printf '%s\n' "$WEIGHTS" | awk 'NF == 3 && $3 ~ /^[0-9]+$/' | grep -c .)
_names=$(printf '%s\n' "$WEIGHTS" | awk '{ print $1 }' | sort | tr '\n' ' ')
_want=$(printf '%s\n' $ITEMS | sort | tr '\n' ' ')
if [ "$_n" -gt 0 ] && [ "$_n" = "$_t" ] && [ "$_names" = "$_want" ]; then
	ok "weights table read from $SCORE_DEF ($_n items: $(printf '%s\n' \
	    "$WEIGHTS" | awk '{ printf "%s%s=%s", (NR > 1 ? " " : ""), $1, $3 }'))"
else
	not_ok "weights table read from $SCORE_DEF: the items of the rows"
	diag "table: $WEIGHTS" \
	    "items read: $_names" "rows have:  $_want" \
	    "(an item added or renamed in the score needs a column here)"
	summary; exit 1
fi

# expect ROW: the keys the score must print for ROW (points in ITEMS
# order, "unknown" for an unmeasured item): score, score_<layer> for every
# layer of the table, score_unknown (empty: absent), each the weighted
# mean over the known items rounded half up, as README "Score" says.
expect() {
	printf '%s\n' "$WEIGHTS" | awk -v items="$ITEMS" -v vals="$1" '
	BEGIN {
		n = split(items, it, " ")
		if (split(vals, v, " ") != n) { print "bad=row"; exit }
		for (i = 1; i <= n; i++) pts[it[i]] = v[i]
	}
	{
		if (!($2 in lw)) { lay[++nl] = $2; lw[$2] = 0; ls[$2] = 0 }
		if (pts[$1] == "unknown") {
			unk = unk (unk == "" ? "" : ",") $1
			next
		}
		w += $3; s += $3 * pts[$1]
		lw[$2] += $3; ls[$2] += $3 * pts[$1]
	}
	function mean(sum, weight) {
		return weight ? int((sum + int(weight / 2)) / weight) : "unknown"
	}
	END {
		print "score=" mean(s, w)
		for (i = 1; i <= nl; i++)
			print "score_" lay[i] "=" mean(ls[lay[i]], lw[lay[i]])
		print "score_unknown=" unk
	}'
}

# grade SCORE STATUS: README "Score": A >= 90, B >= 75, C >= 60, D >= 40,
# else F; capped at D when the status is critical.
grade() {
	if [ "$1" -ge 90 ]; then _g=A
	elif [ "$1" -ge 75 ]; then _g=B
	elif [ "$1" -ge 60 ]; then _g=C
	elif [ "$1" -ge 40 ]; then _g=D
	else _g=F; fi
	case $2:$_g in critical:[ABC]) _g=D ;; esac
	echo "$_g"
}

# ---- the score table -------------------------------------------------------
#
# One row per domain: ROW_x = the points of each item in ITEMS order
#                 starttls cert tls_version dane mta_sts tlsrpt
#                 spf dkim dmarc bimi mx_hygiene dnsbl
# STATUS_x = the domain status (and so the exit status), FACTS_x = keys
# that show the fixture is what the row assumes, GOLDEN_x = the resulting
# score with today's weights.
#
# GOLDEN_x: update these exactly when the weights table (score.def)
# changes (and never otherwise): the test then says "golden score of x"
# fails and prints the score the new table gives.
#
# gold: the one MX completes TLS (starttls 100) with a trusted chain that
# names it, valid at REF_NOW (cert 100); the scan is off (tls_version 85);
# DANE ok and rollover-ready (dane 100); enforce, max_age a week, every
# governed MX ok (mta_sts 100); TLS-RPT ok (100); SPF -all (100); RSA 2048
# (dkim 100); p=reject, pct 100 (dmarc 100); BIMI ok (100); no CNAME, PTR
# forward-confirmed (mx_hygiene 100); not listed (dnsbl 100).
DOM_gold=sc-gold.sec.test
ROW_gold="100 100 85 100 100 100 100 100 100 100 100 100"
STATUS_gold=ok
GOLDEN_gold=99
FACTS_gold="mx_count=1 mx1_host=mx2.sec.test mx1_tls=ok mx1_cert_trusted=yes
mx1_cert_hostname_match=yes mx1_a1_fcrdns=yes mx1_dane=ok mx1_dane_rollover=yes
dane=ok mta_sts=ok mta_sts_mode=enforce mx1_sts=ok mx1_sts_with_dane=dane
tlsrpt=ok spf=ok
spf_all=-all dkim=present dkim_1_selector=sc1 dkim_1_bits=2048 dmarc=reject
bimi=ok dnsbl=ok"
# bare: the same Postfix as gold under a name of the unsigned zone:
# starttls 100, cert 100, tls_version 85, mx_hygiene 100 (127.0.1.200 is
# forward-confirmed); no TLSA (dane absent: 0), no _mta-sts (0), no
# TLS-RPT (0), no SPF (0), _domainkey NXDOMAIN (dkim absent: 0), no DMARC
# anywhere on the walk (0), no BIMI (0); not listed (100).
DOM_bare=sc-bare.insec.test
ROW_bare="100 100 85 0 0 0 0 0 0 0 100 100"
STATUS_bare=warning
GOLDEN_bare=49
FACTS_bare="mx_count=1 mx1_host=sc-pf.insec.test mx1_tls=ok
mx1_cert_hostname_match=yes mx1_a1_fcrdns=yes dane=absent mta_sts=absent
tlsrpt=absent spf=absent dkim=absent dkim_domainkey=nxdomain dmarc=absent
bimi=absent dnsbl=ok"
# weak: TLS to the same Postfix through a CNAME'd MX whose name the leaf
# holds: starttls 100, cert 100, tls_version 85; mx_hygiene 100 - 40 for
# the CNAME = 60 (the address is forward-confirmed); unsigned, no TLSA
# (dane 0); testing mode (mta_sts 60); TLS-RPT invalid (0); +all (spf
# weak: 30); RSA 1024 (dkim 60); p=none (dmarc 30); a BIMI record DMARC
# does not back (bimi 0); not listed (100).
DOM_weak=sc-weak.insec.test
ROW_weak="100 100 85 0 60 0 30 60 30 0 60 100"
STATUS_weak=warning
GOLDEN_weak=63
FACTS_weak="mx1_host=sc-wmx.insec.test mx1_cname=yes mx1_tls=ok
mx1_cert_hostname_match=yes dane=absent mta_sts=ok mta_sts_mode=testing
tlsrpt=invalid tlsrpt_error=tlsrpt-bad-uri spf=weak spf_weak=pass-all
dkim=present dkim_1_bits=1024 dmarc=none bimi=invalid
bimi_error=dmarc-not-enforced dnsbl=ok"
# broken: the handshake completes (starttls 100) over an expired leaf
# (cert 0), tls_version 85; no TLSA (dane 0); enforce with the MX failing
# (certificate-expired: mta_sts 30); TLS-RPT ok (100); ~all (spf 90); no
# DKIM (0); DMARC p=maybe (invalid: 10); no BIMI (0); 127.0.1.201 has no
# PTR (mx_hygiene 100 - 40 = 60); listed (dnsbl 0).  Critical: an expired
# certificate, an MX an enforce-mode sender cannot deliver to.
DOM_broken=sc-broken.insec.test
ROW_broken="100 0 85 0 30 100 90 0 10 0 60 0"
STATUS_broken=critical
GOLDEN_broken=45
FACTS_broken="mx1_host=sc-old.insec.test mx1_tls=ok mx1_cert_expired=yes
mx1_a1_fcrdns=no mta_sts=fail mx1_sts=fail mx1_sts_error=certificate-expired
tlsrpt=ok spf=ok spf_all=~all dkim=absent dmarc=invalid dmarc_error=bad-p
bimi=absent dnsbl=listed mx1_dnsbl_a1=listed"
# cap: like gold without DNSSEC (dane absent: 0), and its enforce policy
# names sc-other.insec.test only: the MX fails it (mx-not-in-policy,
# mta_sts 30) and the status is critical.  Everything else 100, TLS 85.
# Its score grades B; a critical domain is capped at D.
DOM_cap=sc-cap.insec.test
ROW_cap="100 100 85 0 30 100 100 100 100 100 100 100"
STATUS_cap=critical
GOLDEN_cap=85
FACTS_cap="mx1_host=sc-pf.insec.test mx1_tls=ok mx1_cert_trusted=yes
dane=absent mta_sts=fail mx1_sts=fail mx1_sts_detail=mx-not-in-policy
tlsrpt=ok spf=ok dkim=present dkim_1_bits=2048 dmarc=reject bimi=ok dnsbl=ok"
# null: "MX 0 ." alone: no MX to rate, so starttls, cert, tls_version and
# mx_hygiene are unknown, and dnsbl too (no address: dnsbl=off).  A null
# MX domain takes and sends no mail, so DANE, MTA-STS, TLS-RPT, DKIM and
# BIMI do not apply (README "Score": unknown, not 0); SPF -all (100) and
# DMARC reject (100) are what protect it.
DOM_null=sc-null.insec.test
ROW_null="unknown unknown unknown unknown unknown unknown 100 unknown 100 unknown unknown unknown"
STATUS_null=ok
GOLDEN_null=100
FACTS_null="null_mx=yes mx_count=0 dane=absent mta_sts=absent tlsrpt=absent
spf=ok dkim=absent dmarc=reject bimi=absent dnsbl=off"
# unk: fixsrv completes TLS 1.2 with the trusted leaf that names sc-umx
# (starttls 100, cert 100, tls_version 85); 127.0.1.203 has no PTR
# (mx_hygiene 60); no TLSA, _mta-sts, TLS-RPT, BIMI (0 each); SPF -all
# (100); p=quarantine (dmarc 80); the one DKIM key is under x9, not
# asked: _domainkey exists (NODATA), strength unknown (dkim not set); the
# list refused (127.255.255.254): dnsbl not set.
DOM_unk=sc-unk.insec.test
ROW_unk="100 100 85 0 0 0 100 unknown 80 0 60 unknown"
STATUS_unk=ok
GOLDEN_unk=70
FACTS_unk="mx1_host=sc-umx.insec.test mx1_tls=ok mx1_cert_trusted=yes
mx1_a1_fcrdns=no dane=absent mta_sts=absent spf=ok dmarc=quarantine
dkim=present dkim_unknown_selector=yes dnsbl=unknown dnsbl_1_result=error
dnsbl_1_error=dnsbl-refused bimi=absent tlsrpt=absent"

ROWS="gold bare weak broken cap null unk"

# ---- certificates, keys, TLSA data -----------------------------------------

C=$(cd "$TMPD" && pwd)/sc
PKIA=$(cd "$PKI" && pwd)
mkdir "$C" "$C/srv"
# leaf OUT SAN START END: an RSA-2048 leaf under certs.sh's intermediate;
# OUT.crt (leaf), OUT.key, OUT-chain.crt (leaf + intermediate).
leaf() {
	(
	set -e
	cd "$C"
	cat > "$1.cnf" <<EOF
[ ca ]
default_ca = d
[ d ]
dir = .
database = $1.idx
new_certs_dir = .
serial = $1.srl
default_md = sha256
policy = p
unique_subject = no
[ p ]
commonName = supplied
[ leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = $2
EOF
	: > "$1.idx"
	od -An -N4 -tx1 /dev/urandom | tr -d ' \n' > "$1.srl"
	echo >> "$1.srl"
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
	    -out "$1.key" 2>/dev/null
	openssl req -new -key "$1.key" -subj "/CN=$1.score.test" -out "$1.csr"
	# under certs.sh's lock: a concurrent certs.sh may remake int.*
	_lk=
	command -v flock >/dev/null 2>&1 && _lk="flock $PKIA/.lock"
	$_lk openssl ca -batch -notext -config "$1.cnf" -cert "$PKIA/int.crt" \
	    -keyfile "$PKIA/int.key" -in "$1.csr" -out "$1.crt" \
	    -extensions leaf -startdate "$3" -enddate "$4"
	cat "$1.crt" "$PKIA/int.crt" > "$1-chain.crt"
	)
}
SAN_GOOD="DNS:mx2.sec.test, DNS:sc-pf.insec.test, DNS:sc-wmx.insec.test"
SAN_GOOD="$SAN_GOOD, DNS:sc-umx.insec.test"
if ! { leaf good "$SAN_GOOD" 20250101000000Z 20350101000000Z &&
    leaf old DNS:sc-old.insec.test 20200101000000Z 20210101000000Z &&
    cp "$C/good-chain.crt" "$C/srv/rsa.crt" &&
    cp "$C/good.key" "$C/srv/rsa.key" &&
    cp "$C/old-chain.crt" "$C/srv/ecdsa.crt" &&
    cp "$C/old.key" "$C/srv/ecdsa.key"; } > "$TMPD/pki.log" 2>&1; then
	not_ok "MX leaves made under certs.sh's intermediate"
	diag "$(cat "$TMPD/pki.log")"
	summary; exit 1
fi

hexof() { od -An -v -tx1 | tr -d ' \n'; }
spki_sha256() {
	openssl x509 -in "$1" -noout -pubkey | openssl pkey -pubin \
	    -outform DER | openssl dgst -sha256 -binary | hexof
}
LEAF_S1=$(spki_sha256 "$C/good.crt")
INT_S1=$(spki_sha256 "$PKI/int.crt")
# dkim BITS: base64 of a fresh RSA SubjectPublicKeyInfo
dkim() {
	openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$1" \
	    2>/dev/null | openssl pkey -pubout -outform DER 2>/dev/null |
	    base64 | tr -d '\n'
}
K2048=$(dkim 2048) K1024=$(dkim 1024)
if [ ${#LEAF_S1} = 64 ] && [ ${#INT_S1} = 64 ] && [ ${#K2048} -ge 390 ] &&
    [ ${#K1024} -ge 210 ]; then
	ok "openssl made the leaves, TLSA data and DKIM keys (2048, 1024)"
else
	not_ok "openssl made the TLSA data and DKIM keys"
	diag "leaf '$LEAF_S1' int '$INT_S1' k2048 ${#K2048} k1024 ${#K1024}"
	summary; exit 1
fi
# txt TEXT: TEXT as zone-file character-strings of at most 200 bytes
txt() {
	printf '%s' "$1" | fold -w 200 | sed 's/.*/"&"/' | tr '\n' ' '
}

# ---- Postfix, then the DNS world in its namespace --------------------------

PF_A=$A_PF PF_HOST_A=mx2.sec.test
PF_B=$A_OLD PF_HOST_B=sc-old.insec.test
PF_C=$A_SCREEN PF_HOST_C=sc-screen.insec.test
if ! pf_start "$C/srv"; then
	not_ok "private Postfix started"
	diag "$PF_ERR"
	summary; exit 1
fi
ok "private Postfix started ($A_PF good, $A_OLD expired; netns $PF_NS)"
DNSW_JOIN_NETNS=$PF_NS

DNSW_SEC_MX2_A=$A_PF
DNSW_EXTRA_SEC="sc-gold		MX	10 mx2
_25._tcp.mx2	TLSA	3 1 1 $LEAF_S1
_25._tcp.mx2	TLSA	2 1 1 $INT_S1
sc-gold		TXT	\"v=spf1 ip4:$A_PF -all\"
_dmarc.sc-gold	TXT	\"v=DMARC1; p=reject; rua=mailto:dmarc@sc-gold.sec.test\"
sc1._domainkey.sc-gold	TXT	$(txt "v=DKIM1; k=rsa; p=$K2048")
default._bimi.sc-gold	TXT	\"v=BIMI1; l=https://sc-gold.sec.test/logo.svg\"
_mta-sts.sc-gold	TXT	\"v=STSv1; id=gold1\"
mta-sts.sc-gold	A	$A_NGX
_smtp._tls.sc-gold	TXT	\"v=TLSRPTv1; rua=mailto:tlsrpt@sc-gold.sec.test\""
DNSW_EXTRA_INSEC="_dmarc		TXT	\"v=DMARC1; p=none\"
sc-pf		A	$A_PF
sc-wmx		CNAME	sc-pf
sc-old		A	$A_OLD
sc-umx		A	$A_UMX
${A_OLD##*.}.1.0.127.sc-bl	A	127.0.0.2
${A_OLD##*.}.1.0.127.sc-bl	TXT	\"listed by the score test\"
${A_UMX##*.}.1.0.127.sc-bl	A	127.255.255.254
sc-bare		MX	10 sc-pf
sc-weak		MX	10 sc-wmx
sc-weak		TXT	\"v=spf1 +all\"
_dmarc.sc-weak	TXT	\"v=DMARC1; p=none\"
sc1._domainkey.sc-weak	TXT	$(txt "v=DKIM1; k=rsa; p=$K1024")
default._bimi.sc-weak	TXT	\"v=BIMI1; l=https://sc-weak.insec.test/logo.svg\"
_mta-sts.sc-weak	TXT	\"v=STSv1; id=weak1\"
mta-sts.sc-weak	A	$A_NGX
_smtp._tls.sc-weak	TXT	\"v=TLSRPTv1; rua=mailto:tls@sc-weak.insec.test!10m\"
sc-broken	MX	10 sc-old
sc-broken	TXT	\"v=spf1 ip4:$A_OLD ~all\"
_dmarc.sc-broken	TXT	\"v=DMARC1; p=maybe\"
_mta-sts.sc-broken	TXT	\"v=STSv1; id=broken1\"
mta-sts.sc-broken	A	$A_NGX
_smtp._tls.sc-broken	TXT	\"v=TLSRPTv1; rua=mailto:tls@sc-broken.insec.test\"
sc-cap		MX	10 sc-pf
sc-cap		TXT	\"v=spf1 ip4:$A_PF -all\"
_dmarc.sc-cap	TXT	\"v=DMARC1; p=reject\"
sc1._domainkey.sc-cap	TXT	$(txt "v=DKIM1; k=rsa; p=$K2048")
default._bimi.sc-cap	TXT	\"v=BIMI1; l=https://sc-cap.insec.test/logo.svg\"
_mta-sts.sc-cap	TXT	\"v=STSv1; id=cap1\"
mta-sts.sc-cap	A	$A_NGX
_smtp._tls.sc-cap	TXT	\"v=TLSRPTv1; rua=mailto:tls@sc-cap.insec.test\"
sc-null		MX	0 .
sc-null		TXT	\"v=spf1 -all\"
_dmarc.sc-null	TXT	\"v=DMARC1; p=reject\"
sc-unk		MX	10 sc-umx
sc-unk		TXT	\"v=spf1 ip4:$A_UMX -all\"
_dmarc.sc-unk	TXT	\"v=DMARC1; p=quarantine\"
x9._domainkey.sc-unk	TXT	$(txt "v=DKIM1; k=rsa; p=$K2048")"

if ! dnsworld_start; then
	not_ok "DNS world started"
	diag "$DNSW_ERR"
	summary; exit 1
fi
NS=$DNSW_NETNS
ok "DNS world started (resolver $DNSW_RESOLVER, netns $NS)"

# ---- nginx: the policy hosts -----------------------------------------------

NGX_NETNS=$NS
HOSTS=mta-sts.sc-gold.sec.test,mta-sts.sc-weak.insec.test
HOSTS=$HOSTS,mta-sts.sc-broken.insec.test,mta-sts.sc-cap.insec.test
if ! ngx_init || ! ngx_cert "$NGX_DIR/sts" "$HOSTS"; then
	not_ok "nginx set up"; diag "$NGX_ERR"; summary; exit 1
fi
# policy DOMAIN MODE MX: the site of mta-sts.DOMAIN serving that policy
policy() {
	printf 'version: STSv1\nmode: %s\nmx: %s\nmax_age: 604800\n' \
	    "$2" "$3" > "$TMPD/$1.policy" &&
	ngx_site "mta-sts.$1" "$A_NGX:443" "$NGX_DIR/sts.crt" \
	    "$NGX_DIR/sts.key" &&
	ngx_file "$STS_PATH" "$TMPD/$1.policy"
}
if policy sc-gold.sec.test enforce mx2.sec.test &&
    policy sc-weak.insec.test testing sc-wmx.insec.test &&
    policy sc-broken.insec.test enforce sc-old.insec.test &&
    policy sc-cap.insec.test enforce sc-other.insec.test &&
    ngx_start; then
	ok "private nginx started on $A_NGX:443 (netns $NS)"
else
	not_ok "private nginx started"; diag "$NGX_ERR"; summary; exit 1
fi

# ---- fixsrv on 127.0.1.203 -------------------------------------------------

_f=$TMPD/umx.ready
mkfifo "$_f"
ip netns exec "$NS" "$FIXSRV" -l "$A_UMX" -p 25 -s good \
    -c "$C/good-chain.crt" -k "$C/good.key" -n 50 -T 300 \
    > "$_f" 2> "$TMPD/umx.srv" &
PIDS="$PIDS $!"
_w='' _p=''
read -r _w _p < "$_f"
rm -f "$_f"
if [ "$_w" = ready ] && [ "$_p" = 25 ]; then
	ok "fixsrv good on $A_UMX:25"
else
	not_ok "fixsrv good on $A_UMX:25"
	diag "$(cat "$TMPD/umx.srv")"
	summary; exit 1
fi

# ---- helpers ---------------------------------------------------------------

COMMON="-C $PKI/bundle.crt -t 10 --now $REF_NOW -e probe.mxprobe.test -4
-s sc1 --dnsbl sc-bl.insec.test"

# audit CTX ARGS...: one mxprobe run inside the namespace
audit() {
	_an=$1
	shift
	RUN="ip netns exec $NS $RUN0"
	# shellcheck disable=SC2086
	probe "$_an" $COMMON "$@"
	RUN=$RUN0
	_fail0=$t_fail
}

# show: after a scenario, on any failure, what mxprobe said
show() {
	if [ "$t_fail" != "$_fail0" ]; then
		diag "mxprobe $(cat "$TMPD/$CTX.cmd") (exit $PROBE_RC):"
		diag "$(grep -v -e '^mx[0-9]*_cert' -e '^mx[0-9]*_chain' \
		    -e '^ca_' -e '^mx[0-9]*_ehlo' "$TMPD/$CTX.out" | head -n 90)"
		diag "stderr: $(head -c 600 "$TMPD/$CTX.err")"
	fi
	_fail0=$t_fail
	CTX=
}

# has_finding KEY CODE / no_finding KEY CODE: CODE in KEY's comma list
has_finding() {
	case ",$(kv "$TMPD/$CTX.out" "$1")," in
	*",$2,"*) ok "$1 has $2" ;;
	*) not_ok "$1 has $2"; diag "$1='$(kv "$TMPD/$CTX.out" "$1")'" ;;
	esac
}
no_finding() {
	case ",$(kv "$TMPD/$CTX.out" "$1")," in
	*",$2,"*) not_ok "$1 without $2"
		diag "$1='$(kv "$TMPD/$CTX.out" "$1")'" ;;
	*) ok "$1 without $2" ;;
	esac
}

# check_row NAME: the audit of row NAME against the table.
check_row() {
	eval "_dom=\$DOM_$1 _row=\$ROW_$1 _st=\$STATUS_$1 _gold=\$GOLDEN_$1"
	eval "_facts=\$FACTS_$1"
	audit "$1" "$_dom"
	check_output_form
	for _kv in $_facts; do
		check_kv "${_kv%%=*}" "${_kv#*=}"
	done
	# every item: its points, or absent and listed as unknown
	_i=0
	for _it in $ITEMS; do
		_i=$((_i + 1))
		_p=$(echo "$_row" | cut -d' ' -f"$_i")
		if [ "$_p" = unknown ]; then
			check_absent "score_item_$_it"
			has_finding score_unknown "$_it"
		else
			check_kv "score_item_$_it" "$_p"
		fi
	done
	# no score_item_* key beyond the row's known items
	_keys=$(sed -n 's/^score_item_\([a-z0-9_]*\)=.*/\1/p' "$TMPD/$CTX.out" |
	    sort | tr '\n' ' ')
	_known=$(_i=0; for _it in $ITEMS; do
		_i=$((_i + 1))
		[ "$(echo "$_row" | cut -d' ' -f"$_i")" = unknown ] || echo "$_it"
	done | sort | tr '\n' ' ')
	check_eq "score_item_* keys are the measured items" "$_keys" "$_known"
	# score, layers, score_unknown from the row and score.c's weights
	_exp=$(expect "$_row")
	_want=
	for _l in $_exp; do
		case $_l in
		score_unknown=) check_absent score_unknown ;;
		*) check_kv "${_l%%=*}" "${_l#*=}" ;;
		esac
		case $_l in score=*) _want=${_l#score=} ;; esac
	done
	case $_want in
	''|*[!0-9]*)
		not_ok "a score computed from the row"; diag "$_exp"
		_want=0 ;;
	esac
	eval "SCORE_$1=\$_want GRADE_$1=\$(grade \"\$_want\" \"\$_st\")"
	eval "check_kv grade \$GRADE_$1"
	# the golden column: moves only with the weights table
	if [ "$_want" = "$_gold" ]; then
		ok "golden score of $1 is $_gold"
	else
		not_ok "golden score of $1 is $_gold"
		diag "the program's weights give $_want for this row:" \
		    "the weights table changed? then set GOLDEN_$1=$_want" \
		    "in $0 (and only then)"
	fi
	check_eq "score=$_gold (golden)" "$(kv "$TMPD/$CTX.out" score)" "$_gold"
	check_status "$_st"
	no_finding findings score-below-warning
	no_finding findings score-below-critical
	show
}

for r in $ROWS; do
	check_row "$r"
done

# bare0: bare without -s.  Only the built-in selectors were tried, and
# finding nothing under them proves nothing: dkim=not-found,
# informational, the dkim item not measured (4880 points over the 92
# weights measured: 53); bare's warning is SPF's and DMARC's.
DOM_bare0=$DOM_bare
ROW_bare0="100 100 85 0 0 0 0 unknown 0 0 100 100"
STATUS_bare0=warning
GOLDEN_bare0=53
FACTS_bare0="dkim=not-found dkim_domainkey=nxdomain"
COMMON0=$COMMON
COMMON=$(printf '%s\n' "$COMMON" | sed 's/-s sc1 //')
check_row bare0
COMMON=$COMMON0
CTX=bare0
has_finding findings dkim-not-found
no_finding findings dkim-absent
CTX=

# The premise of row cap: its score grades above D before the cap, else
# the cap is not under test.  Only a weights change can break it (then
# the row needs more points, not just a new golden value).
check_eq "cap: its score $SCORE_cap grades above D before the cap" \
    "$(grade "$SCORE_cap" ok | tr ABC xxx)" x

# ---- thresholds: -w / --warn-score, --crit-score ---------------------------

# (the scores computed from the rows: a weights change fails the golden
# checks above, not these)
G=$SCORE_gold W=$SCORE_weak
if [ "$G" -ge 100 ] || [ "$W" -ge 100 ]; then
	not_ok "gold and weak score below 100 (the thresholds below need it)"
	summary; exit 1
fi
audit gold-w1 -w $((G + 1)) "$DOM_gold"
check_kv score "$G"
has_finding findings score-below-warning
no_finding findings score-below-critical
check_status warning
show

# "below N": the score itself is not below
audit gold-w0 --warn-score "$G" "$DOM_gold"
no_finding findings score-below-warning
check_status ok
show

audit gold-c1 --crit-score $((G + 1)) "$DOM_gold"
has_finding findings score-below-critical
no_finding findings score-below-warning
check_status critical
show

# below both: only the critical finding
audit weak-wc -w 100 --crit-score $((W + 1)) "$DOM_weak"
check_kv score "$W"
has_finding findings score-below-critical
no_finding findings score-below-warning
check_status critical
show

audit weak-c0 -w 100 --crit-score "$W" "$DOM_weak"
has_finding findings score-below-warning
no_finding findings score-below-critical
check_status warning
show

# ---- --nagios --------------------------------------------------------------

# nagios_want KVFILE STATUS SCORE GRADE WARN CRIT DAYS: the line src/report/out.c
# writes for the audit whose key=value output is KVFILE: "MXPROBE STATUS -
# domain score N grade G[: mxN findings; domain findings] |
# score=N;W:;C:;0;100 mx1_days_left=D;30:;7:" (W:, C: empty without
# thresholds); EXTRA = findings the thresholds add.
nagios_want() {
	_kf=$1 _S=$3 _W=$5 _C=$6
	_fs=
	_n=$(kv "$_kf" mx_count)
	_i=1
	while [ "$_i" -le "${_n:-0}" ]; do
		_s=$(kv "$_kf" "mx${_i}_status")
		if [ "$_s" != ok ]; then
			_m=$(kv "$_kf" "mx${_i}_findings") || _m=$_s
			_fs="$_fs${_fs:+; }mx$_i $_m"
		fi
		_i=$((_i + 1))
	done
	_d=$(kv "$_kf" findings) || _d=
	[ -z "$8" ] || _d="$_d${_d:+,}$8"
	[ -z "$_d" ] || _fs="$_fs${_fs:+; }$_d"
	printf 'MXPROBE %s - %s score %s grade %s%s | %s %s\n' \
	    "$2" "$(kv "$_kf" domain)" "$_S" "$4" "${_fs:+: $_fs}" \
	    "score=$_S;${_W:+$_W:};${_C:+$_C:};0;100" \
	    "mx1_days_left=$7;30:;7:"
}

# gold: all ok, no thresholds
DAYS_GOLD=$(days_between "$REF_NOW" 2035-01-01)
DAYS_OLD=$(days_between "$REF_NOW" 2021-01-01)
audit gold-nagios --nagios "$DOM_gold"
check_eq "one line" "$(wc -l < "$TMPD/$CTX.out" | tr -d ' ')" 1
check_eq "the plugin line" "$(cat "$TMPD/$CTX.out")" \
    "$(nagios_want "$TMPD/gold.out" OK "$G" "$GRADE_gold" '' '' \
	"$DAYS_GOLD" '')"
check_rc 0
show

# gold under a warning threshold it misses: WARNING, exit 1
audit gold-nagios-w --nagios -w $((G + 1)) --crit-score 50 "$DOM_gold"
check_eq "the plugin line" "$(cat "$TMPD/$CTX.out")" \
    "$(nagios_want "$TMPD/gold.out" WARNING "$G" "$GRADE_gold" $((G + 1)) 50 \
	"$DAYS_GOLD" score-below-warning)"
check_rc 1
show

# broken: critical, an MX with findings, a negative days_left
B=$SCORE_broken
audit broken-nagios --nagios -w $((B + 1)) --crit-score 20 "$DOM_broken"
check_eq "the plugin line" "$(cat "$TMPD/$CTX.out")" \
    "$(nagios_want "$TMPD/broken.out" CRITICAL "$B" "$GRADE_broken" \
	$((B + 1)) 20 "$DAYS_OLD" score-below-warning)"
check_rc 2
show
check_kv mx1_cert_days_left "$DAYS_OLD" "$TMPD/broken.out"
check_kv mx1_cert_days_left "$DAYS_GOLD" "$TMPD/gold.out"

summary
