# x86_64 Linux, musl from Debian's musl-tools (musl-gcc wrapper), static.
CC		= musl-gcc
AR		= ar
STRIP		= strip
# BearSSL without its AES-NI, PCLMUL and SSE2 code paths: it then uses its
# portable constant-time implementations (aes_ct64, ghash_ctmul64,
# chacha20_ct), ~11 KB smaller.  A probe moves a few KB of records, so the
# speed of bulk encryption does not show; every suite stays.
TARGET_CFLAGS	= -DBR_AES_X86NI=0 -DBR_SSE2=0
TARGET_LDFLAGS	=
# How to run a binary of this target here (empty: natively).
RUN		=
