#!/bin/sh
# Interop: mxprobe against a real OpenSMTPD (Debian 12's opensmtpd,
# 6.8.0p2 on OpenSSL 3), run from its unpacked .deb (tests/lib/debpkg.sh:
# installing it would remove Postfix), in a network namespace of its own:
#   smtpd -f CONF -d
# in a mount namespace where a tmpfs covers /var (its compiled-in
# /var/spool/smtpd, mode 711, /var/lib/opensmtpd/empty, the chroot of its
# privilege-separated processes, and /var/run/smtpd.sock) and copies of
# passwd/group name its users opensmtpd and opensmtpq.
# Listeners (one daemon):
#   os-tls    127.0.3.1:25   listen ... tls pki (STARTTLS), rsa chain
#   os-465    127.0.3.1:465  listen ... smtps pki (implicit TLS), rsa
#   os-ecdsa  127.0.3.2:25   tls, ecdsa chain (P-256)
#   os-exp    127.0.3.3:25   tls, expired chain
#   os-plain  127.0.3.4:25   no tls: no STARTTLS
# and a second daemon, OpenSMTPD 7.4 from bookworm-backports (fetched
# through apt lists of the test's own, tests/lib/debpkg.sh), whose TLS
# works, checked against its log line "smtp tls ciphers=...":
#   os7-tls   127.0.3.11:25  STARTTLS, rsa        os7-465  127.0.3.11:465
#   os7-exp   127.0.3.12:25  expired chain        os7-name 127.0.3.13:25
#
# Observed (opensmtpd 6.8.0p2-4+b4, libssl3 3.0):
# - Every TLS handshake fails, at the server's signature: the certificate
#   goes out, then OpenSMTPD's "ca" process, which holds the private key
#   and signs for the others through an RSA_METHOD/EC_KEY_METHOD, fails
#   under OpenSSL 3 and the server sends a fatal internal_error alert
#   (80); it logs
#     smtp disconnected reason="io-error: error:0A0C0103:SSL
#     routines::internal error"
#   (upstream bug; 7.4.0 from bookworm-backports, same OpenSSL, works).
#   STARTTLS itself is accepted (a 220 reply), so nothing mxprobe sees
#   before the handshake differs: greeting, EHLO and the certificate are
#   all checked below; what needs a finished handshake (version, suite,
#   EHLO inside TLS) cannot be.
#   mxprobe must say critical, tls-handshake-failed, with the alert, at
#   once (no hang until the deadline).
# - Greeting: "220 os-a.mxprobe.test ESMTP OpenSMTPD" (the listener's
#   hostname; no version, no date).
# - EHLO keywords, in this order: 8BITMIME, ENHANCEDSTATUSCODES, SIZE, DSN,
#   STARTTLS (only on a tls listener), HELP; no PIPELINING, no CHUNKING
#   (Exim and Postfix advertise both).
# - Logging (smtpd -d, to stderr): one id per session, "smtp connected
#   address=127.0.0.1 host=localhost" then "smtp disconnected reason=...";
#   a polite session ends reason=quit.  7.4 also logs each handshake:
#   "smtp tls ciphers=TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256" (mxprobe:
#   TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, x25519; Exim/GnuTLS chose
#   ChaCha20-Poly1305 and secp256r1 for the same client hello).
# - 7.4's greeting and EHLO keywords are 6.8's, word for word.
#
# env: MXPROBE, RUN, T as for every test (tests/lib/common.sh);
#      KEEP_TMP=1 keeps config and log.  Not root: SKIP.
. tests/lib/common.sh
. tests/lib/debpkg.sh

trap 'deb_stop; cleanup' EXIT
trap 'exit 141' PIPE

# A probe that hangs is killed at 60 s (timeout(1)); it must end long
# before its own -t 10: a failed handshake ends the probe at once (3 s
# allowed; 15 s under an emulator, RUN, as make check-cross runs it).
PROBE_KILL=60
FAST=3000
[ -z "$RUN" ] || FAST=15000

