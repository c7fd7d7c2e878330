/* fuzz_stats.c - the SPC chart and agreement statistics (stats/) on any series: one number per line ("x" is
 * missing); the first line's characters pick the options. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "stats/agreement.h"
#include "stats/spc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	double x[512];
	size_t n = 0;
	unsigned opts = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line && n < 512; line = strtok_r(NULL, "\n", &save)) {
		if (!opts && line[0] == '#') {
			char *rest; /* what follows the number is free bytes: the fuzzer may put anything there */
			opts = (unsigned)strtoul(line + 1, &rest, 10) | 0x100;
			continue;
		}
		char *end;
		double v = strtod(line, &end);
		x[n++] = end == line || !isfinite(v) ? NAN : v;
	}
	free(text);
	struct spc_options o;
	spc_options_default(&o);
	o.improve = (enum spc_direction)(opts % 3);
	o.has_target = opts & 4;
	o.target = n ? x[0] : 0;
	o.screen = !(opts & 8);
	o.baseline = opts & 16 ? 12 : 0;
	size_t rebase[2] = {n / 3, 2 * n / 3};
	if (opts & 32 && n > 3) {
		o.rebase = rebase;
		o.n_rebase = rebase[0] < rebase[1] && rebase[0] > 0 ? 2 : 0;
	}
	struct spc_result r;
	char err[200];
	if (spc_xmr(x, n, &o, &r, err, sizeof err) == 0)
		spc_release(&r);
	spc_run_chart(x, n);
	/* Agreement: the same numbers as raters x items, 5 levels. */
	int levels = 5;
	agreement_item(x, n, levels);
	size_t raters = n >= 4 ? 4 : 1, units = n / raters;
	if (units)
		agreement_alpha(x, units, raters, ALPHA_INTERVAL), agreement_alpha(x, units, raters, ALPHA_ORDINAL);
	return 0;
}
