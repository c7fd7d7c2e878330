/*
 * page_units.h - what the unit pages share: page_units.c (the tree, one unit's page, its changes) and
 * page_unit_people.c (the unit's people and roles, its region's staff groups). The first three are defined
 * in page_units.c, the rest in page_unit_people.c.
 */
#ifndef CAREGRID_PAGE_UNITS_H
#define CAREGRID_PAGE_UNITS_H

#include <jansson.h>

#include "domain/audit.h"
#include "domain/unit.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "web/http.h"

/* U's page, in the request's arena. */
const char *units_href(struct request *req, const struct unit *u);
/* Finishes a unit change: success goes back to the unit page with DONE (a message id, translated here),
 * failure too, with the error. */
void units_finish(struct request *req, struct response *res, int rc, const struct error *err, const char *done);

/* The people holding a role on the route's unit itself, as a new JSON array in *PEOPLE (set even on failure,
 * for the caller to free): 0, or -1 with ERR set. */
int units_people_json(struct request *req, json_t **people, struct error *err);
/* The staff groups of the route's unit's region, appended to GROUPS: 0, or -1 with ERR set. */
int units_staff_groups_json(struct request *req, json_t *groups, struct error *err);
/* The unit page's panel of people and roles, with the form to give one (for an admin): 0, or -1 with ERR set. */
int units_people_section(struct buf *b, struct request *req, struct error *err);
/* The unit page's panel of its region's staff groups, with an admin's forms: 0, or -1 with ERR set. */
int units_staff_groups_section(struct buf *b, struct request *req, struct error *err);

#endif
