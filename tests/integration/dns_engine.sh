#!/bin/sh
# dns_engine.sh -- the DNS engine (src/engine/dnseng.c) against fixdns instances on
# 127.0.0.x that misbehave on purpose, one way each, driven by dnsq (one
# query on the real poll loop).  Each misbehaviour must end in its
# documented result (tests/fixtures/dnsq.c keys; errors as in dnseng.h)
# within the query's deadline: the time is measured, never slept for.
# env: T (host build dir), DNS_MARGIN (ms allowed past a deadline for
# process start-up and sanitizers, default 800).
. tests/lib/common.sh

FIXDNS=${FIXDNS:-$T/fixtures/fixdns}
DNSQ=${DNSQ:-$T/fixtures/dnsq}
MARGIN=${DNS_MARGIN:-800}

for b in "$FIXDNS" "$DNSQ"; do
	if [ ! -x "$b" ]; then
		not_ok "$b built (make $b)"
		summary
		exit 1
	fi
done

ZONE=$TMPD/example.zone
TLSA_HEX=8cb0fc6c527506a053f4f14c8464bebbd6dede2738d11468dd953d7d6a3021f1
cat > "$ZONE" <<EOF
# the zone every fixdns of this script serves
example.test.	300 SOA ns.example.test. hm.example.test. 1 3600 600 86400 300
example.test.		300 NS ns.example.test.
example.test.		300 MX 10 mx1.example.test.
example.test.		300 MX 20 mx2.example.test.
example.test.		300 TXT "v=spf1 mx -all"
mx1.example.test.	300 A 192.0.2.1
mx1.example.test.	300 AAAA 2001:db8::1
mx2.example.test.	300 A 192.0.2.2
www.example.test.	300 CNAME mx1.example.test.
_25._tcp.mx1.example.test. 300 TLSA 3 1 1 $TLSA_HEX
1.2.0.192.in-addr.arpa.	300 PTR mx1.example.test.
dkim._domainkey.example.test. 300 TXT "v=DKIM1; k=rsa; " "p=MIIB"
big.example.test.	300 TXT @3000
EOF

# dns_start NAME ADDR MODES [fixdns args]: starts fixdns, waits for its
# "ready PORT" line (through a fifo: no polling), sets DNS_PORT and
# DNS_PID; the log is $TMPD/NAME.log.
dns_start() {
	_n=$1 _a=$2 _m=$3
	shift 3
	_fifo=$TMPD/$_n.ready
	DNS_PORT=
	mkfifo "$_fifo" || return 1
	"$FIXDNS" -l "$_a" -z "$ZONE" -m "$_m" -T 120 "$@" > "$_fifo" \
	    2> "$TMPD/$_n.log" &
	DNS_PID=$!
	PIDS="$PIDS $DNS_PID"
	_w= _p=
	read -r _w _p < "$_fifo"
	rm -f "$_fifo"
	if [ "$_w" != ready ] || [ -z "$_p" ]; then
		CTX=$_n
		not_ok "fixdns $_m on $_a started"
		diag "$(cat "$TMPD/$_n.log")"
		CTX=
		return 1
	fi
	DNS_PORT=$_p
}

# q NAME [dnsq args]: runs dnsq, output in $TMPD/NAME.out, wall time in
# PROBE_MS, CTX=NAME for the checks that follow.
q() {
	CTX=$1
	shift
	_t0=$(now_ms)
	timeout -k 2 30 "$DNSQ" "$@" > "$TMPD/$CTX.out" 2> "$TMPD/$CTX.err"
	PROBE_RC=$?
	PROBE_MS=$(($(now_ms) - _t0))
	printf '%s\n' "$*" > "$TMPD/$CTX.cmd"
	if [ ! -s "$TMPD/$CTX.out" ]; then
		not_ok "dnsq printed something (exit $PROBE_RC)"
		diag "$(head -c 600 "$TMPD/$CTX.err")"
	fi
}

# ended_by MS: the query ended within MS plus the margin.
ended_by() {
	check_within $(($1 + MARGIN))
}

# logged NAME ERE [WHAT]: the fixdns log NAME has a matching line.
logged() {
	if grep -Eq -- "$2" "$TMPD/$1.log"; then ok "fixdns $1: ${3:-$2}"
	else not_ok "fixdns $1: ${3:-$2}"; diag "$(tail -5 "$TMPD/$1.log")"; fi
}

# kvall KEY: every value of KEY in the last output, one a line.
kvall() {
	awk -v k="$1" 'index($0, k "=") == 1 { print substr($0, length(k) + 2) }' \
	    "$TMPD/$CTX.out"
}

# check_all KEY WANT: every value of KEY, joined by ",", is WANT.
check_all() {
	check_eq "$1 = $2" "$(kvall "$1" | paste -sd, -)" "$2"
}

