/*
 * page_rounds.c - a unit's rounds on the web and in the API: the rounds panel of a unit's page with the form
 * that opens one, the list and the opening (round_open does the work), importing answers collected on paper,
 * and the unit's export. One round's page is page_round.c; its links and mail page_invitations.c; its
 * consensus session and evidence page_consensus.c. Rounds live under their unit (/units/{code}/rounds/{id})
 * so that the unit's access rule guards them; a round of another unit is "not found".
 */
#include <limits.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/consensus.h"
#include "domain/export.h"
#include "domain/improve_io.h"
#include "domain/import.h"
#include "domain/results.h"
#include "domain/round.h"
#include "domain/round_answers.h"
#include "domain/round_open.h"
#include "domain/schedule.h"
#include "store/store.h"
#include "domain/mail.h"
#include "lib/csv.h"
#include "lib/multipart.h"
#include "lib/text.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page_round.h"
#include "web/page.h"
#include "web/mail_invites.h"
#include "web/qr.h"
#include "web/svg.h"

struct rounds_list {
	struct request *req;
	struct buf *b;
	json_t *json;
	char today[11];
	size_t n;
	struct strvec instruments; /* the distinct instruments met, for the journey links */
};

static int
round_item(void *vctx, const struct round *r)
{
	struct rounds_list *c = vctx;
	long submitted = 0;
	struct error err;
	if (round_counts(request_store(c->req), r->id, &submitted, &err) < 0)
		return -1;
	const char *status = round_status(r, c->today);
	c->n++;
	bool seen = false;
	for (size_t i = 0; i < c->instruments.n; i++)
		seen = seen || strcmp(c->instruments.v[i], r->instrument_id) == 0;
	if (!seen)
		strvec_push(&c->instruments, r->instrument_id);
	if (c->json) {
		json_array_append_new(c->json,
				      json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:I, s:o}", "id",
						(json_int_t)r->id, "title", r->title, "instrument", r->instrument_id,
						"version", (json_int_t)r->instrument_version, "mode", r->mode,
						"opens_on", r->opens_on, "closes_on", r->closes_on, "status", status,
						"responses", (json_int_t)submitted, "headcount",
						r->headcount ? json_integer(r->headcount) : json_null()));
		return 0;
	}
	const struct request *req = c->req;
	html_printf(
		c->b,
		"<tr><td><a href=\"%s\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%ld</td></tr>\n",
		page_round_href(c->req, r, ""), r->title, page_instrument_title(c->req, r->instrument_id),
		arena_printf(req->arena, _("%s to %s"), page_date(req, r->opens_on), page_date(req, r->closes_on)),
		_(status), submitted);
	return 0;
}


/* A unit with units within it: the form that compares them on an instrument (the regional grid). */
static void
rounds_compare_form(struct buf *b, struct request *req)
{
	bool has_children = false;
	for (size_t i = 0; i < req->tree->n && !has_children; i++)
		has_children = req->tree->v[i].parent == req->unit;
	if (has_children) {
		html_printf(
			b,
			_("<form method=\"get\" action=\"/units/%s/region\" class=\"row\"><label>Compare the units "
			  "within on "
			  "<select name=\"instrument\">"),
			req->unit->code);
		for (size_t i = 0; i < catalog_count(req->app->catalog); i++) {
			const struct instrument *ins = page_ins(req, catalog_get(req->app->catalog, i));
			if (strcmp(ins->subject, "individual") != 0)
				html_printf(b, "<option value=\"%s\">%s</option>", ins->id, ins->title);
		}
		buf_puts(
			b,
			_("</select></label><button type=\"submit\" class=\"secondary\">Regional "
			  "grid</button></form>\n"));
	}
}

/* An admin's switch for sharing the unit's results, anonymised, with the rest of the region. */
static void
rounds_share_form(struct buf *b, struct request *req)
{
	html_printf(b, "<form method=\"post\" action=\"/units/%s/share\" class=\"row\">", req->unit->code);
	page_csrf_field(b, req);
	html_printf(b,
		    "<input type=\"hidden\" name=\"share\" value=\"%s\"><p class=\"note\">%s</p>"
		    "<button type=\"submit\" class=\"secondary\">%s</button></form>\n",
		    req->unit->share_outside ? "0" : "1",
		    req->unit->share_outside
			    ? _("This unit's results may be compared, anonymised, by others in the region.")
			    : _("This unit's results are seen only within its own part of the tree."),
		    req->unit->share_outside ? _("Stop sharing") : _("Share anonymised results for learning"));
}

