# tests/lib/nginx.sh -- a private nginx as an HTTPS test peer (the MTA-STS
# policy host).  Sourced (POSIX sh) by tests/interop/https.sh and
# tests/interop/mtasts.sh.
#
# Never the system's nginx nor its config: nginx.conf, pid file, logs,
# temp directories and every file served live under a fresh temporary
# directory $NGX_DIR; nginx is started as `nginx -p $NGX_DIR -c ... -e ...`
# with no include of /etc/nginx, so no system module or site is loaded.
# It listens where the caller says: inside a network namespace (the
# caller's, or one of its own; as root) or on the host's loopback.  The
# package's own service never runs here (policy-rc.d, FIELD-NOTES).
#
# Interface (call in this order)
#   ngx_can_run         0 if this machine can run it; else prints why (for a
#                       "not ok" line) and returns 1
#   ngx_init            makes $NGX_DIR (call once, before the rest)
#   ngx_site NAME ADDR:PORT CERT KEY
#                       a server block: server_name NAME, "listen ADDR:PORT
#                       ssl", CERT = chain file (leaf first), KEY = its key.
#                       ADDR may be [V6].  Later ngx_* location calls add
#                       to the last site.  A request for any path no
#                       location names gets nginx's own 404 (text/html).
#                       Several sites may share ADDR:PORT (chosen by SNI).
#   ngx_text PATH TEXT [CTYPE]
#                       PATH answers 200 with exactly TEXT (printf %s: give
#                       the newlines) as the body; CTYPE is the whole
#                       Content-Type value (default "text/plain"), "-" for
#                       none at all
#   ngx_file PATH FILE [CTYPE]   the same with FILE's bytes (copied now)
#   ngx_big PATH BYTES [CTYPE]   a body of BYTES bytes ("x" lines)
#   ngx_redirect PATH CODE URL   "return CODE URL" (301, 302, 307, 308):
#                       nginx's answer with Location: URL
#   ngx_status PATH CODE         "return CODE" (404, 500, 204, ...)
#   ngx_start           writes nginx.conf, checks it (nginx -t), starts
#                       nginx (master + 1 worker, daemon off), returns once
#                       every listener accepts TCP (bounded: 10 s);
#                       1 and $NGX_ERR otherwise
#   ngx_stop            stops it (TERM, then KILL after 3 s), removes an own
#                       namespace and $NGX_DIR (idempotent: call it from the
#                       EXIT trap; NGX_KEEP=1 keeps $NGX_DIR)
#   ngx_exec CMD...     runs CMD where the listeners are reachable
#   ngx_cert OUT NAME[,NAME...] [START END]
#                       a leaf for those DNS names issued by the test
#                       intermediate of $NGX_PKI (tests/lib/certs.sh's
#                       int.crt/int.key; RSA-2048, serverAuth), valid START
#                       to END (openssl ca dates, YYYYMMDDHHMMSSZ; default
#                       certs.sh's long leaf validity): writes OUT.crt
#                       (leaf + intermediate) and OUT.key.  E.g. an expired
#                       policy host: ngx_cert $d/sts-old mta-sts.sec.test \
#                       20200101000000Z 20210101000000Z
#   ngx_access_since N  access log lines after the first N (ngx_access_count
#                       prints N now): ADDR "REQUEST" STATUS BYTES "SNI"
#                       PROTOCOL CIPHER "HOST" (OpenSSL's names: TLSv1.2
#                       ECDHE-RSA-AES128-GCM-SHA256; HOST: the Host
#                       header), one line per request
#
# Set before ngx_init (all optional)
#   NGX_NETNS=NAME      listen inside that existing namespace (e.g.
#                       dnsworld.sh's $DNSW_NETNS or postfix.sh's $PF_NS);
#                       it is left in place
#   NGX_NETNS=own       a namespace of our own, mxprobe-ngx-PID (root),
#                       with lo up: any 127.0.0.0/8 address and port 443
#   NGX_NETNS= (empty, the default)  the host's loopback: choose addresses
#                       and ports nobody else uses (127.0.0.1:18443, ...)
#   NGX_PKI             the test PKI for ngx_cert (default $PKI)
# Set by these functions
#   NGX_DIR NGX_NS (the namespace used, empty in host mode) NGX_ERR
#   NGX_ERROR_LOG NGX_ACCESS_LOG NGX_PID
#
# Example (MTA-STS policy host for sec.test, in the DNS world's namespace):
#   NGX_NETNS=$DNSW_NETNS; ngx_init
#   ngx_cert "$NGX_DIR/sts" mta-sts.sec.test
#   ngx_site mta-sts.sec.test 127.0.1.40:443 "$NGX_DIR/sts.crt" \
#       "$NGX_DIR/sts.key"
#   ngx_text /.well-known/mta-sts.txt "$(printf 'version: STSv1\n...')" \
#       "text/plain; charset=utf-8"
#   ngx_start || not_ok "nginx: $NGX_ERR"
#
# Needs: nginx (Debian's nginx 1.22: http_ssl built in), python3 (the
# readiness check), openssl (ngx_cert), iproute2 (namespaces).

