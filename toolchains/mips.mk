# OpenWrt mips_24kc: MIPS32r2 24Kc, big-endian, o32, soft-float (ath79 and
# friends).  Not a Debian architecture: musl is built from source for it.
# -fno-pie -mno-shared: a static binary needs no PIC; saves 4-5 % on MIPS.
CROSS_NAME	= mips
TRIPLET		= mips-linux-gnu
TARGET_CFLAGS	= -march=24kc -msoft-float -fno-pie -mno-shared
TARGET_LDFLAGS	= -no-pie
MUSL_CFLAGS	= -march=24kc -msoft-float -fno-pie
QEMU		= qemu-mips-static
include toolchains/cross.mk
