#!/bin/sh
# make bench -- a benchmark, not a test (not part of make check).
#
# One trusted single-host STARTTLS probe of a private Postfix
# (tests/lib/postfix.sh, listener pf-rsa-25: RSA chain) with a system-size
# CA bundle: Debian's /etc/ssl/certs/ca-certificates.crt with the test CA
# appended last (certs.sh's system-bundle.crt), measured for
#   mxprobe -c mx.mxprobe.test --addr $PF_A -C system-bundle.crt
#   openssl s_client -starttls smtp -connect $PF_A:25 -CAfile system-bundle.crt
#           -servername mx.mxprobe.test -verify_return_error -brief </dev/null
# Instructions: valgrind --tool=callgrind, total Ir (the out file's
# "summary:" line), and their ratio (target <= 0.2).  Peak memory: VmHWM;
# mxprobe prints it itself with MXPROBE_VMHWM=1 ("vmhwm_kb=N" on stderr, read
# from /proc/self/status just before exit: /usr/bin/time is useless at this
# scale and under valgrind the figure would be valgrind's); openssl's is read
# from /proc/PID/status while it waits on its stdin after the handshake.
# Each figure is measured $BENCH_RUNS (3) times; the table shows every run
# and the minimum.  A run whose probe failed (exit status, untrusted chain,
# openssl verification) is reported and makes the bench exit 1.
#
# env: MXPROBE (binary), T (build/test; the PKI goes to $T/pki), BENCH_RUNS.
set -u
T=${T:-build/test}
MXPROBE=${MXPROBE:-build/x86_64/mxprobe}
PKI=${PKI:-$T/pki}
RUNS=${BENCH_RUNS:-3}
. tests/lib/postfix.sh

die() { echo "bench: $*" >&2; exit 1; }

W=$(mktemp -d "${TMPDIR:-/tmp}/mxprobe-bench.XXXXXX") || die "mktemp failed"
trap 'pf_stop; rm -rf "$W"' EXIT
trap 'exit 1' INT TERM HUP PIPE

why=$(pf_can_run) || die "$why"
[ -x "$MXPROBE" ] || die "no mxprobe binary at $MXPROBE (make first)"
command -v valgrind >/dev/null || die "valgrind missing (apt-get install valgrind)"
command -v openssl >/dev/null || die "openssl missing"
sh tests/lib/certs.sh "$PKI" >/dev/null || die "tests/lib/certs.sh $PKI failed"
BUNDLE=$PKI/system-bundle.crt
[ -s "$BUNDLE" ] ||
	die "no $BUNDLE: Debian's bundle is missing (apt-get install ca-certificates)"
ncerts=$(grep -c 'BEGIN CERTIFICATE' "$BUNDLE")
pf_start "$PKI" || die "private Postfix did not start: $PF_ERR"

# Under callgrind mxprobe runs ~50x slower: generous deadlines.
MXARGS="-c mx.mxprobe.test --addr $PF_A -C $BUNDLE -t 120 --step-timeout 60"
MXARGS="$MXARGS --tls-scan=off"
failed=

# ir OUTFILE: total instructions of a callgrind out file.
ir() {
	awk '/^(summary|totals):/ { print $2; exit }' "$1"
}

# kv FILE KEY: a bare value from mxprobe's key=value output.
kv() {
	sed -n "s/^$2=//p" "$1" | head -n 1
}

# cg_mxprobe N: callgrind Ir of one mxprobe probe; checks it succeeded.
cg_mxprobe() {
	pf_exec valgrind -q --tool=callgrind --callgrind-out-file="$W/mx.cg.$1" \
	    "$MXPROBE" $MXARGS > "$W/mx.out.$1" 2> "$W/mx.err.$1"
	_rc=$?
	if [ "$_rc" != 0 ] || [ "$(kv "$W/mx.out.$1" cert_trusted)" != yes ]; then
		failed="$failed mxprobe-run$1(exit $_rc, cert_trusted=$(kv "$W/mx.out.$1" cert_trusted))"
	fi
	ir "$W/mx.cg.$1"
}

# cg_openssl N: callgrind Ir of one s_client handshake; checks verification.
cg_openssl() {
	pf_exec valgrind -q --tool=callgrind --callgrind-out-file="$W/os.cg.$1" \
	    openssl s_client -starttls smtp -connect "$PF_A:25" -CAfile "$BUNDLE" \
	    -servername mx.mxprobe.test -verify_return_error -brief \
	    < /dev/null > "$W/os.out.$1" 2>&1
	_rc=$?
	if [ "$_rc" != 0 ] || ! grep -q '^Verification: OK' "$W/os.out.$1"; then
		failed="$failed openssl-run$1(exit $_rc)"
	fi
	ir "$W/os.cg.$1"
}

