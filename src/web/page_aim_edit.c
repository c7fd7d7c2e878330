/*
 * page_aim_edit.c - the changes to an aim's diagram that are not additions, on the web and in the API: a
 * driver's words (and a secondary's primaries), deleting a driver or a change idea (asked first on the web, as
 * every destructive action is), and an idea's PDSA cycles: planned on the idea itself, put on its ramp, and
 * their later stages recorded from the aim's page. Each handler parses, calls one domain function (aim.h) and
 * answers; a refused form comes back on the aim's page as typed.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/aim.h"
#include "domain/improve.h"
#include "lib/text.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/page_aims.h"
#include "web/page_improve.h"

/* The route's I-th {n}: the dispatcher let only a positive whole number through. */
static int64_t
param_number(const struct request *req, size_t i)
{
	char *end;
	return strtoll(req->params[i], &end, 10);
}

/* The aim's diagram, for a confirmation's words: 0, or -1 answered (503). */
static int
tree_for(struct request *req, struct response *res, struct aim_tree *t)
{
	struct error err;
	if (aim_tree_load(request_store(req), req->aim, t, &err) == 0)
		return 0;
	respond_storage_error(req, res, &err);
	return -1;
}

void
page_aim_driver_change(struct request *req, struct response *res)
{
	struct driver_input in = {.text = request_input(req, "text"),
				  .primaries = aims_ids_given(req, "primaries"),
				  .strength = request_input(req, "strength")};
	struct error err;
	const struct actor who = request_actor(req);
	const char *back = aim_path(req, req->aim->id, "");
	if (driver_update(request_store(req), &who, req->unit, req->aim, param_number(req, 2), &in, &err) < 0)
		respond_failed(req, res, back, &err);
	else
		respond_done(req, res, MHD_HTTP_OK, back, _("Driver changed."), NULL);
}

/* What deletes one part of an aim (driver_delete, idea_delete): the same arguments, the part's id last. */
typedef int (*aim_part_delete_fn)(struct store *s, const struct actor *who, const struct unit *unit,
				  const struct aim *a, int64_t id, struct error *err);

/* Asks ASK (the tree T released either way), then deletes the part ID with DELETE and says DONE. */
static void
delete_confirmed(struct request *req, struct response *res, struct aim_tree *t, const struct confirmation *ask,
		 int64_t id, aim_part_delete_fn delete, const char *done)
{
	bool asked = !page_confirmed(req, res, ask);
	aim_tree_release(t);
	if (asked)
		return;
	struct error err;
	const struct actor who = request_actor(req);
	if (delete(request_store(req), &who, req->unit, req->aim, id, &err) < 0)
		respond_failed(req, res, ask->cancel_href, &err);
	else
		respond_done(req, res, MHD_HTTP_OK, ask->cancel_href, done, NULL);
}

void
page_aim_driver_delete(struct request *req, struct response *res)
{
	struct aim_tree t;
	if (tree_for(req, res, &t) < 0)
		return;
	const char *back = aim_path(req, req->aim->id, "");
	const struct aim_driver *d = aim_tree_driver(&t, param_number(req, 2));
	if (!d) {
		aim_tree_release(&t);
		respond_error(req, res, MHD_HTTP_NOT_FOUND, _("This aim has no such driver."));
		return;
	}
	const struct confirmation ask =
		{_("Delete this driver?"),
		 arena_printf(
			 req->arena,
			 _("\"%s\" goes from the driver diagram, with its links to other drivers, to change ideas and "
			   "to measures. The measures themselves stay. This cannot be undone."),
			 d->text),
		 _("Delete the driver"), back, false};
	delete_confirmed(req, res, &t, &ask, d->id, driver_delete, _("Driver deleted."));
}

void
page_aim_idea_delete(struct request *req, struct response *res)
{
	struct aim_tree t;
	if (tree_for(req, res, &t) < 0)
		return;
	const char *back = aim_path(req, req->aim->id, "");
	const struct aim_idea *idea = NULL;
	for (size_t i = 0; i < t.n_ideas; i++)
		if (t.ideas[i].id == param_number(req, 2))
			idea = &t.ideas[i];
	if (!idea) {
		aim_tree_release(&t);
		respond_error(req, res, MHD_HTTP_NOT_FOUND, _("This aim has no such change idea."));
		return;
	}
	const struct confirmation ask =
		{_("Delete this change idea?"),
		 arena_printf(req->arena,
			      _("\"%s\" goes from the driver diagram with its PDSA ramp. Its PDSA cycles stay on their "
				"actions. This cannot be undone."),
			      idea->text),
		 _("Delete the change idea"), back, false};
	delete_confirmed(req, res, &t, &ask, idea->id, idea_delete, _("Change idea deleted."));
}

static struct idea_cycle_input
cycle_input_of(struct request *req)
{
	return (struct idea_cycle_input){.action = request_input(req, "action"),
					 .plan = request_input(req, "plan"),
					 .prediction = request_input(req, "prediction"),
					 .measurement = request_input(req, "measurement"),
					 .planned_on = request_input(req, "planned_on")};
}

static json_t *
cycle_json(const struct idea_cycle *c)
{
	return json_pack("{s:b, s:I, s:i, s:i}", "ok", 1, "action", (json_int_t)c->action_id, "cycle", (int)c->number,
			 "step", (int)c->step);
}

/* POST .../ideas/{n}/pdsa: with a "cycle", that cycle of the unit's action "action" goes on the idea's ramp; else
 * a new cycle is planned on the idea (under "action", or the idea's own) and goes on it. */
void
page_aim_idea_pdsa(struct request *req, struct response *res)
{
	struct error err;
	const struct actor who = request_actor(req);
	const char *back = aim_path(req, req->aim->id, "");
	int64_t idea = param_number(req, 2);
	if (!text_blank(request_input(req, "cycle"))) {
		long step;
		if (idea_pdsa_attach(request_store(req), &who, req->unit, req->aim, idea, request_input(req, "action"),
				     request_input(req, "cycle"), &step, &err) < 0)
			respond_failed(req, res, back, &err);
		else
			respond_done(req, res, MHD_HTTP_CREATED, back, _("The cycle is on the idea's ramp."),
				     json_pack("{s:b, s:i}", "ok", 1, "step", (int)step));
		return;
	}
	struct idea_cycle_input in = cycle_input_of(req);
	struct idea_cycle c;
	if (idea_cycle_plan(request_store(req), req->app->catalog, request_tree(req), req->lang, &who, req->unit,
			    req->aim, idea, &in, &c, &err) < 0)
		respond_failed(req, res, back, &err);
	else
		respond_done(req, res, MHD_HTTP_CREATED, back,
			     _("Cycle planned: it is the next step of the idea's ramp."), cycle_json(&c));
}

/* POST .../ideas/{n}/pdsa/{n}: the next stage of the cycle at that step of the idea's ramp. */
void
page_aim_idea_cycle(struct request *req, struct response *res)
{
	struct error err;
	const struct actor who = request_actor(req);
	int64_t idea = param_number(req, 2);
	const char *back = aim_path(req, req->aim->id, "");
	const char *stage = request_input(req, "stage");
	if (idea_cycle_record(request_store(req), &who, req->unit, req->aim, idea, (long)param_number(req, 3),
			      stage ? stage : "", request_input(req, "text"), request_input(req, "on"),
			      request_input(req, "act"), &err) < 0)
		respond_failed(req, res, back, &err);
	else
		respond_done(req, res, MHD_HTTP_OK, back, _("Saved."), NULL);
}
