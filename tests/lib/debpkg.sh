# tests/lib/debpkg.sh -- a Debian package's daemon run from its unpacked
# .deb, never installed.  Sourced (POSIX sh) by tests/interop/exim.sh and
# tests/interop/opensmtpd.sh.
#
# Why: exim4-daemon-light and opensmtpd provide mail-transport-agent, as
# Postfix does; installing one removes Postfix, which the other interop
# tests need.  So the .deb is fetched with `apt-get download` and unpacked
# with `dpkg-deb -x` under $DEB_CACHE; only the shared libraries it
# depends on (lib* packages of its Depends: line, which conflict with
# nothing) are installed, with apt-get, as .ci/run installs everything else.
# The daemons look their users up by compiled-in names (Exim: Debian-exim;
# OpenSMTPD: opensmtpd, opensmtpq): instead of adding users to the system,
# the daemon runs in a mount namespace of its own (unshare -m) where copies
# of /etc/passwd and /etc/group that name them are bind-mounted over the
# real ones.  Nothing outside $DEB_DIR and $DEB_CACHE is written.
#
# Interface
#   deb_can_run          0 when root with ip, unshare, apt-get and dpkg-deb;
#                        else prints why and returns 1 (the caller SKIPs)
#   deb_fetch PKG [SUITE]  PKG's .deb downloaded once into $DEB_CACHE and
#                        unpacked in $DEB_CACHE/PKG; sets DEB_ROOT (that
#                        directory) and DEB_VERSION; 1 and $DEB_ERR else.
#                        SUITE (e.g. bookworm-backports): from that suite of
#                        deb.debian.org, through apt lists of our own under
#                        $DEB_CACHE/apt-SUITE (the system's sources are not
#                        touched); cached in $DEB_CACHE/SUITE
#   deb_libs BINARY      installs the missing lib* packages PKG depends on,
#                        then checks that ldd finds every library of BINARY
#                        (1 and $DEB_ERR naming what is missing)
#   deb_users DIR NAME...  DIR/passwd and DIR/group: the system's, plus NAME
#                        (a free uid = gid from 64990 up) unless it exists;
#                        deb_uid NAME prints its uid afterwards
#   deb_netns NAME       makes namespace NAME with lo up (DEB_NS), reaping
#                        stale ones of the same prefix whose pid is gone
#   deb_spawn LOG PREP CMD...  runs CMD in the background in $DEB_NS, in a
#                        private mount namespace where DIR/passwd and
#                        DIR/group ($DEB_DIR) cover /etc's and the shell
#                        text PREP ran first; sets DEB_PID (CMD itself)
#   deb_exec CMD...      runs CMD in $DEB_NS
#   deb_stop             kills DEB_PID, then whatever else is in $DEB_NS
#                        (ours by construction), and deletes the namespace
#   deb_wait_listen ADDR:PORT...  bounded wait (10 s) until all listen

DEB_CACHE=${DEB_CACHE:-${T:-build/test}/debs}
DEB_ROOT= DEB_VERSION= DEB_ERR= DEB_NS= DEB_PID= DEB_DIR= _deb_pkg=

deb_can_run() {
	case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin:/sbin ;; esac
	if [ "$(id -u)" != 0 ]; then
		echo "needs root (a network namespace, a mount namespace, apt-get)"
		return 1
	fi
	for _c in ip unshare apt-get dpkg-deb ldd ss; do
		command -v "$_c" >/dev/null 2>&1 ||
			{ echo "$_c missing"; return 1; }
	done
}

deb_fetch() {
	_deb_pkg=$1
	_dc=$DEB_CACHE _ao=
	if [ -n "${2:-}" ]; then
		_dc=$DEB_CACHE/$2
		_al=$(mkdir -p "$DEB_CACHE/apt-$2" && cd "$DEB_CACHE/apt-$2" && pwd)
		mkdir -p "$_al/lists/partial" "$_al/cache/archives/partial"
		echo "deb http://deb.debian.org/debian $2 main" > "$_al/sources.list"
		_ao="-o Dir::Etc::SourceList=$_al/sources.list"
		_ao="$_ao -o Dir::Etc::SourceParts=/dev/null"
		_ao="$_ao -o Dir::State::Lists=$_al/lists -o Dir::Cache=$_al/cache"
	fi
	mkdir -p "$_dc" || { DEB_ERR="mkdir $_dc"; return 1; }
	_f=$(ls "$_dc/$1"_*.deb 2>/dev/null | tail -n 1)
	if [ -z "$_f" ]; then
		# apt's _apt sandbox user may not write here: it warns, then
		# downloads as root (the warning is expected).
		# shellcheck disable=SC2086
		if [ -n "$_ao" ]; then
			(apt-get $_ao update -qq && cd "$_dc" &&
			    apt-get $_ao download "$1") > "$_dc/$1.log" 2>&1
		else
			(cd "$_dc" && apt-get download "$1") > "$_dc/$1.log" 2>&1 ||
			    (apt-get update -qq && cd "$_dc" &&
			    apt-get download "$1") >> "$_dc/$1.log" 2>&1
		fi ||
			{ DEB_ERR="apt-get download $1${2:+ ($2)}: $(tail -n 2 \
			    "$_dc/$1.log" | tr '\n' ' ')"; return 1; }
		_f=$(ls "$_dc/$1"_*.deb 2>/dev/null | tail -n 1)
	fi
	[ -n "$_f" ] || { DEB_ERR="no $1 .deb after apt-get download"; return 1; }
	DEB_ROOT=$(cd "$_dc" && pwd)/$1
	DEB_VERSION=$(dpkg-deb -f "$_f" Version)
	if [ ! -f "$DEB_ROOT/.unpacked" ] ||
	    [ "$(cat "$DEB_ROOT/.unpacked")" != "$DEB_VERSION" ]; then
		rm -rf "$DEB_ROOT"
		dpkg-deb -x "$_f" "$DEB_ROOT" ||
			{ DEB_ERR="dpkg-deb -x $_f failed"; return 1; }
		echo "$DEB_VERSION" > "$DEB_ROOT/.unpacked"
	fi
	DEB_FILE=$_f
}

