# common.sh -- sourced by tests/integration/*.sh and toolchains/demo.sh.
#
# env: MXPROBE (binary under test), T (host build dir, default build/test),
#      RUN (emulator prefix put before $MXPROBE, e.g. qemu-mips-static),
#      KEEP_TMP=1 (keep the outputs and server logs in $TMPD for a look).
# Gives:
#   TAP:      ok / not_ok / check_eq / check_kv / check_absent / check_rc /
#             summary (prints "1..N", returns non-zero if a check failed)
#   output:   kv FILE KEY (value, shell-unquoted), kv_raw FILE KEY
#   servers:  srv_start NAME SCENARIO [fixsrv args] -> SRV_PORT SRV_PID SRV_LOG
#             srv_wait (waits for the last server to exit; bounded by its -T)
#   probes:   probe NAME [mxprobe args] -> $TMPD/NAME.out .err, PROBE_RC,
#             PROBE_MS (wall time), CTX=NAME (the label of later checks)
#   PKI:      PKI (made by certs.sh), REF_NOW and the other dates.sh values
# No check sleeps: a server says "ready PORT" through a fifo when it
# listens, and a probe is timed, not waited for.
# Every process started here is killed by pid when the script exits.

set -u
T=${T:-build/test}
RUN=${RUN:-}
LIBDIR=${LIBDIR:-tests/lib}	# scripts run from the repository root
FIXSRV=${FIXSRV:-$T/fixtures/fixsrv}
PKI=${PKI:-$T/pki}
t_n=0
t_fail=0
CTX=
PIDS=
SRV_PORT= SRV_PID= SRV_LOG= SRV_CONNS=
PROBE_RC= PROBE_MS=

TMPD=$(mktemp -d "${TMPDIR:-/tmp}/mxprobe-test.XXXXXX") || exit 1

cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	for p in $PIDS; do
		wait "$p" 2>/dev/null
	done
	PIDS=
	if [ -n "${KEEP_TMP:-}" ]; then echo "# kept $TMPD" >&2; else
		rm -rf "$TMPD"; fi
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- TAP -------------------------------------------------------------------

_label() {
	if [ -n "$CTX" ]; then printf '%s: %s' "$CTX" "$*"; else printf '%s' "$*"; fi
}

ok() {
	t_n=$((t_n + 1))
	echo "ok $t_n - $(_label "$@")"
}

not_ok() {
	t_n=$((t_n + 1))
	t_fail=$((t_fail + 1))
	echo "not ok $t_n - $(_label "$@")"
}

# diag TEXT...: a TAP comment line (run.sh shows these under failures).
diag() {
	printf '%s\n' "$*" | sed 's/^/#   /'
}

skip() {
	t_n=$((t_n + 1))
	echo "ok $t_n - $(_label "$1") # SKIP ${2:-}"
}

# check NAME COMMAND...: ok when the command succeeds.
check() {
	_n=$1
	shift
	if "$@"; then ok "$_n"; else not_ok "$_n"; fi
}

# check_eq NAME GOT WANT
check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		diag "got:  '$2'" "want: '$3'"
	fi
}

# check_kv KEY WANT [FILE]: KEY's unquoted value in the last probe's output.
check_kv() {
	_f=${3:-$TMPD/$CTX.out}
	if _v=$(kv "$_f" "$1"); then
		check_eq "$1=$2" "$_v" "$2"
	else
		not_ok "$1=$2"
		diag "key $1 absent"
	fi
}

# check_kv_match KEY ERE [FILE]: the value matches an extended regex.
check_kv_match() {
	_f=${3:-$TMPD/$CTX.out}
	if ! _v=$(kv "$_f" "$1"); then
		not_ok "$1 ~ /$2/"
		diag "key $1 absent"
		return
	fi
	if printf '%s\n' "$_v" | grep -Eq -- "$2"; then
		ok "$1 ~ /$2/"
	else
		not_ok "$1 ~ /$2/"
		diag "got: '$_v'"
	fi
}

