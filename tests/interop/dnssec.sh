#!/bin/sh
# Interop: real DNS software as ground truth for the resolver (issue 3).
# tests/lib/dnsworld.sh starts nsd (a signed root, signed sec.test, unsigned
# insec.test, bogus.test with expired signatures, reverse zones) behind a
# validating unbound, in a network namespace of its own.
#
# Part 1 checks the world itself with dig, so that a failure of part 2 can
# be blamed on the client: AD on sec.test answers only, SERVFAIL for
# bogus.test (its data with CD=1, and unbound's log says why), NXDOMAIN
# with AD for a missing name of sec.test, unbound's TC on a 1.7 KB TXT over
# UDP, and no query sent by unbound to any server but nsd.
# Part 2 runs the project's DNS engine through its test driver,
#   $T/fixtures/dnsq -r ADDR:PORT -t SECONDS NAME TYPE
# (key=value lines, see tests/fixtures/dnsq.c) against the same unbound for
# A, AAAA, MX, TXT, TLSA and PTR in both zones, and compares each answer
# with what dig got: rcode, kind, err, the record set, ad=yes for sec.test
# only, TXT strings joined (length and string count), CNAME chains
# followed, TCP after TC, SERVFAIL for bogus.test; then over [::1] and with
# the namespace's /etc/resolv.conf instead of -r.  A missing dnsq is a
# failure ("not ok"), not a skip.
#
# env: T (build dir), KEEP_TMP=1 / DNSW_KEEP=1 to keep the files,
#      DNSW_SEEDS=DIR: also write raw unbound replies (query with RD, EDNS
#      1232, DO) there, one file per case, for the dnsmsg unit tests and
#      fuzz seeds.
. tests/lib/common.sh
. tests/lib/dnsworld.sh

trap 'dnsworld_stop; cleanup' EXIT
trap 'exit 141' PIPE	# a closed stdout must not leave the servers running

DNSQ=${DNSQ:-$T/fixtures/dnsq}

need_host dnsworld_can_run "DNS world"
if ! command -v dig >/dev/null 2>&1; then
	not_ok "dig installed (apt-get install bind9-dnsutils)"
	summary; exit 1
fi
if ! dnsworld_start; then
	not_ok "DNS world started"
	diag "$DNSW_ERR"
	summary; exit 1
fi
ok "DNS world started (resolver $DNSW_RESOLVER, nsd $DNSW_AUTH, netns ${DNSW_NETNS:-none})"

# ---- part 1: the world, seen by dig -----------------------------------------

# dg FILE NAME TYPE [dig options]: one query to unbound; FILE.dig holds the
# whole output; sets DG_STATUS, DG_FLAGS (" qr rd ra ad ").
dg() {
	_f=$TMPD/$1.dig
	_nm=$2 _ty=$3
	shift 3
	dnsw_exec dig @"$DNSW_RESOLVER_ADDR" -p "$DNSW_RESOLVER_PORT" +dnssec \
	    +time=3 +tries=1 "$@" "$_nm" "$_ty" > "$_f" 2>&1
	DG_STATUS=$(sed -n 's/.*status: \([A-Z]*\),.*/\1/p' "$_f" | tail -n 1)
	DG_FLAGS=" $(sed -n 's/^;; flags: \([a-z ]*\);.*/\1/p' "$_f" | tail -n 1) "
	[ -n "$DG_STATUS" ] || DG_STATUS="no-answer($(head -c 200 "$_f" | tr '\n' ' '))"
}