# ---- the servers ------------------------------------------------------------
# A good one on 127.0.0.1, the bad ones on 127.0.0.2-5 (ephemeral ports).
dns_start good 127.0.0.1 normal || exit 1
GOOD=127.0.0.1:$DNS_PORT
for m in tc wrongid comploop fwdptr label64 rdlen trailing servfail refused \
    silent bigtxt; do
	dns_start "$m" 127.0.0.2 "$m" || continue
	eval "S_$m=127.0.0.2:$DNS_PORT"
done
dns_start tcsplit 127.0.0.2 tc,tcpsplit && S_tcsplit=127.0.0.2:$DNS_PORT
dns_start tcclose 127.0.0.2 tc,tcpclose && S_tcclose=127.0.0.2:$DNS_PORT
dns_start bigudp 127.0.0.2 bigtxt,bigudp && S_bigudp=127.0.0.2:$DNS_PORT
dns_start othersrc 127.0.0.3 othersrc -o 127.0.0.4 &&
    S_othersrc=127.0.0.3:$DNS_PORT
dns_start slow 127.0.0.5 slow -D 1500 && S_slow=127.0.0.5:$DNS_PORT
dns_start slowok 127.0.0.5 slow -D 300 && S_slowok=127.0.0.5:$DNS_PORT
# a port where nothing listens (ICMP port unreachable): a fixdns that is gone
dns_start gone 127.0.0.1 normal && CLOSED=127.0.0.1:$DNS_PORT
kill "$DNS_PID" 2>/dev/null
wait "$DNS_PID" 2>/dev/null

# ---- a server that behaves: every record type -------------------------------
q mx -r "$GOOD" -t 2 example.test MX
check_kv err ok
check_kv rcode NOERROR
check_kv kind data
check_kv count 2
check_all mx "10 mx1.example.test,20 mx2.example.test"
check_kv tries 1
check_kv used_tcp no
check_kv answered_by "$GOOD"
check_kv loopback yes
check_kv aa yes
check_kv ad no
check_kv edns_do yes
check_kv done_calls 1
ended_by 2000
logged good '^q UDP example.test MX [0-9]+$' "query logged"

q cname -r "$GOOD" -t 2 www.example.test A
check_kv err ok
check_kv kind data
check_kv owner mx1.example.test
check_kv cnames 1
check_kv cname_hop www.example.test
check_all a 192.0.2.1

q aaaa -r "$GOOD" -t 2 mx1.example.test AAAA
check_all aaaa 2001:db8::1
q nxdomain -r "$GOOD" -t 2 nx.example.test A
check_kv err ok
check_kv rcode NXDOMAIN
check_kv kind nxdomain
check_kv neg_ttl 300
q nodata -r "$GOOD" -t 2 mx1.example.test MX
check_kv err ok
check_kv rcode NOERROR
check_kv kind nodata
check_kv neg_ttl 300
q txt -r "$GOOD" -t 2 dkim._domainkey.example.test TXT
check_kv txt "v=DKIM1; k=rsa; p=MIIB"
check_kv txt_strings 2
check_kv txt_truncated no
q tlsa -r "$GOOD" -t 2 _25._tcp.mx1.example.test TLSA
check_all tlsa "3 1 1 $TLSA_HEX"
q ptr -r "$GOOD" -t 2 1.2.0.192.in-addr.arpa PTR
check_all ptr mx1.example.test
q soa -r "$GOOD" -t 2 example.test SOA
check_all soa "ns.example.test hm.example.test 1 3600 600 86400 300"
q case -r "$GOOD" -t 2 ExAmPlE.TeSt MX
check_kv err ok
check_kv count 2
# a 3000-byte TXT does not fit 1232 bytes: the server says TC, TCP follows
q big3k -r "$GOOD" -t 2 big.example.test TXT
check_kv err ok
check_kv tc_seen yes
check_kv used_tcp yes
check_kv tries 2
check_kv txt_total 3000
check_kv txt_truncated yes
logged good '^q TCP big.example.test TXT' "the TCP query"

# IPv6, when the host has ::1
if dns_start good6 ::1 normal 2>/dev/null; then
	q v6 -r "[::1]:$DNS_PORT" -t 2 example.test MX
	check_kv err ok
	check_kv answered_by "[::1]:$DNS_PORT"
	check_kv loopback yes
else
	skip "IPv6 ::1" "no ::1 on this host"
fi

# ---- TC ----------------------------------------------------------------------
q tc -r "$S_tc" -t 3 example.test MX
check_kv err ok
check_kv tc_seen yes
check_kv used_tcp yes
check_kv tries 2
check_kv count 2
ended_by 3000
logged tc '^r UDP 0 [0-9]+ tc$' "UDP answer was TC"
logged tc '^q TCP example.test MX' "then asked over TCP"

q tcsplit -r "$S_tcsplit" -t 3 big.example.test TXT
check_kv err ok
check_kv used_tcp yes
check_kv txt_total 3000
ended_by 3000

q tcclose -r "$S_tcclose" -t 3 example.test MX
check_kv err dns-tcp-failed
check_kv used_tcp no
ended_by 1000
q tcclose-next -r "$S_tcclose" -r "$GOOD" -t 3 example.test MX
check_kv err ok
check_kv answered_idx 1
ended_by 1000

