#!/bin/sh
# Interop: the TLS scan (--tls-scan, issue 4) against a real Postfix, one
# listener per scenario, with OpenSSL and Postfix's own log as the truth.
#
# Listeners (tests/lib/postfix.sh's, plus five added to its master.cf):
#   pf-rsa-25     $PF_A:25      Postfix's defaults (smtpd_tls_protocols
#                               >=TLSv1, medium grade: anonymous suites too)
#   pf-rsa-465    $PF_A:465     the same, wrapper mode (implicit TLS)
#   pf-legacy-25  127.0.1.31:25 >=TLSv1, ALL:COMPLEMENTOFALL:eNULL at
#                               @SECLEVEL=0, 1024-bit DH parameters
#   pf-tls12-25   127.0.1.32:25 TLS 1.2 only, no anonymous suites
#   pf-pref-25    127.0.1.33:25 >=TLSv1.2, server cipher preference, no
#                               anonymous or static-RSA suites
#   pf-hrr-25     127.0.1.34:25 P-256 only: a TLS 1.3 hello with an x25519
#                               share gets a HelloRetryRequest
# Truth, for every listener: openssl s_client (this machine's OpenSSL 3,
# as Postfix's) tries each of TLS 1.0-1.3, then anonymous, NULL, static RSA
# and DHE suites, and Postfix's log says which sessions it established
# ("TLS connection established from ...: TLSv1.2 with cipher ...").  The
# scan's tls13..tls10, weak_ciphers, rsa_kx, dhe, dhe_bits, tls13_cipher
# (s_client offers the five TLS 1.3 suites in the scan's order) must agree;
# server_cipher_order must follow tls_preempt_cipherlist; a full scan's
# tls_suites must be exactly the listener's cipher list as `openssl
# ciphers` expands it (RSA and anonymous ones), within the table of
# src/proto/hello.c, plus OpenSSL's default TLS 1.3 suites.
# Connections: Postfix's "connect from" lines must number 1 (the probe)
# plus tls_scan_connections, which is 6 for basic, absent for off; the
# scan never pipelines (no "improper command pipelining") and its
# connections are spaced (a basic scan takes >= 6 x 200 ms).
#
# env: as every test (tests/lib/common.sh); PF_GREET_DELAY defaults to 0
# here (the greeting delay of tests/lib/postfix.sh would cost 1 s per scan
# connection).  No postfix, not root, no binary: "not ok" lines saying so.
PF_GREET_DELAY=${PF_GREET_DELAY:-0}
. tests/lib/common.sh
. tests/lib/postfix.sh
SCAN_ARGS=

trap 'pf_stop; cleanup' EXIT
trap 'exit 141' PIPE

need_host pf_can_run "postfix interop"
need_mxprobe
need_pki
if ! pf_start "$PKI"; then
	not_ok "private Postfix started"
	diag "$PF_ERR"
	summary; exit 1
fi
ok "private Postfix started ($PF_DIR${PF_NS:+, netns $PF_NS})"

# ---- the scenario listeners -------------------------------------------------
L_LEGACY=127.0.1.31 L_TLS12=127.0.1.32 L_PREF=127.0.1.33 L_HRR=127.0.1.34
# RFC 5114's 1024-bit group: no prime search, and PKCS#3 as Postfix reads
openssl genpkey -genparam -algorithm DH -pkeyopt dh_rfc5114:1 \
    -out "$PF_DIR/dh1024.pem" 2>/dev/null
cat >> "$PF_DIR/etc/master.cf" <<EOF
$L_LEGACY:25 inet n - n - - smtpd
  -o syslog_name=pf-legacy-25 -o smtpd_tls_protocols=>=TLSv1
  -o tls_medium_cipherlist=ALL:COMPLEMENTOFALL:eNULL:@SECLEVEL=0
  -o smtpd_tls_dh1024_param_file=$PF_DIR/dh1024.pem
$L_TLS12:25 inet n - n - - smtpd
  -o syslog_name=pf-tls12-25 -o smtpd_tls_protocols=>=TLSv1.2,<=TLSv1.2
  -o smtpd_tls_exclude_ciphers=aNULL
$L_PREF:25 inet n - n - - smtpd
  -o syslog_name=pf-pref-25 -o smtpd_tls_protocols=>=TLSv1.2
  -o tls_preempt_cipherlist=yes -o smtpd_tls_exclude_ciphers=aNULL,kRSA
$L_HRR:25 inet n - n - - smtpd
  -o syslog_name=pf-hrr-25 -o tls_eecdh_auto_curves=prime256v1
