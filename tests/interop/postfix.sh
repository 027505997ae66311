#!/bin/sh
# Interop: mxprobe against a real Postfix (tests/lib/postfix.sh), with
# Postfix's own log as the ground truth for what was negotiated.
#
# For each listener -- 25 STARTTLS (RSA chain), 465 wrapper mode, 587
# submission, 25 STARTTLS (ECDSA chain), 25 behind postscreen -- one probe
#   $RUN $MXPROBE -c mx.mxprobe.test:PORT --addr ADDR -C bundle.crt -t 10
# must give well-formed output, exit 0 and status=ok, no error, tls=ok, the
# right tls_mode, starttls=yes (STARTTLS listeners only), cert_trusted=yes,
# cert_hostname_match=yes, banner_host = that listener's myhostname, and
# tls_version / tls_cipher equal to the protocol and cipher Postfix logged
# for that very connection ("TLS connection established from ...: TLSv1.2
# with cipher ECDHE-RSA-AES256-GCM-SHA384 ..."; OpenSSL cipher names are
# mapped to IANA names with `openssl ciphers -stdname`).
# smtpd logs "improper command pipelining" when a client sends ahead of a
# reply: never for mxprobe.  The fifth listener puts postscreen in front
# (multi-line "220-" greeting, held for a second): mxprobe must wait for the
# final "220 " line -- no PREGREET, PASS NEW -- and that detector is itself
# checked once with a client that talks first.
# Postfix's "disconnect" line must show a whole, polite session: EHLO again
# inside TLS, and QUIT (ehlo=2 starttls=1 quit=1; implicit: ehlo=1 quit=1).
#
# env: MXPROBE, RUN, T as for every test (tests/lib/common.sh); the probes
# run inside Postfix's network namespace (RUN is prefixed with it).
# No postfix, not root, no binary, no PKI: "not ok" lines saying so.
. tests/lib/common.sh
. tests/lib/postfix.sh

trap 'pf_stop; cleanup' EXIT
trap 'exit 141' PIPE	# a closed stdout must not leave Postfix running

need_host pf_can_run "postfix interop"
need_mxprobe
need_pki
if ! pf_start "$PKI"; then
	not_ok "private Postfix started"
	diag "$PF_ERR"
	summary; exit 1
fi
ok "private Postfix started ($PF_DIR${PF_NS:+, netns $PF_NS})"

# iana NAME: IANA name of an OpenSSL cipher name (TLS 1.3 names are IANA).
iana() {
	openssl ciphers -stdname 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' 2>/dev/null |
	    awk -v c="$1" '$3 == c { print $1; f = 1; exit } END { exit !f }' ||
	    echo "unmapped-$1"
}
# ver NAME: mxprobe's spelling of an OpenSSL protocol name.
ver() {
	case $1 in
	TLSv1)	 echo TLS1.0 ;;
	TLSv1.*) echo "TLS${1#TLSv}" ;;
	*)	 echo "unmapped-$1" ;;
	esac
}

# The greeting detector must fire for a client that talks first, or the
# "waited for the greeting" check below would prove nothing.
mark=$(pf_log_mark)
pf_exec timeout 10 bash -c 'exec 3<>"/dev/tcp/$1/25" &&
    printf "EHLO early\r\nQUIT\r\n" >&3 && cat <&3 >/dev/null' x "$PF_C" 2>/dev/null
if pf_wait_log "$mark" 'pf-screen-25/postscreen\[[0-9]+\]: PREGREET [0-9]+ after' \
    >/dev/null &&
    pf_wait_log "$mark" 'pf-screen-25/postscreen\[[0-9]+\]: DISCONNECT' >/dev/null; then
	ok "postscreen flags a client that talks before the greeting (PREGREET)"
else
	not_ok "postscreen flags a client that talks before the greeting (PREGREET)"
	diag "$(pf_log_since "$mark")"
fi

