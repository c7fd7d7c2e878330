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
#include "stats/spc.h"
#include "web/http.h"

/* The route's unit's address with SUFFIX ("", "/actions"...), in the request's arena. */
const char *improve_unit_path(struct request *req, const char *suffix);
/* Begins a page under Units › the unit › SECTION (a link to SECTION_HREF; NULL: SECTION is the page). */
void improve_crumbs_begin(struct request *req, struct buf *b, const char *title, const char *section,
			  const char *section_href);

/* A chart's Making Data Count icons as every page shows them: a labelled pill whose words say what its colour
 * does (never colour alone). The variation icon ("No data yet" when there is none); the assurance icon,
 * false and nothing written when the chart has no target to assure. Their words (msgids, to translate; the
 * assurance's NULL when none) for CSV and JSON. */
void improve_variation_icon(struct buf *b, const struct request *req, const struct spc_result *r);
bool improve_assurance_icon(struct buf *b, const struct request *req, const struct spc_result *r);
const char *improve_variation_words(enum spc_variation v);
const char *improve_assurance_words(enum spc_assurance a);

/* The fields of the form recording a PDSA cycle's next stage NEXT ("do", "study" or "act": the act's choice
 * too), dated today by default, and its button; the caller writes the form around them. */
void improve_pdsa_stage_fields(struct buf *b, const struct request *req, const char *next);

/* The action board, loaded before anything is written: the unit's actions (only those serving
 * FILTER_INSTRUMENT/FILTER_CODE through the crosswalk, when set), counted by status and lateness. */
struct improve_board {
	struct action *v; /* owned, each with its elements */
	size_t n, cap;
	char today[11];
	size_t overdue, by_status[4];
	const char *filter_instrument, *filter_code;
};
/* Fills AB with the route's unit's actions: 0, or -1 with ERR set (AB to be released either way). */
int improve_board_load(struct request *req, struct improve_board *ab, const char *filter_instrument,
		       const char *filter_code, struct error *err);
void improve_board_release(struct improve_board *ab);
/* The actions as a new JSON array. */
json_t *improve_board_json(const struct improve_board *ab);
/* The cards of the actions of STATUS (NULL: all) into B; how many were written. */
size_t improve_board_cards(struct buf *b, struct request *req, const struct improve_board *ab, const char *status);

/* A list of measures, loaded before anything is written: the unit's measures (only those serving
 * FILTER_INSTRUMENT/FILTER_CODE, when set), each with its series and its chart. */
struct improve_measures {
	struct improve_measure {
		struct measure m; /* with its elements, owned */
		struct measure_series ms;
		struct spc_result r;
	} *v; /* owned */
	size_t n, cap;
	const char *filter_instrument, *filter_code;
};
/* Fills ML with the route's unit's measures: 0, or -1 with ERR set (ML to be released either way). */
int improve_measures_load(struct request *req, struct improve_measures *ml, const char *filter_instrument,
			  const char *filter_code, struct error *err);
void improve_measures_release(struct improve_measures *ml);
/* The measures as a new JSON array. */
json_t *improve_measures_json(const struct improve_measures *ml);
/* The measures of CATEGORY (NULL: all), each with its icons and small chart, into B; how many were written. */
size_t improve_measures_list(struct buf *b, struct request *req, const struct improve_measures *ml,
			     const char *category);

/* page_measure_notes.c: the numbered legend under a measure's chart (id "chart-legend", the chart's
 * description), the form to add a note, and the marks as a new JSON array. */
void measure_legend(struct buf *b, struct request *req, const struct measure *m, const struct measure_marks *mk);
void measure_note_form(struct buf *b, struct request *req, const struct measure *m);
json_t *measure_marks_json(struct request *req, const struct measure_marks *mk);

#endif
