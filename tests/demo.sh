#!/bin/sh
# demo.sh -- `make demo`: a test PKI in a temporary directory, the fixture
# SMTP server on 127.0.0.1, and two probes: a good server, then one whose
# certificate has expired.  The Makefile builds $MXPROBE and fixsrv first;
# this script builds nothing.  Everything it starts is stopped on exit.
set -u
MXPROBE=${MXPROBE:-build/x86_64/mxprobe}
T=${T:-build/test}
. tests/lib/common.sh
PKI=$TMPD/pki

for f in "$MXPROBE" "$FIXSRV"; do
	[ -x "$f" ] || { echo "demo: $f missing (run: make demo)" >&2; exit 1; }
done
echo "== making a test PKI (tests/lib/certs.sh) in $PKI"
sh tests/lib/certs.sh "$PKI" || exit 1

# demo_probe TITLE SCENARIO PROFILE OUT: one fixture server, one probe.
demo_probe() {
	echo
	echo "== $1"
	srv_start "$2" "$2" -l 127.0.0.1 -c "$PKI/$3.crt" -k "$PKI/$3.key" ||
	    exit 1
	echo "(fixture server: fixsrv -s $2, $3 chain, 127.0.0.1 port $SRV_PORT)"
	_o=$4
	set -- "$MXPROBE" -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
	    -C "$PKI/bundle.crt" -t 10
	echo "\$ $*"
	"$@" > "$_o"
	rc=$?
	srv_wait
}

demo_probe "a good server: STARTTLS, RSA chain from the test CA" good rsa \
    "$TMPD/good"
# The per-certificate certN_* keys repeat the leaf's: left out here.
grep -v '^cert[0-9]' "$TMPD/good"
echo "(exit status $rc; certN_* keys not shown)"

demo_probe "the same server with a certificate that expired on 2021-01-01" \
    good expired "$TMPD/expired"
grep -v '^cert[0-9]' "$TMPD/expired" | grep -vxF -f "$TMPD/good"
echo "(exit status $rc; only the keys that differ from the good server)"
