# mxprobe -- see README.md.  Goals:
#   make [TARGET=x86_64]  static stripped binary build/$(TARGET)/mxprobe
#   make demo             local demo world + a probe against it
#   make check            every test (unit, fuzz replay, fixtures, Postfix)
#   make size / bench / fuzz / fuzz-long (the 10-minute campaign)
#   WERROR=1 (CI, and CI=true): compiler warnings are errors
#   FIX_PARTIAL=1         build although fix.def lacks entries (interim only)
TARGET		?= x86_64
include toolchains/$(TARGET).mk
include toolchains/host.mk

BEARSSL_SRC	?= build/bearssl
B		:= build/$(TARGET)
T		:= build/test

# -Os and no unwind tables: size is a feature (FIELD-NOTES: -14 KB).
CFLAGS_COMMON	= -std=c99 -Os -ffunction-sections -fdata-sections \
		  -fno-asynchronous-unwind-tables -fno-unwind-tables \
		  -fno-stack-protector $(TARGET_CFLAGS)
# Warnings break the build in CI only (WERROR=1, set by .ci/run and by
# CI=true): a developer's newer compiler must not stop a local build, but
# no warning may land.  EXTRA_CFLAGS: e.g. -DMX_MX_MAX=4 (limits.h).
ifeq ($(CI),true)
WERROR		?= 1
endif
WERR		= $(if $(filter 1,$(WERROR)),-Werror)
WARN		= -Wall -Wextra -Wno-unused-parameter $(WERR)
CFLAGS		= $(CFLAGS_COMMON) $(WARN) -D_GNU_SOURCE -Iinclude \
		  -I$(BEARSSL_SRC)/inc $(EXTRA_CFLAGS)
# -z norelro: musl applies RELRO only in its dynamic linker, so in a
# static binary the padding that page-aligns the RELRO end buys nothing
# (up to a page per binary).  -z common-page-size=512: ld pads the file
# up to a whole common page before the data segment when its estimate says
# that saves a page of memory; with 512 it pads at most 512 bytes, as the
# MIPS binaries were laid out before the padding started (up to 4 KB).
LDFLAGS		= -static -s -Wl,--gc-sections -Wl,-z,norelro \
		  -Wl,-z,common-page-size=512 $(TARGET_LDFLAGS)

