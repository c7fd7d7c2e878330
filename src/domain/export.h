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
#include "lib/buf.h"

/* A new JSON document (the caller owns the reference). */
json_t *results_to_json(const struct results *res, const struct unit *unit);
/* Appends the CSV, header first. */
void results_to_csv(const struct results *res, const struct unit *unit, struct buf *out);

#endif