# hwm_mxprobe N: mxprobe's own VmHWM report (kB).
hwm_mxprobe() {
	MXPROBE_VMHWM=1 pf_exec "$MXPROBE" $MXARGS > "$W/mh.out.$1" 2> "$W/mh.err.$1"
	_v=$(sed -n 's/^vmhwm_kb=\([0-9]*\)$/\1/p' "$W/mh.err.$1" | head -n 1)
	if [ -z "$_v" ]; then
		failed="$failed vmhwm-run$1(no vmhwm_kb= on stderr: MXPROBE_VMHWM unsupported?)"
		echo n/a
	else
		echo "$_v"
	fi
}

# hwm_openssl N: VmHWM (kB) of s_client once it has verified and waits on
# its stdin (a fifo we hold open), then we let it go.
hwm_openssl() {
	_f=$W/os.fifo.$1
	mkfifo "$_f"
	# Not through pf_exec: a backgrounded function would be a subshell and
	# $! its pid; `ip netns exec` execs openssl in place, so $! is openssl.
	${PF_NS:+ip netns exec "$PF_NS"} openssl s_client -starttls smtp \
	    -connect "$PF_A:25" -CAfile "$BUNDLE" -servername mx.mxprobe.test \
	    -verify_return_error -brief < "$_f" > "$W/oh.out.$1" 2>&1 &
	_pid=$!
	exec 9> "$_f"
	_i=0 _v=
	while [ "$_i" -lt 200 ]; do	# bounded: 20 s
		if grep -q '^Verification\|^CONNECTION ESTABLISHED' "$W/oh.out.$1"; then
			_v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$_pid/status" 2>/dev/null)
			break
		fi
		kill -0 "$_pid" 2>/dev/null || break
		_i=$((_i + 1))
		sleep 0.1
	done
	exec 9>&-
	wait "$_pid"
	echo "${_v:-n/a}"
}

# row LABEL FUNC: runs FUNC 1..RUNS, prints the figures and their minimum;
# sets MIN.
row() {
	_vals= MIN=
	_i=1
	while [ "$_i" -le "$RUNS" ]; do
		_x=$($2 "$_i")
		_vals="$_vals $_x"
		case $_x in
		''|*[!0-9]*) ;;
		*) if [ -z "$MIN" ] || [ "$_x" -lt "$MIN" ]; then MIN=$_x; fi ;;
		esac
		_i=$((_i + 1))
	done
	# shellcheck disable=SC2086
	printf '%-26s' "$1"
	for _x in $_vals; do printf ' %13s' "$_x"; done
	printf ' %13s\n' "${MIN:-n/a}"
}

# $(...) runs each measurement in a subshell: failures are collected in
# files instead of $failed.
collect() { "$@"; echo "$failed" > "$(mktemp "$W/failed.XXXXXX")"; }

echo "mxprobe bench: one trusted STARTTLS probe of a local Postfix ($PF_A:25, RSA chain)"
echo "CA bundle: $BUNDLE ($ncerts certificates, test CA last)"
echo "binary: $MXPROBE ($(wc -c < "$MXPROBE") bytes)"
echo
printf '%-26s' ""
i=1
while [ "$i" -le "$RUNS" ]; do printf ' %13s' "run $i"; i=$((i + 1)); done
printf ' %13s\n' min

row "instructions mxprobe" "collect cg_mxprobe"; mx_ir=$MIN
row "instructions openssl" "collect cg_openssl"; os_ir=$MIN
row "VmHWM kB mxprobe" "collect hwm_mxprobe"; mx_hwm=$MIN
row "VmHWM kB openssl" "collect hwm_openssl"
if [ -n "$mx_ir" ] && [ -n "$os_ir" ] && [ "$os_ir" -gt 0 ]; then
	ratio=$(awk -v a="$mx_ir" -v b="$os_ir" 'BEGIN { printf "%.3f", a / b }')
	verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 0.2) ? "meets" : "misses" }')
	echo
	echo "ratio mxprobe/openssl instructions (min/min): $ratio ($verdict the target <= 0.2)"
fi
[ -n "${mx_hwm:-}" ] && echo "mxprobe peak memory (VmHWM, min): $mx_hwm kB"
echo "mxprobe output of the last run: $(kv "$W/mx.out.$RUNS" tls_version)" \
    "$(kv "$W/mx.out.$RUNS" tls_cipher) ca_count=$(kv "$W/mx.out.$RUNS" ca_count)" \
    "cert_trusted=$(kv "$W/mx.out.$RUNS" cert_trusted)"

failed=$(cat "$W"/failed.* 2>/dev/null | tr -s ' \n' ' ' | sed 's/^ //; s/ $//')
if [ -n "$failed" ]; then
	echo "bench: some runs failed, their figures do not count: $failed" >&2
	for f in "$W"/mx.err.* "$W"/os.out.*; do
		[ -s "$f" ] && { echo "--- $f" >&2; head -n 20 "$f" >&2; }
	done
	exit 1
fi
pf_stop; echo; T=$T PKI=$PKI MXPROBE=$MXPROBE BENCH_RUNS=$RUNS toolchains/bench/rtt.sh || exit 1
exit 0
