#!/bin/sh
# human.sh -- the report for people (-H) against a small world on loopback
# (fixdns serving mxprobe.test, one fixsrv per case), compared as text with
# golden files in tests/integration/human/: one domain per case (good,
# expired, self-signed, wrong name, no STARTTLS, TLS 1.0 only, SPF over 10
# lookups, DMARC p=none), -c NAME and -c ADDRESS, a hostile banner, colour
# and UTF-8 forced on; a certificate subject with ESC and BEL (no golden:
# its days left follow the real clock).  Then: -H under a terminal of 80 columns (script(1))
# with no line wider and colour only where asked, -j's findings_detail,
# and -H with -j or --nagios as usage errors.  DANE and MTA-STS need a
# validating resolver and an HTTPS policy host: tests/interop/dane.sh and
# mtasts.sh run -H there.  No root needed.
#
# The goldens are regenerated with one command (after a change of fix.def,
# say), and the diff then reviewed in git:
#   UPDATE=1 sh tests/integration/human.sh
. tests/lib/common.sh
need_binaries
FIXDNS=${FIXDNS:-$T/fixtures/fixdns}
GOLD=${GOLD:-tests/integration/human}
NOW=$REF_NOW

# ---- the world -------------------------------------------------------------
SRV_LIFE=60
start() {	# start NAME SCENARIO CERT [args]: the server of one case
	_n=$1 _s=$2 _c=$3
	shift 3
	srv_start "$_n" "$_s" -l 127.0.0.1 -n 16 -c "$PKI/$_c.crt" \
	    -k "$PKI/$_c.key" "$@" || exit 1
	eval "PORT_$_n=$SRV_PORT"
}
start good good rsa
start expired good expired
start selfsigned good selfsigned
start mismatch good wrongname
start nostarttls nostarttls rsa
start tls10 good rsa -V 10
start hostile hostile-banner rsa
# a certificate whose subject holds ESC and BEL (an OSC title and an SGR)
mkdir -p "$TMPD/evil"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMPD/evil/e.key" \
    -out "$TMPD/evil/e.crt" -days 3650 -subj \
    "$(printf '/O=evil\033]0;pwn\007\033[31m/CN=mx.mxprobe.test')" \
    -addext "subjectAltName=DNS:mx.mxprobe.test" > "$TMPD/evil/log" 2>&1 ||
    { not_ok "openssl made the hostile certificate"; summary; exit 1; }
srv_start evilcert good -l 127.0.0.1 -n 4 -c "$TMPD/evil/e.crt" \
    -k "$TMPD/evil/e.key" || exit 1
PORT_evilcert=$SRV_PORT

Z=mxprobe.test
{
	echo "$Z. 300 SOA ns.$Z. hostmaster.$Z. 1 3600 600 86400 300"
	echo "mx.$Z. 300 A 127.0.0.1"
	for d in good expired selfsigned mismatch nostarttls tls10 spf10 \
	    dmarcnone; do
		echo "$d.$Z. 300 MX 10 mx.$Z."
		case $d in
		spf10)	# a chain of 11 includes: 11 lookups
			for i in 1 2 3 4 5 6 7 8 9 10; do
				echo "i$i.$Z. 300 TXT \"v=spf1 include:i$((i + 1)).$Z -all\""
			done
			echo "i11.$Z. 300 TXT \"v=spf1 -all\""
			echo "$d.$Z. 300 TXT \"v=spf1 include:i1.$Z -all\"" ;;
		*)	echo "$d.$Z. 300 TXT \"v=spf1 ip4:127.0.0.1 -all\"" ;;
		esac
		p=reject
		[ "$d" = dmarcnone ] && p=none
		echo "_dmarc.$d.$Z. 300 TXT \"v=DMARC1; p=$p\""
	done
} > "$TMPD/zone"
mkfifo "$TMPD/dns.ready" || exit 1
"$FIXDNS" -l 127.0.0.1 -z "$TMPD/zone" -T 120 > "$TMPD/dns.ready" \
    2> "$TMPD/dns.log" &
PIDS="$PIDS $!"
read -r w DNS_PORT < "$TMPD/dns.ready"
if [ "$w" != ready ]; then
	not_ok "fixdns started"
	diag "$(cat "$TMPD/dns.log")"
	summary
	exit 1
fi

# The servers' ports, as they appear: "HOST:PORT".
PORT_SED=
for n in good expired selfsigned mismatch nostarttls tls10 hostile; do
	eval "p=\$PORT_$n"
	PORT_SED="$PORT_SED -e s/:$p\\b/:PORT/g"
done

# Every run: the world's resolver and bundle, a fixed clock, no TLS scan.
COMMON="-r 127.0.0.1:$DNS_PORT -C $PKI/bundle.crt --now $NOW -t 10
--tls-scan=off"
NOBL="--dnsbl none"	# a domain: no DNSBL lookups

