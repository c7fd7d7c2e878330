/*
 * region.h - one grid for a region or locality: the units as rows, the elements as columns, coloured by each
 * unit's latest round on the instrument; domain summaries; per element the spread across units and the
 * "bright spots" (the units furthest along, to visit and learn from).
 *
 * Speed: it reads per-element sums of each closed round (packed on its round_summary row, store/round_sums.h,
 * written the first time the round is needed) rather than every answer, so a region of 2,000 units costs
 * one query over one index (round_region) and 2,000 summary rows, read into one array.
 * What is read is the same for every viewer
 * (struct region_latest): the server keeps it between requests (web/region_cache.c) while the 'results'
 * counter stands (store.h: every statement that changes a round or its sums moves it) and the day is the
 * same (a round closes by its date without any write). Who may see which row is decided on every request.
 *
 * A round with fewer respondents than the region's minimum shows its count only, as everywhere (results.h).
 *
 * Comparison is for learning: units outside the viewer's own tree appear only when their admin has opted
 * in, and then anonymised ("a Primary Care Home of 42k patients").
 */
#ifndef CAREGRID_REGION_H
#define CAREGRID_REGION_H

#include <stdbool.h>

#include "domain/access.h"
#include "domain/instrument.h"
#include "domain/unit.h"
#include "lib/error.h"

struct store;
struct catalog;

#define REGION_BRIGHT_SPOTS 3

struct region_row {
	const struct unit *unit;
	bool anonymised;
	char label[160];      /* the unit's name, or its anonymised description (in English: see the two below) */
	const char *type_name;   /* anonymised: the unit type's name, for the description in another language */
	long thousands;          /* anonymised: its registered population in thousands; -1 when it has no practices */
	int64_t round_id;     /* 0: no round yet */
	char round_date[11];  /* the round's closing day */
	long respondents;
	bool withheld;        /* fewer respondents than the region's minimum: no mean is filled (results.h) */
	double *item_mean;    /* owned; per element of the instrument, NAN when none */
	double *domain_mean;  /* per domain, in item_mean's allocation */
};

struct region_view {
	const struct instrument *ins;
	int min_respondents;     /* the region's minimum */
	struct region_row *rows; /* owned */
	size_t n_rows;
	double *spread_min, *spread_max, *spread_sd; /* owned; per element across the rows with data */
	size_t (*bright)[REGION_BRIGHT_SPOTS];       /* owned; per element, indexes of rows (SIZE_MAX: none) */
};

struct region_query {
	const char *instrument_id;
	const char *type;   /* only units of this type; NULL: every unit below the scope that has a round */
	bool peers;         /* add opted-in units of the scope's region outside the viewer's tree */
};

/* Each unit's latest closed survey round on an instrument (opened by DAY), with its stored sums. */
struct region_round {
	int64_t unit_id, round_id;
	char opens_on[11], closes_on[11];
	long instrument_version;
	bool closed_early, reopened;
	long respondents;
	bool summarised; /* its sums are in the array (read, or summed and stored now) */
};

struct region_latest {
	const struct instrument *ins; /* the instrument's current version: the grid's columns */
	char day[11];
	struct region_round *v; /* owned; sorted by unit id */
	size_t n, cap;
	double *sums; /* owned; per round, per element: n, then sum, then sum of squares (ins->n_items each) */
};

/* Reads them (one query), summing and storing the sums of a round that has none yet. */
int region_latest_load(struct store *s, const struct catalog *cat, const char *instrument_id, const char *day,
		       struct region_latest *out, struct error *err);
void region_latest_release(struct region_latest *l);

/* The grid of SCOPE as the viewer with grants G sees it, from LATEST (the instrument of Q, today). */
int region_compute(struct store *s, const struct unit_tree *tree, const struct grants *g, const struct unit *scope,
		   const struct region_query *q, const struct region_latest *latest, struct region_view *out,
		   struct error *err);
void region_release(struct region_view *v);

/* Opting in or out of anonymised comparison outside the unit's own tree. Audited. */
int unit_share_set(struct store *s, const struct actor *who, const struct unit *u, bool share, struct error *err);

/* Forgets the stored summary of a round whose answers changed. */
int round_summary_forget(struct store *s, int64_t round_id, struct error *err);

#endif
