/*
 * page_improve.h - what the improvement pages share (page_improve.c: actions and PDSA cycles,
 * page_measures.c: measures and their charts, page_evaluation.c: the evaluation and element pages): the
 * actor of a request, the unit's addresses and the crumbs above each page, and the two lists the
 * evaluation and element pages show again: the action board (page_improve.c) and the measures
 * (page_measures.c).
 */
#ifndef CAREGRID_PAGE_IMPROVE_H
#define CAREGRID_PAGE_IMPROVE_H

#include <jansson.h>
#include <stdbool.h>

#include "domain/audit.h"
#include "domain/improve.h"
#include "lib/buf.h"
#include "web/http.h"

/* The route's unit's address with SUFFIX ("", "/actions"...), in the request's arena. */
const char *improve_unit_path(struct request *req, const char *suffix);
/* Begins a page under Units › the unit › SECTION (a link to SECTION_HREF; NULL: SECTION is the page). */
void improve_crumbs_begin(struct request *req, struct buf *b, const char *title, const char *section,
			  const char *section_href);

/* The action board, written by improve_board_item for each action (actions_each's callback): HTML cards
 * into B, or JSON objects appended to JSON when it is set; counted by status and lateness either way. */
struct improve_board {
	struct request *req;
	struct buf *b;
	json_t *json;
	const char *status;   /* only actions of this status are shown (all are counted); NULL: all */
	char today[11];
	size_t n, overdue, by_status[4];
	const char *filter_instrument, *filter_code; /* only actions serving this element (through the crosswalk) */
};
int improve_board_item(void *vctx, const struct action *a);

/* A list of measures, written by improve_measure_item for each measure (measures_each's callback): each
 * with its icons and small chart into B, or JSON objects appended to JSON when it is set. */
struct improve_measure_list {
	struct request *req;
	struct buf *b;
	json_t *json;
	const char *category; /* NULL: all */
	size_t n;
	bool small;
	const char *filter_instrument, *filter_code; /* only measures serving this element */
};
int improve_measure_item(void *vctx, const struct measure *m);

#endif
