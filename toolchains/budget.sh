# budget.sh -- the size budget of mxprobe, stated here and nowhere else.
# Sourced (POSIX sh) by every checker and report of the binary's size:
# tests/static/size.sh (x86_64, make check), tests/cross/budget.sh (every
# target, make check-cross), toolchains/size-all.sh (make size).
# Sizes are of the stripped static binary, in bytes.
#
# SIZE_CEILING: the full build may never pass 300 KB on any target.
# SIZE_BUDGET: what the checkers enforce on every target today, the 256
# KiB of flash a router package can spend; stricter than the ceiling, and
# clamped to it.  Either can be set in the environment for one run.
: "${SIZE_CEILING:=307200}"
: "${SIZE_BUDGET:=262144}"
[ "$SIZE_BUDGET" -le "$SIZE_CEILING" ] || SIZE_BUDGET=$SIZE_CEILING