# norm TYPE: rdata lines on stdin in one canonical form, sorted: names
# lower case without the final dot, MX "PREF NAME", TXT strings joined
# (quotes undone), TLSA "U S M hex" with lower-case hex.
norm() {
	awk -v t="$1" '
	function unq(s,   o, i, c, q) {
		o = ""; q = 0
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c == "\"") { q = !q; continue }
			if (c == "\\" && i < length(s)) { i++; o = o substr(s, i, 1); continue }
			if (!q && (c == " " || c == "\t")) continue
			o = o c
		}
		return o
	}
	function nm(s) { s = tolower(s); if (s != ".") sub(/\.$/, "", s); return s }
	{
		sub(/^[ \t]+/, ""); sub(/[ \t\r]+$/, "")
		if (t == "MX") {
			if ($1 !~ /^[0-9]+$/ && $NF ~ /^[0-9]+$/) print $NF " " nm($1)
			else print $1 " " nm($2)
		} else if (t == "TXT") {
			if ($0 ~ /^"/) print unq($0); else print $0
		} else if (t == "TLSA") {
			h = ""; for (i = 4; i <= NF; i++) h = h $i
			print $1 " " $2 " " $3 " " tolower(h)
		} else if (t == "PTR" || t == "CNAME") print nm($1)
		else print $0
	}' | LC_ALL=C sort
}

# dg_rdata FILE TYPE: the TYPE records of the answer section, normalised.
dg_rdata() {
	awk -v t="$2" '
	/^;; ANSWER SECTION:/ { a = 1; next }
	/^$/ { a = 0 }
	a && $4 == t { $1 = $2 = $3 = $4 = ""; print }' "$TMPD/$1.dig" | norm "$2"
}

has_flag() { case $DG_FLAGS in *" $1 "*) return 0 ;; esac; return 1; }

# dg_check NAME TYPE STATUS AD(1|0) [WANT-RDATA-LINES]: status and AD bit
# from unbound; the answer's records if WANT is given.
dg_check() {
	CTX="dig $1 $2"
	_id=$(echo "$1-$2" | tr -c 'a-zA-Z0-9.\n-' _)
	dg "$_id" "$1" "$2"
	check_eq "status $3" "$DG_STATUS" "$3"
	if has_flag ad; then _ad=1; else _ad=0; fi
	check_eq "ad=$4" "$_ad" "$4"
	if [ $# -ge 5 ]; then
		_want=$(printf '%s\n' "$5" | norm "$2")
		check_eq "answer" "$(dg_rdata "$_id" "$2")" "$_want"
	fi
	CTX=
}

nl='
'
MX_SEC="10 mx1.sec.test${nl}20 mx2.sec.test"
MX_INSEC="10 mx1.insec.test${nl}20 mx2.insec.test"
SPF='"v=spf1 ip4:127.0.1.0/24 -all"'

dg_check sec.test SOA NOERROR 1
dg_check sec.test MX NOERROR 1 "$MX_SEC"
dg_check sec.test TXT NOERROR 1 "$SPF"
dg_check mx1.sec.test A NOERROR 1 "$DNSW_SEC_MX1_A"
dg_check mx1.sec.test AAAA NOERROR 1 "$DNSW_SEC_MX1_AAAA"
dg_check _25._tcp.mx1.sec.test TLSA NOERROR 1 "3 1 1 $DNSW_SEC_MX1_TLSA"
dg_check nx.sec.test A NXDOMAIN 1
dg_check txtonly.sec.test A NOERROR 1 ""
dg_check insec.test MX NOERROR 0 "$MX_INSEC"
dg_check insec.test TXT NOERROR 0 "$SPF"
dg_check nx.insec.test A NXDOMAIN 0
dg_check nomail.sec.test MX NOERROR 1 "0 ."
dg_check "$(echo "$DNSW_SEC_MX1_A" |
    awk -F. '{ print $4 "." $3 "." $2 "." $1 ".in-addr.arpa" }')" \
    PTR NOERROR 0 "mx1.sec.test."
# A name outside every test zone: our root's signed NXDOMAIN, not the
# internet's answer.
dg_check www.example.com A NXDOMAIN 1

