#!/bin/sh
# No heap in the shipped binary (DESIGN "Memory", STYLE B8), and it is static.
# The binary is stripped, so the proof is the link map written next to it
# (-Wl,-Map): no heap function may be referenced (an archive member pulled
# in for it) nor defined in what was kept.  nm is tried too, for builds
# that keep symbols.  env: MXPROBE (default build/x86_64/mxprobe).
set -u
bin=${MXPROBE:-build/x86_64/mxprobe}
map=$(dirname "$bin")/mxprobe.map
n=0
fail=0
t() {	# status, name
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}
# musl's allocator entry points and their internal names (lite_malloc).
heap='malloc|calloc|realloc|free|reallocarray|aligned_alloc|posix_memalign|memalign|valloc|__simple_malloc|__libc_malloc|__libc_malloc_impl|__libc_calloc|__libc_realloc|__libc_free|__malloc_donate'

if [ ! -f "$bin" ]; then
	t 1 "binary $bin exists (make first)"
	echo "1..$n"
	exit 1
fi

if [ -f "$map" ]; then
	t 0 "link map $map exists"
	# Part 1 of the map: "Archive member included to satisfy reference by
	# file (symbol)"; a "(malloc)" there means some object asked for it.
	refs=$(sed -n '1,/^Discarded input sections/p' "$map" |
	    grep -B1 -E "\\(($heap)\\)\$")
	[ -z "$refs" ]
	t $? "no object references a heap function (archive members in the map)"
	[ -n "$refs" ] && printf '%s\n' "$refs" | sed 's/^/#   /' | head -20
	# Part 2, after "Linker script and memory map": what was kept.  A heap
	# symbol defined there is in the binary.
	kept=$(sed -n '/^Linker script and memory map/,$p' "$map" |
	    grep -E "^ +0x[0-9a-f]+ +($heap)\$")
	[ -z "$kept" ]
	t $? "no heap function kept in the binary (memory map)"
	[ -n "$kept" ] && printf '%s\n' "$kept" | sed 's/^/#   /' | head -20
else
	t 1 "link map $map exists (the Makefile links with -Wl,-Map)"
fi

syms=$(nm "$bin" 2>/dev/null)
if [ -n "$syms" ]; then
	found=$(printf '%s\n' "$syms" | grep -E " [A-Za-z] ($heap)\$")
	[ -z "$found" ]
	t $? "nm: no heap symbol"
	[ -n "$found" ] && printf '%s\n' "$found" | sed 's/^/#   /'
else
	echo "# nm: $bin is stripped, the link map is the evidence"
fi

# Static: no program interpreter (PT_INTERP), whatever `file` calls it.
if command -v readelf >/dev/null 2>&1; then
	hdr=$(readelf -lW "$bin" 2>&1)
	case "$hdr" in
	*"Program Headers"*)
		! printf '%s\n' "$hdr" | grep -q '^ *INTERP '
		t $? "statically linked (no PT_INTERP)" ;;
	*)	t 1 "readelf cannot read $bin" ;;
	esac
elif command -v file >/dev/null 2>&1; then
	file -L "$bin" | grep -q 'statically linked\|static-pie linked'
	t $? "statically linked (file)"
else
	t 1 "statically linked: neither readelf nor file is installed"
fi
echo "1..$n"
exit $fail
