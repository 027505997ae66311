# tests/lib/dnsworld.sh -- a private DNS world: a DNSSEC-signed root and
# mail zones on nsd, behind a validating unbound.  Sourced (POSIX sh) by
# tests/interop/dnssec.sh and by any test that needs names resolved.
#
# Never the system's instances nor their configs: nsd and unbound run with
# configs, zones, keys, pid files, state and logs under a fresh temporary
# directory $DNSW_DIR, inside a network namespace of our own (as root), so
# port 53 is ours and no packet can leave: the namespace has only lo.
# Every zone is written from tests/lib/zones/*.in and signed at test time
# with keys made at test time (ldns-keygen, ldns-signzone); nothing secret
# is committed.
#
# The world (defaults; addresses are variables, see below)
#   nsd (authoritative)  $DNSW_AUTH:53 = 127.0.0.54, serves every zone:
#     .                     signed; its key is unbound's only trust anchor
#     sec.test.             signed, DS in the root -> answers have AD=1
#     insec.test.           unsigned, no DS (the root's NSEC proves it) -> AD=0
#     bogus.test.           signed, signatures expired in 2020, DS in the
#                           root -> SERVFAIL (BOGUS); data with CD=1
#     1.0.127.in-addr.arpa. unsigned: PTR of the mail hosts (127.0.1.0/24)
#     1.0.0...0.ip6.arpa.   unsigned: PTR of ::1 (mx1.sec.test)
#   unbound (validating)  $DNSW_RESOLVER = 127.0.0.53:53 and [::1]:53,
#     stub for "." at nsd, trust anchor = the root's DS, validator+iterator,
#     val-permissive-mode no; any other name gets a signed NXDOMAIN from
#     our root, so nothing ever goes to the real internet.
#   Names of sec.test and insec.test (tests/lib/zones/mail.zone.in):
#     @ MX 10 mx1, MX 20 mx2; A; TXT spf1; _dmarc TXT; sel1._domainkey TXT
#       (two strings); mx1 A (+ AAAA ::1 in sec.test); mx2 A;
#       _25._tcp.mx1 TLSA 3 1 1; implicit (A, no MX); nomail (MX 0 .);
#       nullmixed (MX 0 . and MX 10 mx1); cnamemx (MX -> CNAME -> mx1);
#       noaddr (MX -> NXDOMAIN name); nodata (MX -> name without address);
#       litmx (MX 127.0.1.1.); dupmx (mx1 twice); twoaddr (MX -> 2 A, the
#       second dead by default); chain1 -> chain2 -> mx1; loop1 <-> loop2.
#   Host addresses:        sec.test     insec.test
#     mx1 A                127.0.1.1    127.0.1.11
#     mx1 AAAA             ::1          (none)
#     mx2 A                127.0.1.2    127.0.1.12
#     implicit A           127.0.1.3    127.0.1.13
#     both A (2nd)         127.0.1.8    127.0.1.18
#     apex A               127.0.1.9    127.0.1.19
#   PTR: every address above in 127.0.1.0/24 -> its host name; ::1 ->
#   mx1.sec.test; 127.0.1.50 -> nowhere.insec.test (no address: forward
#   confirmation fails); 127.0.1.51 -> mx1.sec.test and mx2.sec.test.
#
# Interface
#   dnsworld_can_run    0 if this machine can run it; else prints why (for a
#                       "not ok" line) and returns 1
#   dnsworld_start      writes and signs the zones, starts nsd and unbound,
#                       returns once both answer (bounded polling);
#                       1 and $DNSW_ERR otherwise
#   dnsworld_stop       stops both, removes namespace and $DNSW_DIR
#                       (idempotent: call it from the EXIT trap;
#                       DNSW_KEEP=1 keeps $DNSW_DIR for a post-mortem)
#   dnsw_exec CMD...    runs CMD inside the world's namespace (or as is in
#                       host mode): mxprobe, dig, fixsrv, ...
#   dnsw_q [OPTS] NAME TYPE   one query to the resolver (python3 client);
#                       prints "rcode=R flags=qr,rd,ra,ad an=N ns=N ar=N
#                       tc=0|1 bytes=N"; OPTS: -s SERVER -p PORT (default the
#                       resolver), --tcp, --cd, --no-do, -w FILE (the raw
#                       reply bytes), -t SECONDS, -n TRIES
#   dnsw_outside        prints every server address unbound has sent a query
#                       to that is not nsd's (from unbound-control
#                       dump_infra); 0 if there is none, 1 otherwise
#   dnsw_flush          empties unbound's caches (between scenarios)
#   dnsw_ctl ARGS...    unbound-control on the private unbound
# For the policy tests (tests/lib/common.sh sourced first):
#   dnsw_start_or_exit  dnsworld_start as a test step: an ok line, or a
#                       "not ok", the summary and exit 1 (also when there
#                       is no namespace); sets NS
#   dnsw_bundle CN      a throw-away CA bundle $TMPD/ca.pem for -C (the
#                       bundle must load; these audits judge no chain)
#   dnsw_audit CTX ARGS...  probe CTX $COMMON ARGS inside the namespace,
#                       an ok line when mxprobe ran (exit 0-3), and a mark
#                       of the failures so far for dnsw_show
#   dnsw_show ERE...    after a scenario with a failure since dnsw_audit:
#                       the command, the output lines matching any ERE
#                       (60 at most) and the start of stderr
#
# Set before dnsworld_start (all optional)
#   DNSW_JOIN_NETNS=NAME  use that existing namespace (e.g. postfix.sh's
#                       $PF_NS) instead of making one; it is left in place
#   DNSW_HOST=1         no namespace: the host's loopback (then choose
#                       DNSW_PORT so nothing collides; no [::1] listener)
#   DNSW_PORT           port of both servers (53)
#   DNSW_AUTH, DNSW_RESOLVER_ADDR  the two addresses (127.0.0.54, 127.0.0.53)
#   DNSW_SEC_<X>, DNSW_INSEC_<X>  zone data, X in APEX_A MX1_A MX1_AAAA MX2_A
#                       IMPLICIT_A TWOADDR_A2 MX1_TLSA (hex); empty drops the
#                       record.  MX1_TLSA defaults to a placeholder that
#                       matches no certificate: a domain audit of sec.test
#                       then fails DANE for mx1 (critical).  A test that
#                       audits it sets the SPKI SHA-256 of the certificate
#                       its mx1 serves (domain.sh) or empties it.
#   DNSW_EXTRA_SEC, DNSW_EXTRA_INSEC  zone-file lines appended before
#                       signing (names relative to the zone)
#   DNSW_RESOLV_CONF=no  do not write /etc/netns/$DNSW_NETNS/resolv.conf
#                       (by default it says "nameserver $DNSW_RESOLVER_ADDR",
#                       and `ip netns exec` shows it as /etc/resolv.conf to
#                       what runs in the namespace; port 53 only)
# Set by dnsworld_start
#   DNSW_DIR DNSW_NETNS (empty in host mode) DNSW_RESOLVER (ADDR:PORT)
#   DNSW_RESOLVER_ADDR DNSW_RESOLVER_PORT DNSW_RESOLVER6 ([::1]:53 or empty)
#   DNSW_AUTH DNSW_AUTH_PORT DNSW_ANCHOR (trust anchor file: the root's DS)
#   DNSW_UNBOUND_LOG DNSW_NSD_LOG DNSW_ERR
#
# Needs: nsd, unbound (unbound-control, unbound-checkconf), ldnsutils
# (ldns-keygen, ldns-signzone), python3, iproute2 (namespace), GNU date.

