/*
 * measure_summary.h - the Making Data Count summary of a unit and the units below it: every measure a
 * viewer may see there, each with its XmR chart (the same computation as the measure's own page), its latest
 * value and period, its target and its variation and assurance icons; and the measures matched across units
 * for the small multiples. Measures belong to one unit and carry free names, so "the same measure" in two
 * units means the same name, exactly (byte for byte); nothing else is compared.
 */
#ifndef CAREGRID_MEASURE_SUMMARY_H
#define CAREGRID_MEASURE_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/access.h"
#include "domain/improve.h"
#include "domain/unit.h"
#include "lib/error.h"
#include "stats/spc.h"

struct store;

struct summary_cell {
	size_t unit;               /* index into the summary's units */
	size_t name;               /* index into its names */
	struct measure m;          /* its elements not kept (empty) */
	struct measure_series ms;  /* owned */
	struct spc_result r;       /* owned */
	size_t latest;             /* the last point with a value; SIZE_MAX: none */
	unsigned kinds;            /* in a summary of a unit's aims: what the measure serves them as (bit K:
				    * measure_kinds[K]); 0 in a unit's summary */
};

struct summary_unit {
	const struct unit *unit;   /* in the tree the summary was loaded from */
	int depth;                 /* 0: the scope; 1: a unit right below it... */
	size_t first, n;           /* its cells: cells[first .. first + n) */
};

struct measure_summary {
	struct summary_unit *units;  /* owned: the scope and the active units below it that the viewer sees,
				      * depth first, siblings by name */
	size_t n_units, cap_units;
	struct summary_cell *cells;  /* owned: by unit, then as the unit lists its measures */
	size_t n_cells, cap_cells;
	char **names;                /* owned: the measures' distinct names, sorted (case aside, then exactly) */
	size_t n_names;
	bool by_kind;                /* loaded by measure_summary_load_aims: the cells carry their kinds */
};

/*
 * The summary of SCOPE for the person holding G: the units at or below it on which they are a viewer or more
 * (the measures page's own rule), archived ones left out, and all their measures. 0, or -1 with ERR set; OUT
 * is released with measure_summary_release either way.
 */
int measure_summary_load(struct store *s, const struct unit_tree *tree, const struct grants *g,
			 const struct unit *scope, struct measure_summary *out, struct error *err);
void measure_summary_release(struct measure_summary *sm);
/*
 * The summary of the measures UNIT's aims use: their outcome measures and the measures linked to their drivers,
 * each once with every kind it serves as (outcome first, then process, then balancing; within a kind in the
 * unit's own order). Only UNIT itself: an aim's measures are its unit's. 0, or -1 with ERR; release OUT either way.
 */
int measure_summary_load_aims(struct store *s, const struct unit *unit, struct measure_summary *out,
			      struct error *err);

/* The pieces the loader is made of, for tests: a unit (its cells are the ones added after it), a measure of
 * the last unit added (M copied without its elements; MS taken: left empty), and the grouping by name, run
 * once all are added. */
void measure_summary_add_unit(struct measure_summary *sm, const struct unit *u, int depth);
void measure_summary_add(struct measure_summary *sm, const struct measure *m, struct measure_series *ms);
void measure_summary_group(struct measure_summary *sm);

/* The cell of unit U holding the first measure named NAME (indexes); SIZE_MAX when it has none. */
size_t measure_summary_cell(const struct measure_summary *sm, size_t u, size_t name);

#endif
