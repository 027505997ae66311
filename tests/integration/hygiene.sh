#!/bin/sh
# hygiene.sh -- STARTTLS and SMTP hygiene (issue 4) against fixsrv: the
# passive checks of every probe (AUTH before TLS, REQUIRETLS, STARTTLS
# after TLS, capabilities that change across TLS), the opt-in injection
# test (--injection-test: what goes on the wire, one extra connection, the
# verdicts), the failure classes (tarpit greeting, TLS alert by name) and
# the "port 25 is blocked here" diagnosis of a domain audit (fixdns).
. tests/lib/common.sh
need_binaries

FIXDNS=${FIXDNS:-$T/fixtures/fixdns}
step_ms=$((STEP * 1000))
# what the injection test pipelines after STARTTLS: our EHLO, 25 bytes
inj_len=$(printf 'EHLO %s\r\n' "$EHLO_NAME" | wc -c | tr -d ' ')

# conn_log N: the server log lines of connection N (fixsrv serves one at a
# time, so they are contiguous).
conn_log() {
	awk -v n="$1" '/^fixsrv: conn [0-9]+ from/ { c = $3 }
	    c == n' "$SRV_LOG"
}

# check_conns N: the server accepted exactly N connections.
check_conns() {
	check_eq "server accepted $1 connection(s)" \
	    "$(grep -c '^fixsrv: conn [0-9]* from' "$SRV_LOG")" "$1"
}

# --- the passive keys on a plain good server: nothing to report ------------
serve_probe good good rsa
check_kv auth_before_tls no
check_kv starttls_after_tls no
check_kv requiretls no
check_kv ext_added_in_tls ''
check_kv ext_removed_in_tls ''
check_absent starttls_injection
check_absent greeting_tarpit
check_absent tls_alert
check_conns 1
check_srv_not '^fixsrv: (buffered-after-starttls|discarded)' \
    'no injection test unless asked'
check_absent findings
check_status ok

# --- AUTH offered before TLS -------------------------------------------------
serve_probe auth-plain auth-plain rsa
check_kv_match ehlo_ext '(^|,)AUTH(,|$)'
check_kv auth_before_tls yes
check_kv_match findings '(^|,)auth-before-tls(,|$)'
check_kv tls ok
check_kv ext_added_in_tls ''
check_kv ext_removed_in_tls ''
check_status warning

# --- REQUIRETLS (RFC 8689) and capabilities that change across TLS ----------
serve_probe requiretls requiretls rsa
check_kv auth_before_tls no
check_kv_match tls_ehlo_ext '(^|,)REQUIRETLS(,|$)'
check_kv requiretls yes
check_kv ext_added_in_tls AUTH,REQUIRETLS
# STARTTLS leaving is what RFC 3207 4.2 asks: not listed
check_kv ext_removed_in_tls VRFY
check_kv starttls_after_tls no
check_absent findings
check_status ok

# --- STARTTLS offered again inside TLS (RFC 3207 4.2: MUST NOT) -------------
serve_probe starttls-after-tls starttls-after-tls rsa
check_kv_match tls_ehlo_ext '(^|,)STARTTLS(,|$)'
check_kv starttls_after_tls yes
check_kv ext_added_in_tls ''
check_kv ext_removed_in_tls ''
check_kv findings starttls-after-tls
check_status warning

# --- injection test: a server that runs what was buffered before TLS --------
FIXSRV_ARGS="-n 2"
serve_probe inject-vuln inject-vulnerable rsa --injection-test
check_conns 2
check_kv starttls_injection vulnerable
check_absent starttls_injection_error
check_kv starttls_plaintext_injection no
check_kv tls ok
check_kv_match findings '(^|,)starttls-injection-vulnerable(,|$)'
check_status critical
# the main probe never pipelines; the second connection sends STARTTLS
# with the EHLO in one write, then nothing but QUIT inside TLS
check_eq "main connection: STARTTLS alone" \
    "$(conn_log 1 | grep -c 'buffered-after-starttls 0$')" 1
check_eq "injection connection: the EHLO came with STARTTLS" \
    "$(conn_log 2 | grep -c "buffered-after-starttls $inj_len\$")" 1
check_eq "injection connection: inside TLS only the buffered EHLO and QUIT" \
    "$(conn_log 2 | sed -n 's/^fixsrv: tls-cmd //p' | tr '\n' '|')" \
    "EHLO $EHLO_NAME|QUIT|"
check_eq "injection connection: EHLO before STARTTLS, as always" \
    "$(conn_log 2 | sed -n 's/^fixsrv: cmd //p' | tr '\n' '|')" \
    "EHLO $EHLO_NAME|STARTTLS|"
