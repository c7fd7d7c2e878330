/*
 * resource.c - the resource a route's {id} names, loaded by the dispatcher before the handler runs, as it
 * resolves the unit a {code} names (http.h, enum route_resource): one place that says 404 for what is not
 * the unit's or the person's, and one storage failure reply, instead of a preamble in every handler.
 */
#include "web/resource.h"

#include <microhttpd.h>
#include <string.h>

#include "domain/aim.h"
#include "domain/catalog.h"
#include "domain/feedback.h"
#include "domain/improve.h"
#include "domain/pdp.h"
#include "domain/round.h"
#include "web/app.h"
#include "web/page.h"

static const struct {
	unsigned flag;
	enum route_resource resource;
	const char *name;
} resources[] = {
	{ROUTE_ROUND, RESOURCE_ROUND, "round"},
	{ROUTE_ACTION, RESOURCE_ACTION, "action"},
	{ROUTE_MEASURE, RESOURCE_MEASURE, "measure"},
	{ROUTE_CYCLE, RESOURCE_CYCLE, "cycle"},
	{ROUTE_CYCLE_SHARED, RESOURCE_CYCLE_SHARED, "cycle_shared"},
	{ROUTE_COACHEE, RESOURCE_COACHEE, "coachee"},
	{ROUTE_PERSON, RESOURCE_PERSON, "person"},
	{ROUTE_AIM, RESOURCE_AIM, "aim"},
};
#define N_RESOURCES (sizeof resources / sizeof resources[0])

enum route_resource
route_resource(const struct route *route)
{
	for (size_t i = 0; i < N_RESOURCES; i++)
		if (route->flags & resources[i].flag)
			return resources[i].resource;
	return RESOURCE_NONE;
}

const char *
route_resource_name(enum route_resource r)
{
	for (size_t i = 0; i < N_RESOURCES; i++)
		if (resources[i].resource == r)
			return resources[i].name;
	return "-";
}

/* FOUND, a lookup's result (1, 0, -1 with ERR): false with the reply written unless it is 1 and MINE. */
static bool
found_or_answered(struct request *req, struct response *res, int found, bool mine, const struct error *err,
		  const char *missing)
{
	if (found < 0) {
		respond_storage_error(req, res, err);
		return false;
	}
	if (!found || !mine) {
		/* Not "forbidden": whether another unit's or person's exists is itself not theirs to know. */
		respond_error(req, res, MHD_HTTP_NOT_FOUND, missing);
		return false;
	}
	return true;
}

static bool
load_round(struct request *req, struct response *res, struct error *err)
{
	struct round *r = arena_alloc(req->arena, sizeof *r);
	int found = round_get(req->store, req->id, r, err);
	if (!found_or_answered(req, res, found, found > 0 && r->unit_id == req->unit->id, err,
			       _("There is no such round in this unit.")))
		return false;
	req->round = r;
	req->instrument = page_ins(req, catalog_find(req->app->catalog, r->instrument_id, r->instrument_version));
	if (!req->instrument) {
		respond_error(req, res, MHD_HTTP_SERVICE_UNAVAILABLE,
			      _("This round's instrument version is not loaded in this server: "
				"restart caregrid to load it."));
		return false;
	}
	return true;
}

static bool
load_action(struct request *req, struct response *res, struct error *err)
{
	struct action *a = arena_alloc(req->arena, sizeof *a);
	int found = action_get(req->store, req->id, a, err);
	if (found > 0)
		req->action = a; /* released when the request completes, whoever it turns out to belong to */
	return found_or_answered(req, res, found, found > 0 && a->unit_id == req->unit->id, err,
				 _("There is no such action in this unit."));
}

static bool
load_measure(struct request *req, struct response *res, struct error *err)
{
	struct measure *m = arena_alloc(req->arena, sizeof *m);
	int found = measure_get(req->store, req->id, m, err);
	if (found > 0)
		req->measure = m;
	return found_or_answered(req, res, found, found > 0 && m->unit_id == req->unit->id, err,
				 _("There is no such measure in this unit."));
}

static bool
load_aim(struct request *req, struct response *res, struct error *err)
{
	struct aim *a = arena_alloc(req->arena, sizeof *a);
	int found = aim_get(req->store, req->id, a, err);
	if (found > 0)
		req->aim = a; /* owns nothing */
	return found_or_answered(req, res, found, found > 0 && a->unit_id == req->unit->id, err,
				 _("There is no such aim in this unit."));
}

/* A 360 cycle: the person's own, or with SHARED also one whose owner shared its report with them. */
static bool
load_cycle(struct request *req, struct response *res, bool shared, struct error *err)
{
	struct feedback_cycle *c = arena_alloc(req->arena, sizeof *c);
	int found = feedback_cycle_get(req->store, req->id, c, err);
	bool may = found > 0 && c->user_id == req->user.id;
	if (found > 0 && !may && shared && feedback_may_read(req->store, c, &req->user, &may, err) < 0)
		found = -1;
	if (!found_or_answered(req, res, found, may, err, _("No such feedback cycle of yours.")))
		return false;
	req->cycle = c;
	req->instrument = page_ins(req, catalog_find(req->app->catalog, c->instrument_id, c->version));
	if (!req->instrument) {
		respond_error(req, res, MHD_HTTP_INTERNAL_SERVER_ERROR,
			      _("The cycle's instrument is no longer loaded."));
		return false;
	}
	return true;
}

/* Someone who shared their development plan with the signed-in person (never the person themselves). */
static bool
load_coachee(struct request *req, struct response *res, struct error *err)
{
	struct user *u = arena_alloc(req->arena, sizeof *u);
	bool may = false;
	int found = user_by_id(req->store, req->id, u, err);
	if (found > 0 && pdp_may_read(req->store, req->id, &req->user, &may, err) < 0)
		found = -1;
	if (!found_or_answered(req, res, found, may && req->id != req->user.id, err,
			       _("Nobody of that number shared their plan with you.")))
		return false;
	req->coachee = u;
	return true;
}

/* Any account: the route is a site administrator's (routes.c), who may open everyone's. */
static bool
load_person(struct request *req, struct response *res, struct error *err)
{
	struct user *u = arena_alloc(req->arena, sizeof *u);
	int found = user_by_id(req->store, req->id, u, err);
	if (!found_or_answered(req, res, found, true, err, _("No such person.")))
		return false;
	req->person = u;
	return true;
}

bool
resource_resolve(struct request *req, struct response *res, const struct route *route)
{
	struct error err;
	switch (route_resource(route)) {
	case RESOURCE_NONE: return true;
	case RESOURCE_ROUND: return load_round(req, res, &err);
	case RESOURCE_ACTION: return load_action(req, res, &err);
	case RESOURCE_MEASURE: return load_measure(req, res, &err);
	case RESOURCE_CYCLE: return load_cycle(req, res, false, &err);
	case RESOURCE_CYCLE_SHARED: return load_cycle(req, res, true, &err);
	case RESOURCE_COACHEE: return load_coachee(req, res, &err);
	case RESOURCE_PERSON: return load_person(req, res, &err);
	case RESOURCE_AIM: return load_aim(req, res, &err);
	}
	return true;
}

void
resource_release(struct request *req)
{
	if (req->action)
		action_release(req->action);
	if (req->measure)
		measure_release(req->measure);
	req->action = NULL;
	req->measure = NULL;
}