# bogus.test: SERVFAIL; the data is there with CD=1 (validation off), and
# unbound's log gives the reason.
dg_check bogus.test MX SERVFAIL 0
CTX="dig +cd bogus.test MX"
dg bogus-cd bogus.test MX +cd
check_eq "status NOERROR" "$DG_STATUS" NOERROR
check_eq "answer" "$(dg_rdata bogus-cd MX)" "10 mx1.bogus.test"
if grep -q 'validation failure <bogus\.test\. MX IN>: signature expired' \
    "$DNSW_UNBOUND_LOG"; then
	ok "unbound logged: signature expired"
else
	not_ok "unbound logged: signature expired"
	diag "$(grep -i 'valid' "$DNSW_UNBOUND_LOG" | tail -n 5)"
fi

# A TXT bigger than the 1232-byte EDNS payload: TC over UDP, whole over TCP.
CTX="dig bigtxt.sec.test TXT"
dg bigtxt-udp bigtxt.sec.test TXT +ignore +notcp
if has_flag tc; then ok "tc over UDP"; else not_ok "tc over UDP"; diag "$DG_FLAGS"; fi
dg bigtxt-tcp bigtxt.sec.test TXT +tcp
check_eq "status over TCP" "$DG_STATUS" NOERROR
if has_flag ad; then ok "ad over TCP"; else not_ok "ad over TCP"; fi
BIGTXT=$(dg_rdata bigtxt-tcp TXT)
check_eq "1680 octets joined" "${#BIGTXT}" 1680
CTX=

# ---- part 2: the project's client against the same unbound ------------------

# kvall FILE KEY: every value of KEY (dnsq repeats the key per record).
kvall() {
	awk -v k="$2" 'index($0, k "=") == 1 { print substr($0, length(k) + 2) }' "$1"
}

# yn VALUE: 1 for yes/1, 0 for no/0, else the value.
yn() {
	case $1 in yes|1) echo 1 ;; no|0) echo 0 ;; *) echo "$1" ;; esac
}

# dg_nstrings ID: character-strings in the (single) TXT record of a dig answer.
dg_nstrings() {
	awk '/^;; ANSWER SECTION:/ { a = 1; next } /^$/ { a = 0 }
	a && $4 == "TXT" { $1 = $2 = $3 = $4 = ""; n = gsub(/"/, "\""); print n / 2 }' \
	    "$TMPD/$1.dig"
}

