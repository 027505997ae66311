#!/bin/sh
# Fetches musl 1.2.3 from Debian's source package `musl` into DIR (default
# build/musl-src) and verifies the upstream tarball; the cross targets build
# it per target (toolchains/musl-build.sh).  Debian's 1.2.3-1 applies no
# patches (debian/patches/ is empty), so the upstream tarball alone is what
# Debian builds.
exec "$(dirname "$0")/debsrc.sh" musl musl_1.2.3 \
    7d5b0b6062521e4627e099e4c9dc8248d32a30285e959b7eecaa780cf8cfd4a4 \
    "${1:-build/musl-src}" include/stdlib.h
