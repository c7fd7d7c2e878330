/*
 * improve_int.h - what improve.c (actions) and measure.c (measures) share and nothing else uses: both link
 * to instrument elements and check values against fixed lists.
 */
#ifndef CAREGRID_IMPROVE_INT_H
#define CAREGRID_IMPROVE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/error.h"
#include "lib/strvec.h"
#include "store/queries.h"

struct catalog;
struct store;

/* Whether S is one of the NULL-terminated LIST. */
bool improve_in_list(const char *const *list, const char *s);
/* "pch-development-grid 6.1, positive-practices S.4" (a bare code means the grid) into OUT as "ID CODE",
 * each checked against the catalogue. */
int improve_elements_parse(const struct catalog *cat, const char *text, struct strvec *out, struct error *err);
/* Each of ELEMENTS linked to ID by the statement Q, in the caller's transaction. */
int improve_elements_write(struct store *s, enum query_id q, int64_t id, const struct strvec *elements,
			   struct error *err);

#endif
