#!/bin/sh
# Interop: the HTTPS fetch engine (src/engine/https.c, driven by
# tests/fixtures/httpsget.c) against a real, private nginx
# (tests/lib/nginx.sh) with certificates of the test PKI
# (tests/lib/certs.sh), and against hostile peers written here (python3).
#
# nginx, with its access log as the ground truth for what it saw and
# negotiated (request line, Host, SNI, protocol, cipher):
#   - the policy file: err=ok, status 200, body byte-equal to the file
#     served and to what `openssl s_client` reads from the same URL, the
#     content type nginx sent, tls_version/tls_cipher equal to nginx's
#     $ssl_protocol/$ssl_cipher, one request with our Host and SNI;
#     the same over IPv6 (namespace mode);
#   - 301 (not followed: Location reported, nginx saw one request), 404,
#     text/html, no Content-Type, a body of exactly 64 KB (fits) and one
#     byte more (http-body-too-large);
#   - strict PKIX verdicts (-C bundle.crt, -n REF_NOW): expired,
#     not yet valid, wrong name, self-signed (not trusted), a leaf made
#     by ngx_cert for another name.
# Hostile peers: silent after connect (timeout-tls at the step deadline),
# silent after the handshake (timeout-http), a drip of one byte per 20 ms
# (timeout-http at its step deadline though bytes keep coming), endless
# header fields and an endless header line (http-header-too-long, long
# before the deadline), plaintext instead of TLS (tls-handshake-failed,
# tls_plaintext=yes), a close-delimited body with and without
# close_notify (ok / http-truncated), chunked with extensions and a
# trailer, Content-Length together with chunked (http-bad-framing), 1xx
# before the answer, a refused port, and -t shorter than the step.
#
# As root nginx runs in a network namespace of its own (NGX_NETNS=own,
# 127.0.2.x:443 and [::1]:443); otherwise on 127.0.0.1 with free ports.
# HTTPS_HOST_MODE=1 asks for the latter as root too.  The hostile peers
# listen on 127.0.0.1, ephemeral ports.
# env: T (host build dir) as for every test; needs httpsget built
# (make build/test/fixtures/httpsget), nginx, python3, openssl.
. tests/lib/common.sh
. tests/lib/nginx.sh

GET=${HTTPSGET:-$T/fixtures/httpsget}
STS_PATH=/.well-known/mta-sts.txt
HOST=mx.mxprobe.test

trap 'ngx_stop; cleanup' EXIT
trap 'exit 141' PIPE

need_host ngx_can_run "nginx interop"
need_prog "$GET" "httpsget"
need_pki

# ---- nginx -------------------------------------------------------------------

if [ "$(id -u)" = 0 ] && [ -z "${HTTPS_HOST_MODE:-}" ]; then
	NGX_NETNS=own
	A_GOOD=127.0.2.1:443 A_EXP=127.0.2.2:443 A_NOTYET=127.0.2.3:443
	A_WRONG=127.0.2.4:443 A_SELF=127.0.2.5:443 A_MADE=127.0.2.6:443
	A_V6='[::1]:443'