EOF
pf_exec postfix -c "$PF_DIR/etc" reload </dev/null >/dev/null 2>&1
bound() {
	_l=$(pf_exec ss -Hltn 2>/dev/null) || return 1
	for _a in $L_LEGACY $L_TLS12 $L_PREF $L_HRR; do
		printf '%s\n' "$_l" | grep -q " $_a:25 " || return 1
	done
}
i=0
until bound; do
	i=$((i + 1))
	if [ "$i" -gt 100 ]; then
		not_ok "scenario listeners bound after reload"
		diag "$(tail -n 5 "$PF_DIR/log/maillog")"
		summary; exit 1
	fi
	sleep 0.1
done
ok "scenario listeners bound (legacy, tls12, pref, hrr)"

# ---- truth ----------------------------------------------------------------

# sessions NAME MARK: waits until every session of listener NAME since
# MARK has logged its disconnect; prints how many connected.
sessions() {
	_i=0
	while :; do
		_l=$(pf_log_since "$2" | grep " $1/smtpd\[")
		_c=$(printf '%s\n' "$_l" | grep -c ']: connect from')
		_d=$(printf '%s\n' "$_l" | grep -c ']: disconnect from')
		[ "$_c" = "$_d" ] && break
		_i=$((_i + 1))
		[ "$_i" -le 100 ] || break
		sleep 0.1
	done
	echo "$_c"
}

# sclient NAME ADDR PORT ARGS...: one s_client session; prints the
# "TLSvX with cipher Y" Postfix logged for it, or nothing if it failed.
sclient() {
	_sn=$1 _sa=$2 _sp=$3
	shift 3
	_m=$(pf_log_mark)
	_st=
	[ "$_sp" = 465 ] || _st="-starttls smtp"
	# shellcheck disable=SC2086
	pf_exec timeout 10 openssl s_client -connect "$_sa:$_sp" $_st \
	    -servername mx.mxprobe.test "$@" </dev/null \
	    >"$TMPD/sclient.out" 2>&1
	sessions "$_sn" "$_m" >/dev/null
	_re='.*TLS connection established from .*: \(TLSv[0-9.]*\)'
	_re="$_re"' with cipher \([^ ]*\) .*'
	pf_log_since "$_m" | grep " $_sn/smtpd\[" | sed -n "s/$_re/\\1 \\2/p" |
	    head -n 1
}

LOW='ALL:COMPLEMENTOFALL:@SECLEVEL=0'
S13=TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384
S13=$S13:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256
S13=$S13:TLS_AES_128_CCM_8_SHA256

# truth NAME ADDR PORT: T_tls10..T_tls13, T_anon, T_null, T_rsa, T_dhe
# (yes/no), T_cipher13 (IANA name), T_dhbits.
truth() {
	for _v in 1 1_1 1_2 1_3; do
		case $_v in
		1_3) _r=$(sclient "$1" "$2" "$3" -tls1_3 \
		    -ciphersuites "$S13") ;;
		*) _r=$(sclient "$1" "$2" "$3" -tls$_v -cipher "$LOW") ;;
		esac
		_yn=no
		[ -n "$_r" ] && _yn=yes
		case $_v in
		1) T_tls10=$_yn ;; 1_1) T_tls11=$_yn ;; 1_2) T_tls12=$_yn ;;
		1_3) T_tls13=$_yn; T_cipher13=${_r#* } ;;
		esac
	done
	for _c in anon:aNULL null:eNULL rsa:kRSA dhe:kDHE; do
		_r=$(sclient "$1" "$2" "$3" -tls1_2 \
		    -cipher "${_c#*:}:@SECLEVEL=0")
		_yn=no
		[ -n "$_r" ] && _yn=yes
		eval "T_${_c%%:*}=$_yn"
		[ "${_c%%:*}" = dhe ] && T_dhbits=$(sed -n \
		    's/^Server Temp Key: DH, \([0-9]*\) bits.*/\1/p' \
		    "$TMPD/sclient.out")
	done
	diag "truth $1: tls10=$T_tls10 tls11=$T_tls11 tls12=$T_tls12" \
	    "tls13=$T_tls13 ($T_cipher13) anon=$T_anon null=$T_null" \
	    "rsa=$T_rsa dhe=$T_dhe (${T_dhbits:-?} bits)"
}

# ---- scans ----------------------------------------------------------------

