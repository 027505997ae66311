# ARMv7-A hard-float EABI, Thumb-2 (Debian armhf's defaults; runs on the
# Cortex-A7/A9 of OpenWrt's ipq40xx, mvebu, bcm53xx ...).
CROSS_NAME	= armhf
TRIPLET		= arm-linux-gnueabihf
TARGET_CFLAGS	= -march=armv7-a+fp -mthumb -mfloat-abi=hard -fno-pie
TARGET_LDFLAGS	= -no-pie
MUSL_CFLAGS	= -march=armv7-a+fp -mthumb -mfloat-abi=hard -fno-pie
QEMU		= qemu-arm-static
include toolchains/cross.mk