# JSON carries the same verdict
srv_start inject-vuln-json inject-vulnerable -l 127.0.0.1 -c "$PKI/rsa.crt" \
    -k "$PKI/rsa.key" -n 4
probe inject-vuln-kv -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
    $(std_args) --injection-test
probe inject-vuln-json -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
    $(std_args) --injection-test -j
srv_wait
check_json "-j: the injection verdict as in key=value" \
    "$TMPD/inject-vuln-kv.out" "$TMPD/inject-vuln-json.out"

# --- injection test: a server that discards the buffer (Postfix) ------------
serve_probe inject-safe inject-safe rsa --injection-test
check_conns 2
check_kv starttls_injection safe
check_absent starttls_injection_error
check_absent findings
check_status ok
# silence is only proof after the whole wait: min(step, MX_INJECT_WAIT_MS)
wait_ms=$step_ms
[ "$wait_ms" -gt 2000 ] && wait_ms=2000
check_after $((wait_ms - 50))
check_eq "injection connection: buffer discarded" \
    "$(conn_log 2 | grep -c "discarded $inj_len\$")" 1
check_eq "injection connection: nothing but QUIT inside TLS" \
    "$(conn_log 2 | sed -n 's/^fixsrv: tls-cmd //p' | tr '\n' '|')" "QUIT|"

# --- injection test: a server that feeds the EHLO to its TLS layer ----------
serve_probe inject-unknown good rsa --injection-test
check_conns 2
check_kv starttls_injection unknown
check_kv starttls_injection_error tls-handshake-failed
check_kv tls ok
check_status ok
FIXSRV_ARGS=

# --- injection test: nothing to test without STARTTLS, or on implicit TLS ---
serve_probe inject-nostarttls nostarttls rsa --injection-test
check_conns 1
check_absent starttls_injection
check_kv error no-starttls
check_status critical

serve_probe inject-implicit implicit rsa --tls=implicit --injection-test
check_conns 1
check_absent starttls_injection
check_absent auth_before_tls
check_kv requiretls no
check_kv starttls_after_tls no
check_absent ext_added_in_tls
check_status ok

# --- a tarpit: connected, and no greeting at all ----------------------------
serve_probe tarpit tarpit -
check_after $((step_ms - 100))
check_within $((step_ms + 1500))
check_kv error timeout-greeting
check_kv greeting_tarpit yes
check_kv greeting_bytes 0
check_absent greeting_code
check_srv_saw '^fixsrv: tarpit$' 'server kept silent'
check_status critical

# ... and one that dribbles its greeting past the deadline
serve_probe tarpit-drip drip -
check_kv error timeout-greeting
check_kv greeting_tarpit yes
check_kv_match greeting_bytes '^[1-9][0-9]*$'
check_status critical

# a 421 greeting is a stated refusal, not a tarpit
serve_probe busy greeting421 -
check_kv error greeting-busy
check_absent greeting_tarpit
check_status critical

# --- a fatal alert, by name ---------------------------------------------------
serve_probe alert alert rsa
check_kv tls_br_err 296
check_kv tls_alert handshake_failure
check_kv error tls-handshake-failed
check_status critical

# --- domain audits: fixdns serves both domains below ------------------------
MXA=127.77.26.9
REJA=127.77.26.10
INJA=127.77.27.1 INJB=127.77.27.2
ZONE=$TMPD/hygiene.zone
cat > "$ZONE" <<EOF
blocked.test.	300 SOA ns.blocked.test. hm.blocked.test. 1 3600 600 86400 300
blocked.test.	300 MX 10 mx.blocked.test.
mx.blocked.test. 300 A $MXA
inj.test.	300 SOA ns.inj.test. hm.inj.test. 1 3600 600 86400 300
inj.test.	300 MX 10 mx.mxprobe.test.
mx.mxprobe.test. 300 A $INJA
mx.mxprobe.test. 300 A $INJB
rej.test.	300 SOA ns.rej.test. hm.rej.test. 1 3600 600 86400 300
rej.test.	300 MX 10 mx.rej.test.
mx.rej.test.	300 A $REJA
EOF
dns_port=
if [ -x "$FIXDNS" ]; then
	mkfifo "$TMPD/dns.ready"
	"$FIXDNS" -l 127.0.0.1 -z "$ZONE" -T 60 > "$TMPD/dns.ready" \
	    2> "$TMPD/dns.log" &
	PIDS="$PIDS $!"
	read -r _w dns_port < "$TMPD/dns.ready"
fi

