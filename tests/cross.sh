#!/bin/sh
# make check-cross: for each target named, its unit tests, fuzz replay and
# the binary-level tests (tests/run.sh via `make TARGET=t check-target`,
# under that target's qemu-user), then the size budget and the
# no-floating-point check over every target (CROSS_ALL), the size table,
# one "N passed, N failed" line per target and a total line last.
# Failures listed in tests/cross/xfail (qemu-user bugs, each with its
# reason) are shown as "known qemu failure" and left out of the count.
# usage: tests/cross.sh TARGET...   (from the repo root, after make cross)
# env: CROSS_ALL (targets of the budget, default all five), MAKE.
set -u
make=${MAKE:-make}
all=${CROSS_ALL:-x86_64 aarch64 armhf mipsel mips}
pass=0
fail=0
sums=
tab=$(printf '\t')

# xfail TARGET LOG: the failures in run.sh's LOG (TEST_LOG: "== TEST (rc=N)"
# then the test's whole output) that tests/cross/xfail expects for TARGET,
# one "test: label (reason)" line each.
xfail() {
	awk -v tab="$tab" '
	function flush() { if (l != "") print t tab l tab g; l = "" }
	/^== / { flush(); t = $2; next }
	/^not ok [0-9]+ - / {
		flush(); l = $0; sub(/^not ok [0-9]+ - /, "", l); g = ""; next }
	/^#   got: / {
		if (l != "" && g == "") { g = $0; sub(/^#   got: */, "", g) }
		next }
	/^#/ { next }
	{ flush() }
	END { flush() }' "$2" |
	while IFS=$tab read -r _tn _lab _got; do
		grep -v '^#' tests/cross/xfail |
		while IFS=$tab read -r _g _xt _xl _xg _why; do
			case "$1" in $_g) ;; *) continue ;; esac
			case "$_tn" in $_xt) ;; *) continue ;; esac
			case "$_lab" in $_xl) ;; *) continue ;; esac
			case "$_got" in $_xg) ;; *) continue ;; esac
			echo "$_tn: $_lab ($_why)"
			break
		done
	done
}

count() {	# label, run.sh's output, its TEST_LOG, seconds: adds it up
	_l=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$2" | tail -n 1)
	if [ -n "$_l" ]; then
		_p=${_l%% passed*}
		_f=${_l#* passed, }
		_f=${_f%% failed}
	else			# the build or the runner broke: one failure
		_p=0 _f=1
	fi
	_x=$(xfail "$1" "$3")
	_xn=0
	[ -n "$_x" ] && _xn=$(printf '%s\n' "$_x" | wc -l | tr -d ' ')
	_f=$((_f - _xn))
	pass=$((pass + _p)); fail=$((fail + _f))
	_note=
	if [ "$_xn" != 0 ]; then
		_note=", $_xn known qemu failure(s) not counted"
		printf '%s\n' "$_x" | sed "s/^/  $1: known qemu failure: /"
	fi
	sums="$sums$(printf '%-8s %5d passed, %d failed (%s s%s)' \
	    "$1" "$_p" "$_f" "$4" "$_note")
"
}

for t in "$@"; do
	[ -f "toolchains/$t.mk" ] || { echo "cross.sh: no toolchains/$t.mk" >&2; exit 3; }
	echo "== $t"
	t0=$(date +%s)
	mkdir -p "build/$t"
	$make --no-print-directory TARGET="$t" check-target 2>&1 |
	    grep -v ': warning: .* uses -m\(soft\|hard\)-float' |
	    tee "build/$t/check-cross.out"
	count "$t" "build/$t/check-cross.out" "build/$t/check.log" \
	    $(($(date +%s) - t0))
done

echo "== every target: size budget, no floating point"
t0=$(date +%s)
mkdir -p build/cross
CROSS_ALL=$all SCRIPTS="tests/cross/budget.sh tests/cross/nofloat.sh" \
    UNIT_DIR= FUZZ_DIR= TEST_LOG=build/cross/check.log MXPROBE= RUN= \
    tests/run.sh 2>&1 | tee build/cross/check-cross.out
count all build/cross/check-cross.out build/cross/check.log \
    $(($(date +%s) - t0))
echo
toolchains/size-all.sh $all
echo
printf '%s' "$sums"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
