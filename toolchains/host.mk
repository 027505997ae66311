# The build machine's own compiler and libc: unit tests, fuzz replay and the
# fixture servers.  Never shipped; sanitizers on.
HOST_CC		= cc
HOST_CFLAGS	= -std=c99 -g -O1 -fno-omit-frame-pointer -D_GNU_SOURCE \
		  -fsanitize=address,undefined -fno-sanitize-recover=undefined
HOST_LDFLAGS	= -fsanitize=address,undefined
# BearSSL for host programs: plain -O2, no sanitizer (its own code is not
# under test and an instrumented build would only be slower).
HOST_BR_CFLAGS	= -O2 -g
