#!/bin/sh
# demo.sh -- `make demo`: a small mail world on loopback and mxprobe run
# against it.  The world: a test PKI (tests/lib/certs.sh) in a temporary
# directory, the project's fixture DNS server (fixdns) serving the domain
# mxprobe.test (two MX, SPF and DMARC records), and two fixture SMTP
# servers (fixsrv) as its MX hosts, the second with a certificate that
# expired in 2021.  Then: the domain audit (its policy checks and score
# too), the same audit as a report for people (-H), as one
# monitoring-plugin line, and a single-host probe.  Every DNS question, the DNS blacklists' included, goes to fixdns
# (-r): nothing leaves loopback.  The Makefile builds $MXPROBE and the
# fixtures first; this script builds nothing.  Everything it starts is
# stopped on exit.  No root needed: every port is a free high port.
set -u
MXPROBE=${MXPROBE:-build/x86_64/mxprobe}
T=${T:-build/test}
. tests/lib/common.sh
PKI=$TMPD/pki
FIXDNS=$T/fixtures/fixdns

for f in "$MXPROBE" "$FIXSRV" "$FIXDNS"; do
	[ -x "$f" ] || { echo "demo: $f missing (run: make demo)" >&2; exit 1; }
done
echo "== making a test PKI (tests/lib/certs.sh) in $PKI"
sh tests/lib/certs.sh "$PKI" || exit 1

# The MX hosts: both on one port number, each on its own loopback address.
srv_start mx1 good -l 127.0.3.1 -n 16 -c "$PKI/rsa.crt" -k "$PKI/rsa.key" ||
    exit 1
SMTP_PORT=$SRV_PORT
srv_start mx2 good -l 127.0.3.2 -p "$SMTP_PORT" -n 16 \
    -c "$PKI/expired.crt" -k "$PKI/expired.key" || exit 1

cat > "$TMPD/zone" <<EOZ
mxprobe.test. 300 SOA ns.mxprobe.test. hostmaster.mxprobe.test. 1 3600 600 86400 300
mxprobe.test. 300 MX 10 mx.mxprobe.test.
mxprobe.test. 300 MX 20 mail.mxprobe.test.
mxprobe.test. 300 TXT "v=spf1 ip4:127.0.3.0/24 -all"
_dmarc.mxprobe.test. 300 TXT "v=DMARC1; p=reject"
mx.mxprobe.test. 300 A 127.0.3.1
mail.mxprobe.test. 300 A 127.0.3.2
1.3.0.127.in-addr.arpa. 300 PTR mx.mxprobe.test.
2.3.0.127.in-addr.arpa. 300 PTR mail.mxprobe.test.
EOZ
mkfifo "$TMPD/dns.ready" || exit 1
"$FIXDNS" -l 127.0.0.1 -z "$TMPD/zone" -T 60 > "$TMPD/dns.ready" \
    2> "$TMPD/dns.log" &
PIDS="$PIDS $!"
read -r w DNS_PORT < "$TMPD/dns.ready"
[ "$w" = ready ] || { echo "demo: fixdns did not start" >&2; cat "$TMPD/dns.log" >&2; exit 1; }

echo
echo "== the demo world"
echo "DNS  fixdns at 127.0.0.1:$DNS_PORT: mxprobe.test MX 10 mx.mxprobe.test, MX 20 mail.mxprobe.test"
echo "     SPF: v=spf1 ip4:127.0.3.0/24 -all; DMARC: v=DMARC1; p=reject"
echo "     (no DKIM key, no TLSA, no MTA-STS)"
echo "MX1  mx.mxprobe.test   127.0.3.1:$SMTP_PORT  fixsrv, RSA chain from the test CA"
echo "MX2  mail.mxprobe.test 127.0.3.2:$SMTP_PORT  fixsrv, certificate expired 2021-01-01"

echo
echo "== a domain audit: every MX, every address, at once"
set -- "$MXPROBE" -r "127.0.0.1:$DNS_PORT" -p "$SMTP_PORT" \
    -C "$PKI/bundle.crt" -t 10 mxprobe.test
echo "\$ $*"
"$@" > "$TMPD/domain"
rc=$?
# The chain keys (mxN_certM_*) repeat the leaf's: left out here.
grep -v '^mx[0-9]*_cert[0-9]' "$TMPD/domain"
echo "(exit status $rc: 2 is critical, from mx2's expired certificate;" \
    "mxN_certM_* keys not shown)"

echo
echo "== the same audit for people (-H): what is wrong and how to fix it"
set -- "$MXPROBE" -r "127.0.0.1:$DNS_PORT" -p "$SMTP_PORT" \
    -C "$PKI/bundle.crt" -t 10 -H mxprobe.test
echo "\$ $*"
"$@"
echo "(exit status $?)"

echo
echo "== the same audit for a monitor: one plugin line (--nagios)"
set -- "$MXPROBE" -r "127.0.0.1:$DNS_PORT" -p "$SMTP_PORT" \
    -C "$PKI/bundle.crt" -t 10 --tls-scan=off --nagios -w 80 --crit-score 50 \
    mxprobe.test
echo "\$ $*"
"$@"
echo "(exit status $?)"

echo
echo "== one server by name (-c resolves it), as JSON"
set -- "$MXPROBE" -r "127.0.0.1:$DNS_PORT" -c "mx.mxprobe.test:$SMTP_PORT" \
    -C "$PKI/bundle.crt" -t 10 -j
echo "\$ $*"
"$@"
echo "(exit status $?)"
