#!/bin/sh
# make size: what the binary and its fixed memory cost (STYLE B3).
# usage: toolchains/size.sh BUILD_DIR      (build/x86_64, ... from the repo root)
#
# Prints the stripped size and `size` of BUILD_DIR/mxprobe, the sizeof of
# each slot/context struct and every limits.h constant as the target
# compiler sees them, and the static objects of BUILD_DIR/obj/ (the
# arenas) largest first.  Sizes come from symbol sizes in objects compiled
# with the target's cc (toolchains/TARGET.mk), so nothing runs and cross
# targets report their own ABI.  A struct not written yet is reported as
# such, not as an error.  env: CC, TARGET_CFLAGS (override the .mk),
# BEARSSL_SRC (default build/bearssl).
set -u
[ $# -eq 1 ] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
B=$1
target=$(basename "$B")
bin=$B/mxprobe
BR=${BEARSSL_SRC:-build/bearssl}
# structs worth watching: header:struct
structs="smtp.h:smtp_client smtp.h:smtp_rp smtp.h:smtp_reply tls.h:tls_sess
tls.h:tls_chain tls.h:tls_rec ca.h:ca_store ca.h:ca_verdict pem.h:pem_rd
task.h:task probe.h:probe tlsscan.h:tlsscan hello.h:hello_parse
http.h:http_resp https.h:https spf.h:spf_eval spf.h:spf_walk tlsa.h:tlsa_verdict
sts.h:sts_policy dkim.h:dkim_selectors dnsbl.h:dnsbl_zones
dnseng.h:dns_query dnseng.h:dns_conf audit.h:audit audit.h:audit_mx"

mkvar() {	# value of a make variable in toolchains/$target.mk
	[ -f "toolchains/$target.mk" ] || return 0
	printf 'mkvar_print:\n\t@echo $(%s)\n' "$1" |
	    make -s --no-print-directory -f "toolchains/$target.mk" -f - \
	    mkvar_print 2>/dev/null
}
cc=${CC:-$(mkvar CC)}
cc=${cc:-cc}
tflags=${TARGET_CFLAGS-$(mkvar TARGET_CFLAGS)}
ar=$(mkvar AR)
cross=${ar%ar}			# mipsel-linux-gnu-ar -> mipsel-linux-gnu-
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mxsize.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

echo "mxprobe size report: $B (cc: $cc $tflags)"
echo
if [ -f "$bin" ]; then
	bytes=$(wc -c < "$bin" | tr -d ' ')
	if [ -n "$(nm "$bin" 2>/dev/null | head -1)" ] &&
	    ${cross}strip -o "$tmp/stripped" "$bin" 2>/dev/null; then
		bytes=$(wc -c < "$tmp/stripped" | tr -d ' ')
	fi
	echo "binary $bin: $bytes bytes stripped"
	${cross}size "$bin" 2>/dev/null || size "$bin" 2>/dev/null ||
	    readelf -SW "$bin" | sed 's/^ *\[ *[0-9]*\] *//' |
	    awk '$1 ~ /^\.(text|rodata|data|bss)$/ { print $1, $5 }' |
	    while read -r sec hex; do
		printf '  %-8s %d\n' "$sec" "0x$hex"
	    done
else
	echo "binary $bin: not built (make TARGET=$target)"
fi

# Symbol size of an object compiled from $tmp/x.c: "NAME SIZE" lines.
symsizes() {
	"$cc" -std=c99 -D_GNU_SOURCE $tflags -Iinclude -I"$BR/inc" \
	    -c "$tmp/x.c" -o "$tmp/x.o" 2>"$tmp/err" || return 1
	readelf -sW "$tmp/x.o" | awk '$8 ~ /^mx_sz_/ {
		sub(/^mx_sz_/, "", $8); print $8, $3 }'
}

echo
echo "structs (sizeof, bytes):"
for s in $structs; do
	h=${s%%:*}
	name=${s#*:}
	if [ ! -f "include/mxprobe/$h" ]; then
		printf '  %-28s (no include/mxprobe/%s yet)\n' "struct $name" "$h"
		continue
	fi
	printf '#include "mxprobe/%s"\nunsigned char mx_sz_%s[sizeof(struct %s)];\n' \
	    "$h" "$name" "$name" > "$tmp/x.c"
	if out=$(symsizes); then
		printf '%s\n' "$out" | while read -r k v; do
			printf '  %-28s %8d\n' "struct $k" "$v"
		done
	else
		printf '  %-28s (not available: %s)\n' "struct $name" \
		    "$(grep -m1 'error' "$tmp/err" | sed 's/.*error: //')"
	fi
done

echo
echo "limits.h:"
names=$(sed -n 's/^#define[[:space:]]\{1,\}\(MX_[A-Z0-9_]*\)[[:space:]].*/\1/p' \
    include/mxprobe/limits.h)
{
	echo '#include "mxprobe/limits.h"'
	for k in $names; do
		echo "unsigned char mx_sz_$k[$k];"
	done
} > "$tmp/x.c"
if out=$(symsizes); then
	printf '%s\n' "$out" | while read -r k v; do
		printf '  %-28s %8d\n' "$k" "$v"
	done
else
	echo "  (limits.h does not compile: $(head -1 "$tmp/err"))"
fi

echo
if ls "$B"/obj/*/*.o >/dev/null 2>&1; then
	echo "static objects of 256 bytes and more (bss/data/rodata), $B/obj:"
	for o in "$B"/obj/*/*.o; do
		readelf -sW "$o" | awk -v f="${o#"$B"/obj/}" '
		    $4 == "OBJECT" && $3 + 0 >= 256 { print $3 + 0, f, $8 }'
	done | sort -rn | awk '{ printf "  %8d  %-18s %s\n", $1, $2, $3;
	    t += $1 } END { printf "  %8d  total\n", t }'
else
	echo "static objects: no $B/obj/*/*.o (make TARGET=$target first)"
fi
