/*
 * page_round.c - one round's page (status, links, language, schedule, how many it is for, the actions) and
 * the forms that change its settings or close and reopen it; and the helpers every round page shares
 * (page_round.h). Each change is one domain call: the domain owns its transaction and audit record.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/consensus.h"
#include "domain/export.h"
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
#include "web/app.h"
#include "web/handlers.h"
#include "web/page_retention.h"
#include "web/page_round.h"
#include "web/page.h"
#include "web/mail_invites.h"
#include "web/qr.h"
#include "web/svg.h"

const char *
page_round_href(struct request *req, const struct round *r, const char *suffix)
{
	return arena_printf(req->arena, "/units/%s/rounds/%lld%s", req->unit->code, (long long)r->id, suffix);
}

/* The fields that choose a survey's language: a select of the languages, each named in itself, and "English
 * beside it" (in the request's arena, as markup). CHOSEN and BILINGUAL as they are, unless a refused form
 * brings back what was typed. */
const char *
page_round_language_fields(struct request *req, const char *chosen, bool bilingual)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	buf_puts(&b, _("<label>The survey's language <select name=\"language\">"));
	for (size_t i = 0; i < lang_count(); i++) {
		const char *code = lang_code(lang_at(i));
		bool on = req->refused.on && request_input(req, "language")
				  ? *form_selected(req, "language", code) != '\0'
				  : strcmp(chosen, code) == 0;
		html_printf(&b, "<option value=\"%s\" lang=\"%s\"%R>%s</option>", code, code, on ? " selected" : "",
			    lang_name(lang_at(i)));
	}
	html_printf(
		&b,
		_("</select></label>\n<label><input type=\"checkbox\" name=\"bilingual\" value=\"1\"%R> with English "
		  "beside "
		  "it (a bilingual survey, Welsh first)</label>\n<p class=\"note\">Whoever answers can switch language "
		  "on every page; their browser's language, when caregrid speaks it, comes first.</p>\n"),
		(req->refused.on && request_input(req, "language") ? *form_selected(req, "bilingual", "1") != '\0'
								    : bilingual)
			? " checked"
			: "");
	const char *out = arena_strdup(req->arena, b.data);
	buf_release(&b);
	return out;
}

/* "How many people is this round for?" with its hint (in the request's arena, as markup): HEADCOUNT as it is
 * (0: not said), unless a refused form brings back what was typed. */
const char *
page_round_headcount_field(struct request *req, long headcount)
{
	const char *now = headcount ? arena_printf(req->arena, "%ld", headcount) : "";
	return html_text(
		req,
		_("<label>How many people is this round for? <input type=\"number\" name=\"headcount\" min=\"1\" "
		  "max=\"%d\" inputmode=\"numeric\" aria-describedby=\"headcount-note\" value=\"%s\"></label>\n"
		  "<p class=\"note\" id=\"headcount-note\">Needed for a shared link (one link for a meeting or a "
		  "tablet): it takes no more answers than this. Personal links need no number.</p>\n"),
		HEADCOUNT_MAX, form_value(req, "headcount", now));
}

/* The HEADCOUNT input as a number: 0 when not given, -1 when it is not a whole number (round_headcount_set
 * refuses it, naming the field). */
long
page_round_headcount_input(const struct request *req)
{
	const char *t = page_number_input(req, "headcount");
	if (!t || !*t)
		return 0;
	char *end;
	long v = strtol(t, &end, 10);
	return *end || v < 1 ? -1 : v;
}

/* "bilingual": the form's ticked box, or the API's true. */
bool
page_round_bilingual_asked(const struct request *req)
{
	json_t *j = json_object_get(req->json, "bilingual");
	if (j)
		return json_is_true(j);
	const char *v = request_input(req, "bilingual");
	return v && strcmp(v, "1") == 0;
}


/* The language the survey is offered in; for its facilitators while it is not closed, the form that changes it. */
static void
write_language(struct buf *b, struct request *req, const struct round *r, bool changeable)
{
	const struct lang *l = lang_find(r->language);
	html_printf(
		b,
		_("<section class=\"panel\" aria-labelledby=\"language\"><h2 id=\"language\">Language</h2>\n<p>The "
		  "survey "
		  "is offered in <span lang=\"%s\">%s</span>%s; whoever answers can switch on every page.</p>\n"),
		lang_code(l), lang_name(l), r->bilingual ? _(", with English beside it") : "");
	if (changeable) {
		html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">",
			    page_round_href(req, r, "/language"));
		page_csrf_field(b, req);
		html_printf(b, _("%R<button type=\"submit\" class=\"secondary\">Save the language</button></form>\n"),
			    page_round_language_fields(req, r->language, r->bilingual));
	}
	buf_puts(b, "</section>\n");
}

