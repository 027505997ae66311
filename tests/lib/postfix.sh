# tests/lib/postfix.sh -- a private Postfix instance as a test peer.
# Sourced by tests/interop/*.sh and toolchains/bench/bench.sh (POSIX sh).
#
# Never touches /etc/postfix or the system's instance: config, queue, data and
# log all live under a fresh temporary directory $PF_DIR, started with
# `postfix -c $PF_DIR/etc`.  The listeners sit on 127.0.x.y addresses inside a
# network namespace of our own (as root, with ip(8)), so a host MTA on port 25
# or a concurrent run cannot collide with us; PF_NETNS=no uses the host's
# loopback instead (then ports 25/465/587 of $PF_A..$PF_C must be free).
#
# Interface
#   pf_can_run          0 if this machine can run one; else prints the reason
#                       on stdout (for a "not ok" line) and returns 1
#   pf_start CERTDIR    writes the config, starts Postfix, waits (bounded) until
#                       every listener accepts and one greets; 1 + $PF_ERR else.
#                       CERTDIR: rsa.crt rsa.key ecdsa.crt ecdsa.key (chain
#                       files, leaf first), as made by tests/lib/certs.sh
#   pf_stop             stops it, kills what is left, removes namespace and
#                       temp dir (idempotent: call it from a trap; PF_KEEP=1
#                       keeps $PF_DIR for a post-mortem)
#   pf_exec CMD...      runs CMD where the listeners are reachable
#   pf_log_mark         prints the number of lines the maillog has now
#   pf_log_since MARK   prints the lines logged after MARK
#   pf_wait_log MARK ERE  waits (bounded) until a line after MARK matches ERE;
#                       prints that line, 1 if it never came
#
# Listeners; each has its own syslog_name, so a log line says who served it
# ("<name>/smtpd[pid]: ..."):
#   name         address      TLS                        cert   myhostname
#   pf-rsa-25    $PF_A:25     STARTTLS (level may)       rsa    $PF_HOST_A
#   pf-rsa-465   $PF_A:465    wrapper mode (implicit)    rsa    $PF_HOST_A
#   pf-rsa-587   $PF_A:587    submission, STARTTLS must  rsa    $PF_HOST_A
#   pf-ecdsa-25  $PF_B:25     STARTTLS (level may)       ecdsa  $PF_HOST_B
#   pf-screen-25 $PF_C:25     postscreen, then smtpd     rsa    $PF_HOST_C
# myhostname differs from the certificate names on purpose: a probe that
# echoed -c HOST instead of parsing the greeting would be caught.
#
# Greeting discipline.  smtpd itself only notices a client that talks first
# if the bytes are already there when it accepts ("improper command
# pipelining after CONNECT" -- a race, measured 1 in 4 for a client that
# writes at once, 0 in 3 for one that writes 0.3 s later).  So the smtpd
# listeners hold their greeting $PF_GREET_DELAY s (sleep, then
# reject_unauth_pipelining, the recipe of postconf(5)) and still log
# pipelining after EHLO and later commands, while pf-screen-25 is the
# deterministic detector: postscreen(8) without allow list or cache sends
# "220-" first, waits $PF_GREET_DELAY s and logs "PREGREET n after t from
# [addr]:port" for any byte that arrives before its final "220 " line
# (else "PASS NEW", and the session is handed to smtpd).  postscreen is off
# on the other listeners.
#
# Nothing is ever accepted or relayed: mydestination is empty, recipients
# are rejected, and the default transport is error:.

PF_A=${PF_A:-127.0.1.25}
PF_B=${PF_B:-127.0.1.26}
PF_HOST_A=${PF_HOST_A:-pf-a.mxprobe.test}
PF_HOST_B=${PF_HOST_B:-pf-b.mxprobe.test}
PF_C=${PF_C:-127.0.1.27}
PF_HOST_C=${PF_HOST_C:-pf-c.mxprobe.test}
PF_GREET_DELAY=${PF_GREET_DELAY:-1}
PF_NETNS=${PF_NETNS:-yes}
PF_DIR=
PF_NS=
PF_ERR=

pf_can_run() {
	command -v postfix >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin
	if ! command -v postfix >/dev/null 2>&1; then
		echo "postfix is not installed (apt-get install postfix)"
		return 1
	fi
	if [ "$(id -u)" != 0 ]; then
		echo "a private Postfix needs root (run the tests as root)"
		return 1
	fi
	if ! getent passwd postfix >/dev/null ||
	    ! getent group postdrop >/dev/null; then
		echo "user postfix / group postdrop missing (broken postfix package)"
		return 1
	fi
	if [ "$PF_NETNS" = yes ] && ! command -v ip >/dev/null 2>&1; then
		echo "ip(8) missing for the network namespace (apt-get install iproute2)"
		return 1
	fi
	return 0
}

pf_exec() {
	if [ -n "$PF_NS" ]; then
		ip netns exec "$PF_NS" "$@"
	else
		"$@"
	fi
}