# ---- a 60 KB TXT -------------------------------------------------------------
q bigtxt -r "$S_bigtxt" -t 3 example.test TXT
check_kv err ok
check_kv used_tcp yes
check_kv count 1
check_kv txt_total 60000
check_kv txt_len 2047
check_kv txt_truncated yes
ended_by 3000
logged bigtxt '^r TCP 0 6[0-9]{4} bigtxt$' "60 KB reply over TCP"

# the same as one 60 KB datagram: cut by the client's buffer (MSG_TRUNC)
q bigudp -r "$S_bigudp" -t 3 example.test TXT
check_kv err ok
check_kv tc_seen yes
check_kv used_tcp yes
check_kv txt_total 60000
logged bigudp '^r UDP 0 6[0-9]{4} bigtxt$' "60 KB datagram sent"

# ---- spoofing ----------------------------------------------------------------
q wrongid -r "$S_wrongid" -t 3 example.test MX
check_kv err ok
check_kv tries 1
check_kv count 2
ended_by 1000
logged wrongid '^r UDP wrongid' "wrong id sent first"

q othersrc -r "$S_othersrc" -t 1.5 example.test MX
check_kv err dns-timeout
check_kv answered_by -
check_after 1500
ended_by 1500
logged othersrc '^r UDP 0 [0-9]+ data othersrc$' "answer sent from elsewhere"
q othersrc-next -r "$S_othersrc" -r "$GOOD" -t 3 example.test MX
check_kv err ok
check_kv answered_idx 1
check_kv tries 2
ended_by 3000

# ---- broken replies: never accepted ------------------------------------------
for m in comploop:dns-bad-pointer fwdptr:dns-bad-pointer label64:dns-bad-name \
    rdlen:dns-format trailing:dns-format; do
	mode=${m%%:*} want=${m#*:}
	eval "srv=\$S_$mode"
	q "$mode" -r "$srv" -t 3 example.test MX
	check_kv err "$want"
	check_kv tries 2
	check_absent mx
	ended_by 1000
	logged "$mode" "^r UDP 0 [0-9]+ (broken|rdlen|trailing)\$" "sent it"
	q "$mode-next" -r "$srv" -r "$GOOD" -t 3 example.test MX
	check_kv err ok
	check_kv answered_idx 1
	check_all mx "10 mx1.example.test,20 mx2.example.test"
	ended_by 1000
done

# ---- SERVFAIL, REFUSED -------------------------------------------------------
q servfail -r "$S_servfail" -t 3 example.test MX
check_kv err dns-servfail
check_kv rcode SERVFAIL
check_kv tries 2
ended_by 1000
q servfail-next -r "$S_servfail" -r "$GOOD" -t 3 example.test MX
check_kv err ok
check_kv answered_idx 1
check_kv answered_by "$GOOD"
ended_by 1000

q refused -r "$S_refused" -t 3 example.test MX
check_kv err dns-refused
check_kv refused "$S_refused"
check_kv tries 1
ended_by 1000
q refused-next -r "$S_refused" -r "$GOOD" -t 3 example.test MX
check_kv err ok
check_kv answered_idx 1
check_kv refused "$S_refused"
ended_by 1000
q three -r "$S_refused" -r "$S_servfail" -r "$GOOD" -t 3 example.test MX
check_kv err ok
check_kv answered_idx 2
check_kv tries 3

# ---- silence -----------------------------------------------------------------
q silent -r "$S_silent" -t 1 example.test MX
check_kv err dns-timeout
check_kv tries 2
check_after 1000
ended_by 1000
q silent2 -r "$S_silent" -r "$S_othersrc" -t 2 example.test MX
check_kv err dns-timeout
check_kv tries 4
check_after 2000
ended_by 2000
# the silent first server costs its share of the schedule, 1/6 of 3 s
q silent-next -r "$S_silent" -r "$GOOD" -t 3 example.test MX
check_kv err ok
check_kv answered_idx 1
check_after 450
ended_by 500

q slow -r "$S_slow" -t 1 example.test MX
check_kv err dns-timeout
check_after 1000
ended_by 1000
q slowok -r "$S_slowok" -t 3 example.test MX
check_kv err ok
check_after 300
ended_by 1000

# ---- nobody home -------------------------------------------------------------
q unreach -r "$CLOSED" -t 3 example.test MX
check_kv err dns-unreachable
check_kv sys_errno 111
ended_by 500
q unreach-next -r "$CLOSED" -r "$GOOD" -t 3 example.test MX
check_kv err ok
check_kv answered_idx 1
ended_by 500

# no -r and a resolv.conf without servers
printf '# nothing here\noptions timeout:1\n' > "$TMPD/empty.conf"
q noserver -c "$TMPD/empty.conf" -t 3 example.test MX
check_kv err dns-no-server
check_kv servers 0
ended_by 500

CTX=
summary