# --- the injection test in an audit: one test per address, -P honoured ------
# Two addresses of one MX, one safe, one vulnerable; -P 1: the second
# address waits until the first one's injection test is over.  Both
# listen on the port the kernel picked for the first (-p takes one port).
if [ -n "$dns_port" ] &&
    srv_start inj-a inject-safe -l "$INJA" -c "$PKI/rsa.crt" \
    -k "$PKI/rsa.key" -n 2 2>/dev/null; then
	log_a=$SRV_LOG
	INJPORT=$SRV_PORT
	srv_start inj-b inject-vulnerable -l "$INJB" -p "$INJPORT" \
	    -c "$PKI/rsa.crt" -k "$PKI/rsa.key" -n 2
	log_b=$SRV_LOG
	probe inj-audit inj.test -p "$INJPORT" -r "127.0.0.1:$dns_port" -4 \
	    -P 1 --injection-test -v $(std_args)
	srv_wait
	check_output_form
	check_kv mx1_addr_count 2
	check_kv mx1_a1_addr "$INJA"
	check_kv mx1_a1_status ok
	check_kv mx1_a2_addr "$INJB"
	check_kv mx1_a2_status critical
	check_kv mx1_starttls_injection safe
	check_kv_match mx1_findings '(^|,)mx-address-failed(,|$)'
	check_eq "each address: two connections; the vulnerable one ran the EHLO" \
	    "$(grep -c '^fixsrv: conn [0-9]* from' "$log_a")/$(grep -c \
	    '^fixsrv: conn [0-9]* from' "$log_b")/$(grep -c \
	    "buffered-after-starttls $inj_len\$" "$log_b")" 2/2/1
	# -P 1: every connection (-v traces each) ends before the next begins,
	# the injection tests' included
	check_eq "-P 1: four connections, one at a time" \
	    "$(grep -E ': (connect -> (plain|tls)|(connect|plain|tls) -> done)$' \
	    "$TMPD/inj-audit.err" | sed 's/.*-> done$/D/; s/.*-> .*/C/' |
	    tr -d '\n')" CDCDCDCD
	check_status warning
else
	CTX=inj-audit
	skip "injection test in an audit" "fixdns or $INJA not available"
fi

# --- STARTTLS offered and refused, in an audit: tls=fail per MX and address
if [ -n "$dns_port" ] &&
    srv_start rej starttls454 -l "$REJA" -c "$PKI/rsa.crt" \
    -k "$PKI/rsa.key" 2>/dev/null; then
	probe rej-audit rej.test -p "$SRV_PORT" -r "127.0.0.1:$dns_port" -4 \
	    --tls-scan=off $(std_args)
	srv_wait
	check_output_form
	check_kv mx1_starttls yes
	check_kv mx1_error starttls-rejected
	check_kv mx1_tls fail
	check_kv mx1_a1_tls fail
	check_kv mx1_a1_error starttls-rejected
	check_kv score_item_starttls 0
	check_status critical
else
	CTX=rej-audit
	skip "STARTTLS refused in an audit" "fixdns or $REJA not available"
fi

# --- port 25 blocked where mxprobe runs ---------------------------------------
# A domain whose one MX times out on 25 (a full backlog drops the SYN) but
# accepts on 587: outbound 25 is probably filtered here.  Port 25 needs
# root; the MX lives on a loopback address of its own.
if [ -n "$dns_port" ] &&
    srv_start block25 backlog-full -l "$MXA" -p 25 2>/dev/null; then
	b25=$SRV_PID
	srv_start alt587 good -l "$MXA" -p 587
	probe port25 blocked.test -r "127.0.0.1:$dns_port" -4 $(std_args)
	srv_wait	# alt587: its one connection came
	check_output_form
	check_kv mx1_error connect-timeout
	check_kv port25_blocked likely
	check_kv_match findings '(^|,)port25-blocked(,|$)'
	check_srv_saw '^fixsrv: conn 1 from' 'a connection came to 587'
	check_srv_not '^fixsrv: (cmd|early-talk)' 'nothing sent on the port check'
	check_within $((step_ms * 2 + 1500))
	check_status critical
	# nothing on 587 or 465: the MX may just be down; no claim made
	probe port25-down blocked.test -r "127.0.0.1:$dns_port" -4 $(std_args)
	check_output_form
	check_kv mx1_error connect-timeout
	check_absent port25_blocked
	check_status critical
	# -c NAME is one host, not a domain audit: no port check
	probe port25-host -c mx.blocked.test -r "127.0.0.1:$dns_port" -4 \
	    $(std_args)
	check_kv error connect-timeout
	check_absent port25_blocked
	kill "$b25" 2>/dev/null
else
	CTX=port25
	skip "port 25 blocked" "fixdns or $MXA:25 not available"
fi

summary
