/*
 * page_disclosure.c - GET/POST /admin/disclosure: the disclosure rule every population figure passes (counts 1 to
 * the threshold hidden, the others rounded to a base; NHS Digital's 7 and 5 by default), for a site administrator
 * to read and change (domain/population_view.h).
 */
#include <jansson.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "domain/population_view.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"

#define HERE "/admin/disclosure"

/* One of the rule's two numbers: its label, its hint and the value (as typed when the form came back refused). */
static void
number_field(struct buf *b, struct request *req, const char *name, const char *label, const char *hint, int value,
	     int min, int max)
{
	html_printf(b,
		    "<p><label for=\"%s\">%s</label><br><span class=\"hint\" id=\"%s-hint\">%s</span><br>"
		    "<input type=\"number\" id=\"%s\" name=\"%s\" value=\"%s\" min=\"%d\" max=\"%d\" "
		    "aria-describedby=\"%s-hint\" required></p>\n",
		    name, label, name, hint, name, name, form_value(req, name, arena_printf(req->arena, "%d", value)),
		    min, max, name);
}

void
page_disclosure(struct request *req, struct response *res)
{
	struct disclosure_rule r;
	struct error err;
	if (disclosure_rule_get(request_store(req), &r, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (wants_json(req)) {
		respond_json(res, MHD_HTTP_OK, json_pack("{s:i, s:i}", "threshold", r.threshold, "base", r.base));
		return;
	}
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Disclosure control"), NULL}, {NULL, NULL}};
	page_begin(b, req, _("Disclosure control"), crumbs);
	buf_puts(b, _("<h1>Disclosure control</h1>\n<p class=\"lead\">Every count of people on the population pages, "
		      "their CSV and JSON, and the measures made from them passes this rule. A cell that could be "
		      "worked out from a total is hidden too.</p>\n"));
	html_printf(b, "<form method=\"post\" action=\"%s\" class=\"panel\">", HERE);
	page_csrf_field(b, req);
	number_field(b, req, "threshold", _("Hide counts from 1 up to"), _("NHS Digital: 7."), r.threshold,
		     DISCLOSURE_THRESHOLD_MIN, DISCLOSURE_THRESHOLD_MAX);
	number_field(b, req, "base", _("Round the other counts to the nearest"),
		     _("NHS Digital: 5. 1 shows them as they are."), r.base, DISCLOSURE_BASE_MIN, DISCLOSURE_BASE_MAX);
	buf_puts(b, _("<button type=\"submit\" class=\"primary\">Save</button></form>\n"));
	page_end(b, req);
}

static int
whole(const char *text, int *out)
{
	char *end;
	long n = text ? strtol(text, &end, 10) : 0;
	if (!text || !*text || *end || n < 0 || n > 100000)
		return -1;
	*out = (int)n;
	return 0;
}

void
page_disclosure_post(struct request *req, struct response *res)
{
	struct disclosure_rule r;
	struct error err;
	if (whole(request_input(req, "threshold"), &r.threshold) < 0) {
		error_in(&err, "threshold", "the threshold is a whole number");
		respond_failed(req, res, HERE, &err);
		return;
	}
	if (whole(request_input(req, "base"), &r.base) < 0) {
		error_in(&err, "base", "the rounding base is a whole number");
		respond_failed(req, res, HERE, &err);
		return;
	}
	const struct actor who = request_actor(req);
	if (disclosure_rule_set(request_store(req), &who, &r, &err) < 0) {
		respond_failed(req, res, HERE, &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, HERE, _("Disclosure control saved."), NULL);
}
