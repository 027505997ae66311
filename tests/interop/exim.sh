#!/bin/sh
# Interop: mxprobe against a real Exim (Debian 12's exim4-daemon-light,
# Exim 4.96 built with GnuTLS 3.7), run from its unpacked .deb
# (tests/lib/debpkg.sh: it would replace Postfix if installed), in a
# network namespace of its own, with a config written here and
#   exim4 -C CONF -bdf -oX 25
# One daemon, one listener per case; the config chooses by
# $received_ip_address (Exim expands these options per connection):
#   ex-tls    127.0.2.1:25   STARTTLS, rsa chain (certs.sh)
#   ex-465    127.0.2.1:465  implicit TLS (tls_on_connect_ports), rsa
#   ex-exp    127.0.2.2:25   STARTTLS, expired chain (2020-2021)
#   ex-name   127.0.2.3:25   STARTTLS, wrongname chain (other.mxprobe.test)
#   ex-multi  127.0.2.4:25   three-line greeting held 1 s (connect ACL delay)
#   ex-plain  127.0.2.5:25   no STARTTLS (tls_advertise_hosts empty)
#   ex-tls13  127.0.2.6:25   tls_require_ciphers NORMAL:-VERS-ALL:+VERS-TLS1.3
# Truth: Exim's QUIT ACL logs $tls_in_ver and $tls_in_cipher_std of each
# session (Exim itself logs no TLS line for a session without a message),
# and gnutls-cli for the TLS 1.3-only listener.
#
# Observed (Exim 4.96-15+deb12u11, GnuTLS 3.7.9):
# - Greeting: the expanded smtp_banner, "220 ex-a.mxprobe.test ESMTP Exim
#   4.96 Mon, 07 Dec 2026 23:15:00 +0000" here; a banner with "\n" becomes
#   "220-" continuation lines (mxprobe's banner joins them with "?").
# - EHLO keywords, in this order: SIZE, 8BITMIME, PIPELINING, PIPECONNECT
#   (this build advertises it to every host unless
#   pipelining_connect_advertise_hosts says otherwise), CHUNKING, STARTTLS
#   (only to hosts matching tls_advertise_hosts), SMTPUTF8, HELP; inside
#   TLS the same minus STARTTLS.  No AUTH without an authenticator.
# - Default TLS (priority NORMAL) with mxprobe's TLS 1.2 client:
#   TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, group secp256r1, secure
#   renegotiation; Exim's $tls_in_cipher_std spells suites as IANA does.
# - An expired or wrong-name certificate is served without a word in
#   Exim's log: GnuTLS does not check the server's own certificate.
# - TLS 1.3 only: to a TLS 1.2 ClientHello GnuTLS answers with a fatal
#   handshake_failure alert (40) and Exim logs "TLS error on connection
#   ... (gnutls_handshake): No supported cipher suites have been found."
#   (for a TLS 1.0 hello: "A packet with illegal or unsupported version").
# - Logging: "SMTP connection from [127.0.0.1] I=[127.0.2.1]:25 (TCP/IP
#   connection count = 1)" (+incoming_interface) and "... closed by QUIT";
#   a client talking before the greeting: "SMTP protocol synchronization
#   error (input sent without waiting for greeting)".
# - GnuTLS's NORMAL priority on Debian 12 still enables TLS 1.0 and 1.1
#   (a default Exim is "tls-legacy-enabled" for mxprobe's scan); a hello
#   that stops after the ServerHello is logged "The TLS connection was
#   non-properly terminated."
#
# env: MXPROBE, RUN, T as for every test (tests/lib/common.sh);
#      KEEP_TMP=1 keeps the config and Exim's log.  Not root: SKIP.
. tests/lib/common.sh
. tests/lib/debpkg.sh

# A probe's deadline; an emulator (RUN, make check-cross) is slower.
PT=10
[ -z "$RUN" ] || PT=30
PROBE_KILL=$((PT + 20))

trap 'deb_stop; cleanup' EXIT
trap 'exit 141' PIPE

if ! why=$(deb_can_run); then
	skip "Exim interop" "$why"
	summary; exit 0
fi
need_mxprobe
need_pki
if ! deb_fetch exim4-daemon-light || ! deb_libs "$DEB_ROOT/usr/sbin/exim4"
then
	not_ok "exim4-daemon-light unpacked with its libraries"
	diag "$DEB_ERR"
	summary; exit 1
fi
EXIM=$DEB_ROOT/usr/sbin/exim4
ok "exim4-daemon-light $DEB_VERSION unpacked ($EXIM)"
if ! command -v gnutls-cli >/dev/null 2>&1; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends gnutls-bin >/dev/null 2>&1
fi

