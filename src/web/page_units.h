/*
 * page_units.h - what the unit pages share: page_units.c (the tree, one unit's page, its changes) and
 * page_unit_people.c (the unit's people and roles, its region's staff groups). The first three are defined
 * in page_units.c, the rest in page_unit_people.c.
 */
#ifndef CAREGRID_PAGE_UNITS_H
#define CAREGRID_PAGE_UNITS_H

#include <jansson.h>

#include "domain/access.h"
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

/* What the unit pages show of the route's unit, loaded before anything is written (strings in the request's
 * arena; V owned, free it): the people holding a role on the unit itself ... */
struct unit_members {
	struct request *req;
	struct unit_member {
		const char *email, *name;
		enum role role;
		bool from_provider; /* given by a sign-in provider's rules (sso.h), not by hand */
		int64_t user_id;
	} *v;
	size_t n, cap;
};
/* ... and its region's staff groups, with the smallest group results show. */
struct unit_groups {
	struct request *req;
	const struct unit *region;
	struct unit_group {
		const char *code, *name;
	} *v;
	size_t n, cap;
	int min_size;
};
/* Each 0, or -1 with ERR set (what was loaded still to be freed). */
int units_members_load(struct request *req, struct unit_members *l, struct error *err);
int units_groups_load(struct request *req, struct unit_groups *l, struct error *err);
/* The lists as new JSON arrays. */
json_t *units_members_json(const struct unit_members *l);
json_t *units_groups_json(const struct unit_groups *l);
/* The unit page's panel of people and roles, with the form to give one (for an admin). */
void units_people_section(struct buf *b, struct request *req, const struct unit_members *l);
/* The unit page's panel of its region's staff groups, with an admin's forms. */
void units_staff_groups_section(struct buf *b, struct request *req, const struct unit_groups *l);

#endif
