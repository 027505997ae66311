#!/bin/sh
# Interop: DMARC, DKIM and BIMI in the domain audit (src/audit/chk_auth.c)
# against the real DNS world of tests/lib/dnsworld.sh: nsd serving the
# zones, a validating unbound answering mxprobe, in a network namespace.
# No mail server runs: every MX address refuses the connection at once
# (the probes' verdicts are not under test here, the policy keys are).
#
# DKIM keys are made at test time with openssl (RSA 2048, 1024 and 512
# bits, Ed25519 as its raw 32 bytes, RFC 8463); nothing secret is kept.
# Names added to insec.test (DNSW_EXTRA_INSEC), D = the domain, each with
# "MX 10 mx1":
#   (apex)   a second _dmarc record, so insec.test's own DMARC is invalid
#            (multiple-records) and its record never applies to a name
#            below it (RFC 9989 4.10: several records are discarded):
#            that is what lets a subdomain have no DMARC at all
#   good     p=reject; rua one internal and one external destination
#            (rep.sec.test authorises good.insec.test, RFC 7489 7.1), ruf
#            an external one that does not (norep.sec.test); DKIM
#            selector1 RSA 2048 and google Ed25519; BIMI logo + VMC
#   absent   nothing: dmarc absent (walk: absent, insec.test discarded,
#            test), _domainkey NXDOMAIN (no -s: dkim not-found,
#            informational; -s x9: dkim absent, a finding), no BIMI
#   orgfb    p=quarantine; sp=reject, and sub.orgfb without _dmarc: the
#            tree walk falls back to orgfb (dmarc=reject, from sp)
#   bad      pct=150: invalid (bad-pct)
#   mon      p=none; a valid BIMI record that DMARC does not back
#   part     p=reject; pct=50
#   weak     selector1 RSA 1024          rev      default revoked (p=)
#   tiny     selector1 RSA 512           hidden   a key under x9 only
#            (not in the built-in list: _domainkey is an empty non-
#            terminal, NODATA: present, RFC 8020), then -s x9
#   bimibad  p=reject, BIMI with an http logo
#   declined p=reject, BIMI l= and a= empty (declination to publish)
#   (long)   a 239-byte name: most selector names are over 253 (a limit)
# and the world's own nomail.sec.test (null MX: no DKIM key is only
# informational there, the status stays ok).
# and to sec.test: rep (the authorisation record), orgpsd (psd=n) with
# sub.orgpsd, and orgtop (no psd) with sub.orgtop: the walk picks the
# record with the fewest labels, sec.test's own (RFC 9989 4.10.2).
# Checked: dmarc, _record, _found_at, _inherited, _pct, _rua, _ruf,
# _rua_authorized, _ruf_authorized, _error; dkim, _domainkey, _selectors,
# dkim_N_*, dkim_unknown_selector; bimi, _logo, _authority, _error,
# _declined; the findings and the score items of each layer.
# Needs root (namespace), nsd, unbound, ldnsutils, openssl, python3.
# env: MXPROBE, RUN, T as for every test (tests/lib/common.sh);
#      KEEP_TMP=1 DNSW_KEEP=1 keep the files for a post-mortem.
. tests/lib/common.sh
. tests/lib/dnsworld.sh

trap 'cleanup; dnsworld_stop' EXIT
trap 'exit 141' PIPE

PROBE_KILL=${PROBE_KILL:-25}

need_mxprobe
need_host dnsworld_can_run "DNS world"
if ! command -v openssl >/dev/null 2>&1; then
	not_ok "openssl present (DKIM keys are made with it)"
	summary; exit 1
fi

# ---- DKIM keys -------------------------------------------------------------

# spki BITS: base64 of an RSA SubjectPublicKeyInfo of BITS bits.
spki() {
	openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$1" \
	    2>/dev/null | openssl pkey -pubout -outform DER 2>/dev/null |
	    base64 | tr -d '\n'
}
K2048=$(spki 2048) K1024=$(spki 1024) K512=$(spki 512)
KED=$(openssl genpkey -algorithm ed25519 2>/dev/null |
    openssl pkey -pubout -outform DER 2>/dev/null | tail -c 32 |
    base64 | tr -d '\n')