A_TLS=127.0.2.1 A_EXP=127.0.2.2 A_NAME=127.0.2.3 A_MULTI=127.0.2.4
A_PLAIN=127.0.2.5 A_TLS13=127.0.2.6
HOST=ex-a.mxprobe.test
D=$TMPD/exim
mkdir -p "$D/spool" "$D/log" "$D/certs"
chmod 755 "$TMPD" "$D"
for _c in $A_TLS:rsa $A_EXP:expired $A_NAME:wrongname $A_MULTI:rsa \
    $A_PLAIN:rsa $A_TLS13:rsa; do
	cp "$PKI/${_c#*:}.crt" "$D/certs/${_c%%:*}.crt"
	cp "$PKI/${_c#*:}.key" "$D/certs/${_c%%:*}.key"
done
deb_users "$D" Debian-exim || { not_ok "passwd copies made"; summary; exit 1; }
# The receiving process runs as Debian-exim: it reads the certificates
# at STARTTLS time and writes spool and log.
_u=$(deb_uid Debian-exim)
chown -R "$_u:$_u" "$D/spool" "$D/log" "$D/certs"

B='$smtp_active_hostname ESMTP Exim $version_number'
# Exim's ${if} per listener address: X is "${if eq{$received_ip_address}".
X='${if eq{$received_ip_address}'
cat > "$D/exim.conf" <<EOF
# Private test instance written by tests/interop/exim.sh; not the system's.
exim_path = $EXIM
spool_directory = $D/spool
log_file_path = $D/log/%slog
primary_hostname = $HOST
keep_environment =
rfc1413_query_timeout = 0s
host_lookup =
local_interfaces = <; $A_TLS.25; $A_TLS.465; $A_EXP.25; $A_NAME.25; \
    $A_MULTI.25; $A_PLAIN.25; $A_TLS13.25
tls_on_connect_ports = 465
tls_advertise_hosts = $X{$A_PLAIN}{}{*}}
tls_certificate = $D/certs/\$received_ip_address.crt
tls_privatekey = $D/certs/\$received_ip_address.key
tls_require_ciphers = $X{$A_TLS13}{NORMAL:-VERS-ALL:+VERS-TLS1.3}{NORMAL}}
# No PIPECONNECT on ex-multi: a client allowed to talk first escapes the
# synchronization check that proves mxprobe waited for the greeting.
pipelining_connect_advertise_hosts = $X{$A_MULTI}{}{*}}
smtp_banner = $X{$A_MULTI}{$B first\nsecond line\nthird line}{$B \$tod_full}}
log_selector = +smtp_connection +incoming_interface +tls_sni
acl_smtp_connect = acl_connect
acl_smtp_rcpt = acl_rcpt
acl_smtp_quit = acl_quit
begin acl
acl_connect:
  accept condition = $X{$A_MULTI}}
         delay = 1s
  accept
acl_rcpt:
  deny message = test instance accepts nothing
acl_quit:
  accept logwrite = probe-quit I=\$received_ip_address:\$received_port \
         ver=\${if def:tls_in_ver{\$tls_in_ver}{none}} \
         cipher=\${if def:tls_in_cipher_std{\$tls_in_cipher_std}{none}}
begin routers
begin transports
EOF

if ! deb_netns "mxprobe-exim-$$"; then
	not_ok "network namespace made"
	diag "$DEB_ERR"
	summary; exit 1
fi
LOG=$D/log/mainlog
deb_spawn "$D/exim.out" : "$EXIM" -C "$D/exim.conf" -bdf -oX 25
if ! deb_wait_listen "$A_TLS:25" "$A_TLS:465" "$A_EXP:25" "$A_NAME:25" \
    "$A_MULTI:25" "$A_PLAIN:25" "$A_TLS13:25"; then
	not_ok "Exim daemon listening on its seven listeners"
	diag "$(cat "$D/exim.out" "$D/log/paniclog" "$LOG" 2>/dev/null | tail -n 10)"
	summary; exit 1
fi
ok "Exim daemon listening ($A_TLS:25,465 and 127.0.2.2-6:25; netns $DEB_NS)"

mark() { wc -l < "$LOG" 2>/dev/null | tr -d ' ' || echo 0; }
since() { tail -n +"$(($1 + 1))" "$LOG"; }
# wait_log MARK ERE: bounded (5 s) wait for a matching line after MARK.
wait_log() {
	_i=0
	until since "$1" | grep -Eq -- "$2"; do
		_i=$((_i + 1))
		[ "$_i" -le 50 ] || return 1
		sleep 0.1
	done
}