DNSW_LIB=${DNSW_LIB:-${LIBDIR:-tests/lib}}
DNSW_PORT=${DNSW_PORT:-53}
DNSW_AUTH=${DNSW_AUTH:-127.0.0.54}
DNSW_RESOLVER_ADDR=${DNSW_RESOLVER_ADDR:-127.0.0.53}
DNSW_TLSA_PLACEHOLDER=f67cd012c32fe98813be0740336d4dc72289fea371de9be44f7e0742f33f4db6
# ${VAR-default}: a variable set to empty stays empty (drops the record).
DNSW_SEC_MX1_A=${DNSW_SEC_MX1_A-127.0.1.1}
DNSW_SEC_MX1_AAAA=${DNSW_SEC_MX1_AAAA-::1}
DNSW_SEC_MX2_A=${DNSW_SEC_MX2_A-127.0.1.2}
DNSW_SEC_IMPLICIT_A=${DNSW_SEC_IMPLICIT_A-127.0.1.3}
DNSW_SEC_TWOADDR_A2=${DNSW_SEC_TWOADDR_A2-127.0.1.8}
DNSW_SEC_APEX_A=${DNSW_SEC_APEX_A-127.0.1.9}
DNSW_SEC_MX1_TLSA=${DNSW_SEC_MX1_TLSA-$DNSW_TLSA_PLACEHOLDER}
DNSW_INSEC_MX1_A=${DNSW_INSEC_MX1_A-127.0.1.11}
DNSW_INSEC_MX1_AAAA=${DNSW_INSEC_MX1_AAAA-}
DNSW_INSEC_MX2_A=${DNSW_INSEC_MX2_A-127.0.1.12}
DNSW_INSEC_IMPLICIT_A=${DNSW_INSEC_IMPLICIT_A-127.0.1.13}
DNSW_INSEC_TWOADDR_A2=${DNSW_INSEC_TWOADDR_A2-127.0.1.18}
DNSW_INSEC_APEX_A=${DNSW_INSEC_APEX_A-127.0.1.19}
DNSW_INSEC_MX1_TLSA=${DNSW_INSEC_MX1_TLSA-$DNSW_TLSA_PLACEHOLDER}
DNSW_EXTRA_SEC=${DNSW_EXTRA_SEC:-}
DNSW_EXTRA_INSEC=${DNSW_EXTRA_INSEC:-}
DNSW_DIR=
DNSW_NETNS=
DNSW_ERR=
DNSW_RESOLVER=
DNSW_RESOLVER_PORT=
DNSW_RESOLVER6=
DNSW_AUTH_PORT=
DNSW_ANCHOR=
DNSW_UNBOUND_LOG=
DNSW_NSD_LOG=
_dnsw_own_ns=
_dnsw_nsd_pid=
_dnsw_ub_pid=
_dnsw_resolv=