# human NAME ENV ARGS...: runs mxprobe -H ARGS with the environment ENV
# (e.g. LC_ALL=C) into $TMPD/NAME.out, the world's ports written as PORT
# and DNSPORT, so that the text does not depend on the run.
human() {
	_n=$1 _e=$2
	shift 2
	CTX=$_n
	env $_e $RUN "$MXPROBE" $COMMON "$@" > "$TMPD/$_n.raw" \
	    2> "$TMPD/$_n.err" < /dev/null
	PROBE_RC=$?
	sed -e "s/:$DNS_PORT\\b/:DNSPORT/g" $PORT_SED "$TMPD/$_n.raw" \
	    > "$TMPD/$_n.out"
}

# golden NAME: the last run's text equals $GOLD/NAME.txt (UPDATE=1: becomes
# it).
golden() { check_golden "$TMPD/$1.out" "$GOLD/$1.txt"; }

# ---- the goldens: colour off, ASCII -----------------------------------------
ASCII="LC_ALL=C TERM=xterm"
for d in good expired selfsigned mismatch nostarttls tls10 spf10 dmarcnone; do
	case $d in spf10 | dmarcnone) p=$PORT_good ;; *) eval "p=\$PORT_$d" ;; esac
	human "$d" "$ASCII" -H $NOBL -p "$p" "$d.$Z"
	golden "$d"
	case $d in
	good | dmarcnone) want=0 ;;	# dkim-not-found, p=none: informational
	expired | nostarttls | tls10) want=2 ;;
	*) want=1 ;;
	esac
	check_rc "$want"
	if LC_ALL=C grep -q "$(printf '\033')" "$TMPD/$d.raw"; then
		not_ok "no ANSI sequence when colour is not asked for"
	else
		ok "no ANSI sequence when colour is not asked for"
	fi
done
CTX=expired
check "the expired certificate is a critical finding of mx1_a1" \
    grep -q '^CRITICAL cert-expired (mx1_a1)$' "$TMPD/expired.out"
check "its fix is printed" grep -q 'Renew the certificate' "$TMPD/expired.out"
CTX=nostarttls
check "no-starttls names the Postfix setting" \
    grep -q 'smtpd_tls_security_level' "$TMPD/nostarttls.out"

# -c NAME (resolved through the world's DNS) and -c ADDRESS (no DNS)
human host "$ASCII" -H -c "mx.$Z:$PORT_good"
golden host
check_rc 0
human addr "$ASCII" -H -c "127.0.0.1:$PORT_expired"
golden addr
check_rc 2

# ---- hostile bytes never reach the terminal raw ---------------------------
human hostile "$ASCII" -H -c "127.0.0.1:$PORT_hostile"
golden hostile
if LC_ALL=C grep -q '[^ -~]' "$TMPD/hostile.raw"; then
	not_ok "only printable ASCII and newlines in the report"
	diag "$(LC_ALL=C grep -n '[^ -~]' "$TMPD/hostile.raw" | od -c | head)"
else
	ok "only printable ASCII and newlines in the report"
fi
check "the banner's ESC is shown escaped" \
    grep -qF '\x1b' "$TMPD/hostile.raw"

# the certificate subject's ESC and BEL: escaped, with colour off and on
for c in never always; do
	human "evilcert_$c" "$ASCII" -H --color=$c -c "127.0.0.1:$PORT_evilcert"
	if LC_ALL=C sed 's/\x1b\[[0-9;]*m//g' "$TMPD/evilcert_$c.raw" |
	    LC_ALL=C grep -q '[^ -~]'; then
		not_ok "--color=$c: no raw byte of the subject reaches the terminal"
	else
		ok "--color=$c: no raw byte of the subject reaches the terminal"
	fi
	# x509.c writes the DN RFC 4514 style (ESC as \1B); no raw byte left
	check "--color=$c: the subject's ESC and BEL shown escaped" \
	    grep -qF 'O=evil\1B]0\;pwn\07\1B[31m' "$TMPD/evilcert_$c.raw"
done

# ---- colour and UTF-8 forced on ---------------------------------------------
UTF="LC_ALL=C.UTF-8 TERM=xterm"
human good_color "$UTF" -H --color=always $NOBL -p "$PORT_good" "good.$Z"
golden good_color
check "ANSI sequences with --color=always" \
    grep -q "$(printf '\033')\\[" "$TMPD/good_color.raw"
human expired_color "$UTF" -H --color=always $NOBL -p "$PORT_expired" \
    "expired.$Z"
golden expired_color
human expired_utf8 "$UTF" -H --color=never $NOBL -p "$PORT_expired" \
    "expired.$Z"
golden expired_utf8
check "UTF-8 glyphs in a UTF-8 locale" grep -q '✓' "$TMPD/expired_utf8.raw"
if LC_ALL=C grep -q "$(printf '\033')" "$TMPD/expired_utf8.raw"; then
	not_ok "--color=never: no ANSI sequence"
else
	ok "--color=never: no ANSI sequence"
fi
human hostile_color "$UTF" -H --color=always -c "127.0.0.1:$PORT_hostile"
# the printer's own ESC bytes are SGR sequences; every other is escaped
if LC_ALL=C sed 's/\x1b\[[0-9;]*m//g' "$TMPD/hostile_color.raw" |
    LC_ALL=C grep -q "$(printf '\033')"; then
	not_ok "with colour, every ESC byte is the printer's own SGR"