else
	NGX_NETNS=
	set -- $(python3 -c 'import socket
for i in range(6):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
	A_GOOD=127.0.0.1:$1 A_EXP=127.0.0.1:$2 A_NOTYET=127.0.0.1:$3
	A_WRONG=127.0.0.1:$4 A_SELF=127.0.0.1:$5 A_MADE=127.0.0.1:$6
	A_V6=
fi

POLICY=$(printf 'version: STSv1\nmode: enforce\nmx: mx.mxprobe.test\nmx: *.mxprobe.test\nmax_age: 604800\n')
if ! ngx_init; then
	not_ok "nginx set up"; diag "$NGX_ERR"; summary; exit 1
fi
printf '%s\n' "$POLICY" > "$TMPD/policy.txt"
ngx_cert "$NGX_DIR/made" mta-sts.mxprobe.test ||
	{ not_ok "ngx_cert made a leaf"; diag "$NGX_ERR"; summary; exit 1; }
ok "ngx_cert made a leaf for mta-sts.mxprobe.test"
ngx_site "$HOST" "$A_GOOD" "$PKI/rsa.crt" "$PKI/rsa.key"
[ -z "$A_V6" ] || sed -i "s|listen $A_GOOD ssl;|&\n\tlisten $A_V6 ssl;|" \
    "$NGX_DIR/sites.conf"
ngx_file "$STS_PATH" "$TMPD/policy.txt" "text/plain; charset=utf-8"
ngx_redirect /moved 301 https://mta-sts.elsewhere.test/.well-known/mta-sts.txt
ngx_status /gone 404
ngx_file /html "$TMPD/policy.txt" text/html
ngx_file /notype "$TMPD/policy.txt" -
python3 -c 'import os, sys; sys.stdout.buffer.write(os.urandom(65536))' \
    > "$TMPD/big64k"
ngx_file /big64k "$TMPD/big64k"
ngx_big /big64k1 65537
for s in expired:$A_EXP notyet:$A_NOTYET wrongname:$A_WRONG \
    selfsigned:$A_SELF; do
	ngx_site "$HOST" "${s#*:}" "$PKI/${s%%:*}.crt" "$PKI/${s%%:*}.key"
	ngx_file "$STS_PATH" "$TMPD/policy.txt"
done
ngx_site mta-sts.mxprobe.test "$A_MADE" "$NGX_DIR/made.crt" \
    "$NGX_DIR/made.key"
ngx_file "$STS_PATH" "$TMPD/policy.txt"
if ! ngx_start; then
	not_ok "private nginx started"; diag "$NGX_ERR"; summary; exit 1
fi
ok "private nginx started ($NGX_DIR${NGX_NS:+, netns $NGX_NS})"

# fetch NAME HOST ADDR [httpsget args]: runs httpsget where nginx listens.
fetch() {
	CTX=$1 _h=$2 _a=$3
	shift 3
	_t0=$(now_ms)
	ngx_exec timeout -k 2 30 "$GET" -C "$PKI/bundle.crt" -n "$REF_NOW" \
	    -o "$TMPD/$CTX.body" "$@" "$_h" "$_a" > "$TMPD/$CTX.out" \
	    2> "$TMPD/$CTX.err"
	PROBE_RC=$?
	PROBE_MS=$(($(now_ms) - _t0))
}

# iana NAME: IANA name of an OpenSSL cipher name.
iana() {
	openssl ciphers -stdname 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' 2>/dev/null |
	    awk -v c="$1" '$3 == c { print $1; f = 1; exit } END { exit !f }' ||
	    echo "unmapped-$1"
}
ver() {
	case $1 in
	TLSv1)	 echo TLS1.0 ;;
	TLSv1.*) echo "TLS${1#TLSv}" ;;
	*)	 echo "unmapped-$1" ;;
	esac
}

# The good fetch, against nginx's log and openssl's reading of the URL.
mark=$(ngx_access_count)
fetch good "$HOST" "$A_GOOD"
check_rc 0
check_kv err ok
check_kv http_status 200
check_kv http_version 1.1
check_kv content_type 'text/plain; charset=utf-8'
check_kv framing length
check_kv content_length "$(wc -c < "$TMPD/policy.txt" | tr -d ' ')"
check_kv complete yes
check_kv sts_verdict ok
check_kv pkix ok
check_kv chain_count 2
check "body equals the file served" cmp -s "$TMPD/good.body" "$TMPD/policy.txt"
log=$(ngx_access_since "$mark")
check_eq "nginx saw one request" "$(printf '%s\n' "$log" | grep -c .)" 1
set -- $log
check_eq "nginx saw GET $STS_PATH HTTP/1.1" "$2 $3 $4" \
    "\"GET $STS_PATH HTTP/1.1\""
check_eq "nginx saw SNI $HOST" "$7" "\"$HOST\""
check_eq "nginx saw Host: $HOST" "${10}" "\"$HOST\""
check_kv tls_version "$(ver "$8")"
check_kv tls_cipher "$(iana "$9")"
# openssl's reading of the same URL: the raw answer, our body inside it
printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' \
    "$STS_PATH" "$HOST" | ngx_exec timeout 10 openssl s_client -quiet \
    -connect "$A_GOOD" -servername "$HOST" > "$TMPD/good.raw" 2>/dev/null
python3 - "$TMPD/good.raw" "$TMPD/good.body" > "$TMPD/good.cmp" 2>&1 <<'EOF'
import sys
raw = open(sys.argv[1], "rb").read()
body = open(sys.argv[2], "rb").read()
head, sep, rest = raw.partition(b"\r\n\r\n")
ok = sep and head.startswith(b"HTTP/1.1 200 ") and rest == body
print("raw %d bytes, body %d, equal %s" % (len(raw), len(body), ok))
sys.exit(0 if ok else 1)
EOF
check "body equals what openssl s_client read" test $? = 0 ||
    diag "$(cat "$TMPD/good.cmp")"

if [ -n "$A_V6" ]; then
	fetch good6 "$HOST" "$A_V6"
	check_kv err ok
	check_kv sts_verdict ok
	check "IPv6: body equals the file" cmp -s "$TMPD/good6.body" \
	    "$TMPD/policy.txt"
	check_eq "nginx saw [::1]" \
	    "$(ngx_access_since "$mark" | tail -n 1 | cut -d' ' -f1)" ::1