deb_libs() {
	_want=$(dpkg-deb -f "$DEB_FILE" Depends | tr ',' '\n' |
	    sed 's/|.*//; s/(.*//; s/^ *//; s/ *$//' | grep '^lib')
	_miss=
	for _p in $_want; do
		dpkg-query -W -f='${Status}\n' "$_p" 2>/dev/null |
		    grep -q 'ok installed' || _miss="$_miss $_p"
	done
	if [ -n "$_miss" ]; then
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		    --no-install-recommends $_miss > "$DEB_CACHE/libs.log" 2>&1 ||
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		    apt-get install -y -qq --no-install-recommends $_miss; } \
		    >> "$DEB_CACHE/libs.log" 2>&1 ||
			{ DEB_ERR="apt-get install$_miss: $(tail -n 2 \
			    "$DEB_CACHE/libs.log" | tr '\n' ' ')"; return 1; }
	fi
	_nf=$(ldd "$1" 2>&1 | grep 'not found' | tr -s ' \t' ' ')
	[ -z "$_nf" ] || { DEB_ERR="ldd $1:$_nf"; return 1; }
}

deb_users() {
	DEB_DIR=$1
	shift
	cp /etc/passwd "$DEB_DIR/passwd" && cp /etc/group "$DEB_DIR/group" ||
		return 1
	_uid=64990
	for _u in "$@"; do
		grep -q "^$_u:" "$DEB_DIR/passwd" && continue
		while getent passwd "$_uid" >/dev/null ||
		    getent group "$_uid" >/dev/null ||
		    grep -q "^[^:]*:x:$_uid:" "$DEB_DIR/passwd"; do
			_uid=$((_uid + 1))
		done
		echo "$_u:x:$_uid:$_uid:test user:/nonexistent:/usr/sbin/nologin" \
		    >> "$DEB_DIR/passwd"
		echo "$_u:x:$_uid:" >> "$DEB_DIR/group"
	done
}

deb_uid() {
	awk -F: -v u="$1" '$1 == u { print $3; exit }' "$DEB_DIR/passwd"
}

deb_netns() {
	_pfx=${1%-*}
	for _ns in $(ip netns list 2>/dev/null |
	    sed -n "s/^\\($_pfx-[0-9]*\\).*/\\1/p"); do
		kill -0 "${_ns##*-}" 2>/dev/null && continue
		for _p in $(ip netns pids "$_ns" 2>/dev/null); do
			kill -9 "$_p" 2>/dev/null
		done
		ip netns del "$_ns" 2>/dev/null
	done
	ip netns add "$1" 2>/dev/null || { DEB_ERR="ip netns add $1"; return 1; }
	DEB_NS=$1
	ip netns exec "$1" ip link set lo up ||
		{ DEB_ERR="lo up in $1"; return 1; }
}

deb_exec() {
	ip netns exec "$DEB_NS" "$@"
}

deb_spawn() {
	_log=$1 _prep=$2
	shift 2
	# Every step execs the next: $! is the daemon itself.
	ip netns exec "$DEB_NS" unshare -m --propagation private sh -c '
		d=$1 prep=$2; shift 2
		mount --bind "$d/passwd" /etc/passwd &&
		mount --bind "$d/group" /etc/group &&
		eval "$prep" && exec "$@"' deb "$DEB_DIR" "$_prep" "$@" \
	    > "$_log" 2>&1 &
	DEB_PID=$!
}

deb_wait_listen() {
	_i=0
	while :; do
		_l=$(deb_exec ss -Hltn 2>/dev/null)
		_all=yes
		for _a in "$@"; do
			printf '%s\n' "$_l" | grep -q " $_a " || _all=no
		done
		[ "$_all" = yes ] && return 0
		_i=$((_i + 1))
		[ "$_i" -le 100 ] || return 1
		kill -0 "$DEB_PID" 2>/dev/null || return 1
		sleep 0.1
	done
}

deb_stop() {
	[ -n "$DEB_PID" ] && kill "$DEB_PID" 2>/dev/null
	[ -n "$DEB_PID" ] && wait "$DEB_PID" 2>/dev/null
	DEB_PID=
	if [ -n "$DEB_NS" ]; then
		for _p in $(ip netns pids "$DEB_NS" 2>/dev/null); do
			kill -9 "$_p" 2>/dev/null
		done
		ip netns del "$DEB_NS" 2>/dev/null
		DEB_NS=
	fi
}