else
	ok "with colour, every ESC byte is the printer's own SGR"
fi

# ---- a terminal of 80 columns -----------------------------------------------
CTX=terminal
if command -v script > /dev/null; then
	for d in expired mismatch; do
		eval "p=\$PORT_$d"
		for c in auto never; do
			: > "$TMPD/tty.$d.$c"
			TERM=xterm LC_ALL=C.UTF-8 NO_COLOR= script -qec \
			    "stty cols 80; $RUN $MXPROBE $(echo $COMMON) -H --color=$c $NOBL -p $p $d.$Z" \
			    "$TMPD/tty.$d.$c" > /dev/null 2>&1 < /dev/null
			# script(1) writes CRLF and a header line; strip SGR
			LC_ALL=C.UTF-8 sed -e 's/\r$//' -e 's/\x1b\[[0-9;]*m//g' \
			    "$TMPD/tty.$d.$c" | grep -v '^Script ' > "$TMPD/tty.$d.$c.txt"
			w=$(LC_ALL=C.UTF-8 wc -L < "$TMPD/tty.$d.$c.txt")
			if [ "$w" -le 80 ] && [ "$w" -gt 40 ]; then
				ok "$d --color=$c: widest line $w columns (<= 80)"
			else
				not_ok "$d --color=$c: widest line $w columns (<= 80)"
			fi
			if grep -q "$(printf '\033')\\[" "$TMPD/tty.$d.$c"; then
				has=yes
			else
				has=no
			fi
			[ "$c" = auto ] && want=yes || want=no
			check_eq "$d --color=$c on a terminal: colour $want" "$has" "$want"
		done
	done
	TERM=xterm NO_COLOR=1 script -qec \
	    "$RUN $MXPROBE $(echo $COMMON) -H $NOBL -p $PORT_good good.$Z" \
	    "$TMPD/tty.nocolor" > /dev/null 2>&1 < /dev/null
	if grep -q "$(printf '\033')\\[" "$TMPD/tty.nocolor"; then
		not_ok "NO_COLOR=1 on a terminal: no colour"
	else
		ok "NO_COLOR=1 on a terminal: no colour"
	fi
	TERM=dumb script -qec \
	    "$RUN $MXPROBE $(echo $COMMON) -H $NOBL -p $PORT_good good.$Z" \
	    "$TMPD/tty.dumb" > /dev/null 2>&1 < /dev/null
	if grep -q "$(printf '\033')\\[" "$TMPD/tty.dumb"; then
		not_ok "TERM=dumb on a terminal: no colour"
	else
		ok "TERM=dumb on a terminal: no colour"
	fi
else
	skip "80 columns under script(1)" "no script(1)"
fi

# ---- -j: findings_detail ----------------------------------------------------
CTX=json
env $RUN "$MXPROBE" $COMMON -j $NOBL -p "$PORT_expired" "expired.$Z" \
    > "$TMPD/expired.json" 2> "$TMPD/expired.json.err"
if command -v python3 > /dev/null; then
	check "-j output parses" python3 -m json.tool "$TMPD/expired.json" \
	    /dev/null
	got=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["findings_detail"]:
	print(f["code"], f["severity"], f["scope"], "fix" in f and
	    "message" in f)
' "$TMPD/expired.json")
	case $got in
	*"cert-expired critical mx1_a1 True"*)
		ok "cert-expired: critical, scope mx1_a1" ;;
	*)	not_ok "cert-expired: critical, scope mx1_a1"; diag "$got" ;;
	esac
	case $got in
	*"dkim-not-found ok domain True"*)
		ok "dkim-not-found: ok, scope domain" ;;
	*)	not_ok "dkim-not-found: ok, scope domain"; diag "$got" ;;
	esac
else
	skip "-j findings_detail" "no python3"
fi
# key=value output has no findings_detail
env $RUN "$MXPROBE" $COMMON $NOBL -p "$PORT_expired" "expired.$Z" \
    > "$TMPD/expired.kv" 2>/dev/null
if grep -q findings_detail "$TMPD/expired.kv"; then
	not_ok "key=value output has no findings_detail"
else
	ok "key=value output has no findings_detail"
fi

# ---- usage errors -------------------------------------------------------------
CTX=usage
for o in -j --nagios; do
	$RUN "$MXPROBE" -H $o "good.$Z" > "$TMPD/u.out" 2> "$TMPD/u.err"
	rc=$?
	check_eq "-H $o: exit 3" "$rc" 3
	check_eq "-H $o: one line on stderr" "$(wc -l < "$TMPD/u.err")" 1
	check_eq "-H $o: nothing on stdout" "$(wc -c < "$TMPD/u.out")" 0
done
$RUN "$MXPROBE" -H --color=sometimes "good.$Z" > /dev/null 2> "$TMPD/u.err"
check_eq "--color=sometimes: exit 3" "$?" 3

summary