# pf_probe NAME ADDR PORT MODE MYHOSTNAME: probe one listener, check it.
pf_probe() {
	_name=$1 _addr=$2 _port=$3 _mode=$4 _myhost=$5
	mark=$(pf_log_mark)
	_run=$RUN
	RUN="${PF_NS:+ip netns exec $PF_NS }$RUN"
	probe "$_name" -c "mx.mxprobe.test:$_port" --addr "$_addr" \
	    -C "$PKI/bundle.crt" -t 10
	RUN=$_run
	_seen=yes
	pf_wait_log "$mark" "$_name/smtpd\[[0-9]+\]: disconnect from" \
	    >/dev/null || _seen=no
	pf_log_since "$mark" | grep " $_name/" > "$TMPD/$_name.log"

	check_output_form
	check_status ok
	check_absent error
	check_kv tls ok
	check_kv tls_mode "$_mode"
	if [ "$_mode" = starttls ]; then
		check_kv starttls yes
	else
		check_absent starttls
	fi
	check_kv cert_trusted yes
	check_kv cert_hostname_match yes
	check_kv banner_host "$_myhost"

	_pv=$(sed -n 's/.*TLS connection established from .*\]: \(TLSv[0-9.]*\) with cipher \([^ ]*\) .*/\1 \2/p' \
	    "$TMPD/$_name.log" | head -n 1)
	if [ -z "$_pv" ]; then
		not_ok "Postfix logged a TLS connection for this probe"
		diag "$(cat "$TMPD/$_name.log")"
	else
		check_kv tls_version "$(ver "${_pv% *}")"
		check_kv tls_cipher "$(iana "${_pv#* }")"
	fi
	if grep -q 'improper command pipelining' "$TMPD/$_name.log"; then
		not_ok "smtpd logged no improper pipelining"
		diag "$(grep 'improper command pipelining' "$TMPD/$_name.log")"
	else
		ok "smtpd logged no improper pipelining"
	fi
	if [ "$_name" = pf-screen-25 ]; then
		if grep -q 'postscreen\[[0-9]*\]: PASS NEW ' "$TMPD/$_name.log" &&
		    ! grep -q PREGREET "$TMPD/$_name.log"; then
			ok "waited for the final line of a 220- greeting (PASS NEW, no PREGREET)"
		else
			not_ok "waited for the final line of a 220- greeting (PASS NEW, no PREGREET)"
			diag "$(grep postscreen "$TMPD/$_name.log")"
		fi
	fi
	if [ "$_mode" = starttls ]; then
		_want='ehlo=2 starttls=1 quit=1'
	else
		_want='ehlo=1 quit=1'
	fi
	if [ "$_seen" = yes ] &&
	    grep -q "disconnect from .* $_want commands=" "$TMPD/$_name.log"; then
		ok "whole session in Postfix's log ($_want)"
	else
		not_ok "whole session in Postfix's log ($_want)"
		diag "$(grep 'disconnect from' "$TMPD/$_name.log" || echo 'no disconnect logged')"
	fi
	# On any failure of this probe, show what both sides said.
	if [ "$t_fail" != "${_fail0:-0}" ]; then
		diag "mxprobe $(cat "$TMPD/$_name.cmd") (exit $PROBE_RC):"
		diag "$(cat "$TMPD/$_name.out")"
		diag "mxprobe stderr:"
		diag "$(head -c 2000 "$TMPD/$_name.err")"
		diag "Postfix log:"
		diag "$(cat "$TMPD/$_name.log")"
	fi
	_fail0=$t_fail
	CTX=
}

_fail0=$t_fail
pf_probe pf-rsa-25 "$PF_A" 25 starttls "$PF_HOST_A"
pf_probe pf-rsa-465 "$PF_A" 465 implicit "$PF_HOST_A"
pf_probe pf-rsa-587 "$PF_A" 587 starttls "$PF_HOST_A"
pf_probe pf-ecdsa-25 "$PF_B" 25 starttls "$PF_HOST_B"
pf_probe pf-screen-25 "$PF_C" 25 starttls "$PF_HOST_C"

summary
