#!/bin/sh
# Fetches BearSSL 0.6 from Debian's source package `bearssl` into DIR
# (default build/bearssl) and verifies the upstream tarball (the dfsg
# repack drops only the prebuilt T0 compiler; the generated C is there).
exec "$(dirname "$0")/debsrc.sh" bearssl bearssl_0.6 \
    102a625bd8f6155260867a50c508df8d8c3f796985dd744df1a68e5cd1a79004 \
    "${1:-build/bearssl}" inc/bearssl.h
