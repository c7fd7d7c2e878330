/*
 * page_retention.c - GET/POST /admin/retention: how long each kind of personal data is kept, for a site
 * administrator to read and change (domain/retention.h), with the last purge and its counts; and the sentence the
 * round and 360 pages give of when their addresses and comments go.
 */
#include <jansson.h>
#include <microhttpd.h>
#include <string.h>

#include "domain/retention.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/page_retention.h"

#define HERE "/admin/retention"

void
page_retention_sentence(struct buf *b, struct request *req, const char *closed_on, const char *day, bool cycle)
{
	struct retention_policy pol;
	struct error err;
	if (retention_policy_get(request_store(req), &pol, &err) < 0)
		retention_policy_defaults(&pol); /* a sentence is no reason to fail the page */
	buf_puts(b, "<p class=\"retention\">");
	if (!closed_on) {
		html_printf(b,
			    cycle ? _("Addresses will be deleted %d days after the cycle closes; comments %d months "
				      "after.")
				  : _("Addresses will be deleted %d days after the round closes; comments %d months "
				      "after."),
			    pol.addresses_days, pol.comments_months);
		buf_puts(b, "</p>\n");
		return;
	}
	char addresses[11], comments[11];
	retention_addresses_on(&pol, closed_on, addresses);
	retention_comments_on(&pol, closed_on, comments);
	const char *a = page_date(req, addresses), *c = page_date(req, comments);
	if (strcmp(comments, day) <= 0)
		html_printf(b, _("Addresses were deleted on %s; comments on %s."), a, c);
	else if (strcmp(addresses, day) <= 0)
		html_printf(b, _("Addresses were deleted on %s; comments will be deleted on %s."), a, c);
	else
		html_printf(b, _("Addresses will be deleted on %s; comments on %s."), a, c);
	buf_puts(b, "</p>\n");
}

static json_t *
policy_json(const struct retention_policy *p)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:b}", "addresses_days", p->addresses_days, "comments_months",
			 p->comments_months, "answers_months", p->answers_months, "plans_years", p->plans_years,
			 "audit_years", p->audit_years, "vacuum_weekly", p->vacuum_weekly);
}

static json_t *
run_json(const struct retention_run *r)
{
	const struct retention_counts *c = &r->counts;
	return json_pack("{s:s, s:s, s:s, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I}}", "at", r->at, "as_of", r->as_of, "by",
			 r->by, "counts", "addresses", (json_int_t)c->addresses, "messages", (json_int_t)c->messages,
			 "comments", (json_int_t)c->comments, "answers", (json_int_t)c->answers, "plans",
			 (json_int_t)c->plans, "reviews", (json_int_t)c->reviews, "audit", (json_int_t)c->audit);
}

/* One number field: NAME, its label, its hint, the stored value; the refusal machinery fills what was typed. */
static void
number_field(struct buf *b, struct request *req, const char *name, const char *label, const char *hint, int value,
	     int min, int max)
{
	html_printf(b,
		    "<p><label for=\"%s\">%s</label><br><span class=\"hint\" id=\"%s-hint\">%s</span><br>"
		    "<input type=\"number\" id=\"%s\" name=\"%s\" value=\"%d\" min=\"%d\" max=\"%d\" "
		    "aria-describedby=\"%s-hint\" required></p>\n",
		    name, label, name, hint, name, name, value, min, max, name);
	(void)req;
}

static void
policy_form(struct buf *b, struct request *req, const struct retention_policy *p)
{
	html_printf(b, "<form method=\"post\" action=\"%s\" class=\"panel\">", HERE);
	page_csrf_field(b, req);
	number_field(b, req, "addresses_days", _("Addresses, in days"),
		     _("Invitation and reminder addresses, the names links were made for, the links themselves and "
		       "their mail: days after the round or 360 closes."),
		     p->addresses_days, RETENTION_DAYS_MIN, RETENTION_DAYS_MAX);
	number_field(b, req, "comments_months", _("Comments, in months"),
		     _("Survey comments, 360 strengths and suggestions, consensus notes: months after close. Numeric "
		       "answers are kept."),
		     p->comments_months, RETENTION_MONTHS_MIN, RETENTION_MONTHS_MAX);
	number_field(b, req, "answers_months", _("360 answers, in months"),
		     _("Colleagues' ratings in a 360: months after the cycle closes."), p->answers_months,
		     RETENTION_MONTHS_MIN, RETENTION_MONTHS_MAX);
	number_field(b, req, "plans_years", _("Plans, in years"),
		     _("Development plans and their reviews: years after the account was disabled or last signed "
		       "in, whichever is later."),
		     p->plans_years, RETENTION_YEARS_MIN, RETENTION_YEARS_MAX);
	number_field(b, req, "audit_years", _("Audit log, in years"), _("Years after each entry was written."),
		     p->audit_years, RETENTION_YEARS_MIN, RETENTION_YEARS_MAX);
	html_printf(b,
		    _("<p><label><input type=\"checkbox\" name=\"vacuum_weekly\" value=\"on\"%s> Rewrite the database "
		      "file once a week after the purge, so that nothing deleted stays in it (SQLite)</label></p>\n"),
		    p->vacuum_weekly ? " checked" : "");
	buf_puts(b, _("<button type=\"submit\" class=\"primary\">Save</button></form>\n"));
}

