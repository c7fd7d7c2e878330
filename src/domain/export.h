/*
 * export.h - a round's results as data: JSON for the API and "caregrid results --json", and long-form
 * CSV (one row per element and staff group, "all" first) that a spreadsheet or R reads as it is. Both are
 * made from struct results, so the small-group rule applies to them exactly as to the pages.
 */
#ifndef CAREGRID_EXPORT_H
#define CAREGRID_EXPORT_H

#include <jansson.h>

#include "domain/results.h"
#include "domain/unit.h"
#include "domain/access.h"
#include "lib/buf.h"

/* A new JSON document (the caller owns the reference). Under the minimum: "withheld": true, the message,
 * and per element only the consensus and calibration. */
json_t *results_to_json(const struct results *res, const struct unit *unit);
/* Appends the CSV, header first. Under the minimum: per element one row, with the count and the agreed levels only. */
void results_to_csv(const struct results *res, const struct unit *unit, struct buf *out);

struct store;
struct catalog;
struct grants;

/*
 * What "caregrid export" and GET /api/units/{code}/export give (docs/export.md, layout "caregrid-export-2"):
 * SCOPE and the units below it that G may see, and for each of their rounds (or only ROUND_ID) the round.
 *
 * By default each round carries its results - the same aggregates as the results page, under the same
 * rules (small groups merged, nothing of a round under the minimum). With RESPONSES, each round carries its
 * responses one by one instead (the CSV that "caregrid import responses" reads back), and only:
 *   - to a site administrator or an administrator of SCOPE (export_may_list_responses; the caller checks),
 *   - for rounds that have closed and have at least the minimum number of respondents (others say why),
 *   - with staff groups coarsened exactly as the results coarsen them,
 *   - shuffled and numbered in the shuffled order, with no date finer than the round's.
 */
struct export_request {
	const struct catalog *cat;
	const struct unit_tree *tree;
	const struct grants *g;
	const struct unit *scope;
	int64_t round_id; /* 0: every round */
	bool responses;
};

bool export_may_list_responses(const struct grants *g, const struct unit *scope);

/* 0 done; -1 a storage error; 1 RESPONSES of the one round ROUND_ID refused (ERR says why). *OUT is a new
 * reference for the caller. */
int unit_export_json(struct store *s, const struct export_request *q, json_t **out, struct error *err);
/* The export's frame around LIST: format, day, scope, CONTENT, the units of the scope the caller may see, and
 * LIST under KEY (taken: the document holds it). A new reference. */
json_t *export_document(const struct export_request *q, const char *content, const char *key, json_t *list);
/* As unit_export_json, as CSV: the results' rows under one header, or the responses in long form. */
int unit_export_csv(struct store *s, const struct export_request *q, struct buf *out, struct error *err);

#endif
