#!/bin/sh
# debsrc.sh PACKAGE TARBALL_PREFIX SHA256 DEST MARKER
# Fetches a Debian source package's upstream tarball, verifies its sha256
# and unpacks it into DEST (one level stripped); does nothing if DEST/MARKER
# exists.  The deb-src entries are derived at run time from the machine's
# own apt sources (same URIs, same keyring) into a private apt state
# directory: the system's apt configuration is never touched and no archive
# host is written anywhere in this repository.  Works without root too.
set -eu
[ $# = 5 ] || { echo "usage: debsrc.sh PACKAGE TARBALL_PREFIX SHA256 DEST MARKER" >&2; exit 3; }
pkg=$1 prefix=$2 sum=$3 dest=$4 marker=$5
me="debsrc.sh $pkg"
[ -f "$dest/$marker" ] && exit 0
work=$(dirname "$dest")/apt-$pkg
case $work in /*) ;; *) work=$PWD/$work ;; esac
rm -rf "$work"
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/parts"
found=0
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	sed 's/^Types:.*/Types: deb-src/' "$f" > "$work/parts/$(basename "$f")"
	found=1
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
	[ -f "$f" ] || continue
	sed -n 's/^deb \(.*\)/deb-src \1/p' "$f" > "$work/parts/$(basename "$f").list"
	found=1
done
[ "$found" = 1 ] || { echo "$me: no apt sources to derive deb-src from" >&2; exit 3; }
apt_opts="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$work/parts
 -o Dir::State::Lists=$work/lists -o Dir::Cache=$work/cache
 -o Debug::NoLocking=1 -o APT::Sandbox::User=root"
[ "$(id -u)" = 0 ] || apt_opts="$apt_opts -o APT::Sandbox::User=$(id -un)"
apt-get $apt_opts -qq update >/dev/null
(cd "$work" && apt-get $apt_opts -qq --download-only source "$pkg" >/dev/null)
tar=$(ls "$work"/"$prefix"*.orig.tar.* 2>/dev/null | head -1)
[ -n "$tar" ] || { echo "$me: apt-get source gave no $prefix tarball" >&2; exit 3; }
echo "$sum  $tar" | sha256sum -c --quiet - ||
	{ echo "$me: $tar: sha256 mismatch" >&2; exit 3; }
rm -rf "$dest"
mkdir -p "$dest"
tar -xf "$tar" -C "$dest" --strip-components=1
[ -f "$dest/$marker" ] || { echo "$me: unexpected tarball layout" >&2; exit 3; }
rm -rf "$work"