NGX_NETNS=${NGX_NETNS:-}
NGX_PKI=${NGX_PKI:-${PKI:-build/test/pki}}
NGX_DIR=
NGX_NS=
NGX_ERR=
NGX_ERROR_LOG=
NGX_ACCESS_LOG=
NGX_PID=
_ngx_own_ns=
_ngx_nloc=0
_ngx_listen=
_ngx_insite=

ngx_can_run() {
	case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin:/sbin ;; esac
	_ngx_miss=
	for _c in nginx python3 openssl; do
		command -v "$_c" >/dev/null 2>&1 || _ngx_miss="$_ngx_miss $_c"
	done
	if [ -n "$NGX_NETNS" ]; then
		command -v ip >/dev/null 2>&1 || _ngx_miss="$_ngx_miss ip"
	fi
	if [ -n "$_ngx_miss" ]; then
		echo "missing:$_ngx_miss (apt-get install nginx python3 openssl iproute2)"
		return 1
	fi
	if [ -n "$NGX_NETNS" ] && [ "$(id -u)" != 0 ]; then
		echo "nginx in a network namespace needs root (or NGX_NETNS= with free loopback ports)"
		return 1
	fi
	return 0
}

ngx_exec() {
	if [ -n "$NGX_NS" ]; then
		ip netns exec "$NGX_NS" "$@"
	else
		"$@"
	fi
}

# _ngx_reap_stale: namespaces left by a run killed outright
# (mxprobe-ngx-PID whose PID is gone): their processes are ours.
_ngx_reap_stale() {
	for _ns in $(ip netns list 2>/dev/null | sed -n 's/^\(mxprobe-ngx-[0-9]*\).*/\1/p'); do
		kill -0 "${_ns#mxprobe-ngx-}" 2>/dev/null && continue
		for _p in $(ip netns pids "$_ns" 2>/dev/null); do
			kill -9 "$_p" 2>/dev/null
		done
		ip netns del "$_ns" 2>/dev/null
	done
}

ngx_init() {
	NGX_ERR=
	_why=$(ngx_can_run) || { NGX_ERR=$_why; return 1; }
	NGX_DIR=$(mktemp -d "${TMPDIR:-/tmp}/mxprobe-ngx.XXXXXX") ||
		{ NGX_ERR="mktemp failed"; return 1; }
	mkdir -p "$NGX_DIR/www" "$NGX_DIR/tmp" "$NGX_DIR/conf.d"
	NGX_ERROR_LOG=$NGX_DIR/error.log
	NGX_ACCESS_LOG=$NGX_DIR/access.log
	: > "$NGX_ACCESS_LOG"
	: > "$NGX_DIR/sites.conf"
	_ngx_nloc=0 _ngx_listen= _ngx_insite=
	case $NGX_NETNS in
	'')	NGX_NS= ;;
	own)	_ngx_reap_stale
		NGX_NS=mxprobe-ngx-$$
		ip netns add "$NGX_NS" 2>/dev/null ||
			{ NGX_ERR="ip netns add $NGX_NS failed"; NGX_NS=; return 1; }
		_ngx_own_ns=$NGX_NS
		ip netns exec "$NGX_NS" ip link set lo up ||
			{ NGX_ERR="cannot bring lo up in $NGX_NS"; return 1; } ;;
	*)	NGX_NS=$NGX_NETNS
		ip netns exec "$NGX_NS" true 2>/dev/null ||
			{ NGX_ERR="no namespace $NGX_NS"; NGX_NS=; return 1; } ;;
	esac
}