# scan NAME ADDR PORT LEVEL: one mxprobe run; checks its output form, the
# connections Postfix saw and that nothing was pipelined.  LEVEL default:
# no --tls-scan at all, which must be a basic scan.
scan() {
	_n=$1 _a=$2 _p=$3 _lv=$4
	mark=$(pf_log_mark)
	_run=$RUN
	RUN="${PF_NS:+ip netns exec $PF_NS }$RUN"
	if [ "$_lv" = default ]; then
		probe "$_n-$_lv" -c "mx.mxprobe.test:$_p" --addr "$_a" \
		    -C "$PKI/bundle.crt" -t 120
		_lv=basic
	else
		probe "$_n-$_lv" -c "mx.mxprobe.test:$_p" --addr "$_a" \
		    -C "$PKI/bundle.crt" -t 120 --tls-scan="$_lv"
	fi
	RUN=$_run
	_conns=$(sessions "$_n" "$mark")
	pf_log_since "$mark" | grep " $_n/" > "$TMPD/$CTX.log"
	check_output_form
	check_absent error
	check_kv tls ok
	check_absent tls_scan_error
	if [ "$_lv" = off ]; then
		check_absent tls_scan
		check_absent tls13
		check_eq "Postfix saw 1 connection" "$_conns" 1
	else
		check_kv tls_scan "$_lv"
		_sc=$(kv "$TMPD/$CTX.out" tls_scan_connections)
		check_eq "Postfix saw 1 + tls_scan_connections connections" \
		    "$_conns" "$((1 + ${_sc:-0}))"
		[ "$_lv" = basic ] && check_kv tls_scan_connections 6
		[ "$_lv" = basic ] && check_after 1200
	fi
	if grep -q 'improper command pipelining' "$TMPD/$CTX.log"; then
		not_ok "smtpd logged no improper pipelining"
		diag "$(grep 'improper command pipelining' "$TMPD/$CTX.log")"
	else
		ok "smtpd logged no improper pipelining"
	fi
}

# check_versions LEVEL: the scan's versions against the truth.  A basic
# scan learns TLS 1.0 only when TLS 1.1 is refused (its one legacy hello
# gets the highest of both); SSL 3.0 is not in OpenSSL 3: no or unknown.
check_versions() {
	check_kv tls13 "$T_tls13"
	check_kv tls12 "$T_tls12"
	check_kv tls11 "$T_tls11"
	if [ "$1" = basic ] && [ "$T_tls11" = yes ]; then
		check_kv tls10 unknown
		check_kv_match ssl3 '^(no|unknown)$'
	else
		check_kv tls10 "$T_tls10"
		check_kv ssl3 no
	fi
	if [ "$T_tls13" = yes ]; then
		check_kv tls13_cipher "$T_cipher13"
	else
		check_absent tls13_cipher
	fi
}

# check_weak LEVEL: weak_ciphers within the truth; a full scan names every
# category, a basic one at least one per severity (NULL before anonymous
# in the table: a client-order server picks NULL).
check_weak() {
	_w=
	[ "$T_null" = yes ] && _w=null
	if [ "$T_anon" = yes ] && { [ "$1" = full ] || [ -z "$_w" ]; }; then
		_w=${_w:+$_w,}anon
	fi
	check_kv weak_ciphers "${_w:-none}"
	check_kv rsa_kx "$T_rsa"
	if [ "$1" = full ]; then
		check_kv dhe "$T_dhe"
		if [ "$T_dhe" = yes ]; then
			check_kv dhe_bits "$T_dhbits"
		else
			check_absent dhe_bits
		fi
	else
		check_kv_match dhe "^($T_dhe|unknown)\$"
	fi
}

# check_findings WANT...: the findings are exactly these, in any order.
check_findings() {
	_f=$(kv "$TMPD/$CTX.out" findings | tr ',' '\n' | sort | tr '\n' ' ')
	_w=$(printf '%s\n' "$@" | sed '/^$/d' | sort | tr '\n' ' ')
	check_eq "findings: ${_w:-none}" "$_f" "$_w"
}

