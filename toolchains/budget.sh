# budget.sh -- the size budget of mxprobe, stated here and nowhere else.
# Sourced (POSIX sh) by every checker and report of the binary's size:
# tests/static/size.sh (x86_64, make check), tests/cross/budget.sh (every
# target, make check-cross), toolchains/size-all.sh (make size).
# Sizes are of the stripped static binary, in bytes.
#
# SIZE_CEILING: the full build may never pass 300 KB on any target.
# SIZE_BUDGET: what the checkers enforce on every target; at most the
# ceiling (clamped to it).  It was 256 KiB, the flash a router package can
# spend, until the texts for people (-H: 14 KB packed) and their printer
# (9 KB) made the full build a tool for the admin's machine; a router's
# figure belongs to a mini build without them.  Either can be set in the
# environment for one run.
: "${SIZE_CEILING:=307200}"
: "${SIZE_BUDGET:=307200}"
[ "$SIZE_BUDGET" -le "$SIZE_CEILING" ] || SIZE_BUDGET=$SIZE_CEILING