/* The facilitator's form that opens a new round; TODAY_S is the opening date it suggests. */
static void
rounds_open_form(struct buf *b, struct request *req, const char *today_s)
{
	/* Back after an error, the form is open again with what was typed. */
	bool retry = req->refused.on && request_input(req, "title");
	html_printf(b,
		    _("<details class=\"action\"%R><summary>Open a new round</summary>"
		      "<form method=\"post\" action=\"/units/%s/rounds\" class=\"stack\">"),
		    retry ? " open" : "", req->unit->code);
	page_csrf_field(b, req);
	html_printf(
		b,
		_("<label>Title <input name=\"title\" required maxlength=\"200\" placeholder=\"Spring 2027: "
		  "mapping the "
		  "journey\" value=\"%s\"></label>\n<label>Instrument <select name=\"instrument\">"),
		form_value(req, "title", NULL));
	for (size_t i = 0; i < catalog_count(req->app->catalog); i++) {
		const struct instrument *ins = page_ins(req, catalog_get(req->app->catalog, i));
		if (strcmp(ins->subject, "individual") != 0)
			html_printf(b, "<option value=\"%s\"%R>%s</option>", ins->id,
				    form_selected(req, "instrument", ins->id), ins->title);
	}
	html_printf(
		b,
		_("</select></label>\n"
		  "<label>How <select name=\"mode\"><option value=\"survey\">Anonymous survey</option>"
		  "<option value=\"survey_consensus\"%R>Survey, then a consensus session</option>"
		  "<option value=\"consensus\"%R>Consensus session only</option></select></label>\n"
		  "<label>Ask about energy for change <select name=\"energy\"><option value=\"domain\">per "
		  "domain</option>"
		  "<option value=\"item\"%R>per element</option><option value=\"none\"%R>not at "
		  "all</option></select></label>\n"
		  "%R<label>Opens on <input type=\"date\" name=\"opens_on\" required value=\"%s\"></label>\n"
		  "<label>Closes on <input type=\"date\" name=\"closes_on\" required value=\"%s\"></label>\n"
		  "<label>Repeats <select name=\"repeat\" aria-describedby=\"repeat-note\"><option "
		  "value=\"never\">no</option>"
		  "<option value=\"monthly\"%R>every month</option><option value=\"quarterly\"%R>every "
		  "quarter</option>"
		  "</select></label>\n%R<p class=\"note\" id=\"repeat-note\">A round that repeats opens the "
		  "next by itself "
		  "on its date, as long as this one, with the same questions, and invites again the addresses "
		  "this one "
		  "invited by email: a pulse that runs itself.</p>\n"
		  "<button type=\"submit\" class=\"primary\">Open round</button></form></details>\n"),
		form_selected(req, "mode", "survey_consensus"), form_selected(req, "mode", "consensus"),
		form_selected(req, "energy", "item"), form_selected(req, "energy", "none"),
		page_round_headcount_field(req, 0), form_value(req, "opens_on", today_s),
		form_value(req, "closes_on", NULL), form_selected(req, "repeat", "monthly"),
		form_selected(req, "repeat", "quarterly"), page_round_language_fields(req, "en", false));
}

