#!/bin/sh
# Interop: SPF (RFC 7208) in the domain audit (src/audit/chk_spf.c, src/policy/spf.c)
# against the real DNS world of tests/lib/dnsworld.sh (nsd + validating
# unbound in a network namespace).  The policies are records under
# spf.insec.test, added with DNSW_EXTRA_INSEC; every audited name has a
# null MX, so no mail server is probed and only DNS matters:
#   good      ip4 + include + a, -all: ok, 2 lookups
#   soft      include, ~all: ok
#   plusall   +all: weak
#   noall     no all, no redirect: weak
#   redir     redirect= to a ~all record: ok, the all of the target
#   over10    an include chain of 11 DNS terms: invalid, too-many-lookups
#   void3     three names that do not exist: invalid, void lookups
#   incnospf  include of a name whose TXT is not SPF: invalid
#   incnx     include of a name that does not exist: invalid
#   several   two v=spf1 records: invalid
#   syntax    ip4:192.0.2.300: invalid, the term reported
#   ptr       the deprecated ptr mechanism: spf_ptr=yes, informational
#   nospf     a TXT that is not SPF: absent
#   inctemp   include of bogus.test (DNSSEC-bogus: SERVFAIL): unknown
#   viamx     mx:mxd.spf.insec.test, whose MX host has an address
#   dual      a:host.spf.insec.test/24 and ip6
# and --spf-ip evaluations (sender postmaster@DOMAIN): pass, fail,
# softfail, neutral, permerror, temperror, through include, a, mx,
# redirect, ip6.  Checked: spf, spf_record, spf_all, spf_lookups,
# spf_void_lookups, spf_ptr, spf_error, spf_weak, spf_records, spf_ip,
# spf_result, spf_result_error, the findings and score_item_spf.
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

D=spf.insec.test
# every audited name: a null MX (nothing to probe) and its policy
DNSW_EXTRA_INSEC="good.spf	MX	0 .
good.spf	TXT	\"v=spf1 ip4:192.0.2.0/24 include:_spf.$D a:host.$D -all\"
_spf.spf	TXT	\"v=spf1 ip4:198.51.100.0/24 ~all\"
_spf.spf	TXT	\"some-site-verification=0123456789\"
host.spf	A	203.0.113.5
host.spf	AAAA	2001:db8:5::5
soft.spf	MX	0 .
soft.spf	TXT	\"v=spf1 include:_spf.$D ~all\"
plusall.spf	MX	0 .
plusall.spf	TXT	\"v=spf1 ip4:192.0.2.1 +all\"
noall.spf	MX	0 .
noall.spf	TXT	\"v=spf1 ip4:192.0.2.1\"
redir.spf	MX	0 .
redir.spf	TXT	\"v=spf1 redirect=_spf.$D\"
over10.spf	MX	0 .
over10.spf	TXT	\"v=spf1 include:l1.$D include:l2.$D -all\"
l1.spf		TXT	\"v=spf1 a:host.$D a:host.$D a:host.$D a:host.$D ~all\"
l2.spf		TXT	\"v=spf1 include:l3.$D mx:mxd.$D ~all\"
l3.spf		TXT	\"v=spf1 a:host.$D a:host.$D a:host.$D ip4:192.0.2.9 ~all\"
void3.spf	MX	0 .
void3.spf	TXT	\"v=spf1 a:nx1.$D a:nx2.$D mx:nx3.$D ip4:192.0.2.1 -all\"
incnospf.spf	MX	0 .
incnospf.spf	TXT	\"v=spf1 include:txtonly.insec.test -all\"
incnx.spf	MX	0 .
incnx.spf	TXT	\"v=spf1 ip4:192.0.2.1 include:ghost.$D -all\"
several.spf	MX	0 .
several.spf	TXT	\"v=spf1 ip4:192.0.2.1 -all\"
several.spf	TXT	\"v=spf1 ~all\"
syntax.spf	MX	0 .
syntax.spf	TXT	\"v=spf1 ip4:192.0.2.1 ip4:192.0.2.300 -all\"
ptr.spf		MX	0 .
ptr.spf		TXT	\"v=spf1 ptr:insec.test -all\"
nospf.spf	MX	0 .
nospf.spf	TXT	\"v=DMARC1; p=none\"
inctemp.spf	MX	0 .
inctemp.spf	TXT	\"v=spf1 include:bogus.test -all\"
viamx.spf	MX	0 .
viamx.spf	TXT	\"v=spf1 mx:mxd.$D ?all\"
mxd.spf		MX	10 mh.$D.
mh.spf		A	192.0.2.77
dual.spf	MX	0 .
dual.spf	TXT	\"v=spf1 a:host.$D/24//64 ip6:2001:db8:6::/48 -all\""

