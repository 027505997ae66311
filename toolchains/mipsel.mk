# OpenWrt mipsel_24kc: MIPS32r2 24Kc, little-endian, o32, soft-float.
# -fno-pie -mno-shared: a static binary needs no PIC; saves 4-5 % on MIPS.
CROSS_NAME	= mipsel
TRIPLET		= mipsel-linux-gnu
TARGET_CFLAGS	= -march=24kc -msoft-float -fno-pie -mno-shared
TARGET_LDFLAGS	= -no-pie
MUSL_CFLAGS	= -march=24kc -msoft-float -fno-pie
QEMU		= qemu-mipsel-static
include toolchains/cross.mk