/* Whether R repeats, when the next opens and with whom; for its facilitators, the form that changes it. */
static void
write_schedule(struct buf *b, struct request *req, const struct round *r, const struct round_schedule *sched,
	       bool facilitator)
{
	if (!sched->every_months && !facilitator)
		return;
	buf_puts(b, _("<section class=\"panel\" aria-labelledby=\"schedule\"><h2 id=\"schedule\">Schedule</h2>\n"));
	if (!sched->latest) {
		html_printf(b,
			    _("<p>This round is one of a schedule%s%s. A later round of it holds the schedule.</p>\n"),
			    sched->every_months ? _(" that repeats ") : "",
			    sched->every_months ? _(schedule_words(sched->every_months)) : "");
	} else if (sched->every_months) {
		html_printf(
			b,
			_("<p>Repeats %s. The next round opens by itself on <strong>%s</strong> and takes answers "
			  "until %s, "
			  "with the same questions."),
			_(schedule_words(sched->every_months)), page_date(req, sched->next_opens_on),
			page_date(req, sched->next_closes_on));
		if (!round_has_survey(r))
			buf_puts(b, "</p>\n");
		else if (req->app->mailer && sched->addresses)
			html_printf(
				b,
				_(" Its invitations go by email to the %ld %s this round invited by email, each with a "
				  "new "
				  "link of its own.</p>\n"),
				sched->addresses, sched->addresses == 1 ? "address" : "addresses");
		else if (req->app->mailer)
			buf_puts(b, _(" Invite people by email here, and the next round invites them again.</p>\n"));
		else
			buf_puts(b, _(" Hand out its links when it opens.</p>\n"));
	} else {
		buf_puts(b, _("<p>This round does not repeat.</p>\n"));
	}
	if (facilitator && sched->latest) {
		html_printf(b, "<form method=\"post\" action=\"%s\" class=\"row\">",
			    page_round_href(req, r, "/repeat"));
		page_csrf_field(b, req);
		html_printf(
			b,
			_("<label>Repeats <select name=\"repeat\"><option value=\"never\">no</option>"
			  "<option value=\"monthly\"%R>every month</option><option value=\"quarterly\"%R>every "
			  "quarter</option>"
			  "</select></label><button type=\"submit\" class=\"secondary\">Save the "
			  "schedule</button></form>\n"),
			sched->every_months == 1 ? " selected" : "", sched->every_months == 3 ? " selected" : "");
	}
	buf_puts(b, "</section>\n");
}

/* Under the round page's counts: when the results are next updated (round.h round_count_pending). The note
 * is not worth failing the page for: after a storage error it is left out. */
static void
round_steps_note(struct buf *b, struct request *req, const struct round *r)
{
	struct error err;
	int min;
	const char *steps = round_has_survey(r) && round_min_group(request_store(req), r->id, &min, &err) == 0
				    ? page_steps(req, r, min)
				    : NULL;
	if (steps)
		html_printf(b, "<p class=\"note\" id=\"steps\">%s</p>\n", steps);
}

/* A round's shared link: how many people the round is for, that whoever holds the link can answer more than
 * once, and the form that says how many. Only while the round takes answers; a round of paper answers has no
 * links. */
static void
write_shared_link(struct buf *b, struct request *req, const struct round *r)
{
	html_printf(b, "<div id=\"shared-link\"><h3>%s</h3>\n", _("Shared link"));
	if (round_paper_only(r)) {
		html_printf(b, "<p>%s</p></div>\n",
			    _("This round takes paper answers only: its answers were imported, so it takes "
			      "none through links. Open a new round for answers online."));
		return;
	}
	if (r->headcount)
		html_printf(
			b, "<p>%s</p>\n",
			arena_printf(
				req->arena,
				trn(req->lang,
				    "This round is for %ld person: its shared "
				    "link takes no more answers than that, and the next person is told the round is "
				    "full.",
				    "This round is for "
				    "%ld people: its shared link takes no more answers than that, and the next person "
				    "is told the round is "
				    "full.",
				    (unsigned long)r->headcount),
				r->headcount));
	else
		html_printf(b, "<p>%s</p>\n", _("Say how many people this round is for before making a shared link."));
	html_printf(
		b, "<p class=\"warning\" id=\"shared-warning\">%s</p>\n",
		_("Someone holding a shared link can answer more than once, up to that number, and nobody can tell. "
		  "Personal "
		  "links are safer for small teams: each one answers once."));
	html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">", page_round_href(req, r, "/headcount"));
	page_csrf_field(b, req);
	html_printf(b, "%R<button type=\"submit\" class=\"secondary\">%s</button></form>\n",
		    page_round_headcount_field(req, r->headcount), _("Save how many"));
	buf_puts(b, "</div>\n");
}

