/*
 * page_measure_summary.h - the measure summary's pieces that another page shows (page_measure_summary.c): the
 * aims list shows its aims' measures in the same table, with the same JSON for each.
 */
#ifndef CAREGRID_PAGE_MEASURE_SUMMARY_H
#define CAREGRID_PAGE_MEASURE_SUMMARY_H

#include <jansson.h>

#include "domain/measure_summary.h"
#include "lib/buf.h"
#include "web/http.h"

/* The table of SM's measures (by unit when it has several; with a kind column when SM->by_kind). */
void measure_summary_table(struct buf *b, struct request *req, const struct measure_summary *sm);
/* A new JSON object of cell C of SM: its figures, icons and their words (and its kinds when SM->by_kind). */
json_t *measure_summary_cell_json(struct request *req, const struct measure_summary *sm, const struct summary_cell *c);

#endif