dnsworld_can_run() {
	case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin:/sbin ;; esac
	_dnsw_miss=
	for _c in nsd nsd-checkzone unbound unbound-control unbound-checkconf \
	    ldns-keygen ldns-signzone python3; do
		command -v "$_c" >/dev/null 2>&1 || _dnsw_miss="$_dnsw_miss $_c"
	done
	if [ -z "${DNSW_HOST:-}" ]; then
		command -v ip >/dev/null 2>&1 || _dnsw_miss="$_dnsw_miss ip"
	fi
	if [ -n "$_dnsw_miss" ]; then
		echo "missing:$_dnsw_miss (apt-get install nsd unbound ldnsutils python3 iproute2)"
		return 1
	fi
	if [ -z "${DNSW_HOST:-}" ] && [ "$(id -u)" != 0 ]; then
		echo "the DNS world's network namespace needs root (or DNSW_HOST=1 with a free DNSW_PORT)"
		return 1
	fi
	return 0
}

dnsw_exec() {
	if [ -n "$DNSW_NETNS" ]; then
		ip netns exec "$DNSW_NETNS" "$@"
	else
		"$@"
	fi
}

# _dnsw_fill TEMPLATE OUT NAME=VALUE...: @NAME@ replaced by VALUE; a line
# whose placeholder is empty is dropped; an unknown placeholder fails;
# comment lines (";" first) are copied as they are.
_dnsw_fill() {
	_t=$1 _o=$2
	shift 2
	awk -v defs="$(printf '%s\n' "$@")" '
	BEGIN {
		n = split(defs, d, "\n")
		for (i = 1; i <= n; i++) {
			p = index(d[i], "=")
			if (p) val["@" substr(d[i], 1, p - 1) "@"] = substr(d[i], p + 1)
		}
	}
	/^;/ { print; next }	# comments name placeholders: left alone
	{
		line = $0; drop = 0
		for (k in val) {
			if (index(line, k) == 0) continue
			if (val[k] == "") { drop = 1; break }
			while ((p = index(line, k)) > 0)
				line = substr(line, 1, p - 1) val[k] substr(line, p + length(k))
		}
		if (drop) next
		if (match(line, /@[A-Z0-9_]+@/)) {
			print "unknown placeholder " substr(line, RSTART, RLENGTH) \
			    " in " FILENAME > "/dev/stderr"
			bad = 1
		}
		print line
	}
	END { exit bad }' "$_t" > "$_o"
}

# _dnsw_mailzone ZONE PREFIX OUT: mail.zone.in for ZONE with DNSW_PREFIX_*.
_dnsw_mailzone() {
	_z=$1 _p=$2 _out=$3
	_args="ORIGIN=$_z AUTH_A=$DNSW_AUTH"
	for _x in APEX_A MX1_A MX1_AAAA MX2_A IMPLICIT_A TWOADDR_A2 MX1_TLSA; do
		eval "_v=\${DNSW_${_p}_$_x}"
		_args="$_args $_x=$_v"
	done
	# shellcheck disable=SC2086
	_dnsw_fill "$DNSW_LIB/zones/mail.zone.in" "$_out" $_args || return 1
	eval "_extra=\${DNSW_EXTRA_$_p}"
	[ -z "$_extra" ] || printf '%s\n' "$_extra" >> "$_out"
}