/* The rounds panel of a unit's page (called from page_units.c). */
void
write_unit_rounds(struct buf *b, struct request *req)
{
	struct rounds_list c = {req, b, NULL, "", 0, STRVEC_INIT};
	today(c.today);
	struct error err;
	buf_puts(
		b,
		_("<section class=\"panel\"><h2>Assessment rounds</h2>\n<div class=\"scroll\" tabindex=\"0\"><table "
		  "class=\"list\">"
		  "<thead><tr><th>Round</th><th>Instrument</th><th>Dates</th><th>Status</th><th "
		  "class=\"num\">Answers</th></tr>"
		  "</thead><tbody>\n"));
	if (rounds_each(request_store(req), req->unit->id, round_item, &c, &err) < 0)
		buf_puts(b, _("<tr><td colspan=\"5\">The rounds could not be read just now.</td></tr>\n"));
	else if (!c.n)
		buf_puts(b, _("<tr><td colspan=\"5\">No rounds yet.</td></tr>\n"));
	buf_puts(b, "</tbody></table></div>\n");
	for (size_t i = 0; i < c.instruments.n; i++) {
		const struct instrument *ins = page_ins(req, catalog_find(req->app->catalog, c.instruments.v[i], 0));
		html_printf(b, _("<p><a href=\"/units/%s/journey?instrument=%s\">The journey on %s</a></p>\n"),
			    req->unit->code, c.instruments.v[i], ins ? ins->title : c.instruments.v[i]);
	}
	strvec_clear(&c.instruments);
	rounds_compare_form(b, req);
	if (req->role == ROLE_ADMIN)
		rounds_share_form(b, req);
	if (req->role >= ROLE_FACILITATOR && !req->unit->archived_at)
		rounds_open_form(b, req, c.today);
	buf_puts(b, "</section>\n");
}


static bool
language_given(const struct request *req)
{
	const char *l = request_input(req, "language");
	return l && *l;
}


void
page_unit_rounds_list(struct request *req, struct response *res)
{
	struct error err;
	struct rounds_list c = {req, NULL, json_array(), "", 0, STRVEC_INIT};
	today(c.today);
	if (rounds_each(request_store(req), req->unit->id, round_item, &c, &err) < 0) {
		strvec_clear(&c.instruments);
		json_decref(c.json);
		respond_storage_error(req, res, &err);
		return;
	}
	strvec_clear(&c.instruments);
	respond_json(res, MHD_HTTP_OK, json_pack("{s:s, s:o}", "unit", req->unit->code, "rounds", c.json));
}

void
page_unit_rounds(struct request *req, struct response *res)
{
	struct error err;
	const char *here = arena_printf(req->arena, "/units/%s", req->unit->code);
	const char *inst = request_input(req, "instrument");
	const char *version = request_input(req, "version");
	long long v = 0; /* none given: the latest */
	bool version_ok = !version || !*version || text_to_number(version, 1, LONG_MAX, &v);
	const struct instrument *ins = inst && version_ok ? catalog_find(req->app->catalog, inst, (long)v) : NULL;
	if (!ins) {
		form_refused_at(req, "instrument");
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, here, _("Choose one of the instruments."));
		return;
	}
	const char *mode = request_input(req, "mode"), *energy = request_input(req, "energy");
	int every = page_round_repeat_input(req, res, here);
	if (every < 0)
		return;
	const struct round_spec spec = {.title = request_input(req, "title"),
					.ins = ins,
					.mode = mode,
					.energy = energy,
					.opens_on = request_input(req, "opens_on"),
					.closes_on = request_input(req, "closes_on"),
					.every_months = every,
					.language = language_given(req) ? request_input(req, "language") : NULL,
					.bilingual = page_round_bilingual_asked(req),
					.headcount = page_round_headcount_input(req)};
	const struct actor who = request_actor(req);
	int64_t id;
	if (round_open(request_store(req), &who, req->unit, &spec, &id, &err) < 0) {
		respond_failed(req, res, here, &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_CREATED,
		     arena_printf(req->arena, "/units/%s/rounds/%lld", req->unit->code, (long long)id),
		     _("Round opened. Now make invitation links."),
		     json_pack("{s:b, s:I}", "ok", 1, "id", (json_int_t)id));
}


/* ---- import and export ---- */

