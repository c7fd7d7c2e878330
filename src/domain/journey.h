/*
 * journey.h - a team's journey on one instrument: its rounds in order, and per element and per domain the
 * change since the last round and since the first, each with a 95% interval (Welch), so that a move of one
 * rater is not sold as progress. Elements are matched by code across instrument versions.
 */
#ifndef CAREGRID_JOURNEY_H
#define CAREGRID_JOURNEY_H

#include "domain/results.h"
#include "stats/interval.h"

struct store;
struct catalog;

struct journey {
	const struct instrument *ins; /* the latest round's version: its elements are the rows */
	struct results *rounds;       /* owned; rounds with results to show, oldest first */
	size_t n;
	struct results *withheld;     /* owned; rounds with answers but fewer than the minimum: counts only */
	size_t n_withheld;
};

int journey_compute(struct store *s, const struct catalog *cat, const struct unit *unit, const char *instrument_id,
		    struct journey *out, struct error *err);
void journey_release(struct journey *j);

/* The element CODE in round I: its statistics, or NULL when that round's version lacks it. */
const struct item_result *journey_item(const struct journey *j, size_t i, const char *code);
/* The domain CODE in round I, or NULL. */
const struct domain_result *journey_domain(const struct journey *j, size_t i, const char *code);

struct difference journey_item_change(const struct journey *j, const char *code, size_t from, size_t to);
struct difference journey_domain_change(const struct journey *j, const char *code, size_t from, size_t to);

/* "up", "down" or "unclear": up or down only when the interval lies wholly on one side of zero. */
const char *journey_verdict(const struct difference *d);

#endif
