#!/bin/sh
# No stdio in the core (STYLE B8): only src/cli/main.c and src/report/out.c may include
# <stdio.h> or call its functions; every other module returns facts and
# out.c prints them.  Headers may not include it either, or every module
# that includes them would.  Run from the repo root.
set -u
n=0
fail=0
t() {	# status, name
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}
allowed='^src/(cli/main|report/out)\.c:'

inc=$(grep -lE '#[[:space:]]*include[[:space:]]*<stdio\.h>' src/*/*.c 2>/dev/null |
    sed 's/$/:/' | grep -vE "$allowed" | sed 's/:$//')
[ -z "$inc" ]
t $? "<stdio.h> only in src/cli/main.c and src/report/out.c"
[ -n "$inc" ] && printf '#   %s\n' $inc

hdr=$(grep -lE '#[[:space:]]*include[[:space:]]*<stdio\.h>' \
    include/mxprobe/*.h src/*/*.h 2>/dev/null)
[ -z "$hdr" ]
t $? "no header includes <stdio.h>"
[ -n "$hdr" ] && printf '#   %s\n' $hdr

# Calls, outside comments (lines starting with /*, * or //).  snprintf too:
# it is heap-free in musl, but it needs <stdio.h> and costs size.
calls='(^|[^A-Za-z0-9_])(printf|fprintf|sprintf|snprintf|vprintf|vfprintf|vsprintf|vsnprintf|dprintf|vdprintf|puts|fputs|fputc|putc|putchar|fwrite|fread|fgets|fgetc|getc|getchar|fopen|fdopen|freopen|fclose|fflush|popen|pclose|perror|setvbuf|setbuf|tmpfile|getline|getdelim|scanf|sscanf|fscanf)[[:space:]]*\('
use=$(grep -nE "$calls" src/*/*.c 2>/dev/null | grep -vE "$allowed" |
    grep -vE '^[^:]*:[0-9]+:[[:space:]]*(/\*|\*|//)')
[ -z "$use" ]
t $? "no stdio calls outside src/cli/main.c and src/report/out.c"
[ -n "$use" ] && printf '%s\n' "$use" | sed 's/^/#   /' | head -20

file=$(grep -nE '(^|[^A-Za-z0-9_])FILE[[:space:]]*\*' src/*/*.c include/mxprobe/*.h \
    2>/dev/null | grep -vE "$allowed" | grep -vE '^[^:]*:[0-9]+:[[:space:]]*(/\*|\*|//)')
[ -z "$file" ]
t $? "no FILE * outside src/cli/main.c and src/report/out.c"
[ -n "$file" ] && printf '%s\n' "$file" | sed 's/^/#   /' | head -20
echo "1..$n"
exit $fail
