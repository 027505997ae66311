#!/bin/sh
# manual.sh -- the documents a user starts from stay true to the binary:
# every option `mxprobe --help` lists is in mxprobe.1's OPTIONS and the
# other way round (and so is every option of args.c's getopt tables), the
# manual has its sections and renders without a warning, and README.md is
# at most 250 lines and starts with the two commands of a fresh Debian 12.
# No server is started.
. tests/lib/common.sh
MAN=${MAN:-mxprobe.1}
README=${README:-README.md}

if [ -z "${MXPROBE:-}" ] || [ ! -x "$MXPROBE" ]; then
	not_ok "mxprobe binary present (MXPROBE=${MXPROBE:-unset})"
	summary
	exit 1
fi

# opt_tokens: option names (-c, --addr, --tls-scan) in the text on stdin:
# a dash or two after the start of a line, a space or a comma.
opt_tokens() {
	grep -oE '(^|[ ,[])--?[A-Za-z0-9][A-Za-z0-9-]*' | sed 's/^[ ,[]//' |
	    sort -u
}

# The options of --help: the lines that start with two spaces and a dash,
# up to the first run of two spaces (where the explanation starts).
CTX=help
$RUN "$MXPROBE" --help > "$TMPD/help.out" 2> "$TMPD/help.err"
check_rc_help=$?
if [ "$check_rc_help" = 0 ] && [ -s "$TMPD/help.out" ]; then
	ok "--help prints the usage text"
else
	not_ok "--help prints the usage text (exit $check_rc_help)"
fi
sed -n 's/^  \(-.*\)$/\1/p' "$TMPD/help.out" | sed 's/   *.*//' |
    opt_tokens > "$TMPD/help.opts"
n=$(wc -l < "$TMPD/help.opts" | tr -d ' ')
if [ "$n" -ge 20 ]; then
	ok "--help lists $n options"
else
	not_ok "--help lists only $n options"
	diag "$(cat "$TMPD/help.opts")"
fi

# The options of the manual: the tag lines (after .TP) of its OPTIONS
# section, with the font escapes and \- taken out.
CTX=manual
if [ ! -f "$MAN" ]; then
	not_ok "$MAN exists"
	summary
	exit 1
fi
sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$MAN" |
    awk 'tag { print; tag = 0 } /^\.TP/ { tag = 1 }' |
    sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/^\.[A-Z]* //' -e 's/"//g' |
    opt_tokens > "$TMPD/man.opts"

# same_set NAME A B: the two sorted lists are equal; the differences are
# shown as TAP comments.
same_set() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diag "only in the first: $(comm -23 "$2" "$3" | tr '\n' ' ')" \
		    "only in the second: $(comm -13 "$2" "$3" | tr '\n' ' ')"
	fi
}
same_set "--help and OPTIONS of $MAN name the same options" \
    "$TMPD/help.opts" "$TMPD/man.opts"

# args.c's tables: the long options and the getopt_long short string.
MAIN=${MAIN:-src/cli/args.c}
if [ -f "$MAIN" ]; then
	{
		sed -n 's/^[	 ]*{ "\([a-z0-9-]*\)", .*/--\1/p' "$MAIN"
		sed -n 's/.*getopt_long([^"]*"\([^"]*\)".*/\1/p' "$MAIN" |
		    tr -d ':' | fold -w 1 | sed 's/^/-/'
	} | sort -u > "$TMPD/main.opts"
	comm -23 "$TMPD/main.opts" "$TMPD/man.opts" > "$TMPD/main.missing"
	if [ -s "$TMPD/main.opts" ] && [ ! -s "$TMPD/main.missing" ]; then
		ok "every option of $MAIN's getopt tables is in OPTIONS"
	else
		not_ok "every option of $MAIN's getopt tables is in OPTIONS"
		diag "missing: $(tr '\n' ' ' < "$TMPD/main.missing")"
	fi
else
	skip "every option of $MAIN's getopt tables is in OPTIONS" \
	    "no $MAIN here"
fi

for s in NAME SYNOPSIS DESCRIPTION OPTIONS OUTPUT 'EXIT STATUS' \
    ENVIRONMENT FILES STANDARDS EXAMPLES 'SEE ALSO'; do
	if grep -q "^\.SH \"*$s\"*\$" "$MAN"; then
		ok "section $s"
	else
		not_ok "section $s"
	fi
done

# Renders without a warning: groff (groff-base, which man-db uses) or
# mandoc, whichever is installed; toolchains/deps.sh check installs groff.
if command -v groff > /dev/null 2>&1; then
	groff -man -ww -z "$MAN" > "$TMPD/render.err" 2>&1
	rc=$?
	how="groff -man -ww -z"
elif command -v mandoc > /dev/null 2>&1; then
	mandoc -T lint -W warning "$MAN" > "$TMPD/render.err" 2>&1
	rc=$?
	how="mandoc -T lint"
else
	how=
fi
if [ -z "$how" ]; then
	skip "$MAN renders without warnings" "no groff or mandoc installed"
elif [ "$rc" = 0 ] && [ ! -s "$TMPD/render.err" ]; then
	ok "$MAN renders without warnings ($how)"
else
	not_ok "$MAN renders without warnings ($how)"
	diag "$(head -20 "$TMPD/render.err")"
fi

# README.md: short, and the first code block is exactly the two commands
# (a comment after each is fine).
CTX=readme
n=$(wc -l < "$README" | tr -d ' ')
if [ "$n" -le 250 ]; then
	ok "$README has $n lines (at most 250)"
else
	not_ok "$README has $n lines (at most 250)"
fi
awk '/^```/ { if (in_block) exit; in_block = 1; next }
    in_block { sub(/#.*/, ""); gsub(/^[ \t]+|[ \t]+$/, ""); print }' \
    "$README" > "$TMPD/readme.cmds"
printf 'make demo\nmake check\n' > "$TMPD/want.cmds"
first=$(grep -v '^#' "$README" | grep -v '^[ 	]*$' | head -n 1)
if cmp -s "$TMPD/readme.cmds" "$TMPD/want.cmds" &&
    [ "$first" = '```sh' ]; then
	ok "$README starts with make demo and make check"
else
	not_ok "$README starts with make demo and make check"
	diag "first block: $(tr '\n' ';' < "$TMPD/readme.cmds")" \
	    "first line after the title: $first"
fi

summary
