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
#      FUZZ_JOBS (make -j for BearSSL, default nproc).
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

fail=0
summary=""
for name in "$@"; do
	src=tests/fuzz/fuzz_$name.c
	bin=$O/fuzz_$name
	seeds=tests/fuzz/corpus/$name
	corpus=$O/corpus-$name
	art=$O/artifacts-$name
	log=$O/$name.log
	if [ ! -f "$src" ]; then
		summary="$summary
  $name: FAIL no $src"
		fail=1
		continue
	fi
	echo "fuzz: building $bin"
	if ! "$CC" $CFLAGS $SAN -fsanitize=fuzzer -o "$bin" "$src" \
	    ${objs:+"$O/libmx.a"} "$O/bearssl/libbearssl.a" 2>"$log"; then
		cat "$log" >&2
		summary="$summary
  $name: FAIL does not build (see $log)"
		fail=1
		continue
	fi
	mkdir -p "$corpus"
	rm -rf "$art"
	mkdir -p "$art"
	dirs=$corpus
	if [ -d "$seeds" ]; then
		dirs="$corpus $seeds"
	else
		echo "fuzz: warning: no seeds in $seeds" >&2
	fi
	echo "fuzz: running $name for ${secs}s (log: $log)"
	# The first corpus directory receives new inputs; seeds are read only.
	"$bin" -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
	    -artifact_prefix="$art/" $dirs >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	kept=$(ls "$corpus" | wc -l)
	found=$(ls "$art" | tr '\n' ' ')
	if [ "$rc" != 0 ] || [ -n "$found" ]; then
		fail=1
		summary="$summary
  $name: CRASH (exit $rc) ${found:+inputs: }$(for f in $found; do printf '%s ' "$art/$f"; done)
    reproduce: $bin $art/<file>; log: $log"
		grep -E 'ERROR|runtime error|SUMMARY|deadly signal' "$log" |
		    head -5 | sed 's/^/    /' >&2
	else
		summary="$summary
  $name: ok, ${runs:-?} runs, cov ${cov:-?}, $kept inputs in $corpus"
	fi
done
echo "fuzz summary:$summary"
exit $fail
