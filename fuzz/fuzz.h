/*
 * fuzz.h - what every fuzz target shares. Each fuzz/fuzz_*.c defines LLVMFuzzerTestOneInput for one parser;
 * "make fuzz" links it with libFuzzer (clang), and replay.c runs the corpus of each through the same entry
 * in "make check" (gcc, ASan and UBSan), so that every input once found stays a regression test.
 */
#ifndef CAREGRID_FUZZ_H
#define CAREGRID_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of the input (parsers take C strings too); the caller frees it. */
char *fuzz_text(const uint8_t *data, size_t size);

#include "domain/results.h"
#include "stats/spc.h"

/* A series for the SPC chart targets: one number per line ("x", "nan", "inf" or "1e999" kept as they read, not
 * made missing), up to FUZZ_SERIES_MAX points; a first line "#N T" picks the options N (the target's own bits)
 * and the target T. */
#define FUZZ_SERIES_MAX 10000
struct fuzz_series {
	double *x;      /* owned: the values as read */
	size_t n;
	unsigned opts;  /* N, with 0x100 set once the line was read */
	double target;
	struct spc_options o; /* the defaults, with the direction (N % 3) and the target (N & 4) set */
};

void fuzz_series_read(struct fuzz_series *s, const uint8_t *data, size_t size);
/* The X-mR chart of the series: the statistics take only numbers or NaN (as measures store them), then each
 * point is given its value as read, infinities and all, as an old row might hold. -1 when spc_xmr refuses. */
int fuzz_series_spc(const struct fuzz_series *s, struct spc_result *r);
void fuzz_series_release(struct fuzz_series *s);

/* An instrument and its results made up from fuzz input, for the heat map and radar targets:
 * the first line "#L D I" gives the levels (1..8), domains (0..8) and elements per domain (0..6); every later
 * line is a number, taken in turn for the level values (any long), the means (any double, "nan", "inf") and the
 * counts; a line "tTEXT" is a title (domains, elements, levels), the input's own bytes, whatever they are. */
struct made_results {
	struct instrument ins;
	struct results res;
	char *text; /* owned: the input, cut into lines */
};

void made_results_init(struct made_results *m, const uint8_t *data, size_t size);
void made_results_release(struct made_results *m);

#endif