fi

mark=$(ngx_access_count)
fetch moved "$HOST" "$A_GOOD" -p /moved
check_kv err ok
check_kv http_status 301
check_kv location https://mta-sts.elsewhere.test/.well-known/mta-sts.txt
check_kv sts_verdict http-redirect
check_eq "redirect not followed: nginx saw one request" \
    "$(ngx_access_since "$mark" | grep -c .)" 1

fetch gone "$HOST" "$A_GOOD" -p /gone
check_kv err ok
check_kv http_status 404
check_kv sts_verdict http-status

fetch html "$HOST" "$A_GOOD" -p /html
check_kv content_type text/html
check_kv sts_verdict http-content-type

fetch notype "$HOST" "$A_GOOD" -p /notype
check_absent content_type
check_kv sts_verdict http-content-type

fetch big64k "$HOST" "$A_GOOD" -p /big64k
check_kv err ok
check_kv body_len 65536
check_kv sts_verdict ok
check "64 KB body equals the file" cmp -s "$TMPD/big64k.body" \
    "$TMPD/big64k"
fetch big64k1 "$HOST" "$A_GOOD" -p /big64k1
check_kv err http-body-too-large
check_kv sts_verdict http-body-too-large
check_kv content_length 65537

# Certificates: the fetch works, the verdict names what is wrong.
for c in expired:expired:$A_EXP notyet:not-yet-valid:$A_NOTYET \
    wrongname:name-mismatch:$A_WRONG selfsigned:not-trusted:$A_SELF; do
	p=${c%%:*} r=${c#*:}
	fetch "cert-$p" "$HOST" "${r#*:}"
	check_kv err ok
	check_kv sts_verdict ok
	check_kv pkix "${r%%:*}"
done
CTX=cert-expired; check_kv pkix_trusted yes; check_kv pkix_expired yes
CTX=cert-notyet; check_kv pkix_not_yet_valid yes
CTX=cert-selfsigned; check_kv pkix_trusted no
fetch made mta-sts.mxprobe.test "$A_MADE"
check_kv err ok
check_kv pkix ok
fetch made-other other.mxprobe.test "$A_MADE"
check_kv pkix name-mismatch
fetch good-clock "$HOST" "$A_GOOD" -n 2036-01-01
check_kv pkix expired

# ---- hostile peers -----------------------------------------------------------

cat > "$TMPD/hostile.py" <<'EOF'
# hostile.py MODE CERT KEY: one connection on 127.0.0.1, then exit.
import socket, ssl, sys, time
mode, cert, key = sys.argv[1:4]
ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen(1)
print("ready %d" % ls.getsockname()[1], flush=True)
ls.settimeout(30)
c, _ = ls.accept()
c.settimeout(30)

def hold(s):
    # until the client goes away
    try:
        while s.recv(4096):
            pass
    except OSError:
        pass

def tls(s):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    t = ctx.wrap_socket(s, server_side=True)
    buf = b""
    while b"\r\n\r\n" not in buf:
        d = t.recv(4096)
        if not d:
            break
        buf += d
    sys.stderr.write("request %r\n" % buf)
    return t

def forever(t, first, unit):
    try:
        t.sendall(first)
        while True:
            t.sendall(unit)
    except OSError:
        pass

try:
    if mode == "silent":
        hold(c)
    elif mode == "plaintext":
        c.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        time.sleep(0.5)
    else:
        t = tls(c)
        ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
        if mode == "tls_silent":
            hold(t)
        elif mode == "drip":
            msg = ok + b"Content-Length: 100000\r\n\r\n" + b"x" * 100000
            try:
                for i in range(len(msg)):
                    t.sendall(msg[i:i + 1])
                    time.sleep(0.02)
            except OSError:
                pass
        elif mode == "endless_headers":
            forever(t, ok, b"X-Filler: 0123456789abcdef0123456789\r\n")
        elif mode == "endless_line":
            forever(t, ok + b"X-Long: ", b"a" * 1000)
        elif mode in ("close_notify", "close_bare"):
            t.sendall(ok + b"\r\nversion: STSv1\nmode: none\n")
            if mode == "close_notify":
                t.unwrap()
            else:
                # no close_notify: the TCP connection just ends
                s = socket.socket(fileno=t.detach())
                s.shutdown(socket.SHUT_RDWR)
                s.close()
        elif mode == "chunked":
            t.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                      b"Transfer-Encoding: chunked\r\n\r\n"
                      b"f;ext=1\r\nversion: STSv1\n\r\n"
                      b"B\r\nmode: none\n\r\n"
                      b"0\r\nX-Trailer: yes\r\n\r\n")
            t.unwrap()
        elif mode == "cl_te":
            t.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                      b"Content-Length: 26\r\nTransfer-Encoding: chunked\r\n"
                      b"\r\n1a\r\nversion: STSv1\nmode: none\n\r\n0\r\n\r\n")
            t.unwrap()
        elif mode == "interim":
            t.sendall(b"HTTP/1.1 100 Continue\r\n\r\n"
                      b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                      + ok + b"Content-Length: 26\r\n\r\n"
                      b"version: STSv1\nmode: none\n")
            t.unwrap()