# src/<layer>/<module>.c (src/README.md); objects mirror the tree.
# Plus the generated tables of the texts for people (fix.h), gen/.
SRC		:= $(wildcard src/*/*.c)
OBJ		:= $(SRC:src/%.c=$(B)/obj/%.o) $(B)/obj/gen/fixpack.o
LIB_OBJ_T	:= $(filter-out $(T)/obj/cli/%,$(SRC:src/%.c=$(T)/obj/%.o)) \
		   $(T)/obj/gen/fixpack.o
# Header dependencies come from the compiler (-MMD -MP), not from a list.
DEPFLAGS	= -MMD -MP

UNIT		:= $(patsubst tests/unit/%.c,$(T)/unit/%,$(wildcard tests/unit/test_*.c))
FUZZ		:= $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
REPLAY		:= $(FUZZ:%=$(T)/fuzz/replay_%)
FIXTURES	:= $(patsubst tests/fixtures/%.c,$(T)/fixtures/%,$(wildcard tests/fixtures/*.c))

# objects are never intermediate: parallel builds share them
.SECONDARY:

.PHONY: all deps bearssl check demo size bench fuzz fuzz-long clean test-programs
all: $(B)/mxprobe

deps:
	@toolchains/deps.sh build

$(BEARSSL_SRC)/inc/bearssl.h:
	@toolchains/bearssl-src.sh $(BEARSSL_SRC)

$(B)/bearssl/libbearssl.a: $(BEARSSL_SRC)/inc/bearssl.h toolchains/$(TARGET).mk $(TOOLCHAIN_DEP)
	@$(MAKE) --no-print-directory -f toolchains/bearssl.mk BEARSSL_SRC=$(BEARSSL_SRC) \
	    OUT=$(B)/bearssl CC="$(CC)" AR="$(AR)" BR_CFLAGS="$(CFLAGS_COMMON)" \
	    BR_DEPS="toolchains/$(TARGET).mk $(TOOLCHAIN_DEP)"

$(B)/obj/%.o: src/%.c $(BEARSSL_SRC)/inc/bearssl.h $(TOOLCHAIN_DEP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DEPFLAGS) -c $< -o $@

# ---- the texts for people, packed (src/report/fix_int.h) --------------------
# toolchains/textpack.c, a host program never linked into mxprobe, checks
# finding.def and fix.def (an entry for every finding and error, parts of
# printable ASCII within MX_FIX_TEXT_MAX) and writes their packed tables to
# DIR/gen/fixpack.c, one per build directory (the target's, build/test),
# compiled like a module of src/report.  Its -MMD dependencies name both
# .def files, so a change of either (or of the packer) packs again.
# FIX_PARTIAL=1: missing entries are warnings, not a failed build (while
# fix.def is being written; never the default).  The mode is kept in
# DIR/gen/fixpack.mode, rewritten only when it changes, so that switching
# it packs again and a partial pack never passes for a full one.
FIX_PARTIAL	?=
FIXPACK_MODE	= $(if $(filter 1,$(FIX_PARTIAL)),partial,full)
TEXTPACK_CFLAGS	= -std=c99 -O1 $(WARN) -D_GNU_SOURCE -Iinclude -Isrc/report \
		  $(filter -D%,$(EXTRA_CFLAGS))

.PHONY: FORCE
$(B)/gen/fixpack.mode $(T)/gen/fixpack.mode: %/gen/fixpack.mode: FORCE
	@mkdir -p $(dir $@)
	@echo $(FIXPACK_MODE) | cmp -s - $@ 2>/dev/null || echo $(FIXPACK_MODE) > $@

$(B)/gen/textpack $(T)/gen/textpack: %/gen/textpack: toolchains/textpack.c src/base/err.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(TEXTPACK_CFLAGS) $(DEPFLAGS) -MT $@ -MF $@.d -c toolchains/textpack.c -o $@.o
	$(HOST_CC) $(TEXTPACK_CFLAGS) -o $@ $@.o src/base/err.c

$(B)/gen/fixpack.c $(T)/gen/fixpack.c: %/gen/fixpack.c: %/gen/textpack %/gen/fixpack.mode
	$< $(if $(filter partial,$(FIXPACK_MODE)),-p) > $@.tmp || { rm -f $@ $@.tmp; exit 1; }
	@mv $@.tmp $@

$(B)/obj/gen/fixpack.o: $(B)/gen/fixpack.c src/report/fix_int.h $(TOOLCHAIN_DEP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc/report $(DEPFLAGS) -c $< -o $@

$(T)/obj/gen/fixpack.o: $(T)/gen/fixpack.c src/report/fix_int.h
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(WARN) $(HOST_INC) -Isrc/report $(EXTRA_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(B)/mxprobe: $(OBJ) $(B)/bearssl/libbearssl.a
	$(CC) $(CFLAGS) $(LDFLAGS) -Wl,-Map=$(B)/mxprobe.map -o $@ $(OBJ) $(B)/bearssl/libbearssl.a

# ---- host builds for tests -------------------------------------------------
HOST_INC	= -Iinclude -I$(BEARSSL_SRC)/inc -Itests/unit

$(T)/bearssl/libbearssl.a: $(BEARSSL_SRC)/inc/bearssl.h
	@$(MAKE) --no-print-directory -f toolchains/bearssl.mk BEARSSL_SRC=$(BEARSSL_SRC) \
	    OUT=$(T)/bearssl CC="$(HOST_CC)" AR=ar BR_CFLAGS="$(HOST_BR_CFLAGS)"

$(T)/obj/%.o: src/%.c $(BEARSSL_SRC)/inc/bearssl.h
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(WARN) $(HOST_INC) $(EXTRA_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(T)/unit/%: tests/unit/%.c tests/unit/t.h $(LIB_OBJ_T) $(T)/bearssl/libbearssl.a
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(WERR) $(HOST_INC) -o $@ $< $(LIB_OBJ_T) $(T)/bearssl/libbearssl.a $(HOST_LDFLAGS)

$(T)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB_OBJ_T) $(T)/bearssl/libbearssl.a
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(WERR) $(HOST_INC) -o $@ $< tests/fuzz/replay.c $(LIB_OBJ_T) $(T)/bearssl/libbearssl.a $(HOST_LDFLAGS)

# Fixture programs (servers that misbehave on purpose, dump tools): one C
# file each, on BearSSL (server side) and mxprobe's own cores if needed.
$(T)/fixtures/%: tests/fixtures/%.c $(wildcard tests/fixtures/*.h) $(LIB_OBJ_T) $(T)/bearssl/libbearssl.a
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(WERR) $(HOST_INC) -Itests/fixtures -o $@ $< $(LIB_OBJ_T) $(T)/bearssl/libbearssl.a $(HOST_LDFLAGS)

test-programs: $(B)/mxprobe $(UNIT) $(REPLAY) $(FIXTURES)

check:
	@toolchains/deps.sh check
	@$(MAKE) --no-print-directory test-programs
	@MXPROBE=$(B)/mxprobe OBJ_DIR=$(B)/obj RUN="$(RUN)" tests/run.sh

demo:
	@toolchains/deps.sh demo
	@$(MAKE) --no-print-directory $(B)/mxprobe $(FIXTURES)
	@MXPROBE=$(B)/mxprobe toolchains/demo.sh

size: $(B)/mxprobe
	@toolchains/size.sh $(B)
	@echo; toolchains/size-all.sh $(CROSS_ALL)

bench:
	@toolchains/deps.sh bench
	@$(MAKE) --no-print-directory $(B)/mxprobe
	@MXPROBE=$(B)/mxprobe toolchains/bench/bench.sh

# libFuzzer builds (clang); runs each target for FUZZ_SECONDS.
# fuzz-long: the campaign, every target 10 minutes, one per core, and the
# inputs that raised coverage merged into tests/fuzz/corpus/ (commit them).
FUZZ_SECONDS	?= 60
fuzz: $(BEARSSL_SRC)/inc/bearssl.h
	@tests/fuzz/run-libfuzzer.sh $(FUZZ_SECONDS) $(FUZZ)

fuzz-long: $(BEARSSL_SRC)/inc/bearssl.h
	@FUZZ_PAR=$${FUZZ_PAR:-$$(nproc)} FUZZ_MERGE=1 \
	    tests/fuzz/run-libfuzzer.sh $${FUZZ_SECONDS:-600} $(FUZZ)

-include $(OBJ:.o=.d) $(SRC:src/%.c=$(T)/obj/%.d) $(T)/obj/gen/fixpack.d \
	$(B)/gen/textpack.d $(T)/gen/textpack.d

clean:
	rm -rf build/x86_64 build/test build/aarch64 build/armhf build/mipsel build/mips

# ---- cross targets (README "Building for routers") -------------------------
# make cross: every target's binary.  make check-cross: tests/cross.sh runs,
# for each CROSS_CHECK target, its unit tests, fuzz replay and the
# binary-level tests under qemu-user (check-target), then the size budget
# and the no-floating-point check over every target.
CROSS_ALL	:= x86_64 aarch64 armhf mipsel mips
CROSS_CHECK	?= mips armhf
UNIT_X		:= $(patsubst tests/unit/%.c,$(B)/unit/%,$(wildcard tests/unit/test_*.c))
REPLAY_X	:= $(FUZZ:%=$(B)/fuzz/replay_%)
LIB_OBJ		:= $(filter-out $(B)/obj/cli/%,$(OBJ))
# Target test programs: the target's cc, musl and BearSSL, static, no
# sanitizers (there are none for musl cross builds).
X_CFLAGS	= $(CFLAGS_COMMON) $(WERR) -D_GNU_SOURCE $(HOST_INC)
X_LDFLAGS	= -static -Wl,--gc-sections $(TARGET_LDFLAGS)
# The scripts that run the binary under test (they name MXPROBE, RUN or
# need_binaries); the others test host programs only (make check has them).
X_SCRIPTS	= $(shell grep -lE 'MXPROBE|need_binaries|\$$RUN' tests/integration/*.sh tests/interop/*.sh)

.PHONY: cross check-cross check-target cross-tests size-all
$(B)/unit/%: tests/unit/%.c tests/unit/t.h $(LIB_OBJ) $(B)/bearssl/libbearssl.a
	@mkdir -p $(dir $@)
	$(CC) $(X_CFLAGS) $(X_LDFLAGS) -o $@ $< $(LIB_OBJ) $(B)/bearssl/libbearssl.a

$(B)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB_OBJ) $(B)/bearssl/libbearssl.a
	@mkdir -p $(dir $@)
	$(CC) $(X_CFLAGS) $(X_LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB_OBJ) $(B)/bearssl/libbearssl.a

cross-tests: $(B)/mxprobe $(UNIT_X) $(REPLAY_X)

cross:
	@toolchains/deps.sh cross
	@for t in $(CROSS_ALL); do \
	    $(MAKE) --no-print-directory TARGET=$$t all || exit 1; done

size-all: cross
	@toolchains/size-all.sh $(CROSS_ALL)

# One target's share of check-cross (run by tests/cross.sh with TARGET=).
check-target: cross-tests
	@MXPROBE=$(B)/mxprobe RUN="$(RUN)" UNIT_RUN="$(RUN)" UNIT_DIR=$(B)/unit \
	    FUZZ_DIR=$(B)/fuzz TEST_LOG=$(B)/check.log \
	    SCRIPTS="tests/static/heap.sh $(X_SCRIPTS)" \
	    tests/run.sh

check-cross:
	@toolchains/deps.sh check
	@toolchains/deps.sh cross
	@$(MAKE) --no-print-directory cross $(FIXTURES)
	@MAKE="$(MAKE)" CROSS_ALL="$(CROSS_ALL)" tests/cross.sh $(CROSS_CHECK)
