# x86_64 Linux, musl from Debian's musl-tools (musl-gcc wrapper), static.
CC		= musl-gcc
AR		= ar
STRIP		= strip
TARGET_CFLAGS	=
TARGET_LDFLAGS	=
# How to run a binary of this target here (empty: natively).
RUN		=