/* The round as the API gives it: for its facilitators, with its invitation links. */
static void
round_json(struct request *req, struct response *res, const struct round *r, const char *day, long submitted,
	   const struct round_schedule *sched, bool facilitator)
{
	struct store *s = request_store(req);
	struct error err;
	json_t *doc = json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)r->id,
				"unit", req->unit->code, "title", r->title, "instrument", r->instrument_id, "version",
				(json_int_t)r->instrument_version, "mode", r->mode, "energy", r->energy, "opens_on",
				r->opens_on, "closes_on", r->closes_on, "status", round_status(r, day), "responses",
				(json_int_t)submitted);
	json_object_set_new(doc, "language", json_string(r->language));
	json_object_set_new(doc, "bilingual", json_boolean(r->bilingual));
	json_object_set_new(doc, "headcount", r->headcount ? json_integer(r->headcount) : json_null());
	json_object_set_new(doc, "answers_from", r->answers_from[0] ? json_string(r->answers_from) : json_null());
	json_object_set_new(doc, "repeat",
			    sched->every_months
				    ? json_pack("{s:s, s:s, s:s, s:I}", "every",
						sched->every_months == 1 ? "monthly" : "quarterly", "next_opens_on",
						sched->next_opens_on, "next_closes_on", sched->next_closes_on,
						"addresses", (json_int_t)sched->addresses)
				    : json_null());
	if (facilitator) {
		struct invitation_list c = {req, r, NULL, json_array(), false};
		if (invitations_each(s, r->id, page_round_invitation_item, &c, &err) < 0) {
			json_decref(c.json);
			json_decref(doc);
			respond_storage_error(req, res, &err);
			return;
		}
		json_object_set_new(doc, "invitations", c.json);
	}
	respond_json(res, MHD_HTTP_OK, doc);
}

/* The invitation links panel of a round's page, for its facilitators, with the forms that make links and
 * invite by mail while the round is not closed. -1 with ERR when the links could not be read. */