# check_suites LIST: a full scan's tls_suites are the listener's cipher
# list as OpenSSL expands it (RSA and anonymous suites, PSK and SRP
# aside), within the scan's table, and OpenSSL's default TLS 1.3 suites.
check_suites() {
	_map=$(openssl ciphers -V -stdname "$LOW" | awk '{ gsub(",0x", "");
	    print tolower($1), $3 }')
	grep -o '{ 0x[0-9a-f]\{4\}' src/proto/hello.c | cut -c3- | sort -u \
	    > "$TMPD/table"
	openssl ciphers -V -stdname "$1" | awk '
	    /TLSv1\.3/ || (/Au=(RSA|None)/ && !/PSK|SRP/) {
		gsub(",0x", ""); print tolower($1) }' | sort -u |
	    comm -12 - "$TMPD/table" > "$TMPD/want"
	kv "$TMPD/$CTX.out" tls_suites | tr ',' '\n' | while read -r _s; do
		case $_s in
		0x*) echo "$_s" ;;
		*) printf '%s\n' "$_map" |
		    awk -v n="$_s" '$2 == n { print $1 }' ;;
		esac
	done | sort > "$TMPD/got"
	if cmp -s "$TMPD/got" "$TMPD/want"; then
		ok "tls_suites: the listener's $(wc -l < "$TMPD/want") suites"
	else
		not_ok "tls_suites: the listener's suites"
		diag "$(diff "$TMPD/got" "$TMPD/want" | head -20)"
	fi
	check_absent tls_suites_truncated
}

# On any failure of the last scan, show both sides.
show() {
	if [ "$t_fail" != "${_fail0:-0}" ]; then
		diag "mxprobe $(cat "$TMPD/$CTX.cmd")" \
		    "(exit $PROBE_RC, $PROBE_MS ms):"
		diag "$(sed -n '/^tls=/,$p' "$TMPD/$CTX.out" | grep -v '^cert')"
		diag "Postfix log:"
		diag "$(tail -n 30 "$TMPD/$CTX.log")"
	fi
	_fail0=$t_fail
	CTX=
}
_fail0=$t_fail

# Postfix's defaults: TLS 1.0-1.3 on this OpenSSL, anonymous suites (by
# design, for opportunistic TLS: informational), client cipher order.
truth pf-rsa-25 "$PF_A" 25
scan pf-rsa-25 "$PF_A" 25 off
scan pf-rsa-25 "$PF_A" 25 default
show
scan pf-rsa-25 "$PF_A" 25 basic
check_versions basic
check_weak basic
check_kv tls13_group x25519
check_kv tls13_hrr no
check_kv server_cipher_order no
check_kv ems yes
check_findings tls-legacy-enabled tls-anon-cipher
check_status warning
show
scan pf-rsa-25 "$PF_A" 25 full
check_versions full
check_weak full
check_kv server_cipher_order no
check_suites 'aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH'
check_findings tls-legacy-enabled tls-anon-cipher
show

# Implicit TLS: the hello goes out at once, no SMTP before it.
scan pf-rsa-465 "$PF_A" 465 basic
check_versions basic
check_weak basic
check_kv tls_mode implicit
if grep -q 'lost connection after \(EHLO\|STARTTLS\)' "$TMPD/$CTX.log"; then
	not_ok "no SMTP command before the hello on 465"
else
	ok "no SMTP command before the hello on 465"
fi
show

# Everything old: NULL suites (critical), 1024-bit DH (full only sees it).
truth pf-legacy-25 "$L_LEGACY" 25
scan pf-legacy-25 "$L_LEGACY" 25 basic
check_versions basic
check_weak basic
check_findings tls-legacy-enabled tls-null-export
check_status critical
show
scan pf-legacy-25 "$L_LEGACY" 25 full
check_versions full
check_weak full
check_suites 'ALL:COMPLEMENTOFALL:eNULL:@SECLEVEL=0'
check_eq "the 1024-bit DH group is used" "$T_dhbits" 1024
check_findings tls-legacy-enabled tls-null-export tls-weak-dh tls-anon-cipher
check_status critical
show

# TLS 1.2 only: one legacy hello settles 1.0 and 1.1; no TLS 1.3 is
# informational.
truth pf-tls12-25 "$L_TLS12" 25
scan pf-tls12-25 "$L_TLS12" 25 basic
check_versions basic
check_weak basic
check_findings no-tls13
check_status ok
show

# Server preference, no static RSA, nothing legacy: a clean bill.
truth pf-pref-25 "$L_PREF" 25
scan pf-pref-25 "$L_PREF" 25 basic
check_versions basic
check_weak basic
check_kv server_cipher_order yes
check_findings
check_status ok
show

# A HelloRetryRequest still means TLS 1.3, and names the group.
truth pf-hrr-25 "$L_HRR" 25
scan pf-hrr-25 "$L_HRR" 25 basic
check_versions basic
check_kv tls13_hrr yes
check_kv tls13_group secp256r1
show

summary
