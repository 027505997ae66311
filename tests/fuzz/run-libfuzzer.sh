#!/bin/sh
# make fuzz: builds each libFuzzer target with clang and runs it.
# usage: tests/fuzz/run-libfuzzer.sh SECONDS NAME...   (from the repo root)
#
# NAME is a parser: tests/fuzz/fuzz_NAME.c, seeds in tests/fuzz/corpus/NAME/.
# The target is linked against an archive of src/*/*.c (src/cli excepted) and a
# clang build of BearSSL, so it pulls only the modules it uses.  mxprobe's
# own code is instrumented for coverage; BearSSL is not (not under test).
# New inputs go to build/fuzz/corpus-NAME (never into the repo: copy a
# finding there by hand once it is understood); crashes to
# build/fuzz/artifacts-NAME/.  Exit 1 if a target would not build or crashed.
# env: BEARSSL_SRC (default build/bearssl), FUZZ_CC (default clang),
#      FUZZ_JOBS (make -j for BearSSL, default nproc),
#      FUZZ_PAR (targets run at once, default 1: `make fuzz-long` runs one
#      per core), FUZZ_MERGE=1 (afterwards, libFuzzer's -merge=1 adds to
#      tests/fuzz/corpus/NAME/ only the new inputs that raise coverage:
#      the campaign's gain, replayed by make check from then on).
set -u
usage() { echo "usage: $0 SECONDS NAME..." >&2; exit 2; }
[ $# -ge 1 ] || usage
secs=$1; shift
case "$secs" in ''|*[!0-9]*) usage ;; esac
if [ $# -eq 0 ]; then
	echo "fuzz: no targets (tests/fuzz/fuzz_*.c)"
	exit 0
fi

BR=${BEARSSL_SRC:-build/bearssl}
CC=${FUZZ_CC:-clang}
O=build/fuzz
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=c99 -g -O1 -fno-omit-frame-pointer -D_GNU_SOURCE -Iinclude -I$BR/inc"

command -v "$CC" >/dev/null 2>&1 || {
	echo "fuzz: $CC not found (apt-get install clang libclang-rt-14-dev)" >&2
	exit 1
}
[ -f "$BR/inc/bearssl.h" ] || {
	echo "fuzz: no BearSSL source in $BR (make deps, or set BEARSSL_SRC)" >&2
	exit 1
}
mkdir -p "$O/obj"

# BearSSL, plain -O1: cached by make, rebuilt only when its sources change.
echo "fuzz: BearSSL ($CC) in $O/bearssl"
make -s --no-print-directory -j"${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}" \
    -f toolchains/bearssl.mk BEARSSL_SRC="$BR" OUT="$O/bearssl" \
    CC="$CC" AR=ar BR_CFLAGS=-O1 || {
	echo "fuzz: BearSSL build failed" >&2
	exit 1
}

# mxprobe's modules, recompiled every time (a dozen files; no stale headers).
# A module that does not compile yet is left out with a warning: only the
# targets that need it fail, at link time.
rm -f "$O/libmx.a" "$O"/obj/*.o
objs=""
for c in src/*/*.c; do
	case "$c" in src/cli/*) continue ;; esac
	o="$O/obj/$(basename "$c" .c).o"
	if "$CC" $CFLAGS $SAN -fsanitize=fuzzer-no-link -c "$c" -o "$o" \
	    2>"$o.err"; then
		objs="$objs $o"
	else
		echo "fuzz: warning: $c does not compile, left out:" >&2
		head -5 "$o.err" >&2
	fi
done
[ -n "$objs" ] && ar rcs "$O/libmx.a" $objs

# build NAME: the target's binary; 0 if it built.
build() {
	if [ ! -f "tests/fuzz/fuzz_$1.c" ]; then
		echo "  $1: FAIL no tests/fuzz/fuzz_$1.c" > "$O/$1.sum"
		return 1
	fi
	echo "fuzz: building $O/fuzz_$1"
	"$CC" $CFLAGS $SAN -fsanitize=fuzzer -o "$O/fuzz_$1" "tests/fuzz/fuzz_$1.c" \
	    ${objs:+"$O/libmx.a"} "$O/bearssl/libbearssl.a" 2>"$O/$1.log" && return 0
	cat "$O/$1.log" >&2
	echo "  $1: FAIL does not build (see $O/$1.log)" > "$O/$1.sum"
	return 1
}

# run NAME: runs the built target for $secs s; its summary line to NAME.sum.
run() {
	_n=$1
	_bin=$O/fuzz_$_n
	_seeds=tests/fuzz/corpus/$_n
	_corpus=$O/corpus-$_n
	_art=$O/artifacts-$_n
	_log=$O/$_n.log
	mkdir -p "$_corpus"
	rm -rf "$_art"
	mkdir -p "$_art"
	_dirs=$_corpus
	if [ -d "$_seeds" ]; then
		_dirs="$_corpus $_seeds"
	else
		echo "fuzz: warning: no seeds in $_seeds" >&2
	fi
	echo "fuzz: running $_n for ${secs}s (log: $_log)"
	# The first corpus directory receives new inputs; seeds are read only.
	"$_bin" -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
	    -artifact_prefix="$_art/" $_dirs >"$_log" 2>&1
	_rc=$?
	_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$_log")
	_cov=$(grep -E '^#[0-9]+' "$_log" | tail -1 |
	    sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	_kept=$(ls "$_corpus" | wc -l)
	_found=$(ls "$_art" | tr '\n' ' ')
	if [ "$_rc" != 0 ] || [ -n "$_found" ]; then
		{
			echo "  $_n: CRASH (exit $_rc) ${_found:+inputs: }$(for f in $_found; do printf '%s ' "$_art/$f"; done)"
			echo "    reproduce: $_bin $_art/<file>; log: $_log"
		} > "$O/$_n.sum"
		grep -E 'ERROR|runtime error|SUMMARY|deadly signal' "$_log" |
		    head -5 | sed 's/^/    /' >&2
		return
	fi
	_added=
	if [ "${FUZZ_MERGE:-0}" = 1 ]; then
		mkdir -p "$_seeds"
		_before=$(ls "$_seeds" | wc -l)
		"$_bin" -merge=1 "$_seeds" "$_corpus" >"$_log.merge" 2>&1
		_added=", $(($(ls "$_seeds" | wc -l) - _before)) added to $_seeds"
	fi
	echo "  $_n: ok, ${_runs:-?} runs, cov ${_cov:-?}, $_kept inputs in $_corpus$_added" > "$O/$_n.sum"
}

# Build every target first, then run FUZZ_PAR at a time: runs take the
# same wall time, so waiting for each group loses little.
par=${FUZZ_PAR:-1}
case "$par" in ''|*[!0-9]*|0) par=1 ;; esac
built=""
for name in "$@"; do
	rm -f "$O/$name.sum"
	build "$name" && built="$built $name"
done
i=0
for name in $built; do
	run "$name" &
	i=$((i + 1))
	[ $((i % par)) -eq 0 ] && wait
done
wait
fail=0
summary=""
for name in "$@"; do
	line=$(cat "$O/$name.sum" 2>/dev/null) || line="  $name: FAIL no result"
	case "$line" in *": ok,"*) ;; *) fail=1 ;; esac
	summary="$summary
$line"
done
echo "fuzz summary:$summary"
exit $fail
