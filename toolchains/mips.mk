# OpenWrt mips_24kc: MIPS32r2 24Kc, big-endian, o32, soft-float (ath79 and
# friends).  Not a Debian architecture: musl is built from source for it.
# -fno-pie -mno-shared: a static binary needs no PIC; saves 4-5 % on MIPS.
# -mips16 -minterlink-mips16: MIPS16e code, as OpenWrt builds packages with
# CONFIG_USE_MIPS16; -22 % (219,292 -> 171,948 bytes on mipsel when it was
# measured).  musl stays 32-bit MIPS code; calls between the two go through
# jalx/jalr, which -minterlink-mips16 makes safe.
CROSS_NAME	= mips
TRIPLET		= mips-linux-gnu
TARGET_CFLAGS	= -march=24kc -msoft-float -fno-pie -mno-shared \
		  -mips16 -minterlink-mips16
TARGET_LDFLAGS	= -no-pie
MUSL_CFLAGS	= -march=24kc -msoft-float -fno-pie
QEMU		= qemu-mips-static
include toolchains/cross.mk
