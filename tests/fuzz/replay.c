/*
 * replay.c -- runs a fuzz target over its seed corpus without libFuzzer
 * (make check, host cc + ASan/UBSan).
 *
 * usage: replay_NAME DIR...
 * Every regular file of each DIR (names starting with '.' skipped, in name
 * order) is fed to LLVMFuzzerTestOneInput twice, the second time to catch
 * state leaking between runs.  One TAP line per file; a missing or empty
 * DIR is a failure, since every parser must have seeds.  A crash is caught
 * by the sanitizers, which end the process: run.sh counts the non-zero
 * exit, and a "not ok" line naming the file is written first (sanitizer
 * death callback, or a handler for the SIGILL of __builtin_trap and for
 * SIGABRT).  Each input is copied into a heap block of exactly its size so
 * ASan sees a read one byte past the end (the harness may use the heap;
 * mxprobe itself may not).
 */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* libFuzzer's default -max_len is far smaller: bigger is no seed */
#define REPLAY_MAX	(1024 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
void __sanitizer_set_death_callback(void (*)(void)) __attribute__((weak));

static unsigned char	 buf[REPLAY_MAX];
static int		 n, fail;
static char		 dying[4200];	/* this input's "not ok" */
static size_t		 dying_len;

/* UBSan's fatal path runs no death callback: make it abort instead */
const char *__ubsan_default_options(void);

const char *
__ubsan_default_options(void)
{
	return "print_stacktrace=1:abort_on_error=1";
}

static void
on_death(void)
{
	ssize_t	 r = 0;

	if (dying_len > 0)
		r = write(1, dying, dying_len);	/* async-signal-safe */
	(void)r;
	dying_len = 0;
}

static void
on_signal(int sig)
{
	on_death();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
tap(int ok, const char *what, const char *why)
{
	n++;
	if (!ok)
		fail++;
	printf("%sok %d - %s%s%s\n", ok ? "" : "not ", n, what,
	    why ? "  # " : "", why ? why : "");
	fflush(stdout);		/* the line must be out before a crash */
}

static int
visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Runs one file; returns 1 if it was a regular file. */
static int
replay_file(const char *path)
{
	struct stat	 st;
	unsigned char	*copy;
	FILE		*f;
	size_t		 len;
	int		 round, k;

	if (stat(path, &st) == -1 || !S_ISREG(st.st_mode))
		return 0;
	if (st.st_size > REPLAY_MAX) {
		printf("# %s: %lld bytes, over %d: skipped\n", path,
		    (long long)st.st_size, REPLAY_MAX);
		tap(1, path, "SKIP too big");
		return 1;
	}
	if ((f = fopen(path, "rb")) == NULL) {
		tap(0, path, "cannot open");
		return 1;
	}
	len = fread(buf, 1, sizeof(buf), f);
	if (ferror(f)) {
		fclose(f);
		tap(0, path, "read error");
		return 1;
	}
	fclose(f);
	k = snprintf(dying, sizeof(dying), "not ok %d - %s  # crashed, see "
	    "the sanitizer report\n", n + 1, path);
	dying_len = k < 0 ? 0 : (size_t)k < sizeof(dying) ? (size_t)k :
	    sizeof(dying) - 1;
	for (round = 0; round < 2; round++) {
		if ((copy = malloc(len ? len : 1)) == NULL) {
			tap(0, path, "out of memory");
			return 1;
		}
		memcpy(copy, buf, len);
		LLVMFuzzerTestOneInput(copy, len);
		free(copy);
	}
	dying_len = 0;
	tap(1, path, NULL);
	return 1;
}

static void
replay_dir(const char *dir)
{
	struct dirent	**ent;
	char		  path[4096];
	int		  i, k, files;

	k = scandir(dir, &ent, visible, alphasort);
	if (k < 0) {
		tap(0, dir, "missing corpus directory");
		return;
	}
	files = 0;
	for (i = 0; i < k; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    ent[i]->d_name) >= sizeof(path))
			tap(0, ent[i]->d_name, "path too long");
		else
			files += replay_file(path);
		free(ent[i]);
	}
	free(ent);
	if (files == 0)
		tap(0, dir, "empty corpus: every fuzz target needs seeds");
}

int
main(int argc, char **argv)
{
	int	 i;

	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(on_death);
	signal(SIGILL, on_signal);
	signal(SIGABRT, on_signal);
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	if (argc < 2)
		tap(0, "replay", "usage: replay_NAME CORPUS_DIR...");
	for (i = 1; i < argc; i++)
		replay_dir(argv[i]);
	printf("1..%d\n", n);
	return fail ? 1 : 0;
}