# _dnsw_ptrs: one PTR line per host address in 127.0.1.0/24 (first name
# wins when two names share an address: mx1 before "both").
_dnsw_ptrs() {
	for _p in SEC INSEC; do
		_z=$(echo "$_p" | tr 'A-Z' 'a-z').test
		for _h in mx1:MX1_A mx2:MX2_A implicit:IMPLICIT_A \
		    both:TWOADDR_A2 @:APEX_A; do
			eval "_a=\${DNSW_${_p}_${_h#*:}}"
			case $_a in 127.0.1.[0-9]*) ;; *) continue ;; esac
			_n=${_h%%:*}.$_z.
			[ "${_h%%:*}" = @ ] && _n=$_z.
			echo "${_a##*.} $_n"
		done
	done | awk '!seen[$1]++ { print $1 "\tPTR\t" $2 }'
}

# _dnsw_sign ZONE IN OUT KEYBASE [INCEPTION EXPIRATION]
_dnsw_sign() {
	_now=$(date +%s)
	ldns-signzone -f "$3" -o "$1" -i "${5:-$((_now - 3600))}" \
	    -e "${6:-$((_now + 30 * 86400))}" "$2" "$DNSW_DIR/keys/$4" \
	    >> "$DNSW_DIR/sign.log" 2>&1
}

# _dnsw_zones: every zone file, signed where it should be, checked by nsd.
_dnsw_zones() {
	_d=$DNSW_DIR
	mkdir -p "$_d/keys" "$_d/zones" || return 1
	# One ECDSA P-256 key (KSK flags, signs everything) per signed zone.
	: > "$_d/sign.log"
	for _z in . sec.test bogus.test; do
		_k=$(cd "$_d/keys" &&
		    ldns-keygen -a ECDSAP256SHA256 -k "$_z" 2>> "$_d/sign.log") ||
			{ DNSW_ERR="ldns-keygen $_z: $(tail -n 2 "$_d/sign.log")"; return 1; }
		eval "_key_$(echo "$_z" | tr -c 'a-z\n' _)=\$_k"
	done
	_dnsw_mailzone sec.test SEC "$_d/zones/sec.test.zone" &&
	_dnsw_mailzone insec.test INSEC "$_d/zones/insec.test.zone" &&
	_dnsw_fill "$DNSW_LIB/zones/bogus.zone.in" "$_d/zones/bogus.test.zone" \
	    AUTH_A="$DNSW_AUTH" MX1_A="${DNSW_SEC_MX1_A:-127.0.1.1}" &&
	_dnsw_fill "$DNSW_LIB/zones/rev4.zone.in" "$_d/zones/rev4.zone" &&
	_dnsw_fill "$DNSW_LIB/zones/rev6.zone.in" "$_d/zones/rev6.zone" \
	    PTR6="$(if [ "$DNSW_SEC_MX1_AAAA" = ::1 ]; then echo mx1.sec.test.
		else echo nowhere.insec.test.; fi)" &&
	_dnsw_fill "$DNSW_LIB/zones/root.zone.in" "$_d/zones/root.zone" \
	    AUTH_A="$DNSW_AUTH" ||
		{ DNSW_ERR="zone templates: $(cat "$_d/fill.err" 2>/dev/null)"; return 1; }
	_dnsw_ptrs >> "$_d/zones/rev4.zone"
	_dnsw_sign sec.test "$_d/zones/sec.test.zone" \
	    "$_d/zones/sec.test.zone.signed" "$_key_sec_test" &&
	_dnsw_sign bogus.test "$_d/zones/bogus.test.zone" \
	    "$_d/zones/bogus.test.zone.signed" "$_key_bogus_test" \
	    20200101000000 20200201000000 ||
		{ DNSW_ERR="ldns-signzone: $(tail -n 3 "$_d/sign.log")"; return 1; }
	# The children's DS go into the root before it is signed.
	cat "$_d/keys/$_key_sec_test.ds" "$_d/keys/$_key_bogus_test.ds" \
	    >> "$_d/zones/root.zone"
	_dnsw_sign . "$_d/zones/root.zone" "$_d/zones/root.zone.signed" \
	    "$_key__" ||
		{ DNSW_ERR="ldns-signzone .: $(tail -n 3 "$_d/sign.log")"; return 1; }
	DNSW_ANCHOR=$_d/root.ds
	cp "$_d/keys/$_key__.ds" "$DNSW_ANCHOR"
	for _zf in .:root.zone.signed sec.test:sec.test.zone.signed \
	    insec.test:insec.test.zone bogus.test:bogus.test.zone.signed \
	    1.0.127.in-addr.arpa:rev4.zone \
	    1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa:rev6.zone
	do
		if ! _o=$(nsd-checkzone "${_zf%%:*}" "$_d/zones/${_zf#*:}" 2>&1); then
			DNSW_ERR="nsd-checkzone ${_zf%%:*}: $_o"
			return 1
		fi
		cat >> "$_d/nsd.zones" <<EOF
