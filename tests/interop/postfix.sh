#!/bin/sh
# Interop: mxprobe against a real Postfix (tests/lib/postfix.sh), with
# Postfix's own log as the ground truth for what was negotiated.
#
# For each listener -- 25 STARTTLS (RSA chain), 465 wrapper mode, 587
# submission, 25 STARTTLS (ECDSA chain), 25 behind postscreen -- one probe
#   $RUN $MXPROBE -c mx.mxprobe.test:PORT --addr ADDR -C bundle.crt -t 10
# must give exit 0, status=ok, no error, tls=ok, the right tls_mode,
# starttls=yes (STARTTLS listeners only), cert_trusted=yes,
# cert_hostname_match=yes, banner_host = that listener's myhostname, and
# tls_version / tls_cipher equal to the protocol and cipher Postfix logged
# for that very connection ("TLS connection established from ...: TLSv1.2
# with cipher ECDHE-RSA-AES256-GCM-SHA384 ..."; OpenSSL cipher names are
# mapped to IANA names with `openssl ciphers -stdname`).
# smtpd logs "improper command pipelining" when a client sends ahead of a
# reply: never for mxprobe.  A fifth listener puts postscreen in front
# (multi-line "220-" greeting, held for a second): mxprobe must wait for the
# final "220 " line -- no PREGREET, PASS NEW -- and that detector is itself
# checked once with a client that talks first.
# Postfix's "disconnect" line must show a whole, polite session: EHLO again
# inside TLS and QUIT (ehlo=2 starttls=1 quit=1; implicit: ehlo=1 quit=1).
#
# env: MXPROBE (binary), RUN (emulator prefix), T (build/test), CERTS
# (certificate dir; default $T/certs, made by tests/lib/certs.sh).
# No postfix, not root, no binary: "not ok" lines saying so, never a pass.
set -u
T=${T:-build/test}
MXPROBE=${MXPROBE:-build/x86_64/mxprobe}
RUN=${RUN:-}
CERTS=${CERTS:-$T/certs}
. tests/lib/postfix.sh

n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() {	# name, then a command whose status decides
	_name=$1; shift
	if "$@"; then ok "$_name"; else notok "$_name"; fi
}
# kv KEY: value of KEY in $out (mxprobe key=value output), quotes removed.
kv() {
	printf '%s\n' "$out" | sed -n "s/^$1=//p" | head -n 1 |
	    sed "s/^'\\(.*\\)'\$/\\1/; s/'\\\\''/'/g"
}
has_key() { printf '%s\n' "$out" | grep -q "^$1="; }
eq() {		# name, key, expected
	_v=$(kv "$2")
	if [ "$_v" = "$3" ] && has_key "$2"; then
		ok "$1: $2=$3"
	else
		notok "$1: $2=$3 (got '$_v'$(has_key "$2" || echo ', absent'))"
	fi
}
done_tap() { echo "1..$n"; }

cleanup() { pf_stop; }
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

if ! why=$(pf_can_run); then
	notok "postfix interop cannot run: $why"
	done_tap; exit 1
fi
if ! [ -x "$MXPROBE" ]; then
	notok "postfix interop: no mxprobe binary at '$MXPROBE' (make first)"
	done_tap; exit 1
fi
if ! sh tests/lib/certs.sh "$CERTS" >/dev/null; then
	notok "postfix interop: tests/lib/certs.sh $CERTS failed"
	done_tap; exit 1
fi
if ! pf_start "$CERTS"; then
	notok "postfix interop: private Postfix did not start: $PF_ERR"
	done_tap; exit 1
fi
ok "private Postfix up ($PF_DIR${PF_NS:+, netns $PF_NS})"

# iana NAME: IANA name of an OpenSSL cipher name (TLS 1.3 names are IANA).
iana() {
	openssl ciphers -stdname 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' 2>/dev/null |
	    awk -v c="$1" '$3 == c { print $1; exit }' | grep . || echo "$1"
}
# ver NAME: mxprobe's spelling of an OpenSSL protocol name.
ver() {
	case $1 in
	TLSv1)	echo TLS1.0 ;;
	TLSv1.*) echo "TLS${1#TLSv}" ;;
	*)	echo "$1" ;;
	esac
}

