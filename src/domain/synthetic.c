/* synthetic.c - a deterministic synthetic region (see synthetic.h). Rows go in with the store's prepared
 * statements, one transaction per unit, without the per-answer checks of the survey: the data is made to
 * fit the instrument. */
#include "domain/synthetic.h"

#include <stdio.h>
#include <string.h>

#include "domain/auth.h"
#include "domain/round.h"
#include "domain/round_answers.h"
#include "domain/unit.h"
#include "lib/buf.h"
#include "store/store.h"

static unsigned long long seed_state;

static double
rnd(void)
{
	seed_state = seed_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(seed_state >> 11) / (double)(1ULL << 53);
}

static const char *const groups[] = {"gp",    "gp",         "nurse",   "nurse", "admin",
				     "admin", "pharmacist", "manager", "ahp",   "social-prescriber"};

/* Round R of the unit UNIT_ID, opened and closed in its season, with RATERS imported answers around LEVEL. */
static int
synthetic_round(struct store *s, const struct instrument *grid, int64_t unit_id, size_t r, double level,
		const char *now, size_t raters, struct error *err)
{
	char opens[32], closes[32], title[64];
	int year = 2021 + (int)(r / 2), month = r % 2 ? 10 : 4;
	snprintf(opens, sizeof opens, "%04d-%02d-01", year, month);
	snprintf(closes, sizeof closes, "%04d-%02d-28", year, month);
	snprintf(title, sizeof title, "Round %zu", r + 1);
	struct param rp[] = {PINT(unit_id),  PTEXT(grid->id), PINT(grid->version), PTEXT(title),
			     PTEXT("survey"), PTEXT("domain"), PTEXT(opens),        PTEXT(closes),
			     PNULL,           PTEXT(now)};
	int64_t round_id;
	/* Its answers go in as an import's do, and the round is marked so (domain/round_answers.h). */
	if (store_get_int(s, Q_ROUND_ADD, PARAMS(rp), &round_id, err) < 0 ||
	    round_answers_claim(s, round_id, "import", err) < 0)
		return -1;
	for (size_t k = 0; k < raters; k++) {
		char key[80];
		/* No link exists: any unique key will do. */
		snprintf(key, sizeof key, "syn-%lld-%zu-%zu", (long long)unit_id, r, k);
		struct param pp[] = {PINT(round_id), PTEXT(key), PTEXT(groups[k % 10]), PTEXT(closes)};
		int64_t response_id;
		if (store_get_int(s, Q_RESPONSE_IMPORT, PARAMS(pp), &response_id, err) < 0)
			return -1;
		size_t i = 0;
		for (size_t d = 0; d < grid->n_domains; d++)
			for (size_t j = 0; j < grid->domains[d].n_items; j++, i++) {
				double v = level + (rnd() - 0.5) * 2.4 - 0.3 * (double)d;
				long score = v < 0 ? 0 : v > 4 ? 4 : (long)(v + 0.5);
				struct param ap[] = {PINT(response_id), PTEXT(grid->domains[d].items[j].code),
						     PINT(score), PNULL};
				if (store_exec(s, Q_ANSWER_PUT, PARAMS(ap), NULL, NULL, NULL, err) < 0)
					return -1;
			}
	}
	return 0;
}

int
synthetic_region(struct store *s, const struct instrument *grid, const struct synthetic_spec *spec, struct error *err)
{
	seed_state = 20261123ULL + spec->units * 31 + spec->rounds * 7 + spec->raters;
	size_t localities = spec->units / 100 + 1;
	struct buf csv = BUF_INIT;
	buf_init(&csv, 0);
	buf_puts(&csv, "code,name,type,parent_code,list_size,counted_on\nSYN,Synthetic Region,region,,,\n");
	for (size_t l = 0; l < localities; l++)
		buf_printf(&csv, "SYN-L%zu,Locality %zu,locality,SYN,,\n", l + 1, l + 1);
	for (size_t u = 0; u < spec->units; u++)
		buf_printf(&csv, "SYN-P%zu,Primary Care Home %zu,pch,SYN-L%zu,,\n", u + 1, u + 1, u % localities + 1);
	struct strvec problems = STRVEC_INIT;
	int n = unit_import_csv(s, &actor_cli, csv.data, csv.len, "synthetic", &problems, err);
	buf_release(&csv);
	if (n < 0) {
		if (problems.n)
			error_set(err, "%s", problems.v[0]);
		strvec_clear(&problems);
		return -1;
	}
	struct unit_tree tree;
	if (unit_tree_load(s, &tree, err) < 0)
		return -1;
	if (store_instrument_put(s, grid->id, grid->version, grid->title, grid->canonical, grid->hash, "built-in",
				 err) < 0)
		goto fail_tree;
	char now[32];
	store_now(now, sizeof now);
	for (size_t u = 0; u < spec->units; u++) {
		char code[32];
		snprintf(code, sizeof code, "SYN-P%zu", u + 1);
		const struct unit *unit = unit_by_code(&tree, code);
		double base = rnd() * 2.5;
		if (store_begin(s, err) < 0)
			goto fail_tree;
		for (size_t r = 0; r < spec->rounds; r++) {
			if (synthetic_round(s, grid, unit->id, r, base + 0.25 * (double)r, now, spec->raters, err) < 0)
				goto fail;
		}
		if (store_commit(s, err) < 0)
			goto fail_tree;
		if (spec->progress)
			spec->progress(u + 1, spec->units, spec->progress_ctx);
	}
	unit_tree_release(&tree);
	return 0;
fail:
	store_rollback(s);
fail_tree:
	unit_tree_release(&tree);
	return -1;
}
