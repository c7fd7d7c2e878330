/*
 * results.h - what a round found: per element the distribution, mean, median, "don't know" count and
 * agreement (rwg); per domain the mean and rwg(j); for the round Krippendorff's alpha; the staff groups'
 * view with small groups merged or hidden; the energy for change; priorities; and the consensus and
 * coach's calibration beside the survey. Computed from the counted responses only: while a round is open,
 * and after a reopen, answers join in steps of the minimum (round.h round_counts_every_answer).
 *
 * Small groups: a staff group with fewer respondents than the region's minimum is merged into "other";
 * if "other" is still too small, the smallest shown group joins it (so that no group can be worked out by
 * subtracting the others from the whole), and if that leaves it too small it is hidden. The same rule
 * holds for every view: pages, API, CSV and JSON are all made from this.
 *
 * Small rounds: a round with fewer submitted responses than that same minimum shows nothing of its answers
 * at all - no element's or domain's figure, distribution, energy, group or comment; only how many have
 * answered (and the consensus, which is the team's agreed level, nobody's own answer). Results compute
 * leaves those figures empty (NAN, zero counts, no comments), so no view can show them by mistake.
 *
 * Comments are listed sorted, never in the order they were submitted.
 */
#ifndef CAREGRID_RESULTS_H
#define CAREGRID_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/instrument.h"
#include "domain/round.h"
#include "lib/strvec.h"
#include "stats/agreement.h"

struct store;

struct group_result {
	char code[33];
	char name[101];
	size_t respondents;
	double *item_mean; /* owned; per item, NAN when no score */
	size_t *item_n;    /* owned */
	double *domain_mean; /* owned */
};

struct item_result {
	const struct item *item;
	const struct domain *domain;
	size_t domain_index;
	size_t *counts;     /* owned; per scale level, in the scale's order */
	size_t dont_know;
	struct item_stats st;
	double energy;      /* mean energy 0..2 that applies to the item; NAN when none */
	double priority;    /* see results_priority_rule; NAN when undefined */
	double group_gap;   /* largest minus smallest mean of the shown groups; NAN with fewer than 2 */
	bool has_consensus, has_coach;
	long consensus, coach;
	char *consensus_note, *coach_note; /* owned; NULL when none */
	struct strvec comments;            /* owned */
};

struct domain_result {
	double mean;   /* mean of its elements' means */
	struct item_stats by_respondent; /* over each respondent's mean of the domain: for intervals of change */
	double rwg_j;
	double energy; /* NAN when none */
};

struct results {
	const struct instrument *ins;
	struct round round;
	size_t respondents;         /* counted responses */
	bool in_steps;              /* answers join in steps of min_group: open, or reopened (round.h) */
	int min_group;              /* the region's minimum, for staff groups and for the whole round */
	bool withheld;              /* respondents < min_group: only the counts and the consensus are filled */
	struct item_result *items;  /* owned; in the instrument's order */
	size_t n_items;
	struct domain_result *domains; /* owned */
	double alpha_interval, alpha_ordinal;
	struct group_result *groups; /* owned; the groups shown, in the region's order, "other" last */
	size_t n_groups;
	size_t hidden;              /* respondents whose group is too small to show even as "other" */
};

/* The rule the priorities follow, in words for the results page. */
extern const char results_priority_rule[];
/* The name of the group (code "other") of the staff groups merged for being small: a format of one %d, the
 * round's min_group; a page writes it in the reader's language from this. */
extern const char results_other_groups[];

/* Computes the results of round R of UNIT with instrument INS (the version R pins). */
int results_compute(struct store *s, const struct round *r, const struct unit *unit, const struct instrument *ins,
		    struct results *out, struct error *err);
void results_release(struct results *res);

/* The staff group a response of GROUP is shown in: its own code when that group is shown, else "other" (a
 * round at or above the minimum always shows "other" when anything was merged into it). Not for withheld
 * rounds. */
const char *results_group_shown(const struct results *res, const char *group);

/* Indexes into res->items, ordered for the "conversation starters" and priorities views. N_OUT gets how
 * many (at most MAX). Free the array. */
size_t *results_least_agreement(const struct results *res, size_t max, size_t *n_out);
size_t *results_largest_gaps(const struct results *res, size_t max, size_t *n_out);
size_t *results_priorities(const struct results *res, size_t max, size_t *n_out);

#endif
