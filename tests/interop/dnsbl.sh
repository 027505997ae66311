#!/bin/sh
# Interop: DNS blacklists (RFC 5782) in the domain audit (src/audit/chk_dnsbl.c)
# against the real DNS world of tests/lib/dnsworld.sh (nsd + validating
# unbound in a network namespace).  The blacklists are names served by nsd
# inside the world's zones (DNSW_EXTRA_INSEC / DNSW_EXTRA_SEC):
#   bl.insec.test   lists 127.0.1.11 (mx1.insec.test: 127.0.0.2 and
#                   127.0.0.4, with a TXT reason) and 127.0.1.99 (for --ip)
#   rf.insec.test   answers 127.255.255.254 for everything: the list
#                   refusing the resolver (Spamhaus' "public resolver")
#   rw.insec.test   answers 192.0.2.1 for everything: a resolver that
#                   rewrites NXDOMAIN (an ad page)
#   lh.insec.test   answers 127.0.0.1 for everything: never a listing
#   bl.sec.test     lists ::1 (mx1.sec.test's AAAA; 32 reversed nibbles)
# No mail server runs: every MX address refuses the connection at once.
# Checked: dnsbl, _zones, _checked, _listed, dnsbl_N_addr, _source, _zone,
# _result, _answer, _reason, _error; mxN_dnsbl_aM and _zones; findings
# (dnsbl-listed a warning; dnsbl-refused, dnsbl-bad-answer informational)
# and score_item_dnsbl (0 listed, 100 clean, unset when unknown); --ip;
# --dnsbl none.
# Needs root (namespace), nsd, unbound, ldnsutils, openssl, python3.
# env: MXPROBE, RUN, T as for every test (tests/lib/common.sh);
#      KEEP_TMP=1 DNSW_KEEP=1 keep the files for a post-mortem.
. tests/lib/common.sh
. tests/lib/dnsworld.sh

trap 'cleanup; dnsworld_stop' EXIT
trap 'exit 141' PIPE

PROBE_KILL=${PROBE_KILL:-25}

need_mxprobe
need_host dnsworld_can_run "DNS world"

V6=1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0
DNSW_EXTRA_INSEC="11.1.0.127.bl	A	127.0.0.2
11.1.0.127.bl	A	127.0.0.4
11.1.0.127.bl	TXT	( \"Listed by the test list, \"
	\"see https://bl.insec.test/q?127.0.1.11\" )
99.1.0.127.bl	A	127.0.0.3
*.rf		A	127.255.255.254
*.rw		A	192.0.2.1
*.lh		A	127.0.0.1"
DNSW_EXTRA_SEC="$V6.bl	A	127.0.0.10"

dnsw_start_or_exit

# ---- helpers ---------------------------------------------------------------

dnsw_bundle dnsbl-test-ca
COMMON="-C $TMPD/ca.pem -t 10"

# audit CTX ARGS...: one mxprobe run inside the namespace.
audit() {
	dnsw_audit "$@"
}

show() {
	dnsw_show dnsbl findings score_item
}

has_finding() {
	case ",$(kv "$TMPD/$CTX.out" findings)," in
	*",$1,"*) ok "findings has $1" ;;
	*) not_ok "findings has $1"
	   diag "findings=$(kv "$TMPD/$CTX.out" findings)" ;;
	esac
}
no_finding() {
	case ",$(kv "$TMPD/$CTX.out" findings)," in
	*",$1,"*) not_ok "findings without $1"
	   diag "findings=$(kv "$TMPD/$CTX.out" findings)" ;;
	*) ok "findings without $1" ;;
	esac
}

# ---- scenarios -------------------------------------------------------------

