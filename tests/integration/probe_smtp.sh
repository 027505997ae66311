#!/bin/sh
# probe_smtp.sh -- fixsrv's misbehaving scenarios: every SMTP and TLS step
# that can be refused, cut, flooded, injected into or left unanswered, and
# the error= code, status and exit status mxprobe must give for it, within
# its deadlines (timed, never slept for).
. tests/lib/common.sh
need_binaries

step_ms=$((STEP * 1000))

# check_timeout_window: a step timeout was waited for, and not much longer.
check_timeout_window() {
	check_after $((step_ms - 100))
	check_within $((step_ms + 1500))
}

# check_status_in ERE: status matches, and the exit status goes with it.
check_status_in() {
	check_kv_match status "$1"
	case $(kv "$TMPD/$CTX.out" status) in
	ok) check_rc 0 ;; warning) check_rc 1 ;; critical) check_rc 2 ;;
	*) check_rc 3 ;;
	esac
}

# --- STARTTLS not offered ----------------------------------------------------------
serve_probe nostarttls nostarttls rsa
check_kv greeting_code 220
check_kv starttls no
check_kv tls none
check_kv_match ehlo_ext '(^|,)PIPELINING(,|$)'
check_kv error no-starttls
check_absent tls_version
check_absent cert_subject
check_status critical

# --- STARTTLS refused with 454 ----------------------------------------------------
serve_probe starttls454 starttls454 rsa
check_kv starttls yes
check_kv error starttls-rejected
check_kv smtp_reply_code 454
check_kv_match smtp_reply_text 'TLS not available'
# offered and refused: TLS was attempted and did not come up
check_kv tls fail
check_absent tls_version
check_srv_saw '^fixsrv: cmd STARTTLS$' 'STARTTLS sent'
check_status critical

# --- fatal alert after the ClientHello ----------------------------------------------
serve_probe alert alert rsa
check_kv starttls yes
check_kv tls fail
check_kv error tls-handshake-failed
# BearSSL: BR_ERR_RECV_FATAL_ALERT (256) + handshake_failure (40).
check_kv tls_br_err 296
check_kv_match tls_br_err_name '.'
check_srv_saw '^fixsrv: client-hello type=0x16 ' 'a ClientHello came'
check_srv_saw '^fixsrv: alert-sent' 'alert sent'
check_status critical

# --- TCP closed right after "220" to STARTTLS ---------------------------------------
serve_probe tls-close tls-close rsa
check_kv tls fail
check_kv_match error '^(tls-handshake-failed|connection-closed)$'
check_status critical

# --- connection closed after the greeting --------------------------------------------
serve_probe close-after-greeting close-after-greeting -
check_kv greeting_code 220
check_kv banner_host mx.mxprobe.test
check_kv error connection-closed
check_kv tls none
check_status critical

# --- 421 / 554 greetings --------------------------------------------------------------
serve_probe greeting421 greeting421 -
check_kv greeting_code 421
check_kv error greeting-busy
check_kv smtp_reply_code 421
check_kv tls none
check_status critical

serve_probe greeting554 greeting554 -
check_kv greeting_code 554
check_kv error greeting-refused
check_kv smtp_reply_code 554
check_kv tls none
check_srv_not '^fixsrv: cmd (EHLO|HELO|STARTTLS)' 'no EHLO/STARTTLS after 554'
check_srv_saw '^fixsrv: cmd QUIT$' 'QUIT after 554 (RFC 5321 3.1)'
check_status critical

# --- EHLO refused, HELO works: no extensions, so no STARTTLS --------------------------
serve_probe ehlo-refused ehlo-refused rsa
check_kv helo_fallback yes
check_kv starttls no
check_kv tls none
check_kv error no-starttls
check_srv_saw "^fixsrv: cmd EHLO $EHLO_NAME\$" "EHLO $EHLO_NAME first"
check_srv_saw "^fixsrv: cmd HELO $EHLO_NAME\$" "then HELO $EHLO_NAME"
check_status critical

# --- slow multi-line greeting (~1.7 s): wait for all of it, then talk -----------------
srv_start slowgreeting slowgreeting -l 127.0.0.1 -c "$PKI/rsa.crt" \
    -k "$PKI/rsa.key"