if [ ${#K2048} -lt 390 ] || [ ${#K1024} -lt 210 ] || [ ${#K512} -lt 120 ] ||
    [ ${#KED} != 44 ]; then
	not_ok "openssl made the DKIM keys"
	summary; exit 1
fi
ok "openssl made RSA 2048/1024/512 and Ed25519 keys"

# txt TEXT: TEXT as zone-file character-strings of at most 200 bytes.
txt() {
	printf '%s' "$1" | fold -w 200 | sed 's/.*/"&"/' | tr '\n' ' '
}

# ---- DNS -------------------------------------------------------------------

# a name of 239 bytes under insec.test (63+63+63+36 and the dots)
L63=$(printf '%063d' 0 | tr 0 a)
LONG=$L63.$(printf '%s' "$L63" | tr a b).$(printf '%s' "$L63" | tr a c)
LONG=$LONG.$(printf '%036d' 0 | tr 0 d)

DNSW_EXTRA_INSEC="_dmarc	TXT	\"v=DMARC1; p=none\"
good		MX	10 mx1
_dmarc.good	TXT	( \"v=DMARC1; p=reject; \"
	\"rua=mailto:agg@good.insec.test,mailto:d@rep.sec.test!10m; \"
	\"ruf=mailto:f@norep.sec.test\" )
selector1._domainkey.good	TXT	$(txt "v=DKIM1; k=rsa; p=$K2048")
google._domainkey.good	TXT	$(txt "v=DKIM1; k=ed25519; p=$KED")
default._bimi.good	TXT	( \"v=BIMI1; \"
	\"l=https://good.insec.test/logo.svg; \"
	\"a=https://good.insec.test/vmc.pem\" )
absent		MX	10 mx1
orgfb		MX	10 mx1
_dmarc.orgfb	TXT	\"v=DMARC1; p=quarantine; sp=reject\"
sub.orgfb	MX	10 mx1
bad		MX	10 mx1
_dmarc.bad	TXT	\"v=DMARC1; p=reject; pct=150\"
mon		MX	10 mx1
_dmarc.mon	TXT	\"v=DMARC1; p=none; rua=mailto:x@mon.insec.test\"
default._bimi.mon	TXT	\"v=BIMI1; l=https://mon.insec.test/logo.svg\"
part		MX	10 mx1
_dmarc.part	TXT	\"v=DMARC1; p=reject; pct=50\"
weak		MX	10 mx1
selector1._domainkey.weak	TXT	$(txt "v=DKIM1; p=$K1024")
rev		MX	10 mx1
default._domainkey.rev	TXT	\"v=DKIM1; k=rsa; p=\"
tiny		MX	10 mx1
selector1._domainkey.tiny	TXT	$(txt "v=DKIM1; k=rsa; p=$K512")
hidden		MX	10 mx1
x9._domainkey.hidden	TXT	$(txt "v=DKIM1; k=rsa; p=$K2048")
bimibad		MX	10 mx1
_dmarc.bimibad	TXT	\"v=DMARC1; p=reject\"
default._bimi.bimibad	TXT	\"v=BIMI1; l=http://bimibad.insec.test/l.svg\"
declined	MX	10 mx1
$LONG	MX	10 mx1
_dmarc.declined	TXT	\"v=DMARC1; p=reject\"
default._bimi.declined	TXT	\"v=BIMI1; l=; a=\""

DNSW_EXTRA_SEC="good.insec.test._report._dmarc.rep	TXT	\"v=DMARC1\"
orgpsd		MX	10 mx1
_dmarc.orgpsd	TXT	\"v=DMARC1; p=quarantine; psd=n\"
sub.orgpsd	MX	10 mx1
orgtop		MX	10 mx1
_dmarc.orgtop	TXT	\"v=DMARC1; p=none\"
sub.orgtop	MX	10 mx1"

dnsw_start_or_exit

# ---- helpers ---------------------------------------------------------------

# a bundle for -C: no probe gets as far as TLS here, but one must load
dnsw_bundle auth-test-ca
COMMON="-C $TMPD/ca.pem -t 10 --dnsbl none -4"

# audit NAME [ARGS...]: one mxprobe run of NAME inside the namespace.
audit() {
	_n=$1
	shift
	dnsw_audit "$_n" "$@" "$_n"
}

show() {
	dnsw_show dmarc dkim bimi '^findings' score_item
}

has_finding() {
	case ",$(kv "$TMPD/$CTX.out" findings)," in
	*",$1,"*) ok "findings has $1" ;;
	*) not_ok "findings has $1"
	   diag "findings=$(kv "$TMPD/$CTX.out" findings)" ;;
	esac
}
no_finding() {
	case ",$(kv "$TMPD/$CTX.out" findings)," in
	*",$1,"*) not_ok "findings without $1"
	   diag "findings=$(kv "$TMPD/$CTX.out" findings)" ;;
	*) ok "findings without $1" ;;
	esac
}

# ---- DMARC -----------------------------------------------------------------

audit good.insec.test
check_kv dmarc reject
check_kv dmarc_found_at _dmarc.good.insec.test
check_absent dmarc_inherited
check_kv dmarc_pct 100
check_kv dmarc_rua 'mailto:agg@good.insec.test,mailto:d@rep.sec.test!10m'
check_kv dmarc_ruf mailto:f@norep.sec.test
check_kv dmarc_rua_authorized rep.sec.test:yes
check_kv dmarc_ruf_authorized norep.sec.test:no
check_absent dmarc_error
has_finding dmarc-report-unauthorized
no_finding dmarc-absent
check_kv score_item_dmarc 100
check_kv dkim present
check_kv dkim_domainkey exists
check_kv dkim_selectors selector1,google
check_kv dkim_1_selector selector1
check_kv dkim_1_key_type rsa
check_kv dkim_1_bits 2048
check_kv dkim_1_revoked no
check_kv dkim_1_testing no
check_absent dkim_1_error
check_kv dkim_2_selector google
check_kv dkim_2_key_type ed25519
check_kv dkim_2_bits 256
check_absent dkim_unknown_selector
no_finding dkim-weak-key
check_kv score_item_dkim 100
check_kv bimi ok
check_kv bimi_logo https://good.insec.test/logo.svg
check_kv bimi_authority https://good.insec.test/vmc.pem
check_absent bimi_error
check_kv score_item_bimi 100
show

audit absent.insec.test
check_kv dmarc absent
check_absent dmarc_record
check_absent dmarc_found_at
has_finding dmarc-absent
check_kv score_item_dmarc 0
# no -s: only the built-in selectors were tried, which proves nothing
check_kv dkim not-found
check_kv dkim_domainkey nxdomain
check_kv dkim_selectors ''
has_finding dkim-not-found
no_finding dkim-absent
check_absent score_item_dkim
check_kv bimi absent
no_finding bimi-invalid
check_kv score_item_bimi 0
show

# a selector the user named that has no key: a finding, scored 0
audit absent.insec.test -s x9
check_kv dkim absent
check_kv dkim_domainkey nxdomain
has_finding dkim-absent
no_finding dkim-not-found
check_kv score_item_dkim 0
show

audit insec.test
check_kv dmarc invalid
check_kv dmarc_error multiple-records
check_kv dmarc_found_at _dmarc.insec.test
has_finding dmarc-invalid
check_kv score_item_dmarc 10
show

audit sub.orgfb.insec.test
check_kv dmarc reject
check_kv dmarc_found_at _dmarc.orgfb.insec.test
check_kv dmarc_inherited yes
check_kv dmarc_record 'v=DMARC1; p=quarantine; sp=reject'
check_kv score_item_dmarc 100
show

audit orgfb.insec.test
check_kv dmarc quarantine
check_absent dmarc_inherited
check_kv score_item_dmarc 80
show

audit sub.orgpsd.sec.test
check_kv dmarc quarantine
check_kv dmarc_found_at _dmarc.orgpsd.sec.test
check_kv dmarc_inherited yes
show

audit sub.orgtop.sec.test
check_kv dmarc reject
check_kv dmarc_found_at _dmarc.sec.test
check_kv dmarc_inherited yes
check_kv dmarc_rua mailto:dmarc@sec.test
check_absent dmarc_rua_authorized
show

audit bad.insec.test
check_kv dmarc invalid
check_kv dmarc_error bad-pct
check_kv dmarc_record 'v=DMARC1; p=reject; pct=150'
has_finding dmarc-invalid
check_kv score_item_dmarc 10
show

audit part.insec.test
check_kv dmarc reject
check_kv dmarc_pct 50
has_finding dmarc-pct-partial
check_kv score_item_dmarc 90
show

# ---- DKIM ------------------------------------------------------------------

audit weak.insec.test
check_kv dkim present
check_kv dkim_selectors selector1
check_kv dkim_1_bits 1024
has_finding dkim-weak-key
check_kv score_item_dkim 60
show

audit rev.insec.test
check_kv dkim present
check_kv dkim_selectors default
check_kv dkim_1_revoked yes
check_absent dkim_1_bits
check_absent dkim_1_error
check_kv score_item_dkim 30
show

audit tiny.insec.test
check_kv dkim present
check_kv dkim_1_bits 512
check_kv dkim_1_error rsa-too-small
has_finding dkim-invalid
check_kv score_item_dkim 10
show

audit hidden.insec.test
check_kv dkim present
check_kv dkim_domainkey exists
check_kv dkim_selectors ''
check_kv dkim_unknown_selector yes
check_absent score_item_dkim
no_finding dkim-absent
show

audit hidden.insec.test -s x9
check_kv dkim present
check_kv dkim_selectors x9
check_kv dkim_1_selector x9
check_kv dkim_1_bits 2048
check_absent dkim_unknown_selector
check_kv score_item_dkim 100
show

# null MX (RFC 7505, the world's nomail.sec.test): no mail, no DKIM needed
audit nomail.sec.test
check_kv dkim not-found
has_finding dkim-not-found
check_kv dmarc reject
check_kv status ok
show

# a 239-byte domain: _dmarc, _domainkey and default._bimi names fit 253
# characters (255 octets), most selector names do not (s1, s2, k1 do): a
# limit, told, and no overflow; _domainkey's NXDOMAIN with no -s still
# says not-found
audit "$LONG.insec.test"
check_kv dmarc absent
check_kv dkim not-found
check_kv dkim_domainkey nxdomain
check_kv dkim_error limit
check_kv bimi absent
show

# ---- BIMI ------------------------------------------------------------------

audit mon.insec.test
check_kv dmarc none
has_finding dmarc-policy-none
check_kv score_item_dmarc 30
check_kv bimi invalid
check_kv bimi_error dmarc-not-enforced
check_kv bimi_logo https://mon.insec.test/logo.svg
has_finding bimi-dmarc-not-enforced
check_kv score_item_bimi 0
show

audit bimibad.insec.test
check_kv dmarc reject
check_kv bimi invalid
check_kv bimi_error l-not-https
check_absent bimi_logo
has_finding bimi-invalid
check_kv score_item_bimi 0
show

audit declined.insec.test
check_kv bimi absent
check_kv bimi_declined yes
no_finding bimi-invalid
show

# ---- JSON ------------------------------------------------------------------

audit good.insec.test -j
if grep -q '"dmarc":"reject"' "$TMPD/$CTX.out" &&
    grep -q '"dkim_1_bits":2048' "$TMPD/$CTX.out" &&
    grep -q '"bimi":"ok"' "$TMPD/$CTX.out"; then
	ok "-j: dmarc, dkim_1_bits and bimi as in key=value"
else
	not_ok "-j: dmarc, dkim_1_bits and bimi as in key=value"
	diag "$(head -c 2000 "$TMPD/$CTX.out")"
fi
CTX=

summary
