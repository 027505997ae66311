#!/bin/sh
# Fetches musl 1.2.3 from Debian's source package `musl` into DIR (default
# build/musl-src) and verifies the upstream tarball; the cross targets build
# it per target (toolchains/musl-build.sh).  Same pattern as bearssl-src.sh:
# the deb-src entry is derived at run time from the machine's own apt sources
# (same URIs, same keyring) into a private apt state directory; the system's
# apt configuration is never touched and no archive host is written here.
# Debian's 1.2.3-1 applies no patches (debian/patches/ is empty), so the
# upstream tarball alone is what Debian builds.
set -eu
dest=${1:-build/musl-src}
sum=7d5b0b6062521e4627e099e4c9dc8248d32a30285e959b7eecaa780cf8cfd4a4
[ -f "$dest/configure" ] && [ -f "$dest/include/stdlib.h" ] && exit 0
work=$(dirname "$dest")/apt-musl
rm -rf "$work"; mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/parts"
found=0
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	sed 's/^Types:.*/Types: deb-src/' "$f" > "$work/parts/$(basename "$f")"; found=1
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
	[ -f "$f" ] || continue
	sed -n 's/^deb \(.*\)/deb-src \1/p' "$f" > "$work/parts/$(basename "$f").list"; found=1
done
[ "$found" = 1 ] || { echo "musl-src.sh: no apt sources to derive deb-src from" >&2; exit 3; }
apt_opts="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$PWD/$work/parts
 -o Dir::State::Lists=$PWD/$work/lists -o Dir::Cache=$PWD/$work/cache
 -o Debug::NoLocking=1 -o APT::Sandbox::User=root"
[ "$(id -u)" = 0 ] || apt_opts="$apt_opts -o APT::Sandbox::User=$(id -un)"
apt-get $apt_opts -qq update >/dev/null
(cd "$work" && apt-get $apt_opts -qq --download-only source musl >/dev/null)
tar=$(ls "$work"/musl_1.2.3*.orig.tar.* 2>/dev/null | head -1)
[ -n "$tar" ] || { echo "musl-src.sh: apt-get source musl gave no 1.2.3 tarball" >&2; exit 3; }
echo "$sum  $tar" | sha256sum -c --quiet - ||
	{ echo "musl-src.sh: $tar: sha256 mismatch" >&2; exit 3; }
rm -rf "$dest"; mkdir -p "$dest"
tar -xf "$tar" -C "$dest" --strip-components=1
[ -f "$dest/configure" ] || { echo "musl-src.sh: unexpected tarball layout" >&2; exit 3; }
rm -rf "$work"