_ngx_close_site() {
	[ -n "$_ngx_insite" ] && echo "}" >> "$NGX_DIR/sites.conf"
	_ngx_insite=
}

ngx_site() {
	[ $# -eq 4 ] || { NGX_ERR="usage: ngx_site NAME ADDR:PORT CERT KEY"; return 1; }
	_ngx_close_site
	for _f in "$3" "$4"; do
		[ -r "$_f" ] || { NGX_ERR="ngx_site: cannot read $_f"; return 1; }
	done
	_c=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
	_k=$(cd "$(dirname "$4")" && pwd)/$(basename "$4")
	case " $_ngx_listen " in *" $2 "*) ;; *) _ngx_listen="$_ngx_listen $2" ;; esac
	cat >> "$NGX_DIR/sites.conf" <<EOF
server {
	listen $2 ssl;
	server_name $1;
	ssl_certificate $_c;
	ssl_certificate_key $_k;
EOF
	_ngx_insite=1
}

# _ngx_serve PATH FILE CTYPE: the location block for one file.
_ngx_serve() {
	[ -n "$_ngx_insite" ] || { NGX_ERR="ngx_*: no ngx_site before"; return 1; }
	case $3 in
	-)	_t='""' ;;
	*'"'*)	NGX_ERR="ngx_*: a content type with a quote"; return 1 ;;
	*)	_t="\"$3\"" ;;
	esac
	cat >> "$NGX_DIR/sites.conf" <<EOF
	location = $1 {
		types { }
		default_type $_t;
		alias $2;
	}
EOF
}

# _ngx_newfile: sets _f to a fresh file name (no subshell: the count
# must survive).
_ngx_newfile() {
	_ngx_nloc=$((_ngx_nloc + 1))
	_f=$NGX_DIR/www/f$_ngx_nloc
}

ngx_text() {
	_ngx_newfile
	printf '%s' "$2" > "$_f"
	_ngx_serve "$1" "$_f" "${3-text/plain}"
}

ngx_file() {
	_ngx_newfile
	cp "$2" "$_f" || { NGX_ERR="ngx_file: cannot copy $2"; return 1; }
	_ngx_serve "$1" "$_f" "${3-text/plain}"
}