static int
write_invitations_panel(struct buf *b, struct request *req, const struct round *r, const char *status,
			const struct mail_record *mail, struct error *err)
{
	struct store *s = request_store(req);
	buf_puts(
		b,
		_("<section class=\"panel\"><h2>Invitation links</h2>\n<p class=\"note\">People answer without an "
		  "account. Answers are kept with the person's staff group only, never with the link or the name.</p>\n"
		  "<div class=\"scroll\" tabindex=\"0\"><table "
		  "class=\"list\"><thead><tr><th>Kind</th><th>For</th><th>Link</th>"
		  "<th>State</th><th></th></tr></thead><tbody>\n"));
	struct invitation_list c = {req, r, b, NULL, strcmp(status, "closed") == 0};
	if (invitations_each(s, r->id, page_round_invitation_item, &c, err) < 0)
		return -1;
	buf_puts(b, "</tbody></table></div>\n");
	/* A closed round takes no more answers: no shared link to make or hand out. */
	if (strcmp(status, "closed") != 0)
		write_shared_link(b, req, r);
	/* Not even how many links answered: with one person invited by mail, or one link withdrawn, a count
	 * would say whether that person has. */
	buf_puts(b,
		 _("<p class=\"note\">Which links have answered, or how many, is never shown, so that no answer can be "
		   "tied to a person.</p>\n"));
	mail_record_write(b, req, mail);
	if (strcmp(status, "closed") != 0 && !round_paper_only(r)) {
		html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">",
			    page_round_href(req, r, "/invitations"));
		page_csrf_field(b, req);
		buf_puts(
			b,
			_("<label>Personal links: one line per person (a name or an email, to tell the links apart)"
			  "<textarea name=\"labels\" rows=\"4\"></textarea></label>\n"
			  "<label><input type=\"checkbox\" name=\"shared\" value=\"1\"> and one shared link for a "
			  "staff meeting</label>\n"
			  "<label>Show them <select name=\"format\"><option value=\"html\">on a page</option>"
			  "<option value=\"csv\">as a CSV file for mail merge</option></select></label>\n"
			  "<button type=\"submit\" class=\"primary\">Make links</button></form>\n"));
		if (req->app->mailer) {
			html_printf(b,
				    _("<h3>Invite by email</h3><form method=\"post\" action=\"%s\" class=\"stack\">"),
				    page_round_href(req, r, "/invitations"));
			page_csrf_field(b, req);
			html_printf(b,
				    _("<label for=\"emails\">Email addresses: each gets a personal link of its "
				      "own, by mail</label>\n<p class=\"note\" id=\"emails-hint\">%s</p>\n"
				      "<textarea id=\"emails\" name=\"emails\" rows=\"4\" spellcheck=\"false\" "
				      "aria-describedby=\"emails-hint\"></textarea>\n<button type=\"submit\" "
				      "class=\"primary\">Check the addresses</button></form>\n"),
				    mail_invites_hint(req));
			html_printf(
				b,
				_("<form method=\"post\" action=\"%s\"><p class=\"note\">A reminder goes to each "
				  "address "
				  "invited by email that has not answered; nobody, you included, is told who or how "
				  "many.</p>"),
				page_round_href(req, r, "/remind"));
			page_csrf_field(b, req);
			buf_puts(
				b,
				_("<button type=\"submit\" class=\"secondary\">Remind those who have not "
				  "answered</button></form>\n"));
		}
	}
	buf_puts(b, "</section>\n");
	return 0;
}

/* The foot of a round's page: the report and exports, the import form, and closing or reopening it. */
static void
write_round_actions(struct buf *b, struct request *req, const struct round *r, const char *day, const char *status,
		    bool facilitator)
{
	html_printf(
		b,
		_("<p><a href=\"%s\">Printable report</a> · <a href=\"/api/units/%s/export?round=%lld&amp;format=csv\">"
		  "Results as CSV</a>"),
		page_round_href(req, r, "/report"), req->unit->code, (long long)r->id);
	/* Answers one by one: for administrators, once the round has closed (the export refuses a round under the
	 * minimum, saying so). */
	if (export_may_list_responses(&req->grants, req->unit) && strcmp(status, "closed") == 0)
		html_printf(
			b,
			_(" · <a href=\"/api/units/%s/export?round=%lld&amp;format=csv&amp;content=responses\">Answers "
			  "one "
			  "by one as CSV</a> <span class=\"note\">(staff groups coarsened, rows shuffled)</span>"),
			req->unit->code, (long long)r->id);
	buf_puts(b, "</p>\n");
	if (facilitator && strcmp(r->answers_from, "online") == 0) {
		html_printf(
			b, "<p class=\"note\" id=\"no-import\">%s</p>\n",
			_("This round has answers given online, so it takes no import: paper answers go in a separate "
			  "round of "
			  "their own."));
	} else if (facilitator) {
		html_printf(
			b,
			_("<details class=\"action\"><summary>Import answers collected on paper or elsewhere</summary>"
			  "<form method=\"post\" action=\"%s\" class=\"stack\">"),
			page_round_href(req, r, "/import"));
		page_csrf_field(b, req);
		html_printf(b, "<p class=\"note\">%s</p>",
			    _("Paper and online answers never mix in one round: once answers are "
			      "imported, its links stop taking answers."));
		buf_puts(
			b,
			_("<p class=\"note\">One row per answer: respondent,staff_group,item,score[,comment]. A "
			  "respondent is any "
			  "identifier that groups one person's rows (it is not kept); score is a level's value or "
			  "label, dk, or empty. "
			  "All or nothing: any bad row rejects the file.</p>"
			  "<label>CSV <textarea name=\"csv\" rows=\"6\" spellcheck=\"false\">"));
		html_printf(b, "%s", form_value(req, "csv", "respondent,staff_group,item,score,comment\n"));
		buf_puts(
			b,
			_("</textarea></label><label>Other column names (optional) <input name=\"map\" "
			  "placeholder=\"respondent=Form,item=Question\"></label>"
			  "<label>Other score words (optional) <input name=\"scale\" placeholder=\"Not at "
			  "all=0,Fully=4\"></label>"
			  "<button type=\"submit\" class=\"secondary\">Import</button></form></details>\n"));
	}
	if (facilitator && strcmp(status, "closed") != 0) {
		html_printf(b, "<form method=\"post\" action=\"%s\">", page_round_href(req, r, "/close"));
		page_csrf_field(b, req);
		buf_puts(b, _("<button type=\"submit\" class=\"danger\">Close the round now</button></form>\n"));
	} else if (facilitator && r->closed_early && strcmp(day, r->closes_on) <= 0 && !r->responses_exported) {
		html_printf(
			b,
			_("<form method=\"post\" action=\"%s\"><p>Closed early by mistake? Until %s it can take "
			  "answers "
			  "again.</p>"),
			page_round_href(req, r, "/reopen"), page_date(req, r->closes_on));
		page_csrf_field(b, req);
		buf_puts(b, _("<button type=\"submit\" class=\"secondary\">Reopen the round</button></form>\n"));
	}
}