# The synchronization detector must fire for a client that talks first,
# or the "no synchronization error" checks below would prove nothing.
m=$(mark)
deb_exec timeout 10 bash -c 'exec 3<>"/dev/tcp/$1/25" &&
    printf "EHLO early\r\nQUIT\r\n" >&3 && cat <&3 >/dev/null' x "$A_MULTI" \
    2>/dev/null
if wait_log "$m" \
    'synchronization error \(input sent without waiting for greeting\)'
then
	ok "Exim flags a client that talks before the greeting"
else
	not_ok "Exim flags a client that talks before the greeting"
	diag "$(since "$m")"
fi

# ex_probe NAME ADDR PORT [mxprobe args]: one probe in the namespace, its
# Exim log lines in $TMPD/NAME.log (after the session's last line).
ex_probe() {
	_n=$1 _a=$2 _p=$3
	shift 3
	_m=$(mark)
	_run=$RUN
	RUN="ip netns exec $DEB_NS $RUN"
	probe "$_n" -c "mx.mxprobe.test:$_p" --addr "$_a" -C "$PKI/bundle.crt" \
	    --now "$REF_NOW" -t "$PT" -e "$EHLO_NAME" "$@"
	RUN=$_run
	wait_log "$_m" \
	    "I=\\[$_a\\]:$_p closed by|I=\\[$_a\\]:$_p lost|closed by EOF" ||
		true
	since "$_m" > "$TMPD/$_n.log"
	check_output_form
	check_within $(((PT + 2) * 1000))
	if grep -q 'synchronization error' "$TMPD/$_n.log"; then
		not_ok "Exim logged no synchronization error"
		diag "$(grep 'synchronization error' "$TMPD/$_n.log")"
	else
		ok "Exim logged no synchronization error"
	fi
}

# check_quit_tls: tls_version / tls_cipher are what Exim's QUIT ACL saw.
check_quit_tls() {
	_l=$(grep 'probe-quit ' "$TMPD/$CTX.log" | head -n 1)
	_v=$(printf '%s\n' "$_l" | sed -n 's/.* ver=\([^ ]*\).*/\1/p')
	_c=$(printf '%s\n' "$_l" | sed -n 's/.* cipher=\([^ ]*\).*/\1/p')
	if [ -z "$_v" ]; then
		not_ok "Exim's QUIT ACL logged the session"
		diag "$(cat "$TMPD/$CTX.log")"
		return
	fi
	# Exim says TLS1.2; GnuTLS's standard names are IANA's.
	check_kv tls_version "$_v"
	check_kv tls_cipher "$_c"
}

# On any failure of the last probe, both sides.
show() { show_with_log Exim; }
_fail0=$t_fail

# ---- STARTTLS, good chain --------------------------------------------------
ex_probe ex-tls "$A_TLS" 25
check_status ok
check_absent error
check_kv tls ok
check_kv tls_mode starttls
check_kv starttls yes
check_kv greeting_code 220
check_kv banner_host "$HOST"
check_kv_match banner "^$HOST ESMTP Exim 4\\.[0-9]+ "
check_kv ehlo_host "$HOST"
check_list_has ehlo_ext STARTTLS
check_list_has ehlo_ext PIPECONNECT
check_list_has ehlo_ext CHUNKING
check_list_lacks tls_ehlo_ext STARTTLS
check_kv cert_trusted yes
check_kv cert_hostname_match yes
check_fingerprint cert_sha256 "$PKI/rsa-leaf.crt"
check_quit_tls
check "Exim logged the session closed by QUIT" \
    grep -q "I=\\[$A_TLS\\]:25 closed by QUIT" "$TMPD/$CTX.log"
show

# ---- implicit TLS ----------------------------------------------------------
ex_probe ex-465 "$A_TLS" 465
check_status ok
check_kv tls ok
check_kv tls_mode implicit
check_absent starttls
check_kv banner_host "$HOST"
check_kv cert_trusted yes
check_kv cert_hostname_match yes
check_quit_tls
show

# ---- expired certificate ---------------------------------------------------
ex_probe ex-exp "$A_EXP" 25
check_status critical
check_kv tls ok
check_kv cert_expired yes
check_kv_match cert_days_left '^-[0-9]+$'
check_kv cert_trusted yes
check_kv cert_hostname_match yes
check_list_has findings cert-expired
check_fingerprint cert_sha256 "$PKI/expired-leaf.crt"
check_quit_tls
show

# ---- wrong name ------------------------------------------------------------
ex_probe ex-name "$A_NAME" 25
check_status warning
check_kv tls ok
check_kv cert_hostname_match no
check_kv cert_trusted yes
check_kv cert_san other.mxprobe.test
check_list_has findings cert-name-mismatch
check_quit_tls
show

