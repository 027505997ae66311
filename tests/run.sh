#!/bin/sh
# Runs every test of `make check` and prints one summary line
# "N passed, N failed".  Each test program or script prints TAP lines
# ("ok N - name" / "not ok N - name"); a program that exits non-zero
# without a "not ok" line counts as one failure.
# env: MXPROBE (binary under test), RUN (emulator prefix, cross targets),
#      TESTS (optional glob filter on test names), T (host build dir).
# Cross targets (make check-cross) also set: UNIT_DIR, FUZZ_DIR (where the
# unit tests and fuzz replays are; empty: none), UNIT_RUN (emulator prefix
# for those), SCRIPTS (the scripts to run instead of static, integration
# and interop).  Unset, each keeps its make check value.
set -u
T=${T:-build/test}
UNIT_DIR=${UNIT_DIR-$T/unit}
FUZZ_DIR=${FUZZ_DIR-$T/fuzz}
UNIT_RUN=${UNIT_RUN:-}
SCRIPTS=${SCRIPTS-tests/static/*.sh tests/integration/*.sh tests/interop/*.sh}
export MXPROBE RUN T
log=${TEST_LOG:-build/test/check.log}
mkdir -p "$(dirname "$log")"; : > "$log"
pass=0; fail=0; failed=""

run_one() {	# name, command...
	name=$1; shift
	case "$name" in ${TESTS:-*}) ;; *) return ;; esac
	out=$("$@" 2>>"$log"); rc=$?
	printf '%s\n' "== $name (rc=$rc)" "$out" >> "$log"
	p=$(printf '%s\n' "$out" | grep -c '^ok ')
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
	pass=$((pass + p)); fail=$((fail + f))
	if [ "$f" != 0 ]; then
		failed="$failed $name"
		printf '%s\n' "$out" | grep '^not ok \|^#' | sed "s|^|  $name: |" | head -20
	fi
	printf '%-40s %4d passed, %d failed\n' "$name" "$p" "$f"
}

for t in "$UNIT_DIR"/test_*; do
	[ -x "$t" ] && run_one "unit/$(basename "$t")" $UNIT_RUN "$t"
done
for r in "$FUZZ_DIR"/replay_*; do
	[ -x "$r" ] || continue
	n=${r##*/replay_}
	run_one "fuzz/$n" $UNIT_RUN "$r" "tests/fuzz/corpus/$n"
done
for s in $SCRIPTS; do
	[ -f "$s" ] && run_one "${s#tests/}" sh "$s"
done
echo "log: $log"
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