/* What a round's page shows beyond the round itself, read before anything is written. */
struct round_page {
	long submitted;
	struct round_schedule sched;
	struct mail_record mail; /* for its facilitators, on a round with a survey */
};

static int
round_page_load(struct request *req, const struct round *r, const char day[11], struct round_page *p,
		struct error *err)
{
	*p = (struct round_page){0};
	struct store *s = request_store(req);
	if (round_counts(s, r->id, &p->submitted, err) < 0 || round_schedule_get(s, r, day, &p->sched, err) < 0)
		return -1;
	if (req->role >= ROLE_FACILITATOR && round_has_survey(r))
		mail_record_load(req, "round", r->id, &p->mail);
	return 0;
}

void
page_round(struct request *req, struct response *res)
{
	struct round r = *req->round;
	const struct instrument *ins = req->instrument;
	struct error err;
	char day[11];
	today(day);
	struct round_page p;
	if (round_page_load(req, &r, day, &p, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	bool facilitator = req->role >= ROLE_FACILITATOR;
	if (wants_json(req)) {
		round_json(req, res, &r, day, p.submitted, &p.sched, facilitator);
		return;
	}
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Units"), "/units"},
				       {req->unit->name, arena_printf(req->arena, "/units/%s", req->unit->code)},
				       {r.title, NULL},
				       {NULL, NULL}};
	page_begin(b, req, r.title, crumbs);
	const char *status = round_status(&r, day);
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s · %s · %s · <strong>%s</strong></p>\n", r.title,
		    req->unit->name, arena_printf(req->arena, _("%s (version %ld)"), ins->title, ins->version),
		    arena_printf(req->arena, _("%s to %s"), page_date(req, r.opens_on), page_date(req, r.closes_on)),
		    _(status));
	/* The answers in the results only (round_counts): no count that moves with each person who answers. */
	html_printf(
		b,
		_("<ul class=\"stats\"><li><span class=\"label\">Answers in the results</span><span "
		  "class=\"stat\">%ld</span></li></ul>\n"),
		p.submitted);
	round_steps_note(b, req, &r);
	html_printf(b, _("<p><a class=\"button\" href=\"%s\">See the results</a></p>\n"),
		    page_round_href(req, &r, "/results"));
	if (facilitator && strcmp(r.mode, "survey") != 0)
		html_printf(b, _("<p><a href=\"%s\">Record the consensus session</a></p>\n"),
			    page_round_href(req, &r, "/consensus"));
	if (facilitator && round_has_survey(&r) && write_invitations_panel(b, req, &r, status, &p.mail, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (round_has_survey(&r))
		write_language(b, req, &r, facilitator && strcmp(round_status(&r, day), "closed") != 0);
	write_schedule(b, req, &r, &p.sched, facilitator);
	write_round_actions(b, req, &r, day, status, facilitator);
	if (p.sched.every_months && p.sched.latest)
		buf_puts(
			b,
			_("<p>Addresses are kept while the round repeats: the next round is invited from them.</p>\n"));
	page_retention_sentence(b, req, strcmp(status, "closed") == 0 ? r.closed_on : NULL, day, false);
	page_end(b, req);
}

void
page_round_close(struct request *req, struct response *res)
{
	struct round r = *req->round;
	const struct confirmation ask =
		{_("Close the round now?"),
		 arena_printf(req->arena,
			      _("%s stops taking answers at once, before its closing date (%s). Until that date you "
				"can reopen it from its page, unless its answers are exported one by one first."),
			      r.title, page_date(req, r.closes_on)),
		 _("Close the round"), page_round_href(req, &r, ""), true};
	if (!page_confirmed(req, res, &ask))
		return;
	struct error err;
	const struct actor who = request_actor(req);
	if (round_close(request_store(req), &who, &r, req->unit->code, &err) < 0) {
		respond_failed(req, res, page_round_href(req, &r, ""), &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, page_round_href(req, &r, ""),
		     arena_printf(req->arena, _("Round closed: it takes no more answers. You can reopen it until %s."),
				  page_date(req, r.closes_on)),
		     NULL);
}


void
page_round_reopen(struct request *req, struct response *res)
{
	struct round r = *req->round;
	struct error err;
	const struct actor who = request_actor(req);
	if (round_reopen(request_store(req), &who, &r, req->unit->code, &err) < 0) {
		respond_failed(req, res, page_round_href(req, &r, ""), &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, page_round_href(req, &r, ""),
		     arena_printf(req->arena, _("Round reopened: it takes answers again until %s."),
				  page_date(req, r.closes_on)),
		     NULL);
}

/* POST .../language (language=cy, bilingual=1): the language the survey is offered in. */
void
page_round_language(struct request *req, struct response *res)
{
	struct round r = *req->round;
	const char *here = page_round_href(req, &r, "");
	struct error err;
	const struct actor who = request_actor(req);
	if (round_language_set(request_store(req), &who, &r, req->unit->code, request_input(req, "language"),
			       page_round_bilingual_asked(req), &err) < 0) {
		respond_failed(req, res, here, &err);
		return;
	}
	const struct lang *l = lang_find(request_input(req, "language"));
	respond_done(req, res, MHD_HTTP_OK, here,
		     arena_printf(req->arena, _("The survey is offered in %s."), lang_name(l)),
		     json_pack("{s:b, s:s}", "ok", 1, "language", lang_code(l)));
}

/* POST .../headcount (headcount=N): how many people the round is for; its shared links take no more answers. */
void
page_round_headcount(struct request *req, struct response *res)
{
	struct round r = *req->round;
	const char *here = page_round_href(req, &r, "");
	struct error err;
	const struct actor who = request_actor(req);
	long n = page_round_headcount_input(req);
	if (round_headcount_set(request_store(req), &who, &r, req->unit->code, n ? n : -1, &err) < 0) {
		respond_failed(req, res, here, &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, here,
		     arena_printf(req->arena,
				  trn(req->lang, "This round is for %s person.", "This round is for %s people.",
				      (unsigned long)n),
				  page_count(req, n)),
		     json_pack("{s:b, s:I}", "ok", 1, "headcount", (json_int_t)n));
}

int
page_round_repeat_input(struct request *req, struct response *res, const char *here)
{
	int every = schedule_parse(request_input(req, "repeat"));
	if (every < 0) {
		form_refused_at(req, "repeat");
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, here,
			     _("Repeats: choose monthly, quarterly or never."));
	}
	return every;
}

/* POST .../repeat (repeat=monthly|quarterly|never): the round repeats, or stops repeating. */
void
page_round_repeat(struct request *req, struct response *res)
{
	struct round r = *req->round;
	const char *here = page_round_href(req, &r, "");
	int every = page_round_repeat_input(req, res, here);
	if (every < 0)
		return;
	struct error err;
	const struct actor who = request_actor(req);
	if (round_repeat_set(request_store(req), &who, req->unit, &r, every, &err) < 0) {
		respond_failed(req, res, here, &err);
		return;
	}
	struct round_schedule sched;
	char day[11];
	today(day);
	if (round_get(request_store(req), r.id, &r, &err) <= 0 ||
	    round_schedule_get(request_store(req), &r, day, &sched, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	const char *said = every ? arena_printf(req->arena, _("The round repeats %s: the next opens by itself on %s."),
						_(schedule_words(every)), page_date(req, sched.next_opens_on))
				 : _("The round no longer repeats.");
	respond_done(req, res, MHD_HTTP_OK, here, said,
		     every ? json_pack("{s:b, s:s, s:s}", "ok", 1, "every", every == 1 ? "monthly" : "quarterly",
				       "next_opens_on", sched.next_opens_on)
			   : json_pack("{s:b, s:n}", "ok", 1, "every"));
}