zone:
	name: "${_zf%%:*}"
	zonefile: "${_zf#*:}"
EOF
	done
}

_dnsw_nsd_conf() {
	cat > "$DNSW_DIR/nsd.conf" <<EOF
# Private test instance written by tests/lib/dnsworld.sh; not the system's.
server:
	ip-address: $DNSW_AUTH@$DNSW_AUTH_PORT
	port: $DNSW_AUTH_PORT
	do-ip6: no
	reuseport: no
	server-count: 1
	username: ""
	chroot: ""
	zonesdir: "$DNSW_DIR/zones"
	zonelistfile: "$DNSW_DIR/nsd/zone.list"
	database: ""
	xfrdfile: "$DNSW_DIR/nsd/xfrd.state"
	xfrdir: "$DNSW_DIR/nsd"
	pidfile: "$DNSW_DIR/nsd/nsd.pid"
	logfile: "$DNSW_NSD_LOG"
	verbosity: 1
	hide-version: yes
	identity: "mxprobe-dnsworld"
remote-control:
	control-enable: no
EOF
	cat "$DNSW_DIR/nsd.zones" >> "$DNSW_DIR/nsd.conf"
}

_dnsw_unbound_conf() {
	_if6= _ip6=no
	if [ -n "$DNSW_RESOLVER6" ]; then
		_if6="	interface: ::1@$DNSW_RESOLVER_PORT"
		_ip6=yes
	fi
	cat > "$DNSW_DIR/unbound.conf" <<EOF
# Private test instance written by tests/lib/dnsworld.sh; not the system's.
server:
	verbosity: 1
	interface: $DNSW_RESOLVER_ADDR@$DNSW_RESOLVER_PORT
$_if6
	port: $DNSW_RESOLVER_PORT
	interface-automatic: no
	do-ip4: yes
	do-ip6: $_ip6
	do-udp: yes
	do-tcp: yes
	so-reuseport: no
	num-threads: 1
	access-control: 127.0.0.0/8 allow
	access-control: ::1/128 allow
	username: ""
	chroot: ""
	directory: "$DNSW_DIR/unbound"
	pidfile: "$DNSW_DIR/unbound/unbound.pid"
	use-syslog: no
	logfile: "$DNSW_UNBOUND_LOG"
	log-time-ascii: yes
	log-queries: yes
	log-replies: yes
	log-servfail: yes
	val-log-level: 2
	# nsd is on loopback; by default unbound never queries it there.
	do-not-query-localhost: no
	module-config: "validator iterator"
	# The world's root key is the only anchor (no auto-trust-anchor-file:
	# nothing of the real root is known here).
	trust-anchor-file: "$DNSW_ANCHOR"
	val-permissive-mode: no
	trust-anchor-signaling: no
	root-key-sentinel: no
	# Names unbound would otherwise answer itself (RFC 6761/6303 defaults).
	local-zone: "test." nodefault
	local-zone: "127.in-addr.arpa." nodefault
	local-zone: "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa." nodefault
remote-control:
	control-enable: yes
	control-interface: "$DNSW_DIR/unbound/ctl.sock"
	control-use-cert: no
# Every name starts at our root: the built-in root hints are never used.
stub-zone:
	name: "."
	stub-addr: $DNSW_AUTH@$DNSW_AUTH_PORT
EOF
}

# _dnsw_pyclient: the query client behind dnsw_q (stdlib only).
_dnsw_pyclient() {
	cat > "$DNSW_DIR/dnswq.py" <<'EOF'
"""dnswq.py -- one DNS query, the reply's header summarised; the raw reply
bytes written with -w.  Exit 0 on a reply, 2 when none came in -n tries."""
import argparse, os, socket, struct, sys, time

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "PTR": 12, "MX": 15,
         "TXT": 16, "AAAA": 28, "DS": 43, "RRSIG": 46, "NSEC": 47,
         "DNSKEY": 48, "TLSA": 52, "ANY": 255}
RCODES = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"]

ap = argparse.ArgumentParser()
ap.add_argument("-s", "--server", required=True)
ap.add_argument("-p", "--port", type=int, default=53)
ap.add_argument("-t", "--timeout", type=float, default=1.0)
ap.add_argument("-n", "--tries", type=int, default=1)
ap.add_argument("-w", "--write")
ap.add_argument("--also", action="append", default=[],
                help="then the same query to this server too (readiness)")
ap.add_argument("--tcp", action="store_true")
ap.add_argument("--cd", action="store_true")
ap.add_argument("--no-do", action="store_true")
ap.add_argument("name")
ap.add_argument("type")
a = ap.parse_args()