# dnsq_check NAME TYPE [tcp]: dnsq's answer equals dig's from the same
# unbound: rcode, kind (data / nodata / nxdomain), err, AD bit (yes for
# sec.test only), record set; TXT: length and string count too; "tcp":
# dnsq saw TC and went over TCP.
dnsq_check() {
	CTX="dnsq $1 $2"
	_id=q-$(echo "$1-$2" | tr -c 'a-zA-Z0-9.\n-' _)
	_o=$TMPD/$_id.out
	dg "$_id" "$1" "$2"
	_dgrd=$(dg_rdata "$_id" "$2")
	if has_flag ad; then _dgad=1; else _dgad=0; fi
	_t0=$(now_ms)
	dnsw_exec timeout -k 1 10 "$DNSQ" -r "$DNSW_RESOLVER" -t 5 "$1" "$2" \
	    > "$_o" 2> "$TMPD/$_id.err"
	_rc=$? _ms=$(($(now_ms) - _t0))
	_fail0=$t_fail
	if [ ! -s "$_o" ]; then
		not_ok "output (exit $_rc)"
		diag "$(head -c 500 "$TMPD/$_id.err")"
		CTX=; return
	fi
	check_kv rcode "$DG_STATUS" "$_o"
	case $DG_STATUS in
	NOERROR|NXDOMAIN)
		check_kv err ok "$_o"
		if [ "$DG_STATUS" = NXDOMAIN ]; then _k=nxdomain
		elif [ -n "$_dgrd" ]; then _k=data; else _k=nodata; fi
		check_kv kind "$_k" "$_o" ;;
	*)	_e=$(kv "$_o" err) || _e='<absent>'
		case $_e in ok|'<absent>') not_ok "err set (rcode $DG_STATUS)"
			diag "err=$_e" ;;
		*) ok "err set (err=$_e)" ;; esac ;;
	esac
	# AD: set by unbound for sec.test only (part 1 checked that dig sees
	# the same); a client that does not ask with DO gets no AD anywhere.
	case $1 in *.insec.test|insec.test) _wad=0 ;; *sec.test) _wad=1 ;;
	*) _wad=0 ;; esac
	[ "$_dgad" = "$_wad" ] || diag "dig saw ad=$_dgad"
	_ad=$(kv "$_o" ad) || _ad='<absent>'
	check_eq "ad=$_wad" "$(yn "$_ad")" "$_wad"
	_t=$(echo "$2" | tr A-Z a-z)
	if [ "$_t" = txt ] && ! kv "$_o" txt >/dev/null &&
	    kv "$_o" txt_head >/dev/null; then
		# a long TXT: its first 32 bytes only
		check_eq "txt_head is the start of dig's" "$(kv "$_o" txt_head)" \
		    "$(printf '%s' "$_dgrd" | cut -c1-32)"
	else
		check_eq "$_t records as dig's" "$(kvall "$_o" "$_t" | norm "$2")" \
		    "$_dgrd"
	fi
	if [ "$_t" = txt ] && [ -n "$_dgrd" ]; then
		check_kv txt_len "$(printf '%s' "$_dgrd" | wc -c | tr -d ' ')" "$_o"
		check_kv txt_strings "$(dg_nstrings "$_id")" "$_o"
	fi
	if [ "${3:-}" = tcp ]; then
		check_eq "tc_seen=yes" "$(yn "$(kv "$_o" tc_seen)")" 1
		check_eq "used_tcp=yes" "$(yn "$(kv "$_o" used_tcp)")" 1
	fi
	if [ "$_ms" -gt 6000 ]; then not_ok "within its 5 s deadline"; diag "$_ms ms"; fi
	if [ "$t_fail" != "$_fail0" ]; then
		diag "dnsq output:" "$(cat "$_o")" "stderr:" "$(head -c 500 "$TMPD/$_id.err")"
	fi
	CTX=
}

rev() { echo "$1" | awk -F. '{ print $4 "." $3 "." $2 "." $1 ".in-addr.arpa" }'; }

if [ ! -x "$DNSQ" ]; then
	not_ok "dnsq missing ($DNSQ: make $DNSQ): the resolver checks did not run"
else
	for z in sec.test insec.test; do
		dnsq_check "$z" MX
		dnsq_check "$z" A
		dnsq_check "$z" TXT
		dnsq_check "_dmarc.$z" TXT
		dnsq_check "sel1._domainkey.$z" TXT	# 2 strings, 321 bytes
		dnsq_check "mx1.$z" A
		dnsq_check "_25._tcp.mx1.$z" TLSA
		dnsq_check "nomail.$z" MX		# null MX
		dnsq_check "txtonly.$z" A		# NODATA
		dnsq_check "nx.$z" A			# NXDOMAIN
		dnsq_check "bigtxt.$z" TXT tcp		# TC, then TCP
		dnsq_check "chain1.$z" A		# CNAME -> CNAME -> A
		CTX="dnsq chain1.$z A"
		check_kv cnames 2 "$TMPD/q-chain1.$z-A.out"
		check_kv owner "mx1.$z" "$TMPD/q-chain1.$z-A.out"
		CTX=
	done
	dnsq_check mx1.sec.test AAAA
	dnsq_check bogus.test MX		# SERVFAIL (BOGUS)
	for h in "$DNSW_SEC_MX1_A" "$DNSW_INSEC_MX1_A" 127.0.1.51; do
		dnsq_check "$(rev "$h")" PTR
	done
	CTX="dnsq sec.test MX"
	check_kv answered_by "$DNSW_RESOLVER" "$TMPD/q-sec.test-MX.out"
	check_kv loopback yes "$TMPD/q-sec.test-MX.out"
	# The [::1] listener.
	if [ -n "$DNSW_RESOLVER6" ]; then
		CTX="dnsq -r $DNSW_RESOLVER6 sec.test MX"
		dnsw_exec timeout -k 1 10 "$DNSQ" -r "$DNSW_RESOLVER6" -t 5 \
		    sec.test MX > "$TMPD/q6.out" 2> "$TMPD/q6.err"
		check_eq "mx records" "$(kvall "$TMPD/q6.out" mx | norm MX)" "$MX_SEC"
		check_kv answered_by "$DNSW_RESOLVER6" "$TMPD/q6.out"
		check_eq "ad=1" "$(yn "$(kv "$TMPD/q6.out" ad)")" 1
	fi
	# No -r: the namespace's /etc/resolv.conf (dnsworld.sh wrote it).
	if [ -n "$DNSW_NETNS" ] &&
	    [ -f "/etc/netns/$DNSW_NETNS/resolv.conf" ]; then
		CTX="dnsq (resolv.conf) sec.test MX"
		dnsw_exec timeout -k 1 10 "$DNSQ" -t 5 sec.test MX \
		    > "$TMPD/qrc.out" 2> "$TMPD/qrc.err"
		check_eq "mx records" "$(kvall "$TMPD/qrc.out" mx | norm MX)" "$MX_SEC"
		check_kv answered_by "$DNSW_RESOLVER" "$TMPD/qrc.out"
	fi
	CTX=
