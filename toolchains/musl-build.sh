#!/bin/sh
# Builds and installs a static musl for one cross target.
# usage: toolchains/musl-build.sh SRC BUILD_DIR PREFIX TRIPLET [CFLAGS]
#   SRC        musl source tree (toolchains/musl-src.sh)
#   BUILD_DIR  out-of-tree object directory (build/<target>/musl-obj)
#   PREFIX     install prefix, made absolute (build/<target>/musl): lib/,
#              include/, bin/musl-gcc and lib/musl-gcc.specs land there
#   TRIPLET    Debian cross compiler prefix (mipsel-linux-gnu, ...)
#   CFLAGS     for musl itself (MIPS: -msoft-float, as OpenWrt's 24kc)
# The wrapper is forced (--enable-wrapper=gcc): configure's "auto" looks
# for glibc headers, which Debian's cross gcc lacks without the
# libc6-dev-*-cross recommends.  The wrapper's paths are absolute: moving
# the work tree means `make clean` first.
set -eu
[ $# -ge 4 ] || { echo "usage: $0 SRC BUILD_DIR PREFIX TRIPLET [CFLAGS]" >&2; exit 2; }
src=$(cd "$1" && pwd)
bld=$2
mkdir -p "$3"
prefix=$(cd "$3" && pwd)
triplet=$4
cflags=${5:-}
if ! command -v "$triplet-gcc" >/dev/null 2>&1; then
	echo "musl-build.sh: no $triplet-gcc; run toolchains/deps.sh cross" >&2
	exit 3
fi
rm -rf "$bld"
mkdir -p "$bld"
log=$(cd "$bld" && pwd)/build.log
echo "musl: building for $triplet into $prefix (log $log)"
(
	cd "$bld" &&
	"$src/configure" --target="$triplet" CROSS_COMPILE="$triplet-" \
	    --prefix="$prefix" --disable-shared --enable-wrapper=gcc \
	    CFLAGS="$cflags" &&
	make -j"$(nproc 2>/dev/null || echo 2)" &&
	make install
) > "$log" 2>&1 || {
	echo "musl-build.sh: musl build for $triplet failed; last lines of $log:" >&2
	tail -20 "$log" >&2
	exit 1
}
[ -f "$prefix/lib/libc.a" ] && [ -x "$prefix/bin/musl-gcc" ] || {
	echo "musl-build.sh: $prefix lacks lib/libc.a or bin/musl-gcc" >&2
	exit 1
}