def wire(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"

qid = int.from_bytes(os.urandom(2), "big")
flags = 0x0100 | (0x0010 if a.cd else 0)
qtype = TYPES.get(a.type.upper()) or int(a.type.upper().lstrip("TYPE"))
q = struct.pack(">HHHHHH", qid, flags, 1, 0, 0, 1) + wire(a.name) + \
    struct.pack(">HH", qtype, 1)
# OPT: root owner, payload 1232, DO unless --no-do
q += b"\0" + struct.pack(">HHIH", 41, 1232, 0 if a.no_do else 0x8000, 0)
def ask(server):
    fam = socket.AF_INET6 if ":" in server else socket.AF_INET
    if a.tcp:
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.settimeout(a.timeout)
        s.connect((server, a.port))
        s.sendall(struct.pack(">H", len(q)) + q)
        buf = b""
        while len(buf) < 2 or len(buf) < 2 + struct.unpack(">H", buf[:2])[0]:
            chunk = s.recv(65535)
            if not chunk:
                raise OSError("connection closed")
            buf += chunk
        s.close()
        return buf[2:2 + struct.unpack(">H", buf[:2])[0]]
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.settimeout(a.timeout)
    s.connect((server, a.port))
    s.send(q)
    end = time.monotonic() + a.timeout
    while True:
        s.settimeout(max(0.001, end - time.monotonic()))
        r = s.recv(65535)
        if len(r) >= 12 and r[:2] == q[:2]:
            s.close()
            return r

def ask_tries(server):
    last = "no reply"
    for i in range(a.tries):
        t0 = time.monotonic()
        try:
            return ask(server)
        except (OSError, socket.timeout) as e:
            last = str(e) or e.__class__.__name__
            # refused at once (nothing listening yet): wait out the try
            rest = a.timeout - (time.monotonic() - t0)
            if i + 1 < a.tries and rest > 0:
                time.sleep(min(rest, 0.05))
    print("error=%s server=%s" % (last.replace(" ", "_"), server))
    sys.exit(2)

for server in [a.server] + a.also:
    r = ask_tries(server)
if a.write:
    with open(a.write, "wb") as f:
        f.write(r)
_, fl, qd, an, ns, ar = struct.unpack(">HHHHHH", r[:12])
names = [(0x8000, "qr"), (0x0400, "aa"), (0x0200, "tc"), (0x0100, "rd"),
         (0x0080, "ra"), (0x0020, "ad"), (0x0010, "cd")]
rc = fl & 15
print("rcode=%s flags=%s an=%d ns=%d ar=%d tc=%d bytes=%d" % (
    RCODES[rc] if rc < len(RCODES) else rc,
    ",".join(n for b, n in names if fl & b), an, ns, ar,
    1 if fl & 0x0200 else 0, len(r)))
EOF
}

# dnsw_q [-s SERVER] [-p PORT] [OPTS] NAME TYPE: see the header.
dnsw_q() {
	_s=$DNSW_RESOLVER_ADDR _pp=$DNSW_RESOLVER_PORT
	case ${1:-} in -s) _s=$2; shift 2 ;; esac
	case ${1:-} in -p) _pp=$2; shift 2 ;; esac
	dnsw_exec python3 -I -S "$DNSW_DIR/dnswq.py" -s "$_s" -p "$_pp" "$@"
}

dnsw_ctl() {
	unbound-control -c "$DNSW_DIR/unbound.conf" "$@"
}

dnsw_flush() {
	dnsw_ctl flush_zone . >/dev/null && dnsw_ctl flush_bogus >/dev/null &&
	    dnsw_ctl flush_negative >/dev/null
}

