/*
 * aim_int.h - what aim.c (adding to a driver diagram) and aim_edit.c (changing and deleting in it, planning an
 * idea's cycles) share and nothing else uses: reading ids as typed and checking that a driver or an idea is the
 * aim's.
 */
#ifndef CAREGRID_AIM_INT_H
#define CAREGRID_AIM_INT_H

#include <stdint.h>

#include "domain/aim.h"

/* An id as a form or JSON gives it (TEXT) into *OUT; FIELD names it in the error. */
int aim_parse_id(const char *text, const char *field, int64_t *out, struct error *err);
/* "3, 7" into IDS (at most AIM_LINKS_MAX, no repeats): how many, or -1 with ERR naming FIELD. */
int aim_parse_ids(const char *text, const char *field, int64_t *ids, struct error *err);
/* Whether driver ID is A's, and at LEVEL (NULL: either): 1 yes, 0 no, -1 error. */
int aim_driver_is(struct store *s, const struct aim *a, int64_t id, const char *level, struct error *err);
/* A's idea IDEA_ID into OUT (its text, PICK place, status): 1 found, 0 not A's, -1 error. */
int aim_idea_find(struct store *s, const struct aim *a, int64_t idea_id, struct aim_idea *out, struct error *err);
/* Checks IDS (N of them, FIELD naming them) are A's drivers: 0, or -1 with ERR. */
int aim_drivers_check(struct store *s, const struct aim *a, const int64_t *ids, int n, const char *field,
		      struct error *err);

#endif