dnsw_start_or_exit

# ---- helpers ---------------------------------------------------------------

dnsw_bundle spf-test-ca
COMMON="-C $TMPD/ca.pem -t 10"

# audit CTX ARGS...: one mxprobe run inside the namespace.
audit() {
	dnsw_audit "$@"
}

show() {
	dnsw_show spf findings status
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

# spf_at CTX DOMAIN IP WANT: --spf-ip IP on DOMAIN gives spf_result=WANT.
spf_at() {
	audit "$1" --spf-ip "$3" "$2"
	check_kv spf_ip "$4"
	check_kv spf_result "$5"
	show
}

# ---- the policy walk -------------------------------------------------------

audit good "good.$D"
check_kv spf ok
check_kv spf_record "v=spf1 ip4:192.0.2.0/24 include:_spf.$D a:host.$D -all"
check_kv spf_all -all
check_kv spf_lookups 2
check_kv spf_void_lookups 0
check_kv spf_ptr no
check_absent spf_error
check_absent spf_weak
check_absent spf_result
no_finding spf-invalid
no_finding spf-weak
no_finding spf-absent
check_kv score_item_spf 100
show

audit soft "soft.$D"
check_kv spf ok
check_kv spf_all '~all'
check_kv spf_lookups 1
check_kv score_item_spf 90
show

audit plusall "plusall.$D"
check_kv spf weak
check_kv spf_all +all
check_kv spf_weak pass-all
has_finding spf-weak
check_kv score_item_spf 30
show

audit noall "noall.$D"
check_kv spf weak
check_kv spf_all none
check_kv spf_weak no-all
has_finding spf-weak
show

audit redir "redir.$D"
check_kv spf ok
check_kv spf_all '~all'
check_kv spf_lookups 1
check_kv spf_record "v=spf1 redirect=_spf.$D"
show

audit over10 "over10.$D"
check_kv spf invalid
check_kv spf_lookups 11
check_kv spf_error "too-many-lookups over10.$D"
has_finding spf-invalid
check_kv score_item_spf 10
show

audit void3 "void3.$D"
check_kv spf invalid
check_kv spf_lookups 3
check_kv spf_void_lookups 3
check_kv spf_error "too-many-void-lookups nx1.$D"
has_finding spf-invalid
show

audit incnospf "incnospf.$D"
check_kv spf invalid
check_kv spf_error "no-spf-record txtonly.insec.test"
check_kv spf_void_lookups 0
has_finding spf-invalid
show

audit incnx "incnx.$D"
check_kv spf invalid
check_kv spf_error "no-spf-record ghost.$D"
check_kv spf_void_lookups 1
show

audit several "several.$D"
check_kv spf invalid
check_kv spf_records 2
check_kv spf_error "several-records several.$D"
has_finding spf-invalid
check_kv score_item_spf 10
show

audit syntax "syntax.$D"
check_kv spf invalid
check_kv spf_error "syntax syntax.$D: ip4:192.0.2.300"
check_kv spf_record "v=spf1 ip4:192.0.2.1 ip4:192.0.2.300 -all"
show

audit ptr "ptr.$D"
check_kv spf ok
check_kv spf_ptr yes
check_kv spf_lookups 1
has_finding spf-ptr
show

audit nospf "nospf.$D"
check_kv spf absent
check_absent spf_record
check_absent spf_lookups
has_finding spf-absent
check_kv score_item_spf 0
show

audit inctemp "inctemp.$D"
check_kv spf unknown
check_kv spf_error "dns-error bogus.test"
has_finding spf-unknown
check_absent score_item_spf
show

# the zone apex of the world: the good -all record it always had
audit apex -4 insec.test
check_kv spf ok
check_kv spf_record "v=spf1 ip4:127.0.1.0/24 -all"
check_kv spf_all -all
check_kv spf_lookups 0
show

# ---- --spf-ip: check_host for one address ----------------------------------

spf_at ip-pass "good.$D" 192.0.2.7 192.0.2.7 pass
spf_at ip-include "good.$D" 198.51.100.9 198.51.100.9 pass
spf_at ip-a "good.$D" 203.0.113.5 203.0.113.5 pass
spf_at ip-a6 "good.$D" 2001:db8:5::5 2001:db8:5::5 pass
spf_at ip-fail "good.$D" 203.0.113.6 203.0.113.6 fail
spf_at ip-softfail "soft.$D" 10.9.9.9 10.9.9.9 softfail
spf_at ip-soft-inc "soft.$D" 198.51.100.1 198.51.100.1 pass
spf_at ip-redir "redir.$D" 198.51.100.200 198.51.100.200 pass
spf_at ip-redir-soft "redir.$D" 10.1.1.1 10.1.1.1 softfail
spf_at ip-mx "viamx.$D" 192.0.2.77 192.0.2.77 pass
spf_at ip-mx-neutral "viamx.$D" 192.0.2.78 192.0.2.78 neutral
spf_at ip-dual "dual.$D" 203.0.113.200 203.0.113.200 pass
spf_at ip-dual6 "dual.$D" 2001:db8:5::ffff 2001:db8:5::ffff pass
spf_at ip-dual-out "dual.$D" 2001:db8:5:1::1 2001:db8:5:1::1 fail
spf_at ip-ip6 "dual.$D" 2001:db8:6:ff::1 2001:db8:6:ff::1 pass
spf_at ip-mapped "good.$D" ::ffff:192.0.2.8 192.0.2.8 pass
spf_at ip-plusall "plusall.$D" 10.2.3.4 10.2.3.4 pass
spf_at ip-noall "noall.$D" 10.2.3.4 10.2.3.4 neutral
spf_at ip-none "nospf.$D" 192.0.2.1 192.0.2.1 none

# the 11th DNS term (l2's mx, after l3 came back softfail) is permerror
audit ip-over10 --spf-ip 10.0.0.1 "over10.$D"
check_kv spf_result permerror
check_kv spf_result_error "too-many-lookups l2.$D: mx:mxd.$D"
show

# a match within the first 10 terms is a pass, the 11th never reached
audit ip-over10-early --spf-ip 203.0.113.5 "over10.$D"
check_kv spf_result pass
show

# the void limit is hit before ip4 is reached
audit ip-void --spf-ip 192.0.2.1 "void3.$D"
check_kv spf_result permerror
check_kv spf_result_error "too-many-void-lookups nx3.$D"
show

audit ip-incnx --spf-ip 10.0.0.1 "incnx.$D"
check_kv spf_result permerror
check_kv spf_result_error "no-spf-record ghost.$D"
show

# the address matches before the bad include is reached
spf_at ip-incnx-early "incnx.$D" 192.0.2.1 192.0.2.1 pass

audit ip-temp --spf-ip 10.0.0.1 "inctemp.$D"
check_kv spf_result temperror
check_kv spf_result_error "dns-error bogus.test"
show

audit ip-syntax --spf-ip 192.0.2.1 "syntax.$D"
check_kv spf_result permerror
check_kv spf_result_error "syntax syntax.$D: ip4:192.0.2.300"
show

summary
