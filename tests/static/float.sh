#!/bin/sh
# No floating point in mxprobe (OpenWrt MIPS targets are soft-float: a
# double would pull in libgcc's float emulation and Debian's libgcc is
# hard-float).  Three checks: the words float/double, floating literals and
# <math.h> in src/ and include/mxprobe/ outside comments and strings; then,
# if the host cc is gcc on x86_64, each module is compiled with
# -mgeneral-regs-only, which refuses any floating-point operation.
# env: BEARSSL_SRC (default build/bearssl), HOST_CC (default cc).
set -u
n=0
fail=0
t() {	# status, name
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}

# Prints FILE:LINE:code with comments blanked and string/char literals
# emptied, line numbers kept, so a comment saying "double" is no finding.
strip() {
	awk '
	FNR == 1 { st = 0 }
	{
		out = ""; i = 1; L = length($0)
		while (i <= L) {
			c = substr($0, i, 1); d = substr($0, i, 2)
			if (st == 1) {			# in /* */
				if (d == "*/") { st = 0; i += 2; out = out " " }
				else i++
				continue
			}
			if (st == 2 || st == 3) {	# in a string or char
				if (c == "\\") { i += 2; continue }
				if ((st == 2 && c == "\"") || (st == 3 && c == "'"'"'")) {
					out = out c; st = 0
				}
				i++
				continue
			}
			if (d == "/*") { st = 1; i += 2; continue }
			if (d == "//") break
			if (c == "\"") st = 2
			else if (c == "'"'"'") st = 3
			out = out c; i++
		}
		if (st >= 2) st = 0		# unterminated literal: resync
		print FILENAME ":" FNR ":" out
	}' "$@"
}

files=$(ls src/*/*.c src/*/*.h include/mxprobe/*.h 2>/dev/null)
code=$(strip $files)

kw=$(printf '%s\n' "$code" | grep -E ':[0-9]+:(.*[^A-Za-z0-9_])?(float|double|_Complex|_Imaginary)([^A-Za-z0-9_]|$)')
[ -z "$kw" ]
t $? "no float/double types in src/ and include/mxprobe/"
[ -n "$kw" ] && printf '%s\n' "$kw" | sed 's/^/#   /' | head -20

# 1.5  .5  1.  1e9  1.5f  0x1p3 -- but not 0x1e5, a.b or version text
lit=$(printf '%s\n' "$code" | grep -E \
    ':[0-9]+:(.*[^A-Za-z0-9_.])?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+[eE][-+]?[0-9]+|0[xX][0-9a-fA-F.]*[pP][-+]?[0-9]+)')
[ -z "$lit" ]
t $? "no floating literals"
[ -n "$lit" ] && printf '%s\n' "$lit" | sed 's/^/#   /' | head -20

m=$(printf '%s\n' "$code" | grep -E ':[0-9]+:[[:space:]]*#[[:space:]]*include[[:space:]]*<(math|fenv|complex|tgmath)\.h>')
[ -z "$m" ]
t $? "no <math.h>, <fenv.h>, <complex.h>"
[ -n "$m" ] && printf '%s\n' "$m" | sed 's/^/#   /'

cc=${HOST_CC:-cc}
br=${BEARSSL_SRC:-build/bearssl}
if "$cc" -v 2>&1 | grep -q '^Target: x86_64.*linux' &&
    "$cc" -v 2>&1 | grep -q '^gcc version'; then
	for c in src/*/*.c; do
		flags="-std=c99 -O0 -D_GNU_SOURCE -Iinclude -I$br/inc"
		if ! "$cc" $flags -c "$c" -o /dev/null 2>/dev/null; then
			echo "# $c does not compile here; compiler check skipped"
			continue
		fi
		err=$("$cc" $flags -mgeneral-regs-only -c "$c" -o /dev/null 2>&1)
		t $? "$c compiles with -mgeneral-regs-only"
		[ -n "$err" ] && printf '%s\n' "$err" | sed 's/^/#   /' | head -5
	done
else
	echo "# host cc is not gcc on x86_64: -mgeneral-regs-only check skipped"
fi
echo "1..$n"
exit $fail