# _pf_write_config CERTDIR: main.cf and master.cf under $PF_DIR/etc.
_pf_write_config() {
	_c=$1
	cat > "$PF_DIR/etc/main.cf" <<EOF
# Private test instance written by tests/lib/postfix.sh; not the system's.
compatibility_level = 3.6
queue_directory = $PF_DIR/queue
data_directory = $PF_DIR/data
mail_owner = postfix
setgid_group = postdrop
maillog_file = $PF_DIR/log/maillog
maillog_file_prefixes = $PF_DIR/log
myhostname = $PF_HOST_A
mydomain = mxprobe.test
myorigin = \$myhostname
mydestination =
relay_domains =
relayhost =
local_recipient_maps =
alias_maps =
alias_database =
# Every inet service in master.cf names its own address, so nothing binds
# the wildcard; "all" spares adding 127.0.1.x to an interface (Postfix
# insists that listed inet_interfaces be configured addresses).
inet_interfaces = all
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions = reject
default_transport = error:test instance delivers nothing
biff = no
smtpd_banner = \$myhostname ESMTP mxprobe-test
smtpd_peername_lookup = no
smtpd_delay_reject = no
smtpd_client_restrictions = sleep $PF_GREET_DELAY, reject_unauth_pipelining
smtpd_tls_security_level = may
smtpd_tls_cert_file = $_c/rsa.crt
smtpd_tls_key_file = $_c/rsa.key
smtpd_tls_loglevel = 1
smtpd_tls_protocols = >=TLSv1
smtpd_tls_mandatory_protocols = >=TLSv1
smtpd_tls_session_cache_database =
smtp_tls_security_level = none
EOF
	cat > "$PF_DIR/etc/master.cf" <<EOF
# service      type  private unpriv chroot wakeup maxproc command + args
$PF_A:25   inet  n       -      n      -      -       smtpd
  -o syslog_name=pf-rsa-25
$PF_A:465  inet  n       -      n      -      -       smtpd
  -o syslog_name=pf-rsa-465 -o smtpd_tls_wrappermode=yes
$PF_A:587  inet  n       -      n      -      -       smtpd
  -o syslog_name=pf-rsa-587 -o smtpd_tls_security_level=encrypt
$PF_B:25   inet  n       -      n      -      -       smtpd
  -o syslog_name=pf-ecdsa-25 -o myhostname=$PF_HOST_B
  -o smtpd_tls_cert_file=$_c/ecdsa.crt -o smtpd_tls_key_file=$_c/ecdsa.key
$PF_C:25   inet  n       -      n      -      1       postscreen
  -o syslog_name=pf-screen-25 -o myhostname=$PF_HOST_C
  -o smtpd_service_name=screen-smtpd -o postscreen_access_list=
  -o postscreen_greet_wait=${PF_GREET_DELAY}s -o postscreen_greet_action=enforce
  -o postscreen_cache_map=
screen-smtpd pass -     -      n      -      -       smtpd
  -o syslog_name=pf-screen-25 -o myhostname=$PF_HOST_C
  -o smtpd_client_restrictions=
pickup     unix  n       -      n      60     1       pickup
cleanup    unix  n       -      n      -      0       cleanup
qmgr       unix  n       -      n      300    1       qmgr
tlsmgr     unix  -       -      n      1000?  1       tlsmgr
rewrite    unix  -       -      n      -      -       trivial-rewrite
bounce     unix  -       -      n      -      0       bounce
defer      unix  -       -      n      -      0       bounce
trace      unix  -       -      n      -      0       bounce
verify     unix  -       -      n      -      1       verify
flush      unix  n       -      n      1000?  0       flush
proxymap   unix  -       -      n      -      -       proxymap
error      unix  -       -      n      -      -       error
retry      unix  -       -      n      -      -       error
discard    unix  -       -      n      -      -       discard
anvil      unix  -       -      n      -      1       anvil
scache     unix  -       -      n      -      1       scache
postlog    unix-dgram n  -      n      -      1       postlogd
EOF
}

# _pf_listening: 0 when all four listeners are bound.
_pf_listening() {
	_l=$(pf_exec ss -Hltn 2>/dev/null) || return 1
	for _a in "$PF_A:25" "$PF_A:465" "$PF_A:587" "$PF_B:25" "$PF_C:25"; do
		printf '%s\n' "$_l" | grep -q " $_a " || return 1
	done
	return 0
}

# _pf_greets ADDR PORT: prints the first greeting line (plain SMTP only).
_pf_greets() {
	pf_exec timeout 10 bash -c '
		exec 3<>"/dev/tcp/$1/$2" || exit 1
		IFS= read -r line <&3 || exit 1
		printf "QUIT\r\n" >&3
		printf "%s\n" "$line"' greet "$1" "$2" 2>/dev/null
}

