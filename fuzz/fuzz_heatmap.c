/* fuzz_heatmap.c - the heat map, its legend and each element's distribution bar (web/svg.c) on made-up results
 * (fuzz.h: made_results): any scale (one level, levels at the ends of a long), any means (NaN, infinities,
 * ±1e308), any counts and titles that are not UTF-8. Each draws in bounded time and never reads outside. */
#include "fuzz.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "web/svg.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct made_results m;
	made_results_init(&m, data, size);
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	const struct lang *l = size && data[0] & 1 ? lang_find("cy") : NULL;
	svg_level_legend(&b, l, &m.ins, true);
	svg_heatmap(&b, l, &m.res);
	for (size_t k = 0; k < m.res.n_items; k++)
		svg_distribution(&b, l, &m.ins, m.res.items[k].counts, m.res.items[k].dont_know, 160);
	buf_release(&b);
	made_results_release(&m);
	return 0;
}
