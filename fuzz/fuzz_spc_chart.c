/* fuzz_spc_chart.c - the SPC chart (web/svg.c svg_spc) drawn from any series (fuzz.h, struct fuzz_series; N as
 * in fuzz_stats). Every finite value must draw in bounded time, the grid with at most SVG_TICKS_MAX lines,
 * whatever the size of the values (1e16, ±1e308, a target at DBL_MAX). With option bit 64 the periods are months
 * and the chart is annotated (svg_marks.c): a mark of each kind in turn on periods spread over the series and
 * some outside it, at most 300, in at most SVG_MARK_ROWS rows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/buf.h"
#include "stats/spc.h"
#include "web/svg.h"

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_series s;
	fuzz_series_read(&s, data, size);
	unsigned opts = s.opts;
	double *x = s.x, target = s.target;
	size_t n = s.n;
	s.o.baseline = opts & 16 ? 12 : 0;
	struct spc_result r;
	if (fuzz_series_spc(&s, &r) == 0) {
		char (*periods)[11] = calloc(r.n ? r.n : 1, sizeof *periods);
		for (size_t i = 0; i < r.n; i++)
			if (opts & 64)
				snprintf(periods[i], sizeof *periods, "%04d-%02d-01", (int)(2026 + i / 12 % 7000),
					 (int)(i % 12 + 1));
			else
				memcpy(periods[i], "2026-01-01", 11);
		static const char *const acts[] = {"adopt", "adapt", "abandon", ""};
		struct measure_marks mk = {0};
		struct measure_mark marks[300];
		char note[] = "a note";
		for (size_t i = 0; opts & 64 && r.n && i < r.n && i < 300; i++) {
			marks[i] = (struct measure_mark){.kind = (enum measure_mark_kind)(i % 5), .number = (long)i,
							 .text = note};
			snprintf(marks[i].act, sizeof marks[i].act, "%s", acts[i % 4]);
			const char *day = i % 11 ? periods[(i * 7) % r.n] : "1999-05-17";
			snprintf(marks[i].day, sizeof marks[i].day, "%s", day);
			mk.n++;
		}
		mk.v = marks;
		struct buf b = BUF_INIT;
		buf_init(&b, 0);
		svg_spc(&b, NULL, &r, opts & 32 ? NULL : periods, s.o.has_target, target, "chart", opts & 8,
			opts & 64 ? &mk : NULL);
		if (count(b.data, "class=\"mark\"") > mk.n)
			abort(); /* a mark drawn twice */
		if (count(b.data, "stroke=\"#eef1f3\"") > SVG_TICKS_MAX)
			abort(); /* more grid lines than the cap */
		buf_release(&b);
		free(periods);
		spc_release(&r);
	}
	/* The grid alone, on the extremes of what was read. */
	double ticks[SVG_TICKS_MAX];
	if (n >= 2 && svg_ticks(fmin(x[0], x[1]), fmax(x[0], x[1]), ticks, SVG_TICKS_MAX) > SVG_TICKS_MAX)
		abort();
	fuzz_series_release(&s);
	return 0;
}