dnsw_outside() {
	_inf=$(dnsw_ctl dump_infra 2>&1) || { echo "unbound-control: $_inf"; return 1; }
	# lines: "ADDR[@PORT] ZONE ttl ..."
	_bad=$(printf '%s\n' "$_inf" | awk -v ok="$DNSW_AUTH" '
	    NF { a = $1; sub(/@[0-9]+$/, "", a); if (a != ok) print $1 }' | sort -u)
	[ -z "$_bad" ] || { printf '%s\n' "$_bad"; return 1; }
}

# _dnsw_reap_stale: namespaces left by a run killed outright
# (mxprobe-dnsw-PID whose PID is gone): their processes are ours by name.
_dnsw_reap_stale() {
	for _ns in $(ip netns list 2>/dev/null | sed -n 's/^\(mxprobe-dnsw-[0-9]*\).*/\1/p'); do
		kill -0 "${_ns#mxprobe-dnsw-}" 2>/dev/null && continue
		for _p in $(ip netns pids "$_ns" 2>/dev/null); do
			kill -9 "$_p" 2>/dev/null
		done
		ip netns del "$_ns" 2>/dev/null
		rm -rf "/etc/netns/$_ns"
		rmdir /etc/netns 2>/dev/null
	done
}

# _dnsw_wait: bounded polling (40 tries of up to 0.25 s: 10 s at most per
# server) until nsd, then unbound, answer ". SOA" (one python3 run).
_dnsw_wait() {
	_r=$(dnsw_q -s "$DNSW_AUTH" -p "$DNSW_PORT" --also "$DNSW_RESOLVER_ADDR" \
	    -t 0.25 -n 40 . SOA 2>&1) && return 0
	case $_r in
	*"server=$DNSW_AUTH"*) DNSW_ERR="nsd does not answer: $_r; $(tail -n 3 \
	    "$DNSW_NSD_LOG" "$DNSW_DIR/nsd.out" 2>/dev/null | tr '\n' ' ')" ;;
	*) DNSW_ERR="unbound does not answer: $_r; $(tail -n 3 \
	    "$DNSW_UNBOUND_LOG" "$DNSW_DIR/unbound.out" 2>/dev/null | tr '\n' ' ')" ;;
	esac
	return 1
}

dnsworld_start() {
	DNSW_ERR=
	_why=$(dnsworld_can_run) || { DNSW_ERR=$_why; return 1; }
	DNSW_DIR=$(mktemp -d "${TMPDIR:-/tmp}/mxprobe-dnsw.XXXXXX") ||
		{ DNSW_ERR="mktemp failed"; return 1; }
	case $DNSW_LIB in /*) ;; *) DNSW_LIB=$PWD/$DNSW_LIB ;; esac
	mkdir -p "$DNSW_DIR/nsd" "$DNSW_DIR/unbound"
	DNSW_AUTH_PORT=$DNSW_PORT
	DNSW_RESOLVER_PORT=$DNSW_PORT
	DNSW_RESOLVER=$DNSW_RESOLVER_ADDR:$DNSW_PORT
	DNSW_NSD_LOG=$DNSW_DIR/nsd.log
	DNSW_UNBOUND_LOG=$DNSW_DIR/unbound.log
	if [ -n "${DNSW_HOST:-}" ]; then
		DNSW_NETNS= DNSW_RESOLVER6=
	elif [ -n "${DNSW_JOIN_NETNS:-}" ]; then
		DNSW_NETNS=$DNSW_JOIN_NETNS DNSW_RESOLVER6="[::1]:$DNSW_PORT"
		ip netns exec "$DNSW_NETNS" true ||
			{ DNSW_ERR="no namespace $DNSW_NETNS"; DNSW_NETNS=; return 1; }
	else
		_dnsw_reap_stale
		DNSW_NETNS=mxprobe-dnsw-$$ DNSW_RESOLVER6="[::1]:$DNSW_PORT"
		ip netns add "$DNSW_NETNS" 2>/dev/null ||
			{ DNSW_ERR="ip netns add $DNSW_NETNS failed"; DNSW_NETNS=; return 1; }
		_dnsw_own_ns=$DNSW_NETNS
		ip netns exec "$DNSW_NETNS" ip link set lo up ||
			{ DNSW_ERR="cannot bring lo up in $DNSW_NETNS"; return 1; }
	fi
	if [ -n "$DNSW_NETNS" ] && [ "${DNSW_RESOLV_CONF:-yes}" != no ] &&
	    [ "$DNSW_PORT" = 53 ] && [ ! -e "/etc/netns/$DNSW_NETNS/resolv.conf" ]; then
		mkdir -p "/etc/netns/$DNSW_NETNS" &&
		printf '%s\n' "# tests/lib/dnsworld.sh, for namespace $DNSW_NETNS" \
		    "nameserver $DNSW_RESOLVER_ADDR" \
		    > "/etc/netns/$DNSW_NETNS/resolv.conf" &&
		_dnsw_resolv=/etc/netns/$DNSW_NETNS
	fi
	_dnsw_zones 2> "$DNSW_DIR/fill.err" || {
		[ -n "$DNSW_ERR" ] || DNSW_ERR="zones: $(cat "$DNSW_DIR/fill.err")"
		return 1; }
	_dnsw_pyclient
	_dnsw_nsd_conf
	_dnsw_unbound_conf
	_o=$(nsd-checkconf "$DNSW_DIR/nsd.conf" 2>&1) ||
		{ DNSW_ERR="nsd-checkconf: $_o"; return 1; }
	_o=$(unbound-checkconf "$DNSW_DIR/unbound.conf" 2>&1) ||
		{ DNSW_ERR="unbound-checkconf: $_o"; return 1; }
	# Simple commands, not dnsw_exec: a backgrounded shell function would
	# run in a subshell, and $! would be that subshell, not the daemon
	# (ip netns exec execs its command: $! is the daemon itself).
	_ns=
	[ -z "$DNSW_NETNS" ] || _ns="ip netns exec $DNSW_NETNS"
	$_ns nsd -d -c "$DNSW_DIR/nsd.conf" > "$DNSW_DIR/nsd.out" 2>&1 &
	_dnsw_nsd_pid=$!
	$_ns unbound -d -c "$DNSW_DIR/unbound.conf" \
	    > "$DNSW_DIR/unbound.out" 2>&1 &
	_dnsw_ub_pid=$!
	_dnsw_wait
}

# _dnsw_ours: pids of live (not zombie) processes whose command line names
# a file of $DNSW_DIR: nsd (xfrd, main, servers) and unbound, ours by
# construction, in whatever namespace.
_dnsw_ours() {
	[ -n "$DNSW_DIR" ] || return 0
	for _p in /proc/[0-9]*; do
		case $({ tr '\0' ' ' < "$_p/cmdline"; } 2>/dev/null) in
		*"$DNSW_DIR/"*) ;; *) continue ;; esac
		[ "$(sed 's/.*) \(.\).*/\1/' "$_p/stat" 2>/dev/null)" = Z ] ||
			echo "${_p#/proc/}"
	done
}

