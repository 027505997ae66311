# AArch64 (OpenWrt aarch64_cortex-a53 and generic).  ld pads a static
# binary to 64 KiB pages by default: 4 KiB pages keep the file small and
# match the kernels routers run.
CROSS_NAME	= aarch64
TRIPLET		= aarch64-linux-gnu
TARGET_CFLAGS	= -fno-pie
TARGET_LDFLAGS	= -no-pie -Wl,-z,max-page-size=4096
MUSL_CFLAGS	= -fno-pie
QEMU		= qemu-aarch64-static
include toolchains/cross.mk