# check_absent KEY [FILE]
check_absent() {
	_f=${2:-$TMPD/$CTX.out}
	if _v=$(kv "$_f" "$1"); then
		not_ok "$1 absent"
		diag "got: $1='$_v'"
	else
		ok "$1 absent"
	fi
}

# check_rc WANT: exit status of the last probe.
check_rc() {
	check_eq "exit status $1" "$PROBE_RC" "$1"
}

# summary: the plan line; non-zero when anything failed.
summary() {
	echo "1..$t_n"
	[ "$t_fail" = 0 ]
}

# ---- output ----------------------------------------------------------------

# kv_raw FILE KEY: the text after "KEY=" on KEY's first line; 1 if absent.
kv_raw() {
	awk -v k="$2" '
	index($0, k "=") == 1 { print substr($0, length(k) + 2); f = 1; exit }
	END { exit !f }' "$1"
}

# kv FILE KEY: the value as `eval` would see it ('\'' and '...' undone).
kv() {
	_kvr=$(kv_raw "$1" "$2") || return 1
	printf '%s\n' "$_kvr" | awk '{
		out = ""; q = 0; n = length($0)
		for (i = 1; i <= n; i++) {
			c = substr($0, i, 1)
			if (q) { if (c == "\047") q = 0; else out = out c }
			else if (c == "\047") q = 1
			else if (c == "\\" && i < n) { i++; out = out substr($0, i, 1) }
			else out = out c
		}
		print out
	}'
}

# ---- servers ---------------------------------------------------------------

# srv_start NAME SCENARIO [fixsrv args...]: starts fixsrv, waits for its
# "ready PORT" line (read from a fifo: no polling), sets SRV_*.
srv_start() {
	_name=$1 _scen=$2
	shift 2
	_fifo=$TMPD/$_name.ready
	SRV_LOG=$TMPD/$_name.srv
	SRV_PORT= SRV_PID= SRV_CONNS=1
	_prev=
	for _a in "$@"; do
		[ "$_prev" = -n ] && SRV_CONNS=$_a
		_prev=$_a
	done
	mkfifo "$_fifo" || return 1
	"$FIXSRV" -s "$_scen" -T "${SRV_LIFE:-40}" "$@" > "$_fifo" \
	    2> "$SRV_LOG" &
	SRV_PID=$!
	PIDS="$PIDS $SRV_PID"
	# Opening the fifo returns once fixsrv has it open for writing; read
	# returns at its "ready" line or at EOF if it died first.
	_w= _p=
	read -r _w _p < "$_fifo"
	rm -f "$_fifo"
	if [ "$_w" != ready ] || [ -z "$_p" ]; then
		diag "fixsrv $_scen did not start:" "$(cat "$SRV_LOG")"
		return 1
	fi
	SRV_PORT=$_p
}

# srv_wait: waits for the last started server to exit (it does after its
# connections, or at -T); its log is then complete.  A server that has not
# accepted all its connections by now never will (the probes are done, and
# fixsrv logs each accept before it sends a byte): it is killed instead of
# waited for, so a probe that never connects costs no -T.
srv_wait() {
	[ -n "$SRV_PID" ] || return 0
	_acc=$(grep -c '^fixsrv: conn [0-9]* from' "$SRV_LOG")
	[ "$_acc" -lt "$SRV_CONNS" ] && kill "$SRV_PID" 2>/dev/null
	wait "$SRV_PID" 2>/dev/null
	_rc=$?
	_np=
	for _q in $PIDS; do [ "$_q" = "$SRV_PID" ] || _np="$_np $_q"; done
	PIDS=$_np
	SRV_PID=
	return $_rc
}

# srv_stop: kills the last started server (scenarios that never end).
srv_stop() {
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null
	srv_wait
	return 0
}

# srv_saw ERE: the server log of the last server has a matching line.
srv_saw() {
	grep -Eq -- "$1" "$SRV_LOG"
}

# ---- probes ----------------------------------------------------------------

now_ms() {
	_ns=$(date +%s%N)
	case $_ns in *N) echo $(($(date +%s) * 1000)) ;; *) echo $((_ns / 1000000)) ;; esac
}

