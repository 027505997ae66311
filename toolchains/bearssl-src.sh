#!/bin/sh
# Fetches BearSSL 0.6 from Debian's source package into DIR (default build/bearssl)
# and verifies the upstream tarball.  The deb-src entry is derived at run time from
# the machine's own apt sources (same URIs, same keyring), into a private apt state
# directory: the system's apt configuration is never touched, and no archive host
# is written anywhere in this repository.
set -eu
dest=${1:-build/bearssl}
sum=102a625bd8f6155260867a50c508df8d8c3f796985dd744df1a68e5cd1a79004
[ -f "$dest/inc/bearssl.h" ] && exit 0
work=$(dirname "$dest")/apt-bearssl
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
[ "$found" = 1 ] || { echo "bearssl-src.sh: no apt sources to derive deb-src from" >&2; exit 3; }
apt_opts="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$PWD/$work/parts
 -o Dir::State::Lists=$PWD/$work/lists -o Dir::Cache=$PWD/$work/cache
 -o Debug::NoLocking=1 -o APT::Sandbox::User=root"
[ "$(id -u)" = 0 ] || apt_opts="$apt_opts -o APT::Sandbox::User=$(id -un)"
apt-get $apt_opts -qq update >/dev/null
(cd "$work" && apt-get $apt_opts -qq --download-only source bearssl >/dev/null)
tar=$(ls "$work"/bearssl_0.6*.orig.tar.* 2>/dev/null | head -1)
[ -n "$tar" ] || { echo "bearssl-src.sh: apt-get source bearssl gave no tarball" >&2; exit 3; }
echo "$sum  $tar" | sha256sum -c --quiet - ||
	{ echo "bearssl-src.sh: $tar: sha256 mismatch" >&2; exit 3; }
rm -rf "$dest"; mkdir -p "$dest"
tar -xf "$tar" -C "$dest" --strip-components=1
[ -f "$dest/inc/bearssl.h" ] || { echo "bearssl-src.sh: unexpected tarball layout" >&2; exit 3; }
rm -rf "$work"