# insec.test: mx1 127.0.1.11 (listed), mx2 127.0.1.12 (not)
audit listed --dnsbl bl.insec.test -4 insec.test
check_kv dnsbl listed
check_kv dnsbl_zones bl.insec.test
check_kv dnsbl_checked 2
check_kv dnsbl_listed 1
check_kv dnsbl_1_addr 127.0.1.11
check_kv dnsbl_1_source mx1_a1
check_kv dnsbl_1_zone bl.insec.test
check_kv dnsbl_1_result listed
check_kv dnsbl_1_answer 127.0.0.2,127.0.0.4
check_kv dnsbl_1_reason \
    'Listed by the test list, see https://bl.insec.test/q?127.0.1.11'
check_absent dnsbl_1_error
check_absent dnsbl_2_addr
check_kv mx1_dnsbl_a1 listed
check_kv mx1_dnsbl_a1_zones bl.insec.test
check_kv mx2_dnsbl_a1 ok
check_absent mx2_dnsbl_a1_zones
has_finding dnsbl-listed
check_kv score_item_dnsbl 0
show

# a domain whose addresses no list names: sec.test over IPv4
audit clean --dnsbl bl.insec.test -4 sec.test
check_kv dnsbl ok
check_kv dnsbl_checked 2
check_kv dnsbl_listed 0
check_absent dnsbl_1_addr
check_kv mx1_dnsbl_a1 ok
no_finding dnsbl-listed
check_kv score_item_dnsbl 100
show

# IPv6: mx1.sec.test ::1 in bl.sec.test (nibbles), its IPv4 not
audit v6 --dnsbl bl.sec.test sec.test
check_kv dnsbl listed
check_kv dnsbl_checked 3
check_kv dnsbl_1_addr ::1
check_kv dnsbl_1_source mx1_a2
check_kv dnsbl_1_answer 127.0.0.10
check_kv mx1_dnsbl_a1 ok
check_kv mx1_dnsbl_a2 listed
show

# the list refuses the resolver: never a listing, the layer is unknown
audit refused --dnsbl rf.insec.test -4 insec.test
check_kv dnsbl unknown
check_kv dnsbl_listed 0
check_kv dnsbl_1_result error
check_kv dnsbl_1_error dnsbl-refused
check_kv dnsbl_1_answer 127.255.255.254
check_kv dnsbl_2_error dnsbl-refused
check_kv mx1_dnsbl_a1 unknown
has_finding dnsbl-refused
no_finding dnsbl-listed
check_absent score_item_dnsbl
show

# an NXDOMAIN-rewriting resolver, and 127.0.0.1: bad answers
audit rewrite --dnsbl rw.insec.test,lh.insec.test -4 insec.test
check_kv dnsbl unknown
check_kv dnsbl_checked 4
check_kv dnsbl_listed 0
check_kv dnsbl_1_error dnsbl-bad-answer
check_kv dnsbl_1_answer 192.0.2.1
check_kv dnsbl_2_zone lh.insec.test
check_kv dnsbl_2_error dnsbl-bad-answer
check_kv dnsbl_2_answer 127.0.0.1
has_finding dnsbl-bad-answer
no_finding dnsbl-listed
check_absent score_item_dnsbl
show

# a listing beside a refusal: listed (and the refusal told)
audit mixed --dnsbl bl.insec.test,rf.insec.test -4 insec.test
check_kv dnsbl listed
check_kv dnsbl_checked 4
check_kv dnsbl_listed 1
check_kv mx1_dnsbl_a1 listed
check_kv mx2_dnsbl_a1 unknown
has_finding dnsbl-listed
has_finding dnsbl-refused
check_kv score_item_dnsbl 0
show

# --ip: a sending address of its own
audit ip --dnsbl bl.insec.test --ip 127.0.1.99 -4 sec.test
check_kv dnsbl listed
check_kv dnsbl_checked 3
check_kv dnsbl_1_addr 127.0.1.99
check_kv dnsbl_1_source ip
check_kv dnsbl_1_answer 127.0.0.3
check_kv mx1_dnsbl_a1 ok
show

# --dnsbl none: no lookups at all
audit none --dnsbl none -4 insec.test
check_kv dnsbl off
check_absent dnsbl_zones
check_absent score_item_dnsbl
show

summary