static void
last_run_html(struct buf *b, struct request *req, int found, const struct retention_run *r)
{
	buf_puts(b, _("<h2>The last purge</h2>\n"));
	if (!found) {
		buf_puts(b, _("<p>No purge has run yet.</p>\n"));
		return;
	}
	html_printf(b, _("<p>On %s, as of %s.</p>\n"), page_date(req, arena_strndup(req->arena, r->at, 10)),
		    page_date(req, r->as_of));
	const struct retention_counts *c = &r->counts;
	const struct {
		const char *label;
		long n;
	} rows[] = {
		{_("Addresses"), c->addresses}, {_("Messages"), c->messages},        {_("Comments"), c->comments},
		{_("360 answers"), c->answers}, {_("Plan goals"), c->plans},         {_("Plan reviews"), c->reviews},
		{_("Audit entries"), c->audit},
	};
	buf_puts(b, _("<table class=\"list\"><thead><tr><th>Deleted</th><th class=\"num\">How many</th></tr></thead>"
		      "<tbody>\n"));
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		html_printf(b, "<tr><td>%s</td><td class=\"num\">%ld</td></tr>\n", rows[i].label, rows[i].n);
	buf_puts(b, "</tbody></table>\n");
}

void
page_retention(struct request *req, struct response *res)
{
	struct retention_policy p;
	struct retention_run run;
	struct error err;
	int found;
	if (retention_policy_get(request_store(req), &p, &err) < 0 ||
	    (found = retention_last_run(request_store(req), &run, &err)) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (wants_json(req)) {
		respond_json(res, MHD_HTTP_OK,
			     json_pack("{s:o, s:o}", "policy", policy_json(&p), "last_purge",
				       found ? run_json(&run) : json_null()));
		return;
	}
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Retention"), NULL}, {NULL, NULL}};
	page_begin(b, req, _("Retention"), crumbs);
	buf_puts(b, _("<h1>Retention</h1>\n<p class=\"lead\">How long caregrid keeps each kind of personal data. "
		      "Every day a purge deletes what is older; it never changes a figure in results, journeys, the "
		      "regional grid or measures. Shorter times take effect at the next purge.</p>\n"));
	policy_form(b, req, &p);
	last_run_html(b, req, found, &run);
	page_end(b, req);
}

/* POST /admin/retention: every field, checked against its bounds; a shorter time asks first. */
void
page_retention_post(struct request *req, struct response *res)
{
	static const char *const names[] = {"addresses_days", "comments_months", "answers_months", "plans_years",
					    "audit_years"};
	struct retention_policy old, p;
	struct error err;
	if (retention_policy_get(request_store(req), &old, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	p = old;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		const char *v = request_input(req, names[i]);
		if (retention_policy_field(&p, names[i], v ? v : "", &err) < 0) {
			respond_failed(req, res, HERE, &err);
			return;
		}
	}
	const char *vac = request_input(req, "vacuum_weekly");
	p.vacuum_weekly = vac && (strcmp(vac, "on") == 0 || strcmp(vac, "true") == 0);
	bool shorter = p.addresses_days < old.addresses_days || p.comments_months < old.comments_months ||
		       p.answers_months < old.answers_months || p.plans_years < old.plans_years ||
		       p.audit_years < old.audit_years;
	const struct confirmation ask = {
		_("Keep personal data for less time?"),
		_("The next daily purge deletes everything older than the new times, for good: it cannot be undone."),
		_("Save the shorter times"), HERE, false};
	if (shorter && !page_confirmed(req, res, &ask))
		return;
	const struct actor who = request_actor(req);
	if (retention_policy_set(request_store(req), &who, &p, &err) < 0) {
		respond_failed(req, res, HERE, &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, HERE, _("Retention saved."), NULL);
}
