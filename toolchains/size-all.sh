#!/bin/sh
# make size-all (and the tail of make size): one table of the stripped
# size of build/<target>/mxprobe for every target, against the budget
# that make check-cross enforces (tests/cross/budget.sh), SIZE_BUDGET of
# toolchains/budget.sh.
# usage: toolchains/size-all.sh TARGET...   (from the repo root)
# Sizes are of the file as shipped (the link strips with -s; a copy with
# symbols is stripped first); text/data/bss from the target's own size(1).
set -u
. toolchains/budget.sh
budget=$SIZE_BUDGET
tmp=${TMPDIR:-/tmp}/mxprobe-sizeall.$$
trap 'rm -f "$tmp"' EXIT INT TERM
printf '%-8s %8s %7s %8s %6s %7s  %-6s %s\n' \
    target bytes KiB text data bss budget machine
for t in "$@"; do
	bin=build/$t/mxprobe
	if [ ! -f "$bin" ]; then
		printf '%-8s (not built: make TARGET=%s)\n' "$t" "$t"
		continue
	fi
	tr=$(sed -n 's/^TRIPLET[[:space:]]*=[[:space:]]*//p' "toolchains/$t.mk" 2>/dev/null)
	pre=${tr:+$tr-}
	bytes=$(wc -c < "$bin" | tr -d ' ')
	if [ -n "$(nm "$bin" 2>/dev/null | head -1)" ] &&
	    "${pre}strip" -o "$tmp" "$bin" 2>/dev/null; then
		bytes=$(wc -c < "$tmp" | tr -d ' ')
	fi
	sz=$("${pre}size" "$bin" 2>/dev/null | awk 'NR == 2 { print $1, $2, $3 }')
	[ -n "$sz" ] || sz="? ? ?"
	if [ "$bytes" -le "$budget" ]; then verdict=ok; else verdict=OVER; fi
	mach=$(readelf -h "$bin" 2>/dev/null | sed -n 's/^ *Machine: *//p')
	echo "$t $bytes $sz $verdict" | awk -v m="$mach" '{
		printf "%-8s %8d %7.1f %8s %6s %7s  %-6s %s\n",
		    $1, $2, $2 / 1024, $3, $4, $5, $6, m }'
done
echo "budget: $budget bytes stripped per target (make check-cross fails above;" \
    "ceiling $SIZE_CEILING, toolchains/budget.sh)"