dnsworld_stop() {
	# TERM: nsd's first process (xfrd) stops its main and servers, which
	# outlive it briefly; up to 3 s for all to go, then KILL.
	for _p in $_dnsw_ub_pid $_dnsw_nsd_pid; do kill "$_p" 2>/dev/null; done
	_i=0
	while [ -n "$(_dnsw_ours)" ] && [ "$_i" -lt 30 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	for _p in $(_dnsw_ours); do kill -9 "$_p" 2>/dev/null; done
	for _p in $_dnsw_ub_pid $_dnsw_nsd_pid; do wait "$_p" 2>/dev/null; done
	_dnsw_ub_pid= _dnsw_nsd_pid=
	# Whatever is left in a namespace of our own is ours too.
	if [ -n "$_dnsw_own_ns" ]; then
		for _p in $(ip netns pids "$_dnsw_own_ns" 2>/dev/null); do
			kill -9 "$_p" 2>/dev/null
		done
		ip netns del "$_dnsw_own_ns" 2>/dev/null
		_dnsw_own_ns=
	fi
	if [ -n "$_dnsw_resolv" ]; then
		rm -rf "$_dnsw_resolv"
		rmdir /etc/netns 2>/dev/null	# if we made it and it is empty
	fi
	_dnsw_resolv=
	DNSW_NETNS=
	[ -n "$DNSW_DIR" ] || return 0
	if [ "${DNSW_KEEP:-}" = 1 ]; then
		echo "# kept $DNSW_DIR" >&2
	else
		rm -rf "$DNSW_DIR"
	fi
	DNSW_DIR=
}

# ---- for the policy tests (see the interface above) ------------------------

dnsw_start_or_exit() {
	if ! dnsworld_start; then
		not_ok "DNS world started"
		diag "$DNSW_ERR"
		summary; exit 1
	fi
	NS=$DNSW_NETNS
	ok "DNS world started (resolver $DNSW_RESOLVER, netns $NS)"
	if [ -z "$NS" ]; then
		not_ok "the DNS world has a network namespace"
		summary; exit 1
	fi
}

dnsw_bundle() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -subj "/CN=$1" -days 1 -keyout "$TMPD/ca.key" \
	    -out "$TMPD/ca.pem" >/dev/null 2>&1 ||
		{ not_ok "openssl made a CA bundle"; summary; exit 1; }
}

dnsw_audit() {
	_dn=$1
	shift
	_drun=$RUN
	RUN="ip netns exec $NS $RUN"
	# shellcheck disable=SC2086
	probe "$_dn" $COMMON "$@"
	RUN=$_drun
	_fail0=$t_fail
	case $PROBE_RC in
	0|1|2|3) ok "mxprobe ran (exit $PROBE_RC)" ;;
	*) not_ok "mxprobe ran"; diag "exit $PROBE_RC" ;;
	esac
}

dnsw_show() {
	if [ "$t_fail" != "${_fail0:-0}" ]; then
		_de=
		for _x in "$@"; do _de="$_de -e $_x"; done
		diag "mxprobe $(cat "$TMPD/$CTX.cmd") (exit $PROBE_RC):"
		# shellcheck disable=SC2086
		diag "$(grep $_de "$TMPD/$CTX.out" | head -n 60)"
		diag "stderr: $(head -c 600 "$TMPD/$CTX.err")"
	fi
	CTX=
}