fi

# ---- raw replies for the unit tests and fuzz seeds (optional) --------------

if [ -n "${DNSW_SEEDS:-}" ]; then
	mkdir -p "$DNSW_SEEDS"
	while read -r _f _n _t _o; do
		# shellcheck disable=SC2086
		if dnsw_q -w "$DNSW_SEEDS/$_f.bin" $_o "$_n" "$_t" \
		    > "$TMPD/seed.txt" 2>&1; then
			echo "# seed $DNSW_SEEDS/$_f.bin: $_n $_t $(cat "$TMPD/seed.txt")"
		else
			not_ok "raw reply $_n $_t saved"
			diag "$(cat "$TMPD/seed.txt")"
		fi
	done <<EOF
unbound-mx-ad sec.test MX
unbound-mx-insecure insec.test MX
unbound-a-cname-chain chain1.sec.test A
unbound-aaaa mx1.sec.test AAAA
unbound-txt-2strings sel1._domainkey.sec.test TXT
unbound-tlsa _25._tcp.mx1.sec.test TLSA
unbound-ptr-2 51.1.0.127.in-addr.arpa PTR
unbound-nullmx nomail.sec.test MX
unbound-nxdomain-nsec nx.sec.test A
unbound-nodata-nsec txtonly.sec.test A
unbound-servfail-bogus bogus.test MX
unbound-tc-udp bigtxt.sec.test TXT
unbound-txt-big-tcp bigtxt.sec.test TXT --tcp
unbound-mx-nodo sec.test MX --no-do
EOF
fi

# ---- nothing left the world -------------------------------------------------

if _out=$(dnsw_outside); then
	if dnsw_ctl dump_infra 2>/dev/null | grep -q "^${DNSW_AUTH}[@ ]"; then
		ok "unbound sent queries to nsd ($DNSW_AUTH) and nowhere else"
	else
		not_ok "unbound's infra cache lists nsd"
		diag "$(dnsw_ctl dump_infra 2>&1 | head -5)"
	fi
else
	not_ok "unbound sent queries to nsd ($DNSW_AUTH) and nowhere else"
	diag "$_out"
fi
# A send to any address outside the namespace would fail (only lo is
# there) and unbound would log it.
_bad=$(grep -E 'sendto failed|unreachable|No route' "$DNSW_UNBOUND_LOG" | head -n 3)
if [ -z "$_bad" ]; then ok "unbound's log: no failed send"; else
	not_ok "unbound's log: no failed send"; diag "$_bad"; fi

summary
