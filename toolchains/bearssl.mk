# Builds BearSSL's library out of tree: make -f toolchains/bearssl.mk
#   BEARSSL_SRC=dir OUT=dir CC=cc AR=ar BR_CFLAGS="..." [BR_DEPS="files"]
# BR_DEPS: what the objects also depend on (the target's fragment and
# musl), so that a change of flags recompiles them, not just re-archives.
# Compiles every src/**/*.c of BearSSL (its own Makefile would work too; this
# way one make controls flags and parallelism for every target).
BR_C	:= $(shell find $(BEARSSL_SRC)/src -name '*.c' | sort)
BR_O	:= $(patsubst $(BEARSSL_SRC)/src/%.c,$(OUT)/%.o,$(BR_C))

$(OUT)/libbearssl.a: $(BR_O)
	@rm -f $@
	$(AR) rcs $@ $(BR_O)

$(OUT)/%.o: $(BEARSSL_SRC)/src/%.c $(BR_DEPS)
	@mkdir -p $(dir $@)
	@$(CC) $(BR_CFLAGS) -I$(BEARSSL_SRC)/inc -I$(BEARSSL_SRC)/src -c $< -o $@