if ! why=$(deb_can_run); then
	skip "OpenSMTPD interop" "$why"
	summary; exit 0
fi
need_mxprobe
need_pki
if ! deb_fetch opensmtpd || ! deb_libs "$DEB_ROOT/usr/sbin/smtpd"; then
	not_ok "opensmtpd unpacked with its libraries"
	diag "$DEB_ERR"
	summary; exit 1
fi
SMTPD=$DEB_ROOT/usr/sbin/smtpd
OS_VERSION=$DEB_VERSION
ok "opensmtpd $DEB_VERSION unpacked ($SMTPD)"

A_TLS=127.0.3.1 A_EC=127.0.3.2 A_EXP=127.0.3.3 A_PLAIN=127.0.3.4
HOST=os-a.mxprobe.test
D=$TMPD/smtpd
mkdir -p "$D"
for _p in rsa ecdsa expired; do
	cp "$PKI/$_p.crt" "$PKI/$_p.key" "$D/"
done
chmod 600 "$D"/*.key
deb_users "$D" opensmtpd opensmtpq ||
	{ not_ok "passwd copies made"; summary; exit 1; }
cat > "$D/smtpd.conf" <<EOF
# Private test instance written by tests/interop/opensmtpd.sh.
pki rsa cert "$D/rsa.crt"
pki rsa key "$D/rsa.key"
pki ecdsa cert "$D/ecdsa.crt"
pki ecdsa key "$D/ecdsa.key"
pki expired cert "$D/expired.crt"
pki expired key "$D/expired.key"
listen on $A_TLS port 25 tls pki rsa hostname $HOST
listen on $A_TLS port 465 smtps pki rsa hostname $HOST
listen on $A_EC port 25 tls pki ecdsa hostname $HOST
listen on $A_EXP port 25 tls pki expired hostname $HOST
listen on $A_PLAIN port 25 hostname $HOST
match from any for any reject
EOF
if ! deb_netns "mxprobe-smtpd-$$"; then
	not_ok "network namespace made"
	diag "$DEB_ERR"
	summary; exit 1
fi
LOG=$D/smtpd.log
deb_spawn "$LOG" 'mount -t tmpfs -o mode=755 tmpfs /var &&
    mkdir -p /var/lib/opensmtpd/empty /var/run &&
    mkdir -m 711 /var/spool /var/spool/smtpd' \
    "$SMTPD" -f "$D/smtpd.conf" -d
if ! deb_wait_listen "$A_TLS:25" "$A_TLS:465" "$A_EC:25" "$A_EXP:25" \
    "$A_PLAIN:25"; then
	not_ok "OpenSMTPD listening on its five listeners"
	diag "$(tail -n 10 "$LOG")"
	summary; exit 1
fi
ok "OpenSMTPD listening ($A_TLS:25,465 and 127.0.3.2-4:25; netns $DEB_NS)"

mark() { wc -l < "$LOG" | tr -d ' '; }
since() { tail -n +"$(($1 + 1))" "$LOG"; }

# os_probe NAME ADDR PORT: one probe; the server's lines in $TMPD/NAME.log
# once it logged the disconnect (bounded: 5 s).
os_probe() {
	_n=$1 _a=$2 _p=$3
	shift 3
	_m=$(mark)
	_run=$RUN
	RUN="ip netns exec $DEB_NS $RUN"
	probe "$_n" -c "mx.mxprobe.test:$_p" --addr "$_a" -C "$PKI/bundle.crt" \
	    --now "$REF_NOW" -t 10 --step-timeout 5 -e "$EHLO_NAME" "$@"
	RUN=$_run
	_i=0
	until since "$_m" | grep -q 'smtp disconnected'; do
		_i=$((_i + 1))
		[ "$_i" -le 50 ] || break
		sleep 0.1
	done
	since "$_m" > "$TMPD/$_n.log"
	check_output_form
	check_within "$FAST"
}

# On any failure of the last probe, both sides.
show() { show_with_log OpenSMTPD; }
_fail0=$t_fail

# check_broken_tls LEAF: the handshake failure of 6.8 on OpenSSL 3, as
# mxprobe must report it: critical, a named error and the server's alert;
# the certificate (sent before the failing signature) is still examined.
check_broken_tls() {
	check_status critical
	check_kv tls fail
	check_kv error tls-handshake-failed
	check_list_has findings tls-handshake-failed
	check_kv tls_alert internal_error
	check_kv tls_br_err_name RECV_FATAL_ALERT_internal_error
	check_absent tls_version
	check_fingerprint cert_sha256 "$PKI/$1-leaf.crt"
	_e='reason="io-error: error:0A0C0103:SSL routines::internal error"'
	check "OpenSMTPD logged the OpenSSL 3 failure" \
	    grep -q "smtp disconnected $_e" "$TMPD/$CTX.log"
}

# ---- STARTTLS (broken handshake) -----------------------------------
os_probe os-tls "$A_TLS" 25
check_kv greeting_code 220
check_kv banner_host "$HOST"
check_kv banner "$HOST ESMTP OpenSMTPD"
check_kv ehlo_host "$HOST"
check_kv ehlo_ext '8BITMIME,ENHANCEDSTATUSCODES,SIZE,DSN,STARTTLS,HELP'
check_kv starttls yes
check_kv tls_mode starttls
check_broken_tls rsa
check_kv cert_trusted yes
check_kv cert_hostname_match yes
show

# ---- implicit TLS (the same failure, no SMTP before it) ------------
os_probe os-465 "$A_TLS" 465
check_kv tls_mode implicit
check_absent greeting_code
check_broken_tls rsa
show

# ---- ECDSA: the ca process signs with EC keys the same way ---------
os_probe os-ecdsa "$A_EC" 25
check_kv starttls yes
check_broken_tls ecdsa
check_kv cert_key_type EC
show

# ---- expired chain: seen, though the handshake fails ---------------
os_probe os-exp "$A_EXP" 25
check_broken_tls expired
check_kv cert_expired yes
show

# ---- a TLS scan of a server whose handshakes all fail: each scan
# hello stops at the ServerHello, before the failing signature, so
# the scan finds TLS 1.3 and 1.2 "accepted" by a server with which
# no handshake completes (the probe's error says so) -------------
SCAN_ARGS=--tls-scan=basic
os_probe os-tls-scan "$A_TLS" 25
SCAN_ARGS=--tls-scan=off
check_kv tls_scan basic
check_kv tls13 yes
check_kv tls12 yes
check_kv error tls-handshake-failed
check_status critical
check "OpenSMTPD saw 1 + tls_scan_connections sessions" test \
    "$(grep -c 'smtp connected' "$TMPD/$CTX.log")" = \
    "$((1 + $(kv "$TMPD/$CTX.out" tls_scan_connections)))"
show

# ---- no STARTTLS -----------------------------------------------------------
os_probe os-plain "$A_PLAIN" 25
check_status critical
check_kv banner_host "$HOST"
check_kv starttls no
check_kv tls none
check_kv error no-starttls
check_list_has findings no-starttls
check_list_lacks ehlo_ext STARTTLS
check "OpenSMTPD logged a polite session (reason=quit)" \
    grep -q 'smtp disconnected reason=quit' "$TMPD/$CTX.log"
show


# ---- OpenSMTPD 7 from bookworm-backports: TLS that works -------------------
# The same kind of config (its own addresses; wrongname instead of ecdsa),
# a second daemon in the same network namespace, with its own tmpfs /var.
if ! deb_fetch opensmtpd bookworm-backports ||
    ! deb_libs "$DEB_ROOT/usr/sbin/smtpd"; then
	not_ok "opensmtpd from bookworm-backports unpacked with its libraries"
	diag "$DEB_ERR"
	summary; exit 1
fi
SMTPD7=$DEB_ROOT/usr/sbin/smtpd
ok "opensmtpd $DEB_VERSION (bookworm-backports) unpacked ($SMTPD7)"
B_TLS=127.0.3.11 B_EXP=127.0.3.12 B_NAME=127.0.3.13
HOST7=os-b.mxprobe.test
cp "$PKI/wrongname.crt" "$PKI/wrongname.key" "$D/"
chmod 600 "$D"/*.key
cat > "$D/smtpd7.conf" <<EOF
# Private test instance written by tests/interop/opensmtpd.sh.
pki rsa cert "$D/rsa.crt"
pki rsa key "$D/rsa.key"
pki expired cert "$D/expired.crt"
pki expired key "$D/expired.key"
pki wrongname cert "$D/wrongname.crt"
pki wrongname key "$D/wrongname.key"
listen on $B_TLS port 25 tls pki rsa hostname $HOST7
listen on $B_TLS port 465 smtps pki rsa hostname $HOST7
listen on $B_EXP port 25 tls pki expired hostname $HOST7
listen on $B_NAME port 25 tls pki wrongname hostname $HOST7
match from any for any reject
EOF
PID6=$DEB_PID
LOG=$D/smtpd7.log
deb_spawn "$LOG" 'mount -t tmpfs -o mode=755 tmpfs /var &&
    mkdir -p /var/lib/opensmtpd/empty /var/run &&
    mkdir -m 711 /var/spool /var/spool/smtpd' \
    "$SMTPD7" -f "$D/smtpd7.conf" -d
PIDS="$PIDS $PID6"
if ! deb_wait_listen "$B_TLS:25" "$B_TLS:465" "$B_EXP:25" "$B_NAME:25"; then
	not_ok "OpenSMTPD 7 listening on its four listeners"
	diag "$(tail -n 10 "$LOG")"
	summary; exit 1
fi
ok "OpenSMTPD 7 listening ($B_TLS:25,465, $B_EXP:25, $B_NAME:25)"

# check_log_tls: tls_version / tls_cipher are what OpenSMTPD logged
# ("smtp tls ciphers=TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256": OpenSSL
# names, mapped to IANA's with openssl ciphers -stdname).
check_log_tls() {
	_l=$(sed -n 's/.* smtp tls ciphers=\([^ ]*\).*/\1/p' "$TMPD/$CTX.log" |
	    head -n 1)
	if [ -z "$_l" ]; then
		not_ok "OpenSMTPD logged the TLS session"
		diag "$(cat "$TMPD/$CTX.log")"
		return
	fi
	_v=${_l%%:*} _c=${_l#*:}
	_c=${_c%%:*}
	check_kv tls_version "TLS${_v#TLSv}"
	check_kv tls_cipher "$(openssl ciphers -stdname 'ALL:@SECLEVEL=0' |
	    awk -v c="$_c" '$3 == c { print $1; exit }')"
}

os_probe os7-tls "$B_TLS" 25
check_status ok
check_kv banner_host "$HOST7"
check_kv banner "$HOST7 ESMTP OpenSMTPD"
check_kv starttls yes
check_kv tls ok
check_absent error
check_kv cert_trusted yes
check_kv cert_hostname_match yes
check_log_tls
check "OpenSMTPD 7 logged a polite session (reason=quit)" \
    grep -q 'smtp disconnected reason=quit' "$TMPD/$CTX.log"
show

os_probe os7-465 "$B_TLS" 465
check_status ok
check_kv tls_mode implicit
check_kv tls ok
check_log_tls
show

os_probe os7-exp "$B_EXP" 25
check_status critical
check_kv tls ok
check_kv cert_expired yes
check_list_has findings cert-expired
check_log_tls
show

os_probe os7-name "$B_NAME" 25
check_status warning
check_kv tls ok
check_kv cert_hostname_match no
check_list_has findings cert-name-mismatch
check_log_tls
show

summary
