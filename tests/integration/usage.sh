#!/bin/sh
# usage.sh -- usage errors (README.md, "Output reference"): one line "mxprobe: ..." on
# stderr, exit 3, nothing on stdout; and -h / -V.  No server is started:
# a probe that wrongly goes ahead finds nothing listening and prints keys,
# which fails the empty-stdout check.
. tests/lib/common.sh
need_binaries

# A closed port on loopback, in case a bad invocation is taken for a probe.
srv_start closed good -l 127.0.0.1 -n 0
srv_wait
P=$SRV_PORT
H=mx.mxprobe.test

# usage_error NAME ARGS...: the run is a clean usage error.
usage_error() {
	_u=$1
	shift
	probe "$_u" "$@"
	check_rc 3
	if [ -s "$TMPD/$CTX.out" ]; then
		not_ok "nothing on stdout"
		diag "$(head -5 "$TMPD/$CTX.out")"
	else
		ok "nothing on stdout"
	fi
	_l=$(wc -l < "$TMPD/$CTX.err" | tr -d ' ')
	_first=$(head -n 1 "$TMPD/$CTX.err")
	if [ "$_l" = 1 ] && case $_first in "mxprobe: "?*) true ;; *) false ;;
	    esac; then
		ok "one line \"mxprobe: ...\" on stderr"
	else
		not_ok "one line \"mxprobe: ...\" on stderr"
		diag "$_l lines:" "$(head -c 600 "$TMPD/$CTX.err")"
	fi
	check_within 2000
}

usage_error no-args
usage_error unknown-option --no-such-option -c "$H:$P" --addr 127.0.0.1
usage_error unknown-short -Q -c "$H:$P" --addr 127.0.0.1
usage_error missing-c-arg -c
usage_error port-too-big -c "$H:99999" --addr 127.0.0.1
usage_error port-zero -c "$H:0" --addr 127.0.0.1
usage_error port-not-number -c "$H:smtp" --addr 127.0.0.1
usage_error port-empty -c "$H:" --addr 127.0.0.1
usage_error name-bad-chars -c "mx_\$x.test:$P"
usage_error addr-not-ip -c "$H:$P" --addr not.an.ip
usage_error addr-missing-arg -c "$H:$P" --addr
usage_error v6-unclosed -c "[::1:$P"
usage_error v6-bad-literal -c "[::g]:$P"
usage_error v4-only-v6-literal -4 -c "[::1]:$P"
usage_error v6-only-v4-addr -6 -c "$H:$P" --addr 127.0.0.1
usage_error ca-missing -c "$H:$P" --addr 127.0.0.1 -C "$TMPD/no-such-ca.crt"
usage_error ca-directory -c "$H:$P" --addr 127.0.0.1 -C "$TMPD"
usage_error tls-mode-bad -c "$H:$P" --addr 127.0.0.1 --tls=sometimes
usage_error t-not-number -c "$H:$P" --addr 127.0.0.1 -t soon
usage_error t-negative -c "$H:$P" --addr 127.0.0.1 -t -1
usage_error step-not-number -c "$H:$P" --addr 127.0.0.1 --step-timeout x
usage_error now-bad -c "$H:$P" --addr 127.0.0.1 --now yesterday
usage_error now-bad-date -c "$H:$P" --addr 127.0.0.1 --now 2026-13-45
usage_error warn-days-bad -c "$H:$P" --addr 127.0.0.1 --warn-days many
usage_error crit-days-bad -c "$H:$P" --addr 127.0.0.1 --crit-days -
usage_error resolver-garbage -r not-an-address -c "$H:$P" --addr 127.0.0.1
usage_error resolver-bad-port -r 127.0.0.1:99999 mxprobe.test
usage_error domain-one-label mxprobe
usage_error domain-bad-chars 'mx probe.test'
usage_error domain-two mxprobe.test other.test
usage_error domain-with-addr --addr 127.0.0.1 mxprobe.test
usage_error p-with-c -p 26 -c "$H:$P" --addr 127.0.0.1
usage_error p-zero -p 0 mxprobe.test
usage_error conns-zero -P 0 mxprobe.test
usage_error conns-too-many -P 100000 mxprobe.test
usage_error two-hosts -c "$H:$P" --addr 127.0.0.1 mxprobe.test
usage_error tls-scan-bad -c "$H:$P" --addr 127.0.0.1 --tls-scan=deep
usage_error tls-scan-missing -c "$H:$P" --addr 127.0.0.1 --tls-scan
# the policy and score options (issues 6, 7)
usage_error selector-bad -s 'sel 1' mxprobe.test
usage_error selector-empty -s 'a,,b' mxprobe.test
usage_error selector-with-c -s sel1 -c "$H:$P" --addr 127.0.0.1
usage_error spf-ip-bad --spf-ip 300.1.1.1 mxprobe.test
usage_error spf-ip-with-c --spf-ip 127.0.0.1 -c "$H:$P" --addr 127.0.0.1
usage_error ip-bad --ip mail.example mxprobe.test
usage_error dnsbl-bad --dnsbl 'zen.example,bad zone' mxprobe.test
usage_error dnsbl-empty --dnsbl '' mxprobe.test
usage_error dnsbl-one-label --dnsbl localzone mxprobe.test
usage_error dnsbl-nine-zones --dnsbl a.t,b.t,c.t,d.t,e.t,f.t,g.t,h.t,i.t mxprobe.test
usage_error selector-too-long -s "$(printf 'x%.0s' $(seq 1 64))" mxprobe.test
usage_error warn-score-bad -w 101 mxprobe.test
usage_error crit-score-bad --crit-score x mxprobe.test
usage_error scores-crossed -w 50 --crit-score 70 mxprobe.test
usage_error score-with-c -w 50 -c "$H:$P" --addr 127.0.0.1
usage_error nagios-and-json --nagios -j mxprobe.test

# An unreadable $SSL_CERT_FILE (the default of -C) is the same error.
SSL_CERT_FILE=$TMPD/nowhere.crt
export SSL_CERT_FILE
usage_error ssl-cert-file-missing -c "$H:$P" --addr 127.0.0.1
unset SSL_CERT_FILE

# -h and -V: exit 0, something on stdout, nothing on stderr.
for o in -h --help -V --version; do
	probe "opt$o" "$o"
	check_rc 0
	check "says something on stdout" test -s "$TMPD/$CTX.out"
	check "nothing on stderr" test ! -s "$TMPD/$CTX.err"
done
CTX=help
for o in -s --spf-ip --ip --dnsbl --warn-score --crit-score --nagios; do
	if grep -q -- "$o" "$TMPD/opt-h.out" 2>/dev/null; then
		ok "--help covers $o"
	else
		not_ok "--help covers $o"
	fi
done
if grep -q -- '-c HOST' "$TMPD/opt-h.out" 2>/dev/null; then
	ok "-h shows -c HOST[:PORT]"
else
	not_ok "-h shows -c HOST[:PORT]"
fi

summary
