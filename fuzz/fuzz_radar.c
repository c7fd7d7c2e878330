/* fuzz_radar.c - the radar of domain means (web/svg.c svg_radar; bars below three domains) and the 360 gap
 * chart (svg_gap) on made-up results (fuzz.h: made_results): the scale's ends as the gap chart's, the element
 * means as self and the domain means as others. Any value draws in bounded time: the gap chart's lines are
 * capped (SVG_TICKS_MAX) on a scale from LONG_MIN to LONG_MAX as on one of five levels. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/xalloc.h"
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
	struct made_results m;
	made_results_init(&m, data, size);
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	const struct lang *l = size && data[0] & 1 ? lang_find("es") : NULL;
	svg_radar(&b, l, &m.res);
	buf_reset(&b);
	size_t n = m.ins.n_domains;
	const char **labels = xcalloc(n ? n : 1, sizeof *labels);
	double *self = xcalloc(n ? n : 1, sizeof *self), *others = xcalloc(n ? n : 1, sizeof *others);
	for (size_t d = 0; d < n; d++) {
		labels[d] = m.ins.domains[d].title;
		self[d] = m.res.domains[d].mean;
		others[d] = d < m.res.n_items ? m.res.items[d].st.mean : self[d];
	}
	svg_gap(&b, l, labels, self, others, n, (double)m.ins.levels[0].value,
		(double)m.ins.levels[m.ins.n_levels - 1].value);
	if (count(b.data, "class=\"axis\"") > SVG_TICKS_MAX)
		abort(); /* more scale lines than the cap */
	free(labels);
	free(self);
	free(others);
	buf_release(&b);
	made_results_release(&m);
	return 0;
}
