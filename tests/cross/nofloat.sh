#!/bin/sh
# No floating point in the MIPS soft-float objects (make check-cross): the
# object side of tests/static/float.sh.  For mxprobe's own objects
# (build/<t>/obj) and BearSSL's (build/<t>/bearssl) of each MIPS target:
#   - the MIPS ABI flags say soft-float (what OpenWrt's 24kc kernels and
#     their libgcc expect);
#   - no undefined reference to a libgcc float helper (__adddf3,
#     __fixdfsi, __floatsidf, ...): soft-float code calls those for any
#     float or double arithmetic;
#   - no FPU instruction in the disassembly (belt and braces).
# Then every library member the link of build/<t>/mxprobe took (musl's
# libc.a, Debian's libgcc.a, crt*.o, from the link map): no FPU
# instruction.  Debian's libgcc is built hard-float; the members taken so
# far (64-bit division, crtbegin/crtend) hold no FP code, but a float
# helper pulled in later (musl's printf %f needs them) would hold FPU
# instructions that an FPU-less 24Kc can only trap on.
# env: NOFLOAT_TARGETS (default "mipsel mips").
set -u
n=0
fail=0
t() {	# status, name
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}
helpers='^__[a-z]+(sf|df|tf|xf)[23]$|^__fix(uns)?(sf|df|tf|xf)(si|di|ti)$|^__float(un)?(si|di|ti)(sf|df|tf|xf)$'
fpu='^(l[wd]x?c1|s[wd]x?c1|luxc1|suxc1|m[ft]h?c1|[ct]fc1|bc1[ft]l?|mov[ft](\\.[sd])?)$|\\.(s|d|ps|w|l)$'
for tg in ${NOFLOAT_TARGETS:-mipsel mips}; do
	tr=$(sed -n 's/^TRIPLET[[:space:]]*=[[:space:]]*//p' "toolchains/$tg.mk")
	objs=$(ls build/"$tg"/obj/*/*.o 2>/dev/null; find build/"$tg"/bearssl -name '*.o' 2>/dev/null)
	if [ -z "$objs" ]; then
		t 1 "$tg: objects built (make TARGET=$tg)"
		continue
	fi
	cnt=$(printf '%s\n' "$objs" | wc -l | tr -d ' ')
	bad=$(for o in $objs; do
		"$tr-readelf" -A "$o" 2>/dev/null | grep -q 'FP ABI: *Soft float' ||
		    echo "$o"
	done)
	[ -z "$bad" ]
	t $? "$tg: $cnt objects are soft-float (readelf -A)"
	[ -n "$bad" ] && printf '%s\n' "$bad" | sed 's/^/#   /' | head -10
	bad=$("$tr-nm" -u $objs 2>/dev/null | awk '{ print $NF }' |
	    grep -E "$helpers" | sort -u)
	[ -z "$bad" ]
	t $? "$tg: no object calls a float helper of libgcc"
	[ -n "$bad" ] && printf '%s\n' "$bad" | sed 's/^/#   /' | head -10
	bad=$("$tr-objdump" -d $objs 2>/dev/null | awk -F'\t' -v re="$fpu" '
	    /file format/ { o = $0; sub(/:.*/, "", o) }
	    /^[^ \t].*:$/ { f = $0 }
	    NF >= 3 { m = $3; sub(/ .*/, "", m); if (m ~ re) print o, f, m }' |
	    head -10)
	[ -z "$bad" ]
	t $? "$tg: no FPU instruction in the disassembly"
	[ -n "$bad" ] && printf '%s\n' "$bad" | sed 's/^/#   /'
	map=build/$tg/mxprobe.map
	if [ ! -f "$map" ]; then
		t 1 "$tg: link map $map exists"
		continue
	fi
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/mxnofloat.XXXXXX") || exit 1
	libs=$(sed -n '1,/^Discarded input sections/p' "$map" |
	    grep -oE '^[^ ()]+\.a\([^)]+\)' | sort -u)
	crts=$(grep -oE '[^ ()]*/crt[A-Za-z0-9]*\.o' "$map" | sort -u)
	i=0
	for m in $libs; do
		i=$((i + 1))
		a=${m%%(*}
		o=${m#*(}
		o=${o%)}
		mkdir "$tmp/$i"
		(cd "$tmp/$i" && "$tr-ar" x "$a" "$o") 2>/dev/null
	done
	for c in $crts; do
		i=$((i + 1))
		mkdir "$tmp/$i"
		cp "$c" "$tmp/$i/" 2>/dev/null
	done
	n_in=$(find "$tmp" -name '*.o' -o -name '*.lo' | wc -l | tr -d ' ')
	bad=$(find "$tmp" -name '*.o' -o -name '*.lo' | xargs "$tr-objdump" -d \
	    2>/dev/null | awk -F'\t' -v re="$fpu" '
	    /file format/ { o = $0; sub(/:.*/, "", o); sub(/.*\//, "", o) }
	    /^[^ \t].*:$/ { f = $0 }
	    NF >= 3 { m = $3; sub(/ .*/, "", m); if (m ~ re) print o, f, m }' |
	    head -10)
	rm -rf "$tmp"
	[ -z "$bad" ] && [ "$n_in" -gt 0 ]
	t $? "$tg: no FPU instruction in the $n_in library members linked in"
	[ -n "$bad" ] && printf '%s\n' "$bad" | sed 's/^/#   /'
done
echo "1..$n"
exit $fail