# The greeting detector must fire for a client that talks first, or the
# per-probe "waited for the greeting" checks would prove nothing.
mark=$(pf_log_mark)
pf_exec timeout 10 bash -c 'exec 3<>"/dev/tcp/$1/25" &&
    printf "EHLO early\r\n" >&3 && cat <&3 >/dev/null' x "$PF_C" 2>/dev/null
if pf_wait_log "$mark" 'pf-screen-25/postscreen\[[0-9]+\]: PREGREET [0-9]+ after' \
    >/dev/null &&
    pf_wait_log "$mark" 'pf-screen-25/postscreen\[[0-9]+\]: DISCONNECT' >/dev/null; then
	ok "postscreen flags a client that talks before the greeting (PREGREET)"
else
	notok "postscreen did not flag a client that talks before the greeting"
fi

# probe NAME ADDR PORT MODE MYHOSTNAME
probe() {
	name=$1 addr=$2 port=$3 mode=$4 myhost=$5
	mark=$(pf_log_mark)
	out=$(pf_exec $RUN "$MXPROBE" -c "mx.mxprobe.test:$port" --addr "$addr" \
	    -C "$CERTS/bundle.crt" -t 10 2>"$PF_DIR/stderr")
	rc=$?
	if ! pf_wait_log "$mark" "$name/smtpd\[[0-9]+\]: disconnect from" \
	    >/dev/null; then
		echo "# $name: no disconnect logged by Postfix"
	fi
	log=$(pf_log_since "$mark" | grep " $name/")
	printf '%s\n' "$out" "$log" | sed "s/^/# $name: /"
	sed "s/^/# $name stderr: /" "$PF_DIR/stderr"

	check "$name: exit 0 (got $rc)" [ "$rc" = 0 ]
	eq "$name" status ok
	check "$name: no error key ($(kv error))" eval '! has_key error'
	eq "$name" tls ok
	eq "$name" tls_mode "$mode"
	if [ "$mode" = starttls ]; then
		eq "$name" starttls yes
	else
		check "$name: no starttls key with implicit TLS" \
		    eval '! has_key starttls || [ "$(kv starttls)" = na ]'
	fi
	eq "$name" cert_trusted yes
	eq "$name" cert_hostname_match yes
	eq "$name" banner_host "$myhost"

	pv=$(printf '%s\n' "$log" | sed -n \
	    's/.*TLS connection established from .*\]: \(TLSv[0-9.]*\) with cipher \([^ ]*\) .*/\1 \2/p' |
	    head -n 1)
	if [ -z "$pv" ]; then
		notok "$name: Postfix logged no TLS connection for this probe"
		notok "$name: tls_cipher (nothing to compare with)"
	else
		eq "$name" tls_version "$(ver "${pv% *}")"
		eq "$name" tls_cipher "$(iana "${pv#* }")"
	fi
	check "$name: no improper pipelining logged by smtpd" \
	    eval '! printf "%s\n" "$log" | grep -q "improper command pipelining"'
	if [ "$name" = pf-screen-25 ]; then
		check "$name: waited for the whole 220- greeting (postscreen PASS NEW, no PREGREET)" \
		    eval 'printf "%s\n" "$log" | grep -q "postscreen\[[0-9]*\]: PASS NEW " &&
			! printf "%s\n" "$log" | grep -q "PREGREET"'
	fi
	if [ "$mode" = starttls ]; then
		want='ehlo=2 starttls=1 quit=1'
	else
		want='ehlo=1 quit=1'
	fi
	check "$name: whole session in Postfix's log ($want)" \
	    eval 'printf "%s\n" "$log" | grep -q "disconnect from .* $want commands="'
}

probe pf-rsa-25 "$PF_A" 25 starttls "$PF_HOST_A"
probe pf-rsa-465 "$PF_A" 465 implicit "$PF_HOST_A"
probe pf-rsa-587 "$PF_A" 587 starttls "$PF_HOST_A"
probe pf-ecdsa-25 "$PF_B" 25 starttls "$PF_HOST_B"
probe pf-screen-25 "$PF_C" 25 starttls "$PF_HOST_C"

done_tap
exit 0
