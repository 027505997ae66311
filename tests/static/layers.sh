#!/bin/sh
# Layering (src/ by layer): base < proto < policy < engine < audit <
# report < cli.  A file of src/L/ may include the headers of L and of the
# layers below it only, so a lower layer never depends on a higher one and
# each layer builds and tests without those above it.  A public header
# include/mxprobe/X.h belongs to the layer of the folder holding
# src/*/X.c; the headers without a .c are assigned below, each with its
# reason; a private header src/L/x.h belongs to L.  Public headers are
# checked the same way, as members of their module's layer.
# One "not ok" line per include that points up (file, line, header), per
# header of no known layer and per src/ folder that is not a layer.
# tests/static/layers.allow lists accepted violations, one
# "file header reason" line each (header as written in the #include); it
# is meant to be empty, and an entry that no longer matches anything
# fails too, so it cannot outlive its reason.  Run from the repo root.
set -u
allow=${LAYERS_ALLOW:-tests/static/layers.allow}
order="base proto policy engine audit report cli"
# Headers without a src/*/X.c: "header layer" (reason in the comment).
# limits.h: every layer sizes its buffers from it, and it includes nothing.
# task.h: the poll loop's task interface, with loop.h (src/engine/loop.c).
# check.h: the interface between audit.c and its chk_*.c checks.
# rep.h: the report layer's printers of the checks (src/report/rep_*.c).
# finding.def: the table finding.h is made of.
# fix.def: the texts for people fix.c (src/report) reads.
# score.def, points.h: the score's numbers; policy modules (DMARC, DKIM)
# name their points, and only score.c reads the audit-layer parts.
assigned="limits.h base
task.h engine
check.h audit
rep.h report
finding.def audit
fix.def report
score.def policy
points.h policy"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mxlayers.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

rank() {	# layer name -> rank (1..7), empty if not a layer
	_i=0
	for _l in $order; do
		_i=$((_i + 1))
		[ "$_l" = "$1" ] && { echo "$_i"; return; }
	done
}
# "header layer" for every header, public ("mxprobe/x.h", as included)
# and private (its path); "-" when it has none.
: > "$tmp/hdr"
for h in include/mxprobe/*.h; do
	b=$(basename "$h" .h)
	c=$(ls src/*/"$b".c 2>/dev/null | head -n 1)
	if [ -n "$c" ]; then
		l=$(basename "$(dirname "$c")")
	else
		l=$(printf '%s\n' "$assigned" |
		    awk -v h="$b.h" '$1 == h { print $2 }')
	fi
	echo "mxprobe/$b.h ${l:--}" >> "$tmp/hdr"
done
for h in include/mxprobe/*.def; do
	[ -f "$h" ] || continue
	b=$(basename "$h")
	l=$(printf '%s\n' "$assigned" | awk -v h="$b" '$1 == h { print $2 }')
	echo "mxprobe/$b ${l:--}" >> "$tmp/hdr"
done
for h in src/*/*.h; do
	[ -f "$h" ] || continue
	echo "$h $(basename "$(dirname "$h")")" >> "$tmp/hdr"
done
printf '%s\n' "$order" | tr ' ' '\n' | awk '{ print $1, NR }' > "$tmp/rank"

# The files checked, with their layer: "file layer".
: > "$tmp/files"
for f in src/*/*.c src/*/*.h; do
	[ -f "$f" ] && echo "$f $(basename "$(dirname "$f")")" >> "$tmp/files"
done
for h in include/mxprobe/*.h; do
	l=$(awk -v h="mxprobe/${h##*/}" '$1 == h { print $2 }' "$tmp/hdr")
	echo "$h $l" >> "$tmp/files"
done
[ -f "$allow" ] && grep -v '^[[:space:]]*\(#\|$\)' "$allow" > "$tmp/allow"
[ -f "$tmp/allow" ] || : > "$tmp/allow"

# One line per finding: "ok|not ok<TAB>text"; then numbered.
while read -r f l; do
	# quoted includes only: <...> are the system's and BearSSL's
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
	    sed 's/^\([0-9]*\):.*include[[:space:]]*"\([^"]*\)".*/\1 \2/' |
	    awk -v f="$f" -v l="$l" -v hdr="$tmp/hdr" -v rk="$tmp/rank" \
	    -v al="$tmp/allow" '
	BEGIN {
		while ((getline < hdr) > 0) lay[$1] = $2
		while ((getline < rk) > 0) r[$1] = $2
		while ((getline < al) > 0) {
			x = $0; sub(/^[^ \t]+[ \t]+[^ \t]+[ \t]*/, "", x)
			why[$1 " " $2] = x
		}
		dir = f; sub(/\/[^\/]*$/, "", dir)
		bad = 0
	}
	{
		h = $2
		k = h
		if (!(k in lay) && ((dir "/" h) in lay)) k = dir "/" h
		if (!(k in lay) || lay[k] == "-") {
			printf "not ok\t%s:%d includes %s, %s\n", f, $1, h,
			    "a header of no known layer"
			bad = 1
			next
		}
		if (!(l in r)) next		# reported once per folder below
		if (r[lay[k]] <= r[l]) next
		if ((f " " h) in why) {
			printf "ok\t%s:%d includes %s (%s, above %s)", f, $1,
			    h, lay[k], l
			printf " # allowed: %s\n", why[f " " h]
			used[f " " h] = 1
			bad = 2
			next
		}
		printf "not ok\t%s:%d includes %s (%s, above %s)\n", f, $1,
		    h, lay[k], l
		bad = 1
	}
	END {
		for (u in used) print "used\t" u
		if (!bad)
			printf "ok\t%s (%s) %s\n", f, l,
			    "includes only its own and lower layers"
	}'
done < "$tmp/files" > "$tmp/out"

for d in src/*/; do
	d=${d%/}
	[ -n "$(rank "${d#src/}")" ] ||
	    printf 'not ok\t%s is not a layer (%s)\n' "$d" "$order" >> "$tmp/out"
done
awk '$2 == "-" { printf "not ok\tinclude/%s has %s\n", $1,
    "no src/*/ module and no layer assigned in tests/static/layers.sh" }' \
    "$tmp/hdr" >> "$tmp/out"
while read -r f h why; do
	grep -qxF "used	$f $h" "$tmp/out" ||
	    printf 'not ok\t%s: "%s %s" matches no upward include; remove it\n' \
	    "$allow" "$f" "$h" >> "$tmp/out"
done < "$tmp/allow"

grep -v '^used	' "$tmp/out" | awk -F'\t' '
	{ n++; print $1, n, "-", $2; if ($1 != "ok") fail = 1 }
	END { print "1.." n; exit fail }'