void
page_round_import(struct request *req, struct response *res)
{
	struct round r = *req->round;
	const struct instrument *ins = req->instrument;
	const char *here = page_round_href(req, &r, "");
	const char *csv = request_input(req, "csv");
	size_t len = csv ? strlen(csv) : 0;
	if (!csv && req->body && req->content_type && strncmp(req->content_type, "text/csv", 8) == 0) {
		csv = req->body;
		len = req->body_len;
	}
	if (!csv || !len) {
		respond_fail(req, res, MHD_HTTP_BAD_REQUEST, here,
			     _("Send the answers as the \"csv\" field or as a text/csv body."));
		return;
	}
	const char *map = request_input(req, "map"), *scale = request_input(req, "scale");
	if (!map)
		map = request_arg(req, "map");
	if (!scale)
		scale = request_arg(req, "scale");
	struct import_options io = {.column_map = map && *map ? map : NULL,
				    .score_map = scale && *scale ? scale : NULL};
	struct import_report rep;
	struct strvec problems = STRVEC_INIT;
	struct error err = {.kind = ERROR_INVALID};
	const struct actor who = request_actor(req);
	int rc = responses_import(request_store(req), &who, &r, req->unit, ins, csv, len, "upload", &io, &rep,
				  &problems, &err);
	if (rc < 0 && !problems.n) {
		/* Refused as a whole (the round has online answers: 409, saying what to do), or caregrid's failure. */
		strvec_clear(&problems);
		respond_failed(req, res, here, &err);
		return;
	}
	if (rc < 0) {
		/* The domain's words name no way of mapping; the form's own fields are the way here. */
		if (rep.column_missing)
			strvec_push(&problems, _("A column named otherwise: give its name under \"Other column names\" "
						 "(map), as respondent=Form,item=Question."));
		if (rep.score_unmapped)
			strvec_push(&problems, _("Score words that are not a level: give each its value under \"Other "
						 "score words\" (scale), as Not at all=0,Fully=4."));
		page_import_refused(req, res, &problems, NULL, here,
				    html_text(req, _("</ul>\n<p><a href=\"%s\">Back to the round</a></p>\n"), here));
		strvec_clear(&problems);
		return;
	}
	strvec_clear(&problems);
	respond_done(req, res, MHD_HTTP_CREATED, here,
		     arena_printf(req->arena, _("Imported %s responses (%s answers)."),
				  page_count(req, (long long)rep.responses), page_count(req, (long long)rep.answers)),
		     json_pack("{s:b, s:I, s:I}", "ok", 1, "responses", (json_int_t)rep.responses, "answers",
			       (json_int_t)rep.answers));
}

void
page_unit_export(struct request *req, struct response *res)
{
	const char *format = request_arg(req, "format"), *round = request_arg(req, "round"),
		   *content = request_arg(req, "content");
	char *end = NULL;
	long long round_id = round ? strtoll(round, &end, 10) : 0;
	if (round && (*end || round_id <= 0)) {
		respond_error(req, res, MHD_HTTP_BAD_REQUEST,
			      arena_printf(req->arena, _("round: \"%s\" is not a round id"), round));
		return;
	}
	bool improvement = content && strcmp(content, "improvement") == 0;
	if (content && strcmp(content, "responses") != 0 && strcmp(content, "results") != 0 && !improvement) {
		respond_error(req, res, MHD_HTTP_BAD_REQUEST,
			      _("content: \"results\" (the default), \"responses\" or \"improvement\""));
		return;
	}
	if (improvement && ((format && strcmp(format, "csv") == 0) || round)) {
		respond_error(req, res, MHD_HTTP_BAD_REQUEST,
			      _("content: \"improvement\" is JSON only, of the whole unit: no format=csv or round"));
		return;
	}
	struct export_request q = {req->app->catalog, req->tree, &req->grants, req->unit, round_id,
				   content && strcmp(content, "responses") == 0};
	if (q.responses && !export_may_list_responses(&req->grants, req->unit)) {
		respond_error(
			req, res, MHD_HTTP_FORBIDDEN,
			_("Answers one by one are for the unit's administrators only; the results are open to you."));
		return;
	}
	struct error err;
	int rc;
	json_t *doc = NULL;
	if (format && strcmp(format, "csv") == 0) {
		res->content_type = "text/csv; charset=utf-8";
		res->disposition = arena_printf(req->arena, "attachment; filename=\"%s-%s.csv\"", req->unit->code,
						q.responses ? "responses" : "results");
		rc = unit_export_csv(request_store(req), &q, &res->body, &err);
	} else if (improvement) {
		rc = unit_export_improvement(request_store(req), &q, &doc, &err);
	} else {
		rc = unit_export_json(request_store(req), &q, &doc, &err);
	}
	if (rc < 0) {
		respond_storage_error(req, res, &err);
	} else if (rc > 0) {
		res->disposition = NULL;
		buf_reset(&res->body);
		respond_error(req, res, MHD_HTTP_CONFLICT, request_error_words(req, &err));
	} else if (doc) {
		respond_json(res, MHD_HTTP_OK, doc);
	}
}
