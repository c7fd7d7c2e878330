/* fuzz_spc_chart.c - the SPC chart (web/svg.c svg_spc) drawn from any series: one number per line ("x", "nan",
 * "inf" or "1e999" are kept as they read, not made missing), up to 10,000 points; a first line "#N T" picks the
 * options (N as in fuzz_stats) and the target T. Every finite value must draw in bounded time, the grid with at
 * most SVG_TICKS_MAX lines, whatever the size of the values (1e16, ±1e308, a target at DBL_MAX). With option bit
 * 64 the periods are months and the chart is annotated (svg_marks.c): a mark of each kind in turn on periods
 * spread over the series and some outside it, at most 300, in at most SVG_MARK_ROWS rows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/buf.h"
#include "stats/spc.h"
#include "web/svg.h"

#define MAX_POINTS 10000

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
	char *text = fuzz_text(data, size);
	double *x = malloc(MAX_POINTS * sizeof *x), target = 0;
	size_t n = 0;
	unsigned opts = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line && n < MAX_POINTS; line = strtok_r(NULL, "\n", &save)) {
		if (!opts && line[0] == '#') {
			char *end;
			opts = (unsigned)strtoul(line + 1, &end, 10) | 0x100;
			char *rest; /* what follows the target is free bytes: the fuzzer may put anything there */
			target = strtod(end, &rest);
			continue;
		}
		char *end;
		double v = strtod(line, &end);
		x[n++] = end == line ? NAN : v;
	}
	free(text);
	struct spc_options o;
	spc_options_default(&o);
	o.improve = (enum spc_direction)(opts % 3);
	o.has_target = opts & 4;
	o.target = target;
	o.baseline = opts & 16 ? 12 : 0;
	/* The statistics take only numbers or NaN (as measures store them); the chart is also given the series as
	 * it read, infinities and all, as an old row might hold. */
	double *clean = malloc((n ? n : 1) * sizeof *clean);
	for (size_t i = 0; i < n; i++)
		clean[i] = isfinite(x[i]) ? x[i] : NAN;
	struct spc_result r;
	char err[200];
	if (spc_xmr(clean, n, &o, &r, err, sizeof err) == 0) {
		for (size_t i = 0; i < r.n && i < n; i++)
			r.points[i].value = x[i];
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
		svg_spc(&b, NULL, &r, opts & 32 ? NULL : periods, o.has_target, target, "chart", opts & 8,
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
	free(clean);
	free(x);
	return 0;
}
