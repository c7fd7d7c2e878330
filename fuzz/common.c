/* common.c - helpers of the fuzz targets (see fuzz.h). */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/xalloc.h"

char *
fuzz_text(const uint8_t *data, size_t size)
{
	return xstrndup((const char *)data, size);
}

/* ---- a series, for the SPC chart targets ---- */

void
fuzz_series_read(struct fuzz_series *s, const uint8_t *data, size_t size)
{
	memset(s, 0, sizeof *s);
	char *text = fuzz_text(data, size);
	s->x = xcalloc(FUZZ_SERIES_MAX, sizeof *s->x);
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line && s->n < FUZZ_SERIES_MAX;
	     line = strtok_r(NULL, "\n", &save)) {
		char *end;
		if (!s->opts && line[0] == '#') {
			s->opts = (unsigned)strtoul(line + 1, &end, 10) | 0x100;
			char *rest; /* what follows the target is free bytes: the fuzzer may put anything there */
			s->target = strtod(end, &rest);
			continue;
		}
		double v = strtod(line, &end);
		s->x[s->n++] = end == line ? NAN : v;
	}
	free(text);
	spc_options_default(&s->o);
	s->o.improve = (enum spc_direction)(s->opts % 3);
	s->o.has_target = s->opts & 4;
	s->o.target = s->target;
}

int
fuzz_series_spc(const struct fuzz_series *s, struct spc_result *r)
{
	double *clean = xcalloc(s->n ? s->n : 1, sizeof *clean);
	for (size_t i = 0; i < s->n; i++)
		clean[i] = isfinite(s->x[i]) ? s->x[i] : NAN;
	char err[200];
	int rc = spc_xmr(clean, s->n, &s->o, r, err, sizeof err);
	free(clean);
	for (size_t i = 0; rc == 0 && i < r->n && i < s->n; i++)
		r->points[i].value = s->x[i];
	return rc;
}

void
fuzz_series_release(struct fuzz_series *s)
{
	free(s->x);
}

/* ---- made-up results, for the heat map and radar targets ---- */

struct numbers {
	double v[256];
	size_t n, at;
	const char *titles[8];
	size_t n_titles;
};

static double
next(struct numbers *x)
{
	return x->n ? x->v[x->at++ % x->n] : 1;
}

static long
next_long(struct numbers *x)
{
	double v = next(x);
	return !(v == v) ? 0 : v >= (double)LONG_MAX ? LONG_MAX : v <= (double)LONG_MIN ? LONG_MIN : (long)v;
}

static size_t
next_count(struct numbers *x)
{
	double v = fabs(next(x));
	return !(v < 1e15) ? (size_t)1e15 : (size_t)v;
}

static const char *
next_title(struct numbers *x, size_t i)
{
	return x->n_titles ? x->titles[i % x->n_titles] : "domain";
}

void
made_results_init(struct made_results *m, const uint8_t *data, size_t size)
{
	memset(m, 0, sizeof *m);
	m->text = fuzz_text(data, size);
	struct numbers x = {0};
	unsigned shape[3] = {5, 3, 2};
	char *save = NULL;
	for (char *line = strtok_r(m->text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *end;
		if (line[0] == '#') {
			const char *p = line + 1;
			for (int k = 0; k < 3; k++, p = end)
				shape[k] = (unsigned)strtoul(p, &end, 10);
		} else if (line[0] == 't') {
			if (x.n_titles < 8)
				x.titles[x.n_titles++] = line + 1;
		} else if (x.n < 256) {
			double v = strtod(line, &end);
			x.v[x.n++] = end == line ? NAN : v;
		}
	}
	struct instrument *ins = &m->ins;
	ins->id = "fuzz";
	ins->title = next_title(&x, 0);
	ins->subject = "team";
	ins->n_levels = 1 + shape[0] % 8;
	ins->levels = xcalloc(ins->n_levels, sizeof *ins->levels);
	for (size_t k = 0; k < ins->n_levels; k++) {
		ins->levels[k].value = next_long(&x);
		ins->levels[k].label = next_title(&x, k);
	}
	ins->dont_know = shape[0] & 8;
	ins->n_domains = shape[1] % 9;
	ins->domains = xcalloc(ins->n_domains ? ins->n_domains : 1, sizeof *ins->domains);
	size_t per = shape[2] % 7;
	m->res.ins = ins;
	m->res.n_items = ins->n_domains * per;
	m->res.items = xcalloc(m->res.n_items ? m->res.n_items : 1, sizeof *m->res.items);
	m->res.domains = xcalloc(ins->n_domains ? ins->n_domains : 1, sizeof *m->res.domains);
	for (size_t d = 0, k = 0; d < ins->n_domains; d++) {
		struct domain *dom = &ins->domains[d];
		dom->code = "D";
		dom->title = next_title(&x, d);
		dom->n_items = per;
		dom->items = xcalloc(per ? per : 1, sizeof *dom->items);
		m->res.domains[d].mean = next(&x);
		for (size_t j = 0; j < per; j++, k++) {
			dom->items[j].code = next_title(&x, j + 1);
			struct item_result *it = &m->res.items[k];
			it->item = &dom->items[j];
			it->domain = dom;
			it->domain_index = d;
			it->st.mean = next(&x);
			it->st.n = next_count(&x);
			it->counts = xcalloc(ins->n_levels, sizeof *it->counts);
			for (size_t l = 0; l < ins->n_levels; l++)
				it->counts[l] = next_count(&x);
			it->dont_know = next_count(&x);
			it->has_consensus = (k & 1) != 0;
			it->consensus = next_long(&x);
		}
	}
	ins->n_items = m->res.n_items;
}

void
made_results_release(struct made_results *m)
{
	for (size_t k = 0; k < m->res.n_items; k++)
		free(m->res.items[k].counts);
	for (size_t d = 0; d < m->ins.n_domains; d++)
		free(m->ins.domains[d].items);
	free(m->res.items);
	free(m->res.domains);
	free(m->ins.domains);
	free(m->ins.levels);
	free(m->text);
}