# ---- multi-line greeting, held 1 s ------------------------------------------
ex_probe ex-multi "$A_MULTI" 25
check_status ok
check_kv greeting_code 220
check_kv banner_host "$HOST"
check_kv_match banner \
    "^$HOST ESMTP Exim 4\\.[0-9]+ first\\?second line\\?third line\$"
check_list_lacks ehlo_ext PIPECONNECT
check_after 1000
check_quit_tls
show

# ---- no STARTTLS -----------------------------------------------------------
ex_probe ex-plain "$A_PLAIN" 25
check_status critical
check_kv starttls no
check_kv tls none
check_kv error no-starttls
check_list_has findings no-starttls
check_list_lacks ehlo_ext STARTTLS
check_absent tls_version
check "Exim logged the session closed by QUIT" \
    grep -q "I=\\[$A_PLAIN\\]:25 closed by QUIT" "$TMPD/$CTX.log"
show

# ---- GnuTLS restricted to TLS 1.3 ------------------------------------------
# Truth: gnutls-cli's STARTTLS handshakes, one protocol version each.
# gtls ADDR VERSION: "yes" when a handshake at exactly that version works.
gtls() {
	deb_exec timeout 10 gnutls-cli --starttls-proto=smtp -p 25 \
	    --x509cafile="$PKI/ca.crt" --verify-hostname=mx.mxprobe.test \
	    --priority="NORMAL:-VERS-ALL:+VERS-TLS$2" "$1" < /dev/null \
	    > "$TMPD/gtls.out" 2>&1
	if grep -q "^- Description: (TLS$2-" "$TMPD/gtls.out"; then echo yes
	else echo no; fi
}
# truth ADDR: G10 G11 G12 G13 for that listener.
truth() {
	G10=$(gtls "$1" 1.0) G11=$(gtls "$1" 1.1) G12=$(gtls "$1" 1.2)
	G13=$(gtls "$1" 1.3)
	diag "gnutls-cli $1: tls10=$G10 tls11=$G11 tls12=$G12 tls13=$G13"
}
HAVE_GTLS=yes
command -v gnutls-cli >/dev/null 2>&1 || HAVE_GTLS=no
if [ "$HAVE_GTLS" = yes ]; then
	CTX=truth
	truth "$A_TLS13"
	check_eq "gnutls-cli: TLS 1.3 accepted by $A_TLS13" "$G13" yes
	check_eq "gnutls-cli: TLS 1.2 refused by $A_TLS13" "$G12" no
	CTX=
else
	not_ok "gnutls-cli installed (apt-get install gnutls-bin)"
fi

# BearSSL speaks TLS 1.0-1.2: the probe's handshake is refused with an
# alert, which mxprobe reports as such, in time.
ex_probe ex-tls13 "$A_TLS13" 25
check_status critical
check_kv starttls yes
check_kv tls fail
check_kv error tls-handshake-failed
check_kv tls_alert handshake_failure
check_list_has findings tls-handshake-failed
check "Exim logged GnuTLS's refusal" \
    grep -q 'gnutls_handshake.*No supported cipher suites' "$TMPD/$CTX.log"
show

# The basic scan's TLS 1.3 hello finds what the probe could not.
SCAN_ARGS=--tls-scan=basic
ex_probe ex-tls13-scan "$A_TLS13" 25
SCAN_ARGS=--tls-scan=off
check_kv tls_scan basic
check_absent tls_scan_error
check_kv tls13 yes
check_kv tls13_cipher TLS_AES_128_GCM_SHA256
check_kv_match tls13_group '^(x25519|secp256r1)$'
# TLS 1.2 was refused with an alert; the scan does not say yes.
check_kv_match tls12 '^(no|unknown)$'
check_kv tls11 no
check_kv tls10 no
check_list_lacks findings no-tls13
check_kv error tls-handshake-failed
check_status critical
show

# The good listener scanned too, against gnutls-cli's truth.  A basic
# scan learns TLS 1.0 only when TLS 1.1 is refused (tests/interop/tlsscan.sh).
if [ "$HAVE_GTLS" = yes ]; then
	truth "$A_TLS"
	SCAN_ARGS=--tls-scan=basic
	ex_probe ex-tls-scan "$A_TLS" 25
	SCAN_ARGS=--tls-scan=off
	check_kv tls13 "$G13"
	check_kv tls12 "$G12"
	check_kv tls11 "$G11"
	if [ "$G11" = yes ]; then
		check_kv tls10 unknown
		check_list_has findings tls-legacy-enabled
		check_status warning
	else
		check_kv tls10 "$G10"
	fi
	check_kv weak_ciphers none
	show
fi

summary
