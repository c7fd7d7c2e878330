/*
 * crosswalk.h - how the built-in frameworks overlap: groups of related elements (grid 6.1 "outcomes defined
 * and measured", positive practice S.4 "Evaluate Results", leverage point LP1 "system-level aims"), shipped
 * in crosswalk/crosswalk.json, so that one action, measure or piece of evidence shows under every element it
 * serves.
 */
#ifndef CAREGRID_CROSSWALK_H
#define CAREGRID_CROSSWALK_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/strvec.h"

struct catalog;

/* Every element related to INSTRUMENT/CODE (itself included) as "instrument code" pairs in OUT. */
void crosswalk_related(const char *instrument, const char *code, struct strvec *out);
/* True when A and B are the same element or in one group. */
bool crosswalk_linked(const char *instrument_a, const char *code_a, const char *instrument_b, const char *code_b);
/* The concept of the group(s) holding INSTRUMENT/CODE, "; "-joined into OUT, or "" when none. */
void crosswalk_concepts(const char *instrument, const char *code, char *out, size_t size);
/* Checks that every element the crosswalk names exists in CAT; problems appended. -1 when any. */
int crosswalk_check(const struct catalog *cat, struct strvec *problems);

#endif
