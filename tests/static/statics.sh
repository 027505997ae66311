#!/bin/sh
# No writable file-scope storage below the outermost layer (DESIGN
# "Memory"): the caller owns every context, and src/cli is the outermost
# caller, so only src/cli objects may own .bss/.data.  For every object of
# the target build (OBJ_DIR, default build/x86_64/obj, built before the
# tests run), every object symbol in a writable section (.bss, .data,
# their small and thread-local forms, common; not .data.rel.ro, which is
# constant once relocated) is listed, function-local statics too (gcc
# names them "list.1": the number is dropped).  Each one outside src/cli
# must be in tests/static/statics.allow, one "object symbol reason" line
# each (object relative to OBJ_DIR: engine/loop.o slot ...).
# At the end statics.allow is meant to hold only what must stay
# file-scope, each with its reason (a flag set by a signal handler);
# today's contexts are listed as being moved into caller-owned contexts.
# An entry that matches no symbol fails too, so the list only shrinks.
# env: OBJ_DIR, STATICS_ALLOW, OBJDUMP (default objdump).
set -u
d=${OBJ_DIR:-build/x86_64/obj}
allow=${STATICS_ALLOW:-tests/static/statics.allow}
od=${OBJDUMP:-objdump}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mxstatics.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

objs=$(cd "$d" 2>/dev/null && ls */*.o 2>/dev/null)
if [ -z "$objs" ]; then
	echo "not ok 1 - objects in $d (make first)"
	echo "1..1"
	exit 1
fi
for o in $objs; do
	"$od" -t "$d/$o" | awk -v o="$o" '
	    $0 ~ / O / {
		sec = $(NF - 2)
		w = "^(\\.bss|\\.data|\\.sbss|\\.sdata|\\.tbss|\\.tdata|\\*COM\\*)"
		if (sec !~ w || sec ~ /^\.data\.rel\.ro/)
			next
		s = $NF; sub(/\.[0-9]+$/, "", s)
		if (match(sec, /^\.[a-z]+/)) sec = substr(sec, 1, RLENGTH)
		z = $(NF - 1); sub(/^0+/, "", z)
		print o, s, sec ", 0x" (z == "" ? "0" : z) " bytes"
	    }'
done > "$tmp/syms"
[ -f "$allow" ] && grep -v '^[[:space:]]*\(#\|$\)' "$allow" > "$tmp/allow"
[ -f "$tmp/allow" ] || : > "$tmp/allow"

awk -v al="$tmp/allow" -v an="$allow" '
	BEGIN {
		while ((getline < al) > 0) {
			x = $0; sub(/^[^ \t]+[ \t]+[^ \t]+[ \t]*/, "", x)
			why[$1 " " $2] = x
		}
	}
	{
		k = $1 " " $2
		$3 = substr($0, length($1 " " $2 " ") + 1)
		if ($1 ~ /^cli\//)
			r = "ok - " k " (" $3 ") # src/cli owns the contexts"
		else if (k in why) {
			r = "ok - " $1 " " $2 " (" $3 ") # allowed: " why[k]
			used[k] = 1
		} else {
			r = "not ok - " k " (" $3 "): writable file-scope" \
			    " object outside src/cli, not in " an
		}
		print r
	}
	END {
		for (k in why)
			if (!(k in used))
				print "not ok - " an ": \"" k "\" matches" \
				    " no writable object; remove it"
	}' "$tmp/syms" | awk '
	{ n++; sub(/ - /, " " n " - "); print; if ($0 ~ /^not ok/) fail = 1 }
	END { print "1.." n; exit fail }'