except (OSError, ssl.SSLError) as e:
    sys.stderr.write("hostile: %s\n" % e)
EOF

# hostile NAME MODE [httpsget args]: starts the peer, fetches from it.
hostile() {
	_name=$1 _mode=$2
	shift 2
	_fifo=$TMPD/$_name.ready
	mkfifo "$_fifo" || return 1
	python3 "$TMPD/hostile.py" "$_mode" "$PKI/rsa.crt" "$PKI/rsa.key" \
	    > "$_fifo" 2> "$TMPD/$_name.srv" &
	_hp=$!
	PIDS="$PIDS $_hp"
	_w= _p=
	read -r _w _p < "$_fifo"
	rm -f "$_fifo"
	if [ "$_w" != ready ]; then
		CTX=$_name
		not_ok "hostile peer $_mode started"
		diag "$(cat "$TMPD/$_name.srv")"
		return 1
	fi
	CTX=$_name
	_t0=$(now_ms)
	timeout -k 2 30 "$GET" -C "$PKI/bundle.crt" -n "$REF_NOW" \
	    -o "$TMPD/$CTX.body" "$@" "$HOST" "127.0.0.1:$_p" \
	    > "$TMPD/$CTX.out" 2> "$TMPD/$CTX.err"
	PROBE_RC=$?
	PROBE_MS=$(($(now_ms) - _t0))
	# the peer ends once we are gone; a stuck one is killed
	kill "$_hp" 2>/dev/null
	wait "$_hp" 2>/dev/null
}

# between LO HI: elapsed_ms of the last fetch is in [LO, HI].
between() {
	_e=$(kv "$TMPD/$CTX.out" elapsed_ms) || _e=-1
	if [ "$_e" -ge "$1" ] && [ "$_e" -le "$2" ]; then
		ok "elapsed_ms $_e in [$1, $2]"
	else
		not_ok "elapsed_ms $_e in [$1, $2]"
	fi
}

hostile silent silent -s 1 -t 5
check_kv err timeout-tls
check_kv connected yes
between 900 3500

hostile tls_silent tls_silent -s 1 -t 5
check_kv err timeout-http
check_kv tls yes
between 900 3500

hostile drip drip -s 1 -t 5
check_kv err timeout-http
check_kv http_status 200
check_kv complete no
between 900 3500

hostile endless_headers endless_headers -s 5 -t 10
check_kv err http-header-too-long
check_kv_match head_bytes '^8193$'
between 0 3000

hostile endless_line endless_line -s 5 -t 10
check_kv err http-header-too-long
between 0 3000

hostile plaintext plaintext -s 2 -t 5
check_kv err tls-handshake-failed
check_kv tls_plaintext yes
check_kv tls no

hostile close_notify close_notify -s 2 -t 5
check_kv err ok
check_kv framing close
check_kv complete yes
check_kv body_len 26
check_kv sts_verdict ok

hostile close_bare close_bare -s 2 -t 5
check_kv err http-truncated
check_kv body_len 26
check_kv complete no

hostile chunked chunked -s 2 -t 5
check_kv err ok
check_kv framing chunked
check_kv body_len 26
check "chunked body joined" sh -c 'printf "version: STSv1\nmode: none\n" |
    cmp -s - "$1"' x "$TMPD/chunked.body"

hostile cl_te cl_te -s 2 -t 5
check_kv err http-bad-framing

hostile interim interim -s 2 -t 5
check_kv err ok
check_kv interim 2
check_kv http_status 200

# -t shorter than the step: the fetch's own deadline ends the wait
hostile deadline silent -s 10 -t 1
check_kv err timeout-tls
between 900 3500

# nothing listens
port=$(python3 -c 'import socket; s = socket.socket()
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
CTX=refused
timeout -k 2 30 "$GET" -s 2 -t 5 "$HOST" "127.0.0.1:$port" \
    > "$TMPD/$CTX.out" 2> "$TMPD/$CTX.err"
check_kv err connect-refused
check_kv done_calls 1

summary
