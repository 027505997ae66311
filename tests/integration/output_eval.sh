#!/bin/sh
# output_eval.sh -- the output is safe to eval and says the same in JSON.
# A hostile server (quotes, $(...), backticks, ESC, bytes >= 0x80, a NUL in
# its greeting, EHLO host and an EHLO keyword) must come out of
# `eval "$(mxprobe ...)"` in busybox sh and in sh as exactly the escaped
# text (bytes outside 0x20-0x7e as '?'), running nothing.  -j must parse
# and carry the same keys and values as key=value; -v must not change
# stdout.
. tests/lib/common.sh
need_binaries

pwned=/tmp/mxprobe-pwned	# what the hostile strings try to create
rm -f "$pwned"

# --- hostile banner --------------------------------------------------------------
# hostile-banner has a NUL in its greeting, hostile-nonul the same text
# without it: the escaping of everything else is checked even if a client
# refuses a NUL.

# eval_print SHELL FILE VAR: VAR after SHELL evals FILE.
eval_print() {
	# shellcheck disable=SC2016
	$1 -c 'eval "$(cat "$1")"; eval "printf %s \"\${$2}\""' sh "$2" "$3"
}

want_ehlo_host="mx'\`touch\${IFS}/tmp/mxprobe-pwned\`?[0m?"

for scen in hostile-nonul hostile-banner; do
	# Two connections: key=value now, -j below.
	srv_start "$scen" "$scen" -l 127.0.0.1 -c "$PKI/rsa.crt" \
	    -k "$PKI/rsa.key" -n 2
	probe "$scen" -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
	    $(std_args)
	out=$TMPD/$scen.out
	check_output_form
	check_within $(((TMO + 2) * 1000))
	check_kv greeting_code 220
	check_kv tls ok
	check_absent error
	check_status ok

	"$FIXSRV" -D "$scen" | LC_ALL=C tr -c ' -~' '?' > "$TMPD/want.banner"
	want_host=$(cut -d' ' -f1 "$TMPD/want.banner")
	for shell in "busybox sh" sh; do
		if [ "$shell" = "busybox sh" ] &&
		    ! command -v busybox >/dev/null; then
			skip "busybox sh eval" "busybox-static not installed"
			continue
		fi
		eval_print "$shell" "$out" banner > "$TMPD/got.banner" \
		    2> "$TMPD/eval.err"
		if cmp -s "$TMPD/got.banner" "$TMPD/want.banner"; then
			ok "$shell: eval gives banner exactly, escaped"
		else
			not_ok "$shell: eval gives banner exactly, escaped"
			diag "got:  $(cat "$TMPD/got.banner")" \
			    "want: $(cat "$TMPD/want.banner")" \
			    "$(cat "$TMPD/eval.err")"
		fi
		check_eq "$shell: eval gives banner_host" \
		    "$(eval_print "$shell" "$out" banner_host 2>&1)" "$want_host"
		check_eq "$shell: eval gives ehlo_host" \
		    "$(eval_print "$shell" "$out" ehlo_host 2>&1)" \
		    "$want_ehlo_host"
		# The hostile keyword line ("X-'$(...)'") is not RFC 5321
		# keyword syntax; what is kept of it is up to mxprobe, but
		# the lines after it must still be parsed.
		got=$(eval_print "$shell" "$out" ehlo_ext 2>&1)
		case ",$got," in
		*,STARTTLS,*CHUNKING,*)
			ok "$shell: eval gives ehlo_ext past the hostile line" ;;
		*)
			not_ok "$shell: eval gives ehlo_ext past the hostile line"
			diag "ehlo_ext: $got" ;;
		esac
		check_eq "$shell: eval gives status" \
		    "$(eval_print "$shell" "$out" status 2>&1)" ok
		if [ -e "$pwned" ]; then
			not_ok "$shell: eval ran nothing ($pwned absent)"
			rm -f "$pwned"
		else
			ok "$shell: eval ran nothing ($pwned absent)"
		fi
	done

	# The same server, second connection: -j.
	rc1=$PROBE_RC
	probe "$scen-json" -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
	    $(std_args) -j
	srv_wait
	check_eq "-j exit status as without -j" "$PROBE_RC" "$rc1"
	check_json "-j parses, same keys and values" "$out" \
	    "$TMPD/$scen-json.out"
	if [ -e "$pwned" ]; then not_ok "nothing created $pwned"
		rm -f "$pwned"
	else ok "nothing created $pwned"; fi
done

# --- -j against the other outcomes -----------------------------------------------
# name scenario chain [mxprobe args]: one key=value run and one -j run
# against the same server, so that even the port and fingerprints agree.
json_pair() {
	_jn=$1 _js=$2 _jc=$3
	shift 3
	if [ "$_jc" = - ]; then _jk=; else
		_jk="-c $PKI/$_jc.crt -k $PKI/$_jc.key"; fi
	# shellcheck disable=SC2086
	srv_start "$_jn" "$_js" -l 127.0.0.1 $_jk -n 2
	probe "$_jn" -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
	    $(std_args) "$@"
	_rc1=$PROBE_RC
	check_output_form
	probe "$_jn-json" -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 \
	    $(std_args) -j "$@"
	srv_wait
	check_eq "-j exit status as without -j" "$PROBE_RC" "$_rc1"
	check_json "-j parses, same keys and values" "$TMPD/$_jn.out" \
	    "$TMPD/$_jn-json.out"
}

json_pair json-rsa good rsa
json_pair json-expired good expired
json_pair json-selfsigned good selfsigned
json_pair json-nostarttls nostarttls rsa
json_pair json-alert alert rsa
json_pair json-inject inject rsa
json_pair json-implicit implicit rsa --tls=implicit

# --- -v: a trace on stderr, stdout unchanged -------------------------------------
srv_start verbose good -l 127.0.0.1 -c "$PKI/rsa.crt" -k "$PKI/rsa.key" -n 2
probe quiet -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 $(std_args)
probe verbose -c "mx.mxprobe.test:$SRV_PORT" --addr 127.0.0.1 $(std_args) -v
srv_wait
check_rc 0
if cmp -s "$TMPD/quiet.out" "$TMPD/verbose.out"; then
	ok "-v leaves stdout as it was"
else
	not_ok "-v leaves stdout as it was"
	diag "$(diff "$TMPD/quiet.out" "$TMPD/verbose.out" | head -10)"
fi
check "-v traces on stderr" test -s "$TMPD/verbose.err"
CTX=quiet
check "no -v: nothing on stderr" test ! -s "$TMPD/quiet.err"

summary