probe slowgreeting -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
    -C "$PKI/bundle.crt" --now "$REF_NOW" -e "$EHLO_NAME" \
    -t $((TMO + 5)) --step-timeout $((STEP + 3))
srv_wait
check_output_form
check_after 1600
check_kv greeting_code 220
check_kv banner_host mx.mxprobe.test
# README: the lines of a multi-line greeting joined by a newline, shown '?'.
check_kv banner 'mx.mxprobe.test slow?ok'
check_kv tls ok
check_absent error
check_srv_saw '^fixsrv: greeting-sent early-talk=no$' \
    'nothing sent before the greeting ended'
check_status ok

# --- one byte a second: the greeting step times out -----------------------------------
serve_probe drip drip -
check_timeout_window
check_kv error timeout-greeting
check_srv_not '^fixsrv: early-talk' 'nothing sent into an unfinished greeting'
check_status critical
# ... and the overall -t deadline bounds it when the step deadline is longer.
srv_start drip-total drip -l 127.0.0.1
probe drip-total -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
    -C "$PKI/bundle.crt" --now "$REF_NOW" -t 2 --step-timeout 10
srv_wait
check_output_form
check_after 1900
check_within 3500
check_kv_match error '^timeout-'
check_status critical

# --- floods: a 100 KB line, a 10,000-line EHLO reply ---------------------------------
# Both exceed what RFC 5321 allows or any real server sends (4.5.3.1.5:
# 512-octet lines; mxprobe keeps 1024 and 64 lines), so the server is at
# fault and mail to it fails: critical, not the "limit hit" of unknown,
# which is for mxprobe's own capacities (CA bundle, chain, ...).  Detected
# as it happens, not by a timeout.
serve_probe longline longline -
check_within $((step_ms - 200))
check_kv error smtp-line-too-long
check_kv tls none
check_status critical

serve_probe endless endless rsa
check_within $((step_ms - 200))
check_kv greeting_code 220
check_kv error smtp-reply-too-long
check_kv tls none
check_status critical

# --- plaintext injected after "220 Ready to start TLS" ----------------------------------
serve_probe inject inject rsa
check_kv starttls yes
check_kv starttls_plaintext_injection yes
check_kv error starttls-injection
# offered, accepted, then abandoned before the handshake: attempted
check_kv tls fail
check_srv_not '^fixsrv: tls-ok' 'no TLS session after the injection'
check_status critical

# The same bytes one write later, once the ClientHello is on its way: the
# TLS layer sees "250 i" as a record header.
serve_probe inject-late inject-late rsa
check_kv_match tls '^(fail|none)$'
check_kv_match error '^(tls-handshake-failed|starttls-injection)$'
check_status critical

# --- steps left unanswered: each has its own timeout code ---------------------------
for s in ehlo starttls tls tls-ehlo; do
	serve_probe "hang-$s" "hang-$s" rsa
	check_timeout_window
	case $s in
	tls-ehlo) check_kv error timeout-ehlo-tls ;;
	*) check_kv error "timeout-$s" ;;
	esac
	case $s in
	tls)
		check_kv tls fail
		check_status critical
		;;
	tls-ehlo)
		# The handshake was done: its facts are reported.
		check_kv tls ok
		check_kv tls_version TLS1.2
		check_kv cert_trusted yes
		check_kv cert_hostname_match yes
		check_status_in '^(warning|critical)$'
		;;
	*)
		check_status critical
		;;
	esac
done

# --- connect: refused, and a SYN that is never answered --------------------------------
srv_start refused good -l 127.0.0.1 -n 0
srv_wait	# served nothing, exited: the port is closed now
probe connect-refused -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
    $(std_args)
check_output_form
check_within $((step_ms - 200))
check_kv error connect-refused
check_kv tls none
check_status critical

srv_start backlog backlog-full -l 127.0.0.1
probe connect-timeout -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
    $(std_args)
srv_stop
check_output_form
check_timeout_window
check_kv error connect-timeout
check_status critical

summary
