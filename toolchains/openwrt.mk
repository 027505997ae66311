# OpenWrt SDK build (toolchains/openwrt/Makefile passes the OPENWRT_*
# variables from the SDK's environment): the SDK's gcc, which already
# targets musl with its own sysroot and libc.a, and the target's CFLAGS
# (-march, -mips16, float ABI ...).  The SDK's -O, -g, PIE, stack
# protector and fortify flags are dropped: our -Os and
# -fno-stack-protector stand, and a static binary needs no PIE.  Nor
# RELRO: on MIPS it pads the file to a 64 KiB page (+32 KB measured).
CC		= $(OPENWRT_CC)
AR		= $(OPENWRT_AR)
STRIP		= $(OPENWRT_STRIP)
TARGET_CFLAGS	= $(filter-out -O% -g% -fstack-protector% -D_FORTIFY_SOURCE% \
		    -fPIC -fpic -fPIE -fpie -specs=%,$(OPENWRT_CFLAGS)) -fno-pie
TARGET_LDFLAGS	= $(filter-out -pie -specs=% -Wl$(,)-z$(,)relro -Wl$(,)-z$(,)now, \
		    $(OPENWRT_LDFLAGS)) -no-pie -Wl,-z,norelro
,		:= ,
# Nothing runs here: the binary is for the router.
RUN		=