# probe NAME ARGS...: runs $RUN $MXPROBE ARGS; a hung binary is killed by
# timeout(1) after PROBE_KILL seconds (a failure of the deadline checks).
# SCAN_ARGS goes first (default --tls-scan=off): the TLS scan adds up to 6
# connections per address that fixture servers and the connection counts
# of the other tests do not expect; tests/interop/tlsscan.sh sets its own.
SCAN_ARGS=${SCAN_ARGS---tls-scan=off}
probe() {
	CTX=$1
	shift
	_t0=$(now_ms)
	if command -v timeout >/dev/null; then
		timeout -k 2 "${PROBE_KILL:-30}" $RUN "$MXPROBE" $SCAN_ARGS \
		    "$@" > "$TMPD/$CTX.out" 2> "$TMPD/$CTX.err" < /dev/null
	else
		$RUN "$MXPROBE" $SCAN_ARGS "$@" > "$TMPD/$CTX.out" \
		    2> "$TMPD/$CTX.err" < /dev/null
	fi
	PROBE_RC=$?
	PROBE_MS=$(($(now_ms) - _t0))
	printf '%s\n' "$*" > "$TMPD/$CTX.cmd"
}

# check_within MS: the last probe took at most MS milliseconds.
check_within() {
	if [ "$PROBE_MS" -le "$1" ]; then
		ok "ended within ${1} ms (${PROBE_MS} ms)"
	else
		not_ok "ended within ${1} ms"
		diag "took $PROBE_MS ms"
	fi
}

# check_after MS: the last probe took at least MS milliseconds (a timeout
# was waited for, not cut short).
check_after() {
	if [ "$PROBE_MS" -ge "$1" ]; then
		ok "waited at least ${1} ms (${PROBE_MS} ms)"
	else
		not_ok "waited at least ${1} ms"
		diag "took $PROBE_MS ms"
	fi
}

# check_status WANT: status= and the exit status that goes with it.
check_status() {
	check_kv status "$1"
	case $1 in
	ok) check_rc 0 ;; warning) check_rc 1 ;; critical) check_rc 2 ;;
	*) check_rc 3 ;;
	esac
}

# Spec order of the single-host keys (README.md, "Output reference"); certN_* keys go
# between cert_sha256 and error.  Keys not listed are not ordered.
KEY_ORDER="host port addr tls_mode clock clock_source ca_file ca_count
greeting_code banner_host banner greeting_tarpit greeting_bytes ehlo_host
helo_fallback ehlo_ext starttls starttls_plaintext_injection auth_before_tls
starttls_injection starttls_injection_error smtp_reply_code smtp_reply_text
tls tls_version tls_cipher tls_group tls_secure_renegotiation tls_br_err
tls_br_err_name tls_alert tls_ehlo_ext starttls_after_tls ext_added_in_tls
ext_removed_in_tls requiretls chain_count chain_truncated chain_order
chain_reordered chain_incomplete chain_valid_in_days chain_fails_first
cert_subject cert_issuer cert_san
cert_not_before cert_not_after cert_days_left cert_expired cert_not_yet_valid
cert_self_signed cert_trusted cert_trust_reason cert_hostname_match
cert_key_type cert_key_bits cert_sig_alg cert_sha256 certN error findings
status"

