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

/* A new JSON document (the caller owns the reference). */
json_t *results_to_json(const struct results *res, const struct unit *unit);
/* Appends the CSV, header first. */
void results_to_csv(const struct results *res, const struct unit *unit, struct buf *out);

struct store;
struct catalog;
struct grants;

/*
 * Everything of SCOPE and the units below it that G may see: the units, and for each of their rounds the
 * round, its consensus and its responses (anonymous: numbered per export, with their staff group). With
 * ROUND_ID non-zero, only that round. JSON layout "caregrid-export-1" is documented in docs/export.md.
 */
int unit_export_json(struct store *s, const struct unit_tree *tree, const struct grants *g, const struct unit *scope,
		     int64_t round_id, json_t **out, struct error *err);
/*
 * The responses of those rounds as long-form CSV that "caregrid import responses" reads back:
 * round,unit,instrument,version,respondent,staff_group,item,score,comment.
 */
int unit_export_csv(struct store *s, const struct unit_tree *tree, const struct grants *g, const struct unit *scope,
		    int64_t round_id, struct buf *out, struct error *err);

#endif
