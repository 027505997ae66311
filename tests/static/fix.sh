#!/bin/sh
# The texts for people (fix.h) cover everything a report can name: every
# finding of include/mxprobe/finding.def has a FIX entry in fix.def and
# every error of src/base/err.c (but MX_OK) a FIXE entry, once each, and
# nothing else has one.  Then that the codes a report shows are those of
# the two tables and nothing else: no finding code is also an error
# string (the entry would be ambiguous); the findings= value is written
# only from verdict_text() (which prints only table codes); and an error=
# value written as a literal is an err.c string.  Checks judge findings
# by enum and print codes only through those tables (finding.h), so a
# code-like literal of src/ that is one of the codes serves another key
# (sts_detail=cert-unreadable, dnsbl result strings): those are listed
# as comments, not failures.  toolchains/textpack.c applies the coverage
# rule at build time too (FIX_PARTIAL=1 builds without it; this test
# still fails then).  Run from the repo root.
# env: HOST_CC (default cc).
set -u
n=0
fail=0
t() {	# status, name
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}
cc=${HOST_CC:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mxfix.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# The tables through their own X-macros, so comments and line breaks in
# the .def files cannot fool the test: "NAME code" per finding, "F NAME"
# and "E NAME" per fix.def entry, "NAME string" per err.c error.
xmacro() {	# macro definitions, file to include
	printf '%s\n#include "mxprobe/%s"\n' "$1" "$2" |
	    "$cc" -E -P -Iinclude -x c - 2>"$tmp/cpp.err" |
	    tr -s ' \t' '  ' | sed -n 's/^ *@@ *//p' | sed 's/ *@@ */\n/g' |
	    sed '/^ *$/d'
}
xmacro '#define FINDING(n, c, s, l, m) @@ n c @@' finding.def |
    sed 's/"//g' > "$tmp/findings"
xmacro '#define FIX(n, ...) @@ F n @@
#define FIXE(n, ...) @@ E n @@' fix.def > "$tmp/fixes"
sp='[[:space:]]*'
sed -n "s/^$sp\\[MX_E_\\([A-Z0-9_]*\\)\\]$sp=$sp\"\\([^\"]*\\)\".*/\\1 \\2/p" \
    src/base/err.c > "$tmp/errors"

[ -s "$tmp/findings" ]
t $? "finding.def read ($(wc -l < "$tmp/findings" | tr -d ' ') findings)"
[ -s "$tmp/errors" ]
t $? "src/base/err.c read ($(wc -l < "$tmp/errors" | tr -d ' ') errors)"
[ -s "$tmp/fixes" ]
t $? "fix.def read ($(wc -l < "$tmp/fixes" | tr -d ' ') entries)"
[ -s "$tmp/cpp.err" ] && sed 's/^/#   /' "$tmp/cpp.err" | head -5

# Coverage, both ways, and no entry twice.
miss=$(while read -r name code; do
	grep -qx "F $name" "$tmp/fixes" || echo "finding $code ($name)"
done < "$tmp/findings")
[ -z "$miss" ]
t $? "every finding has a FIX entry in fix.def ($(printf '%s' "$miss" |
    grep -c .) missing)"
[ -n "$miss" ] && printf '%s\n' "$miss" | sed 's/^/#   no FIX entry: /'
miss=$(while read -r name str; do
	grep -qx "E $name" "$tmp/fixes" || echo "error $str (MX_E_$name)"
done < "$tmp/errors")
[ -z "$miss" ]
t $? "every error of err.c has a FIXE entry in fix.def ($(printf '%s' "$miss" |
    grep -c .) missing)"
[ -n "$miss" ] && printf '%s\n' "$miss" | sed 's/^/#   no FIXE entry: /'
extra=$(while read -r k name; do
	case $k in
	F) awk -v n="$name" '$1 == n { f = 1 } END { exit !f }' \
	    "$tmp/findings" || echo "FIX($name): no such finding" ;;
	E) awk -v n="$name" '$1 == n { f = 1 } END { exit !f }' \
	    "$tmp/errors" || echo "FIXE($name): no such error in err.c" ;;
	esac
done < "$tmp/fixes")
[ -z "$extra" ]
t $? "every fix.def entry names a finding or an error"
[ -n "$extra" ] && printf '%s\n' "$extra" | sed 's/^/#   /'
dup=$(sort "$tmp/fixes" | uniq -d)
[ -z "$dup" ]
t $? "no fix.def entry twice"
[ -n "$dup" ] && printf '%s\n' "$dup" | sed 's/^/#   twice: /'

# A code is a finding or an error, never both.
both=$(awk 'NR == FNR { f[$2] = 1; next } ($2 in f) { print $2 }' \
    "$tmp/findings" "$tmp/errors")
[ -z "$both" ]
t $? "no finding code is also an error string"
[ -n "$both" ] && printf '%s\n' "$both" | sed 's/^/#   both: /'

# src/ without comments, lines kept: "file:line:code".
for f in src/*/*.c; do
	awk -v f="$f" '
	{
		out = ""; i = 1; L = length($0)
		while (i <= L) {
			c = substr($0, i, 1); d = substr($0, i, 2)
			if (st) {
				if (d == "*/") { st = 0; i += 2 } else i++
				continue
			}
			if (d == "/*") { st = 1; i += 2; continue }
			out = out c; i++
		}
		print f ":" FNR ":" out
	}' "$f"
done > "$tmp/src"

# findings= only from verdict_text(): the one writer of table codes.
bad=$(grep -E 'out_kv[a-z]*\([^,]*, *"findings"' "$tmp/src" |
    grep -v 'verdict_text(')
grep -E '\.findings *=' "$tmp/src" | cut -d: -f1 | sort -u > "$tmp/nag"
while read -r f; do
	# the --nagios line: its text must come from verdict_text too
	grep -q 'verdict_text(' "$f" || bad="$bad
$f: .findings set without verdict_text()"
done < "$tmp/nag"
bad=$(printf '%s\n' "$bad" | sed '/^$/d')
[ -z "$bad" ]
t $? "findings= is written only from verdict_text()"
[ -n "$bad" ] && printf '%s\n' "$bad" | sed 's/^/#   /' | head -10

# error=NAME as a literal: an err.c string, so that it has its entry.
bad=$(grep -oE '^[^:]*:[0-9]*:.*out_kv[a-z]*\([^,]*, *"error", *"[^"]*"' \
    "$tmp/src" | sed -E 's/^([^:]*:[0-9]*):.*"error", *"([^"]*)"$/\1 \2/' |
    while read -r at v; do
	awk -v v="$v" '$2 == v { f = 1 } END { exit !f }' "$tmp/errors" ||
	    echo "$at: error=$v is not an error of err.c"
done)
[ -z "$bad" ]
t $? "every literal error= value is an error of err.c"
[ -n "$bad" ] && printf '%s\n' "$bad" | sed 's/^/#   /' | head -10

# Code-like literals of src/ spelled as a code: values of other keys.
awk '{ print $2 }' "$tmp/findings" "$tmp/errors" | sort -u > "$tmp/codes"
grep -v '^src/base/err\.c:' "$tmp/src" |
    grep -oE '^[^:]*:[0-9]*:|"[a-z0-9]+(-[a-z0-9]+)+"' |
    awk '/^src/ { at = $0; next } { gsub(/"/, ""); print at, $0 }' |
    sort -k2 > "$tmp/lits"
awk 'NR == FNR { c[$1] = 1; next } ($2 in c) { print $1 " " $2 }' \
    "$tmp/codes" "$tmp/lits" |
    sed 's/^/# same spelling as a code, as another key: /'
echo "1..$n"
exit $fail