# check_output_form [FILE]: every line is key=value as the spec says: key
# [a-z0-9_]+, value bare [A-Za-z0-9._:/@+-]* or shell single-quoted, only
# printable ASCII, keys unique and in the spec's order, status last.
check_output_form() {
	_f=${1:-$TMPD/$CTX.out}
	if [ ! -s "$_f" ]; then
		not_ok "output is key=value lines"
		diag "no output; stderr:" "$(head -c 2000 "$TMPD/$CTX.err")"
		return
	fi
	# bare, or '...' (any printable but ') pieces joined by \'
	_re="^[a-z0-9_]+=([A-Za-z0-9._:/@+-]*|('[ -&(-~]*'|\\\\')+)\$"
	_bad=$(LC_ALL=C grep -vnE "$_re" "$_f" | head -3)
	if [ -z "$_bad" ]; then ok "output is key=value lines"; else
		not_ok "output is key=value lines"; diag "$_bad"; fi
	_bad=$(LC_ALL=C grep -n '[^ -~]' "$_f" | head -3)
	if [ -z "$_bad" ]; then ok "output is printable ASCII"; else
		not_ok "output is printable ASCII"; diag "$_bad"; fi
	_bad=$(sed -n 's/=.*//p' "$_f" | sort | uniq -d | head -3)
	if [ -z "$_bad" ]; then ok "keys unique"; else
		not_ok "keys unique"; diag "$_bad"; fi
	_bad=$(echo "$KEY_ORDER" | awk -v f="$_f" '
	{ for (i = 1; i <= NF; i++) rank[$i] = ++n }
	END {
		last = 0; lastk = ""
		while ((getline line < f) > 0) {
			k = line; sub(/=.*/, "", k)
			kk = k
			if (k ~ /^cert[0-9]+_/) kk = "certN"
			if (!(kk in rank)) continue
			if (rank[kk] < last) { print k " after " lastk; exit }
			last = rank[kk]; lastk = k
		}
	}')
	if [ -z "$_bad" ]; then ok "keys in spec order"; else
		not_ok "keys in spec order"; diag "$_bad"; fi
	_last=$(tail -n 1 "$_f" | sed 's/=.*//')
	check_eq "status is the last key" "$_last" status
}

# check_json NAME KVFILE JSONFILE: the JSON parses as one flat object with
# the same keys in the same order and the same values as the key=value run.
# The two exceptions, arrays that only JSON has: a domain audit's
# "policies" (README), TLS-RPT-shaped, a list of objects with a "policy"
# and a "summary"; and "findings_detail" (mxprobe.1), a list of objects
# with a "code", a "severity" and a "scope".
check_json() {
	if ! command -v python3 >/dev/null; then
		skip "$1" "python3 not installed"
		return
	fi
	_d=$(python3 - "$2" "$3" <<'EOF' 2>&1
import json, sys
def unq(v):
    out, q, i = [], False, 0
    while i < len(v):
        c = v[i]
        if q:
            if c == "'": q = False
            else: out.append(c)
        elif c == "'": q = True
        elif c == "\\" and i + 1 < len(v):
            i += 1; out.append(v[i])
        else: out.append(c)
        i += 1
    return "".join(out)
kv = []
for line in open(sys.argv[1], encoding="latin-1").read().splitlines():
    k, _, v = line.partition("=")
    kv.append((k, unq(v)))
try:
    j = json.load(open(sys.argv[2], encoding="utf-8"),
                  object_pairs_hook=lambda p: p)
except Exception as e:
    print("JSON does not parse: %s" % e); sys.exit(1)
if not isinstance(j, list):
    print("not one JSON object"); sys.exit(1)
bad = []
for k, v in j:
    if k == "policies" and isinstance(v, list):
        for e in v:
            d = dict(e) if isinstance(e, list) else {}
            if "policy" not in d or "summary" not in d:
                bad.append("policies: an entry without policy/summary")
        continue
    if k == "findings_detail" and isinstance(v, list):
        for e in v:
            d = dict(e) if isinstance(e, list) else {}
            if not all(x in d for x in ("code", "severity", "scope")):
                bad.append("findings_detail: an entry without code/severity/scope")
        continue
    if isinstance(v, (dict, list)): bad.append("%s is not flat" % k)
j = [(k, v) for k, v in j if k not in ("policies", "findings_detail")]
if [k for k, _ in j] != [k for k, _ in kv]:
    bad.append("keys differ: json %s / kv %s" % ([k for k, _ in j], [k for k, _ in kv]))
jd = dict(j)
for k, v in kv:
    if k not in jd: continue
    w = jd[k]
    if isinstance(w, bool) or w is None: s = repr(w)
    elif isinstance(w, (int, float)): s = str(w)
    else: s = w
    if s != v: bad.append("%s: json %r / kv %r" % (k, w, v))
print("\n".join(bad[:5])); sys.exit(1 if bad else 0)
EOF
)
	if [ $? = 0 ]; then ok "$1"; else not_ok "$1"; diag "$_d"; fi
}

# days_between FROM TO (YYYY-MM-DD, UTC): whole days, negative if TO < FROM.
days_between() {
	echo $((($(date -u -d "$2" +%s) - $(date -u -d "$1" +%s)) / 86400))
}

# check_list_has KEY WORD / check_list_lacks KEY WORD: the comma list KEY
# of the last probe ($CTX) holds / lacks WORD.
check_list_has() { check_kv_match "$1" "(^|,)$2(,|\$)"; }
check_list_lacks() {
	_v=$(kv "$TMPD/$CTX.out" "$1") || _v=
	case ",$_v," in
	*",$2,"*) not_ok "$1 lacks $2"; diag "got: '$_v'" ;;
	*) ok "$1 lacks $2" ;;
	esac
}

