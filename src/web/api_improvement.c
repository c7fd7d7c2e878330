/*
 * api_improvement.c - POST /api/units/{code}/import[?from=CODE]: a unit's improvement work, as exported with
 * ?content=improvement, created in this unit (improve_io.h), all or nothing. The body is the file (JSON, at
 * most the API's body limit; a larger file goes through "caregrid import improvement"). 201 with the counts
 * and any warning (a parent aim not found above the unit), or 422 naming the path in the file.
 */
#include <microhttpd.h>
#include <string.h>

#include "domain/improve_io.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/http.h"

void
api_unit_import(struct request *req, struct response *res)
{
	if (!req->body || !req->body_len) {
		respond_error(req, res, MHD_HTTP_BAD_REQUEST,
			      _("Send the file exported with content=improvement as the body (application/json)."));
		return;
	}
	const char *from = request_arg(req, "from");
	struct improvement_report rep;
	struct error err = {.kind = ERROR_INVALID};
	const struct actor who = request_actor(req);
	if (improvement_import(request_store(req), req->app->catalog, &who, req->unit, req->body, req->body_len,
			       from && *from ? from : NULL, &rep, &err) < 0) {
		respond_failed(req, res, NULL, &err);
		return;
	}
	json_t *warnings = json_array();
	for (size_t i = 0; i < rep.warnings.n; i++)
		json_array_append_new(warnings, json_string(request_problem_words(req, &rep.warnings, i)));
	respond_json(res, MHD_HTTP_CREATED,
		     json_pack("{s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "ok", 1, "measures",
			       (json_int_t)rep.measures, "points", (json_int_t)rep.points, "notes",
			       (json_int_t)rep.notes, "actions", (json_int_t)rep.actions, "cycles",
			       (json_int_t)rep.cycles, "aims", (json_int_t)rep.aims, "drivers", (json_int_t)rep.drivers,
			       "ideas", (json_int_t)rep.ideas, "steps", (json_int_t)rep.steps, "warnings", warnings));
	improvement_report_release(&rep);
}