pf_start() {
	_certs=$1
	PF_ERR=
	for _f in rsa.crt rsa.key ecdsa.crt ecdsa.key; do
		[ -r "$_certs/$_f" ] || { PF_ERR="missing $_certs/$_f"; return 1; }
	done
	case $_certs in /*) ;; *) _certs=$PWD/$_certs ;; esac
	PF_DIR=$(mktemp -d "${TMPDIR:-/tmp}/mxprobe-pf.XXXXXX") ||
		{ PF_ERR="mktemp failed"; return 1; }
	# The postfix user must be able to reach its queue under $PF_DIR.
	chmod 755 "$PF_DIR"
	mkdir -p "$PF_DIR/etc" "$PF_DIR/queue" "$PF_DIR/data" "$PF_DIR/log"
	chown postfix "$PF_DIR/data"
	: > "$PF_DIR/log/maillog"
	_pf_write_config "$_certs"
	if [ "$PF_NETNS" = yes ]; then
		_pf_reap_stale
		PF_NS=mxprobe-pf-$$
		ip netns add "$PF_NS" 2>/dev/null ||
			{ PF_ERR="ip netns add $PF_NS failed"; PF_NS=; return 1; }
		ip netns exec "$PF_NS" ip link set lo up ||
			{ PF_ERR="cannot bring lo up in $PF_NS"; return 1; }
	else
		for _a in "$PF_A:25" "$PF_A:465" "$PF_A:587" "$PF_B:25" "$PF_C:25"; do
			if ss -Hltn | grep -q " $_a "; then
				PF_ERR="$_a already in use on this host (use PF_NETNS=yes)"
				return 1
			fi
		done
	fi
	# postfix(1) says nothing unless stderr is a tty: on failure, replay a
	# check under script(1) so the reason reaches the test log.
	if ! pf_exec postfix -c "$PF_DIR/etc" start </dev/null >/dev/null 2>&1; then
		PF_ERR="postfix -c $PF_DIR/etc start failed: $(
		    pf_exec script -qec "postfix -c $PF_DIR/etc check" /dev/null \
			</dev/null 2>&1 | tr '\r\n' '  ' | cut -c1-300)$(
		    tail -n 3 "$PF_DIR/log/maillog" | tr '\n' ' ')"
		return 1
	fi
	_i=0
	until _pf_listening; do
		_i=$((_i + 1))
		[ "$_i" -le 100 ] ||
			{ PF_ERR="listeners not bound after 10 s"; return 1; }
		sleep 0.1
	done
	_m=$(pf_log_mark)
	_g=$(_pf_greets "$PF_A" 25)
	case $_g in
	"220 $PF_HOST_A "*) ;;
	*)	PF_ERR="no greeting from $PF_A:25 (got '$_g'): $(
		    tail -n 5 "$PF_DIR/log/maillog" | tr '\n' ' ')"
		return 1 ;;
	esac
	# Let that session's last line reach the log, so that a test's mark
	# and wait see only its own connections.
	pf_wait_log "$_m" 'pf-rsa-25/smtpd\[[0-9]+\]: disconnect from' >/dev/null ||
		{ PF_ERR="greeting check never logged its disconnect"; return 1; }
	return 0
}

# _pf_reap_stale: namespaces left by a run that was killed outright
# (SIGKILL, a CI timeout): mxprobe-pf-PID whose PID is gone.  Their
# processes are ours by that name; kill them and drop the namespace.
_pf_reap_stale() {
	for _ns in $(ip netns list 2>/dev/null | sed -n 's/^\(mxprobe-pf-[0-9]*\).*/\1/p'); do
		kill -0 "${_ns#mxprobe-pf-}" 2>/dev/null && continue
		for _p in $(ip netns pids "$_ns" 2>/dev/null); do
			kill -9 "$_p" 2>/dev/null
		done
		ip netns del "$_ns" 2>/dev/null
	done
}

pf_stop() {
	[ -n "$PF_DIR" ] || return 0
	if [ -f "$PF_DIR/queue/pid/master.pid" ]; then
		pf_exec postfix -c "$PF_DIR/etc" stop </dev/null >/dev/null 2>&1 ||
			pf_exec postfix -c "$PF_DIR/etc" abort </dev/null >/dev/null 2>&1
	fi
	# Leftovers: every process in our namespace, or (host mode) every
	# process working in our queue directory.  Ours by construction.
	if [ -n "$PF_NS" ]; then
		for _p in $(ip netns pids "$PF_NS" 2>/dev/null); do
			kill -9 "$_p" 2>/dev/null
		done
		ip netns del "$PF_NS" 2>/dev/null
		PF_NS=
	else
		for _p in /proc/[0-9]*; do
			[ "$(readlink "$_p/cwd" 2>/dev/null)" = "$PF_DIR/queue" ] &&
				kill -9 "${_p#/proc/}" 2>/dev/null
		done
	fi
	if [ "${PF_KEEP:-}" = 1 ]; then
		echo "# kept $PF_DIR" >&2
	else
		rm -rf "$PF_DIR"
	fi
	PF_DIR=
}

pf_log_mark() {
	wc -l < "$PF_DIR/log/maillog" | tr -d ' '
}

pf_log_since() {
	tail -n +"$(($1 + 1))" "$PF_DIR/log/maillog"
}

pf_wait_log() {
	_i=0
	while :; do
		_m=$(pf_log_since "$1" | grep -E -- "$2" | head -n 1)
		[ -n "$_m" ] && { printf '%s\n' "$_m"; return 0; }
		_i=$((_i + 1))
		[ "$_i" -le "${3:-100}" ] || return 1
		sleep 0.1
	done
}