# show_with_log NAME: on any failure since the last call, what the last
# probe ($CTX) said, then the server's log for it ($TMPD/$CTX.log) as NAME's.
show_with_log() {
	if [ "$t_fail" != "${_fail0:-0}" ]; then
		diag "mxprobe $(cat "$TMPD/$CTX.cmd") (exit $PROBE_RC, ${PROBE_MS:-?} ms):"
		diag "$(grep -v '^cert[0-9]' "$TMPD/$CTX.out")"
		diag "stderr: $(head -c 1000 "$TMPD/$CTX.err")"
		diag "$1 log:"
		diag "$(cat "$TMPD/$CTX.log")"
	fi
	_fail0=$t_fail
	CTX=
}

# check_golden OUT GOLD: the text OUT, this run's temporary directory read
# as TMPD, equals the golden file GOLD; UPDATE=1 writes GOLD instead (then
# review the change with git diff).
check_golden() {
	sed "s#$TMPD#TMPD#g" "$1" > "$1.norm"
	if [ -n "${UPDATE:-}" ]; then
		mkdir -p "$(dirname "$2")" && cp "$1.norm" "$2"
		ok "golden $2 written"
	elif [ ! -f "$2" ]; then
		not_ok "golden $2 exists (make it: UPDATE=1)"
	elif diff -u "$2" "$1.norm" > "$1.diff"; then
		ok "equals $2"
	else
		not_ok "equals $2"
		diag "$(head -60 "$1.diff")"
	fi
}

# ---- setup -----------------------------------------------------------------

# Each need_* is one check a script cannot go on without: it passes
# silently, or it is one failed check and the script ends (exit 1).
# need_mxprobe: the binary under test, $MXPROBE.
need_mxprobe() {
	[ -n "${MXPROBE:-}" ] && [ -x "$MXPROBE" ] && return 0
	not_ok "mxprobe binary present (MXPROBE=${MXPROBE:-unset})"
	summary
	exit 1
}

# need_prog FILE WHAT: a program the tests built (fixtures, tools).
need_prog() {
	[ -x "$1" ] && return 0
	not_ok "$2 built ($1: make $1)"
	summary
	exit 1
}

# need_host CHECK WHAT: CHECK (a *_can_run function) says this host can
# run WHAT; its reason otherwise.
need_host() {
	_why=$("$1") && return 0
	not_ok "$2 can run here: $_why"
	summary
	exit 1
}

# need_pki: the test PKI in $PKI (certs.sh) and its dates (dates.sh).
need_pki() {
	if ! sh "$LIBDIR/certs.sh" "$PKI" >"$TMPD/certs.log" 2>&1; then
		not_ok "test PKI made (certs.sh $PKI)"
		diag "$(cat "$TMPD/certs.log")"
		summary
		exit 1
	fi
	. "$PKI/dates.sh"
}

# need_binaries: mxprobe, fixsrv and the PKI.
need_binaries() {
	need_mxprobe
	need_prog "$FIXSRV" "fixture server"
	need_pki
}

# ---- single-host probes against fixsrv -------------------------------------

# Deadlines of a probe: the brief's -t 5 / --step-timeout 1; an emulator
# (RUN set) is slower, so it gets more.
if [ -n "$RUN" ]; then
	TMO=${TMO:-15} STEP=${STEP:-4}
else
	TMO=${TMO:-5} STEP=${STEP:-1}
