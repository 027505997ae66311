# Shared tail of the cross fragments (aarch64, armhf, mipsel, mips): musl
# built from Debian's source with Debian's cross gcc, per target, under
# build/$(CROSS_NAME)/ (nothing is shared between targets but the sources).
# The fragment sets CROSS_NAME, TRIPLET, TARGET_CFLAGS, TARGET_LDFLAGS,
# MUSL_CFLAGS and QEMU, then includes this file.
# TOOLCHAIN_DEP is what the Makefile's compile rules wait for: $(CC) is
# this target's musl-gcc wrapper, so musl must be installed first.
MUSL_SRC	?= build/musl-src
MUSL_PREFIX	= build/$(CROSS_NAME)/musl
CC		= $(CURDIR)/$(MUSL_PREFIX)/bin/musl-gcc
AR		= $(TRIPLET)-ar
STRIP		= $(TRIPLET)-strip
TOOLCHAIN_DEP	= $(MUSL_PREFIX)/lib/libc.a
# qemu-user runs the static binaries without binfmt or a sysroot (-L is
# only for dynamic ones); the binary's own system() calls spawn host
# programs (/bin/sh, openssl) natively.
RUN		= $(QEMU)

# These rules must not become the including Makefile's default goal.
cross_mk_goal	:= $(.DEFAULT_GOAL)

$(MUSL_SRC)/configure:
	@toolchains/musl-src.sh $(MUSL_SRC)

$(MUSL_PREFIX)/lib/libc.a: $(MUSL_SRC)/configure toolchains/$(CROSS_NAME).mk toolchains/cross.mk
	@toolchains/musl-build.sh $(MUSL_SRC) build/$(CROSS_NAME)/musl-obj \
	    $(MUSL_PREFIX) $(TRIPLET) "$(MUSL_CFLAGS)"

.DEFAULT_GOAL	:= $(cross_mk_goal)
