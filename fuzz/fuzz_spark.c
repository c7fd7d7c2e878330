/* fuzz_spark.c - the small multiples' tiny SPC chart (web/svg_spark.c svg_spark_spc) drawn from any series, read
 * as fuzz_spc_chart reads it (fuzz.h, struct fuzz_series). Every finite value must draw in bounded time, and
 * every coordinate must be a number within the drawing (no "nan" or "inf" written, none outside). */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/buf.h"
#include "stats/spc.h"
#include "web/svg_spark.h"

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
	struct fuzz_series s;
	fuzz_series_read(&s, data, size);
	struct spc_result r;
	if (fuzz_series_spc(&s, &r) == 0) { /* an old row's infinities drawn as gaps */
		struct buf b = BUF_INIT;
		buf_init(&b, 0);
		svg_spark_spc(&b, &r, s.o.has_target, s.target, "chart");
		check_coordinates(b.data);
		buf_release(&b);
		spc_release(&r);
	}
	fuzz_series_release(&s);
	return 0;
}