fi
EHLO_NAME=probe.mxprobe.test

# std_args: the options of every fixture probe (certs.sh's bundle and clock).
std_args() {
	echo "-C $PKI/bundle.crt --now $REF_NOW -t $TMO --step-timeout $STEP" \
	    "-e $EHLO_NAME"
}

# serve_probe NAME SCENARIO PROFILE|- [mxprobe args...]: starts fixsrv on
# 127.0.0.1 (chain PROFILE, if not -), probes it as mx.mxprobe.test, waits
# for the server to finish; then checks the output form and the overall
# deadline.  FIXSRV_ARGS adds fixsrv options.
serve_probe() {
	_sn=$1 _ss=$2 _sp=$3
	shift 3
	_cert=
	[ "$_sp" = - ] || _cert="-c $PKI/$_sp.crt -k $PKI/$_sp.key"
	# shellcheck disable=SC2086
	if ! srv_start "$_sn" "$_ss" -l 127.0.0.1 $_cert ${FIXSRV_ARGS:-}; then
		CTX=$_sn
		not_ok "fixsrv $_ss started"
		SRV_PORT=9
	fi
	# shellcheck disable=SC2046
	probe "$_sn" -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
	    $(std_args) "$@"
	srv_wait
	check_output_form
	check_within $(((TMO + 2) * 1000))
}

# sha256_der PEMFILE: lower-case hex SHA-256 of the certificate's DER.
sha256_der() {
	openssl x509 -in "$1" -outform DER | sha256sum | cut -d' ' -f1
}

# check_fingerprint KEY PEMFILE: KEY holds that certificate's SHA-256 (hex,
# case and colons ignored).
check_fingerprint() {
	_want=$(sha256_der "$2")
	_got=$(kv "$TMPD/$CTX.out" "$1") || _got='<absent>'
	_got=$(printf '%s' "$_got" | tr -d ':' | tr 'A-F' 'a-f')
	check_eq "$1 is the SHA-256 of $(basename "$2")" "$_got" "$_want"
}

# suite_name HEX: IANA name of a suite fixsrv may log (BearSSL full profiles).
suite_name() {
	case $1 in
	0xC02F) echo TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 ;;
	0xC030) echo TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 ;;
	0xCCA8) echo TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 ;;
	0xC027) echo TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 ;;
	0xC028) echo TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384 ;;
	0xC013) echo TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA ;;
	0xC014) echo TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA ;;
	0xC02B) echo TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ;;
	0xC02C) echo TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 ;;
	0xCCA9) echo TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 ;;
	0xC023) echo TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 ;;
	0xC024) echo TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384 ;;
	0xC009) echo TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA ;;
	0xC00A) echo TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA ;;
	*) echo "unmapped-$1" ;;
	esac
}

# check_srv_tls: the probe's tls_version/tls_cipher are what fixsrv logged.
check_srv_tls() {
	_l=$(grep '^fixsrv: tls-ok ' "$SRV_LOG" | head -n 1)
	if [ -z "$_l" ]; then
		not_ok "fixsrv completed a handshake"
		return
	fi
	set -- $_l
	check_kv tls_version "$3"
	check_kv tls_cipher "$(suite_name "$4")"
}

# check_srv_saw ERE [DESCRIPTION]: the server log has a matching line.
check_srv_saw() {
	if srv_saw "$1"; then ok "server log: ${2:-$1}"; else
		not_ok "server log: ${2:-$1}"; diag "$(cat "$SRV_LOG")"; fi
}

# check_srv_not ERE [DESCRIPTION]: the server log has no matching line.
check_srv_not() {
	if srv_saw "$1"; then not_ok "server log: ${2:-no $1}"
		diag "$(grep -E -- "$1" "$SRV_LOG" | head -3)"
	else ok "server log: ${2:-no $1}"; fi
}

# check_kv_opt KEY WANT: KEY is WANT or absent (optional keys).
check_kv_opt() {
	if kv "$TMPD/$CTX.out" "$1" >/dev/null; then check_kv "$1" "$2"; else
		ok "$1=$2 or absent"; fi
}
