#!/bin/sh
# Size budget of every target (make check-cross): the stripped static
# binary of each target in CROSS_ALL fits SIZE_BUDGET (toolchains/budget.sh
# states it and why).  Missing binaries
# fail: make cross first.
# env: CROSS_ALL (targets), SIZE_BUDGET (bytes, toolchains/budget.sh).
set -u
all=${CROSS_ALL:-x86_64 aarch64 armhf mipsel mips}
. toolchains/budget.sh
budget=$SIZE_BUDGET
n=0
fail=0
tmp=${TMPDIR:-/tmp}/mxprobe-budget.$$
trap 'rm -f "$tmp"' EXIT INT TERM
for t in $all; do
	n=$((n + 1))
	bin=build/$t/mxprobe
	if [ ! -f "$bin" ]; then
		echo "not ok $n - $t: $bin built (make TARGET=$t)"
		fail=1
		continue
	fi
	tr=$(sed -n 's/^TRIPLET[[:space:]]*=[[:space:]]*//p' "toolchains/$t.mk")
	bytes=$(wc -c < "$bin" | tr -d ' ')
	if [ -n "$(nm "$bin" 2>/dev/null | head -1)" ] &&
	    "${tr:+$tr-}strip" -o "$tmp" "$bin" 2>/dev/null; then
		bytes=$(wc -c < "$tmp" | tr -d ' ')
	fi
	if [ "$bytes" -le "$budget" ]; then
		echo "ok $n - $t: $bytes bytes stripped (budget $budget)"
	else
		echo "not ok $n - $t: $bytes bytes stripped, over $budget"
		fail=1
	fi
done
echo "1..$n"
exit $fail
