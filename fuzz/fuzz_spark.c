/* fuzz_spark.c - the small multiples' tiny SPC chart (web/svg_spark.c svg_spark_spc) drawn from any series, read
 * as fuzz_spc_chart reads it: one number per line ("x", "nan", "inf", "1e999" kept as they read), up to 10,000
 * points, a first line "#N T" picking the options and the target T. Every finite value must draw in bounded
 * time, and every coordinate must be a number within the drawing (no "nan" or "inf" written, none outside). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/buf.h"
#include "stats/spc.h"
#include "web/svg_spark.h"

#define MAX_POINTS 10000

/* Aborts when a coordinate attribute of the drawing holds no number or one outside it (1 px of slack). */
static void
check_coordinates(const char *svg)
{
	static const char *const attrs[] = {" cx=\"", " cy=\"", " x1=\"", " x2=\"", " y1=\"", " y2=\"", NULL};
	if (strstr(svg, "nan") || strstr(svg, "inf"))
		abort();
	for (int a = 0; attrs[a]; a++)
		for (const char *p = strstr(svg, attrs[a]); p; p = strstr(p + 1, attrs[a])) {
			char *end;
			double v = strtod(p + strlen(attrs[a]), &end);
			double max = attrs[a][2] == 'y' || attrs[a][1] == 'y' ? SVG_SPARK_H : SVG_SPARK_W;
			/* a one-point chart's levels reach 20 px out */
			if (*end != '"' || !(v >= -21 && v <= max + 21))
				abort();
		}
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
			char *end, *rest;
			opts = (unsigned)strtoul(line + 1, &end, 10) | 0x100;
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
	double *clean = malloc((n ? n : 1) * sizeof *clean);
	for (size_t i = 0; i < n; i++)
		clean[i] = isfinite(x[i]) ? x[i] : NAN;
	struct spc_result r;
	char err[200];
	if (spc_xmr(clean, n, &o, &r, err, sizeof err) == 0) {
		for (size_t i = 0; i < r.n && i < n; i++) /* an old row's infinities drawn as gaps */
			r.points[i].value = x[i];
		struct buf b = BUF_INIT;
		buf_init(&b, 0);
		svg_spark_spc(&b, &r, o.has_target, target, "chart");
		check_coordinates(b.data);
		buf_release(&b);
		spc_release(&r);
	}
	free(clean);
	free(x);
	return 0;
}
