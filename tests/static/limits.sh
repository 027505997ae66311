#!/bin/sh
# Every capacity is in include/mxprobe/limits.h and can be overridden with
# -D (limits.h says why): each #define MX_X there sits inside its own
# "#ifndef MX_X ... #endif"; no capacity (MX_*_MAX, or any name limits.h
# defines) is #defined anywhere else in src/ or include/; and with one
# limit overridden the value reaches the code (a derived limit follows)
# and every module still compiles, warnings as errors.  An unguarded
# define would show there too, as a "redefined" warning.
# env: HOST_CC (default cc), BEARSSL_SRC (default build/bearssl),
#      LIMIT_OVERRIDE (default MX_MX_MAX=4).
set -u
n=0
fail=0
t() {	# status, name
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}
lim=include/mxprobe/limits.h
cc=${HOST_CC:-cc}
br=${BEARSSL_SRC:-build/bearssl}
ov=${LIMIT_OVERRIDE:-MX_MX_MAX=4}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mxlimits.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

def='^[[:space:]]*#[[:space:]]*define[[:space:]]\{1,\}'
names=$(sed -n "s/$def\\(MX_[A-Za-z0-9_]*\\).*/\\1/p" "$lim")
[ -n "$names" ]
t $? "limits.h defines capacities ($(printf '%s\n' $names | wc -l | tr -d ' '))"

# Each define: the line before is its #ifndef, the line after its #endif.
bad=$(awk '
	{ l[NR] = $0 }
	END {
		for (i = 1; i <= NR; i++) {
			if (l[i] !~ /^[ \t]*#[ \t]*define[ \t]+MX_/) continue
			k = l[i]; sub(/^[ \t]*#[ \t]*define[ \t]+/, "", k)
			sub(/[^A-Za-z0-9_].*/, "", k)
			p = l[i - 1]; gsub(/[ \t]+/, " ", p); sub(/ $/, "", p)
			e = l[i + 1]; gsub(/[ \t]+/, "", e)
			if (p !~ ("^# ?ifndef " k "$") || e !~ /^#endif/)
				print i ": " k
		}
	}' "$lim")
[ -z "$bad" ]
t $? "every #define MX_* in limits.h is inside its own #ifndef"
[ -n "$bad" ] && printf '%s\n' "$bad" | sed 's/^/#   limits.h:/' | head -20

# Elsewhere: a *_MAX capacity, or a second definition of a limits.h name.
re=$(printf '%s\n' $names | paste -sd'|' -)
bad=$(grep -nE '^[[:space:]]*#[[:space:]]*define[[:space:]]+MX_[A-Za-z0-9_]*' \
    src/*/*.c src/*/*.h include/mxprobe/*.h 2>/dev/null | grep -v "^$lim:" |
    grep -E "define[[:space:]]+(MX_[A-Za-z0-9_]*_MAX|$re)([^A-Za-z0-9_]|\$)")
[ -z "$bad" ]
t $? "no capacity #defined outside limits.h (src/, include/)"
[ -n "$bad" ] && printf '%s\n' "$bad" | sed 's/^/#   /' | head -20

# The override reaches the code: sizes of arrays of the limits, no run.
k=${ov%%=*}
v=${ov#*=}
printf '%s\n' '#include "mxprobe/limits.h"' "unsigned char mx_lim_a[$k];" \
    'unsigned char mx_lim_b[MX_PROBES_MAX];' > "$tmp/x.c"
got=
if "$cc" -std=c99 -Werror -D"$ov" -Iinclude -c "$tmp/x.c" -o "$tmp/x.o" \
    2>"$tmp/err"; then
	got=$(readelf -sW "$tmp/x.o" | awk '$8 == "mx_lim_a" { print $3 + 0 }')
fi
[ "$got" = "$v" ]
t $? "-D$ov reaches the code (sizeof is ${got:-not compiled})"
[ -s "$tmp/err" ] && sed 's/^/#   /' "$tmp/err" | head -5
if [ "$k" = MX_MX_MAX ]; then
	got=$(readelf -sW "$tmp/x.o" 2>/dev/null |
	    awk '$8 == "mx_lim_b" { print $3 + 0 }')
	want=$(printf '#include "mxprobe/limits.h"\nMX_ADDRS_PER_MX\n' |
	    "$cc" -E -P -Iinclude - 2>/dev/null | tail -n 1)
	[ -n "$got" ] && [ "$got" = "$((v * want))" ]
	t $? "a derived limit follows (MX_PROBES_MAX is ${got:-?})"
fi

# Every module compiles with the override, warnings as errors.
if [ ! -f "$br/inc/bearssl.h" ]; then
	t 1 "BearSSL headers in $br (make first)"
else
	bad=
	for c in src/*/*.c; do
		"$cc" -std=c99 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter \
		    -Werror -D"$ov" -Iinclude -I"$br/inc" -fsyntax-only "$c" \
		    2>>"$tmp/mods" || bad="$bad $c"
	done
	[ -z "$bad" ]
	t $? "every module compiles with -D$ov -Werror"
	if [ -n "$bad" ]; then
		echo "#  $bad"
		sed 's/^/#   /' "$tmp/mods" | head -10
	fi
fi
echo "1..$n"
exit $fail
