/*
 * population_view.h - what the population page, its JSON and CSV, and a segment's SPC measure show: the stored
 * counts of a unit's practices (domain/population.h) read into tables that have passed disclosure control
 * (stats/disclosure.h) under the site's rule, so that no surface ever holds a raw small count. Also the rule
 * itself, a site administrator's setting (keys disclosure.threshold, disclosure.base; NHS Digital's by default),
 * and "make this a measure": a segment's size at each as-of date as an SPC measure of the unit.
 */
#ifndef CAREGRID_POPULATION_VIEW_H
#define CAREGRID_POPULATION_VIEW_H

#include <stdint.h>

#include "domain/population.h"
#include "lib/error.h"
#include "lib/strvec.h"
#include "stats/disclosure.h"

struct store;
struct actor;
struct catalog;
struct unit;

/* The rule in force: the settings, NHS Digital's where unset or out of bounds. 0, or -1 with ERR. */
int disclosure_rule_get(struct store *s, struct disclosure_rule *out, struct error *err);
/* Stores R after checking its bounds (ERR names the field: threshold, base); audited as disclosure.set. */
int disclosure_rule_set(struct store *s, const struct actor *who, const struct disclosure_rule *r, struct error *err);

/* One as-of date: practices x segments, with per-practice totals, per-segment totals (the unit's own sizes:
 * a network's are the sums of its practices' true counts, disclosed once) and the grand total. */
struct population_date {
	char as_of[11];
	struct disclosure_table t; /* rows: the view's practices; cols: POP_SEGMENTS */
};

struct population_view {
	struct disclosure_rule rule;
	struct strvec practices;       /* unit codes of the practices with counts, in code order */
	struct population_date *dates; /* owned, ascending */
	size_t n_dates;
	/* The movement FROM -> TO when both are set and stored: rows POP_MOVE_ROWS (segments, then "registered"),
	 * columns POP_MOVE_COLS (segments, then "died", "left"); totals as in the dates' tables. */
	int has_movement;
	char from[11], to[11];
	struct disclosure_table movement;
};

/*
 * Loads UNIT_ID's subtree: every as-of date's table, and the movement between FROM and TO (NULL: the last two
 * dates; a date that is not stored gives no movement). 0, or -1 with ERR. Release it with population_view_release.
 */
int population_view_load(struct store *s, int64_t unit_id, const char *from, const char *to,
			 struct population_view *out, struct error *err);
void population_view_release(struct population_view *v);

/*
 * "Make this a measure": creates, or updates when it exists, the SPC measure of UNIT for segment SEG (its name,
 * in any of caregrid's languages, marks it: "Population: Frailty"), category population health, whose points
 * are the segment's sizes at every as-of date as the population page shows them: disclosed, so a hidden size is
 * a gap, never a raw small count. L names the measure (NULL: English). One transaction, one audit entry
 * (population.measure). *ID: the measure. 0, or -1 with ERR and nothing changed.
 */
int population_measure(struct store *s, const struct catalog *cat, const struct actor *who, const struct unit *unit,
		       enum population_segment seg, const struct lang *l, int64_t *id, struct error *err);

#endif
