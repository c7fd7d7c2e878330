/*
 * catalog.c - the set of known instruments and their versions (see catalog.h). Catalogs hold tens of
 * instruments, so plain arrays and linear scans are the right size.
 */
#include "domain/catalog.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/embedded.h"
#include "lib/sort.h"
#include "lib/xalloc.h"
#include "store/store.h"

struct catalog {
	struct instrument **all; /* owned: every version, in the order added */
	size_t n, cap;
	const struct instrument **latest; /* the listing, rebuilt after each change */
	size_t n_latest, cap_latest;
};

struct catalog *
catalog_new(void)
{
	return xcalloc(1, sizeof(struct catalog));
}

void
catalog_free(struct catalog *cat)
{
	if (!cat)
		return;
	for (size_t i = 0; i < cat->n; i++)
		instrument_free(cat->all[i]);
	free(cat->all);
	free(cat->latest);
	free(cat);
}

static bool
is_builtin(const struct instrument *ins)
{
	return strncmp(ins->origin, "built-in", 8) == 0;
}

static int
id_order(const void *a, const void *b)
{
	const struct instrument *x = *(const struct instrument *const *)a;
	const struct instrument *y = *(const struct instrument *const *)b;
	return strcmp(x->id, y->id);
}

static void
rebuild_latest(struct catalog *cat)
{
	cat->n_latest = 0;
	for (size_t i = 0; i < cat->n; i++) {
		const struct instrument *ins = catalog_find(cat, cat->all[i]->id, 0);
		if (ins != cat->all[i])
			continue;
		cat->latest = xgrow(cat->latest, sizeof *cat->latest, cat->n_latest + 1, &cat->cap_latest);
		cat->latest[cat->n_latest++] = ins;
	}
	/* Built-ins come first in the order added; sort only the rest. */
	size_t nb = 0;
	for (size_t i = 0; i < cat->n_latest; i++)
		if (is_builtin(cat->latest[i])) {
			const struct instrument *t = cat->latest[i];
			memmove(&cat->latest[nb + 1], &cat->latest[nb], (i - nb) * sizeof *cat->latest);
			cat->latest[nb++] = t;
		}
	sort_array(cat->latest + nb, cat->n_latest - nb, sizeof *cat->latest, id_order);
}

int
catalog_add(struct catalog *cat, struct instrument *ins, struct strvec *problems)
{
	for (size_t i = 0; i < cat->n; i++) {
		const struct instrument *have = cat->all[i];
		if (strcmp(have->id, ins->id) != 0 || have->version != ins->version)
			continue;
		int same = strcmp(have->hash, ins->hash) == 0;
		if (!same)
			strvec_pushf(problems,
				     "%s: instrument \"%s\" version %ld differs from the one already loaded from %s; "
				     "give the changed instrument a new version number",
				     ins->origin, ins->id, ins->version, have->origin);
		instrument_free(ins);
		return same ? 0 : -1;
	}
	cat->all = xgrow(cat->all, sizeof *cat->all, cat->n + 1, &cat->cap);
	cat->all[cat->n++] = ins;
	rebuild_latest(cat);
	return 1;
}

int
catalog_load_builtin(struct catalog *cat, struct strvec *problems)
{
	int rc = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		if (strncmp(f->name, "instruments/", 12) != 0)
			continue;
		char origin[256];
		snprintf(origin, sizeof origin, "built-in:%s", f->name);
		struct instrument *ins = instrument_parse(f->data, f->len, origin, problems);
		if (!ins || catalog_add(cat, ins, problems) < 0)
			rc = -1;
	}
	return rc;
}

static int
name_order(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
catalog_load_dir(struct catalog *cat, const char *dir, struct strvec *problems)
{
	DIR *d = opendir(dir);
	if (!d) {
		strvec_pushf(problems, "%s: cannot read instrument directory: %s", dir, strerror(errno));
		return -1;
	}
	struct strvec names = STRVEC_INIT;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (n > 5 && strcmp(de->d_name + n - 5, ".json") == 0 && de->d_name[0] != '.')
			strvec_pushf(&names, "%s/%s", dir, de->d_name);
	}
	closedir(d);
	sort_array(names.v, names.n, sizeof *names.v, name_order);
	int rejected = 0;
	for (size_t i = 0; i < names.n; i++) {
		struct instrument *ins = instrument_load_file(names.v[i], problems);
		if (!ins || catalog_add(cat, ins, problems) < 0)
			rejected++;
	}
	strvec_clear(&names);
	return rejected;
}

struct sync_ctx {
	struct catalog *cat;
	struct strvec *problems;
};

static int
load_stored(void *vctx, const char *id, long version, const char *definition, const char *hash)
{
	struct sync_ctx *ctx = vctx;
	const struct instrument *have = catalog_find(ctx->cat, id, version);
	if (have) {
		if (strcmp(have->hash, hash) != 0)
			strvec_pushf(ctx->problems,
				     "%s: instrument \"%s\" version %ld differs from the one stored in the database; "
				     "the stored one is kept for history: give the changed instrument a new version "
				     "number", have->origin, id, version);
		return 0;
	}
	char origin[160];
	snprintf(origin, sizeof origin, "database:%s@%ld", id, version);
	struct instrument *ins = instrument_parse(definition, strlen(definition), origin, ctx->problems);
	if (ins)
		catalog_add(ctx->cat, ins, ctx->problems);
	return 0;
}

int
catalog_sync_store(struct catalog *cat, struct store *store, struct strvec *problems, struct error *err)
{
	struct sync_ctx ctx = {cat, problems};
	if (store_instrument_each(store, load_stored, &ctx, err) < 0)
		return -1;
	for (size_t i = 0; i < cat->n; i++) {
		const struct instrument *ins = cat->all[i];
		if (strncmp(ins->origin, "database:", 9) == 0)
			continue;
		int rc = store_instrument_put(store, ins->id, ins->version, ins->title, ins->canonical, ins->hash,
					      is_builtin(ins) ? "built-in" : ins->origin, err);
		if (rc < 0)
			return -1;
	}
	return 0;
}

size_t
catalog_count(const struct catalog *cat)
{
	return cat->n_latest;
}

const struct instrument *
catalog_get(const struct catalog *cat, size_t i)
{
	return i < cat->n_latest ? cat->latest[i] : NULL;
}

const struct instrument *
catalog_find(const struct catalog *cat, const char *id, long version)
{
	const struct instrument *best = NULL;
	for (size_t i = 0; i < cat->n; i++) {
		const struct instrument *ins = cat->all[i];
		if (strcmp(ins->id, id) != 0)
			continue;
		if (version ? ins->version == version : (!best || ins->version > best->version))
			best = ins;
	}
	return best;
}

int
catalog_population_bounds(const struct catalog *cat, long *min, long *max, char *items, size_t size)
{
	int found = 0;
	size_t used = 0;
	if (size)
		items[0] = '\0';
	for (size_t i = 0; i < cat->n_latest; i++) {
		const struct instrument *ins = cat->latest[i];
		for (size_t d = 0; d < ins->n_domains; d++)
			for (size_t j = 0; j < ins->domains[d].n_items; j++) {
				const struct item *it = &ins->domains[d].items[j];
				if (!it->has_population_check)
					continue;
				if (!found) {
					*min = it->population_min;
					*max = it->population_max;
				}
				found = 1;
				if (used < size) {
					int n = snprintf(items + used, size - used, "%s%s %s", used ? ", " : "",
							 ins->id, it->code);
					used += n > 0 ? (size_t)n : 0;
				}
			}
	}
	return found;
}