ngx_big() {
	_ngx_newfile
	# 64-byte lines, cut to exactly BYTES
	python3 -c 'import sys; n = int(sys.argv[1]); line = b"x" * 63 + b"\n"
sys.stdout.buffer.write((line * (n // 64 + 1))[:n])' "$2" > "$_f" ||
		{ NGX_ERR="ngx_big: python3 failed"; return 1; }
	_ngx_serve "$1" "$_f" "${3-text/plain}"
}

ngx_redirect() {
	[ -n "$_ngx_insite" ] || { NGX_ERR="ngx_redirect: no ngx_site before"; return 1; }
	printf '\tlocation = %s { return %s %s; }\n' "$1" "$2" "$3" \
	    >> "$NGX_DIR/sites.conf"
}

ngx_status() {
	[ -n "$_ngx_insite" ] || { NGX_ERR="ngx_status: no ngx_site before"; return 1; }
	printf '\tlocation = %s { return %s; }\n' "$1" "$2" \
	    >> "$NGX_DIR/sites.conf"
}

ngx_cert() {
	_out=$1 _names=$2
	_start=${3:-20250101000000Z} _end=${4:-20350101000000Z}
	_w=$NGX_DIR/ca.$$
	mkdir -p "$_w" || return 1
	_san=$(printf '%s' "$_names" | sed 's/\([^,]*\)/DNS:\1/g; s/,/, /g')
	: > "$_w/index.txt"
	# openssl ca wants an even number of hex digits: 8, always
	printf '%s\n' "$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')" \
	    | awk '{ printf "%08X\n", $1 % 1073741824 + 4096 }' > "$_w/serial"
	cat > "$_w/ca.cnf" <<EOF
[ ca ]
default_ca = test
[ test ]
dir = $_w
database = $_w/index.txt
new_certs_dir = $_w
serial = $_w/serial
default_md = sha256
policy = anything
unique_subject = no
email_in_dn = no
copy_extensions = none
[ anything ]
organizationName = optional
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = $_san
EOF
	_cn=${_names%%,*}
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
	    -out "$_out.key" 2>/dev/null &&
	openssl req -new -config "$_w/ca.cnf" -key "$_out.key" \
	    -subj "/CN=$_cn/O=mxprobe test" -out "$_w/req.csr" 2>/dev/null ||
	{ NGX_ERR="ngx_cert: no key or request for $_names"; rm -rf "$_w"
	  return 1; }
	# under certs.sh's lock: a concurrent certs.sh may be remaking int.*
	_lk=
	command -v flock >/dev/null 2>&1 && _lk="flock $NGX_PKI/.lock"
	$_lk sh -c 'openssl ca -batch -config "$1/ca.cnf" -notext -preserveDN \
	    -startdate "$2" -enddate "$3" -extensions leaf \
	    -extfile "$1/ca.cnf" -cert "$4/int.crt" -keyfile "$4/int.key" \
	    -in "$1/req.csr" -out "$5-leaf.crt" &&
	    cat "$5-leaf.crt" "$4/int.crt" > "$5.crt"' x "$_w" "$_start" \
	    "$_end" "$NGX_PKI" "$_out" 2> "$_w/err" ||
	{ NGX_ERR="ngx_cert: openssl failed for $_names: $(tail -n 2 \
	    "$_w/err" | tr '\n' ' ')"; rm -rf "$_w"; return 1; }
	chmod 600 "$_out.key"
	rm -rf "$_w"
}

ngx_access_count() {
	wc -l < "$NGX_ACCESS_LOG" | tr -d ' '
}

ngx_access_since() {
	tail -n "+$(($1 + 1))" "$NGX_ACCESS_LOG"
}

_ngx_conf() {
	# Root: workers as root too, since $NGX_DIR is private (0700) and
	# no other user may read it.  Not root: nginx ignores "user".
	cat > "$NGX_DIR/nginx.conf" <<EOF
# Private test instance written by tests/lib/nginx.sh; not the system's.
daemon off;
master_process on;
worker_processes 1;
$( [ "$(id -u)" = 0 ] && echo "user root root;" )
pid $NGX_DIR/nginx.pid;
error_log $NGX_ERROR_LOG info;
events {
	worker_connections 64;
}
http {
	log_format mx '\$remote_addr "\$request" \$status \$bytes_sent '
	    '"\$ssl_server_name" \$ssl_protocol \$ssl_cipher "\$http_host"';
	access_log $NGX_ACCESS_LOG mx;
	client_body_temp_path $NGX_DIR/tmp/body;
	proxy_temp_path $NGX_DIR/tmp/proxy;
	fastcgi_temp_path $NGX_DIR/tmp/fastcgi;
	uwsgi_temp_path $NGX_DIR/tmp/uwsgi;
	scgi_temp_path $NGX_DIR/tmp/scgi;
	server_tokens on;
	keepalive_timeout 5;
	include $NGX_DIR/sites.conf;
}
EOF
}

# _ngx_wait: bounded polling (40 tries of 0.25 s) until every listener
# accepts TCP, in one python3 run inside the namespace.
_ngx_wait() {
	ngx_exec python3 - $_ngx_listen <<'EOF'
import socket, sys, time
todo = []
for a in sys.argv[1:]:
    h, p = a.rsplit(":", 1)
    todo.append((h.strip("[]"), int(p)))
for i in range(40):
    left = []
    for h, p in todo:
        fam = socket.AF_INET6 if ":" in h else socket.AF_INET
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.settimeout(0.25)
        try:
            s.connect((h, p))
        except OSError:
            left.append((h, p))
        finally:
            s.close()
    todo = left
    if not todo:
        sys.exit(0)
    time.sleep(0.25)
print("not listening: " + " ".join("%s:%d" % t for t in todo))
sys.exit(1)
EOF
}

ngx_start() {
	[ -n "$NGX_DIR" ] || { NGX_ERR="ngx_start: no ngx_init"; return 1; }
	_ngx_close_site
	[ -n "$_ngx_listen" ] || { NGX_ERR="ngx_start: no ngx_site"; return 1; }
	_ngx_conf
	_o=$(ngx_exec nginx -p "$NGX_DIR" -c "$NGX_DIR/nginx.conf" \
	    -e "$NGX_ERROR_LOG" -t 2>&1) ||
		{ NGX_ERR="nginx -t: $_o"; return 1; }
	# A simple command: ip netns exec execs nginx, so $! is its master.
	_ns=
	[ -z "$NGX_NS" ] || _ns="ip netns exec $NGX_NS"
	$_ns nginx -p "$NGX_DIR" -c "$NGX_DIR/nginx.conf" -e "$NGX_ERROR_LOG" \
	    > "$NGX_DIR/nginx.out" 2>&1 &
	NGX_PID=$!
	_r=$(_ngx_wait 2>&1) && return 0
	NGX_ERR="nginx does not answer: $_r; $(tail -n 3 "$NGX_ERROR_LOG" \
	    "$NGX_DIR/nginx.out" 2>/dev/null | tr '\n' ' ')"
	return 1
}

# _ngx_ours: pids of live processes whose command line names $NGX_DIR
# (the master; workers are named "nginx: worker process", found through
# their parent).
_ngx_ours() {
	[ -n "$NGX_DIR" ] || return 0
	for _p in /proc/[0-9]*; do
		_cl=$({ tr '\0' ' ' < "$_p/cmdline"; } 2>/dev/null)
		_pp=$(sed 's/.*) . \([0-9]*\).*/\1/' "$_p/stat" 2>/dev/null)
		case $_cl in
		*"$NGX_DIR/"*) ;;
		"nginx: worker process"*|"nginx: cache"*)
			[ -n "$NGX_PID" ] && [ "$_pp" = "$NGX_PID" ] || continue ;;
		*) continue ;;
		esac
		[ "$(sed 's/.*) \(.\).*/\1/' "$_p/stat" 2>/dev/null)" = Z ] ||
			echo "${_p#/proc/}"
	done
}

ngx_stop() {
	if [ -n "$NGX_PID" ]; then
		kill "$NGX_PID" 2>/dev/null
		_i=0
		while [ -n "$(_ngx_ours)" ] && [ "$_i" -lt 30 ]; do
			sleep 0.1
			_i=$((_i + 1))
		done
		for _p in $(_ngx_ours); do kill -9 "$_p" 2>/dev/null; done
		wait "$NGX_PID" 2>/dev/null
	fi
	NGX_PID=
	if [ -n "$_ngx_own_ns" ]; then
		for _p in $(ip netns pids "$_ngx_own_ns" 2>/dev/null); do
			kill -9 "$_p" 2>/dev/null
		done
		ip netns del "$_ngx_own_ns" 2>/dev/null
		_ngx_own_ns=
	fi
	NGX_NS=
	[ -n "$NGX_DIR" ] || return 0
	if [ "${NGX_KEEP:-}" = 1 ]; then
		echo "# kept $NGX_DIR" >&2
	else
		rm -rf "$NGX_DIR"
	fi
	NGX_DIR=
}
