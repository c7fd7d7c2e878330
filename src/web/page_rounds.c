/*
 * page_rounds.c - assessment rounds on the web and in the API: a unit's rounds, opening one, a round's page
 * (status, invitation links, closing it), the consensus session's form, evidence, and the results page with
 * its charts. Rounds live under their unit (/units/{code}/rounds/{id}) so that the unit's access rule
 * guards them; a round of another unit is "not found".
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
#include "web/page.h"
#include "web/mail_invites.h"
#include "web/qr.h"
#include "web/svg.h"

static struct actor
actor_of(const struct request *req)
{
	return (struct actor){req->user.id, req->user.email, request_address(req)};
}

static const char *
round_href(struct request *req, const struct round *r, const char *suffix)
{
	return arena_printf(req->arena, "/units/%s/rounds/%lld%s", req->unit->code, (long long)r->id, suffix);
}

/* The round the route's {id} names, which must belong to the route's unit, and its instrument. */
static bool
load_round(struct request *req, struct response *res, struct round *r, const struct instrument **ins)
{
	struct error err;
	int found = round_get(request_store(req), req->id, r, &err); /* {id}: a positive number, the dispatcher checked */
	if (found < 0) {
		respond_storage_error(req, res, &err);
		return false;
	}
	if (!found || r->unit_id != req->unit->id) {
		respond_error(req, res, MHD_HTTP_NOT_FOUND, _("There is no such round in this unit."));
		return false;
	}
	*ins = page_ins(req, catalog_find(req->app->catalog, r->instrument_id, r->instrument_version));
	if (!*ins) {
		respond_error(req, res, MHD_HTTP_SERVICE_UNAVAILABLE,
			      _("This round's instrument version is not loaded in this server: restart caregrid to load it."));
		return false;
	}
	return true;
}

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
		json_array_append_new(c->json, json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:I, s:o}", "id", (json_int_t)r->id,
							  "title", r->title, "instrument", r->instrument_id, "version",
							  (json_int_t)r->instrument_version, "mode", r->mode, "opens_on", r->opens_on,
							  "closes_on", r->closes_on, "status", status, "responses",
							  (json_int_t)submitted, "headcount",
							  r->headcount ? json_integer(r->headcount) : json_null()));
		return 0;
	}
	const struct request *req = c->req;
	html_printf(c->b, "<tr><td><a href=\"%s\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%ld</td></tr>\n",
		    round_href(c->req, r, ""), r->title, page_instrument_title(c->req, r->instrument_id),
		    arena_printf(req->arena, _("%s to %s"), page_date(req, r->opens_on), page_date(req, r->closes_on)), _(status),
		    submitted);
	return 0;
}

/* The fields that choose a survey's language: a select of the languages, each named in itself, and "English
 * beside it" (in the request's arena, as markup). CHOSEN and BILINGUAL as they are, unless a refused form
 * brings back what was typed. */
static const char *
language_fields(struct request *req, const char *chosen, bool bilingual)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	buf_puts(&b, _("<label>The survey's language <select name=\"language\">"));
	for (size_t i = 0; i < lang_count(); i++) {
		const char *code = lang_code(lang_at(i));
		bool on = request_arg(req, "typed.language") ? *form_selected(req, "language", code) != '\0' : strcmp(chosen, code) == 0;
		html_printf(&b, "<option value=\"%s\" lang=\"%s\"%R>%s</option>", code, code, on ? " selected" : "",
			    lang_name(lang_at(i)));
	}
	html_printf(&b, _("</select></label>\n<label><input type=\"checkbox\" name=\"bilingual\" value=\"1\"%R> with English beside "
			"it (a bilingual survey, Welsh first)</label>\n<p class=\"note\">Whoever answers can switch language "
			"on every page; their browser's language, when caregrid speaks it, comes first.</p>\n"),
		    (request_arg(req, "typed.language") ? *form_selected(req, "bilingual", "1") != '\0' : bilingual) ? " checked" : "");
	const char *out = arena_strdup(req->arena, b.data);
	buf_release(&b);
	return out;
}

/* "How many people is this round for?" with its hint (in the request's arena, as markup): HEADCOUNT as it is
 * (0: not said), unless a refused form brings back what was typed. */
static const char *
headcount_field(struct request *req, long headcount)
{
	const char *now = headcount ? arena_printf(req->arena, "%ld", headcount) : "";
	return html_text(req, _("<label>How many people is this round for? <input type=\"number\" name=\"headcount\" min=\"1\" "
				"max=\"%d\" inputmode=\"numeric\" aria-describedby=\"headcount-note\" value=\"%s\"></label>\n"
				"<p class=\"note\" id=\"headcount-note\">Needed for a shared link (one link for a meeting or a "
				"tablet): it takes no more answers than this. Personal links need no number.</p>\n"),
			 HEADCOUNT_MAX, form_value(req, "headcount", now));
}

/* The HEADCOUNT input as a number: 0 when not given, -1 when it is not a whole number (round_headcount_set
 * refuses it, naming the field). */
static long
headcount_input(const struct request *req)
{
	const char *t = request_input(req, "headcount");
	if (!t || !*t)
		return 0;
	char *end;
	long v = strtol(t, &end, 10);
	return *end || v < 1 ? -1 : v;
}

/* The rounds panel of a unit's page (called from page_units.c). */
void
write_unit_rounds(struct buf *b, struct request *req)
{
	struct rounds_list c = {req, b, NULL, "", 0, STRVEC_INIT};
	today(c.today);
	struct error err;
	buf_puts(b, _("<section class=\"panel\"><h2>Assessment rounds</h2>\n<div class=\"scroll\" tabindex=\"0\"><table class=\"list\">"
		    "<thead><tr><th>Round</th><th>Instrument</th><th>Dates</th><th>Status</th><th class=\"num\">Answers</th></tr>"
		    "</thead><tbody>\n"));
	if (rounds_each(request_store(req), req->unit->id, round_item, &c, &err) < 0)
		buf_puts(b, _("<tr><td colspan=\"5\">The rounds could not be read just now.</td></tr>\n"));
	else if (!c.n)
		buf_puts(b, _("<tr><td colspan=\"5\">No rounds yet.</td></tr>\n"));
	buf_puts(b, "</tbody></table></div>\n");
	for (size_t i = 0; i < c.instruments.n; i++) {
		const struct instrument *ins = page_ins(req, catalog_find(req->app->catalog, c.instruments.v[i], 0));
		html_printf(b, _("<p><a href=\"/units/%s/journey?instrument=%s\">The journey on %s</a></p>\n"), req->unit->code,
			    c.instruments.v[i], ins ? ins->title : c.instruments.v[i]);
	}
	strvec_clear(&c.instruments);
	bool has_children = false;
	for (size_t i = 0; i < req->tree->n && !has_children; i++)
		has_children = req->tree->v[i].parent == req->unit;
	if (has_children) {
		html_printf(b, _("<form method=\"get\" action=\"/units/%s/region\" class=\"row\"><label>Compare the units within on "
			       "<select name=\"instrument\">"), req->unit->code);
		for (size_t i = 0; i < catalog_count(req->app->catalog); i++) {
			const struct instrument *ins = page_ins(req, catalog_get(req->app->catalog, i));
			if (strcmp(ins->subject, "individual") != 0)
				html_printf(b, "<option value=\"%s\">%s</option>", ins->id, ins->title);
		}
		buf_puts(b, _("</select></label><button type=\"submit\" class=\"secondary\">Regional grid</button></form>\n"));
	}
	if (req->role == ROLE_ADMIN) {
		html_printf(b, "<form method=\"post\" action=\"/units/%s/share\" class=\"row\">", req->unit->code);
		page_csrf_field(b, req);
		html_printf(b, "<input type=\"hidden\" name=\"share\" value=\"%s\"><p class=\"note\">%s</p>"
			       "<button type=\"submit\" class=\"secondary\">%s</button></form>\n",
			    req->unit->share_outside ? "0" : "1",
			    req->unit->share_outside ? _("This unit's results may be compared, anonymised, by others in the region.")
						     : _("This unit's results are seen only within its own part of the tree."),
			    req->unit->share_outside ? _("Stop sharing") : _("Share anonymised results for learning"));
	}
	if (req->role >= ROLE_FACILITATOR && !req->unit->archived_at) {
		/* Back after an error, the form is open again with what was typed. */
		bool retry = request_arg(req, "typed.title") != NULL;
		html_printf(b, _("<details class=\"action\"%R><summary>Open a new round</summary>"
			       "<form method=\"post\" action=\"/units/%s/rounds\" class=\"stack\">"), retry ? " open" : "",
			    req->unit->code);
		page_csrf_field(b, req);
		html_printf(b, _("<label>Title <input name=\"title\" required maxlength=\"200\" placeholder=\"Spring 2027: mapping the "
			       "journey\" value=\"%s\"></label>\n<label>Instrument <select name=\"instrument\">"),
			    form_value(req, "title", NULL));
		for (size_t i = 0; i < catalog_count(req->app->catalog); i++) {
			const struct instrument *ins = page_ins(req, catalog_get(req->app->catalog, i));
			if (strcmp(ins->subject, "individual") != 0)
				html_printf(b, "<option value=\"%s\"%R>%s</option>", ins->id, form_selected(req, "instrument", ins->id),
					    ins->title);
		}
		html_printf(b, _("</select></label>\n"
			       "<label>How <select name=\"mode\"><option value=\"survey\">Anonymous survey</option>"
			       "<option value=\"survey_consensus\"%R>Survey, then a consensus session</option>"
			       "<option value=\"consensus\"%R>Consensus session only</option></select></label>\n"
			       "<label>Ask about energy for change <select name=\"energy\"><option value=\"domain\">per domain</option>"
			       "<option value=\"item\"%R>per element</option><option value=\"none\"%R>not at all</option></select></label>\n"
			       "%R<label>Opens on <input type=\"date\" name=\"opens_on\" required value=\"%s\"></label>\n"
			       "<label>Closes on <input type=\"date\" name=\"closes_on\" required value=\"%s\"></label>\n"
			       "<label>Repeats <select name=\"repeat\" aria-describedby=\"repeat-note\"><option value=\"never\">no</option>"
			       "<option value=\"monthly\"%R>every month</option><option value=\"quarterly\"%R>every quarter</option>"
			       "</select></label>\n%R<p class=\"note\" id=\"repeat-note\">A round that repeats opens the next by itself "
			       "on its date, as long as this one, with the same questions, and invites again the addresses this one "
			       "invited by email: a pulse that runs itself.</p>\n"
			       "<button type=\"submit\" class=\"primary\">Open round</button></form></details>\n"),
			    form_selected(req, "mode", "survey_consensus"), form_selected(req, "mode", "consensus"),
			    form_selected(req, "energy", "item"), form_selected(req, "energy", "none"), headcount_field(req, 0),
			    form_value(req, "opens_on", c.today), form_value(req, "closes_on", NULL),
			    form_selected(req, "repeat", "monthly"), form_selected(req, "repeat", "quarterly"),
			    language_fields(req, "en", false));
	}
	buf_puts(b, "</section>\n");
}

static bool
language_given(const struct request *req)
{
	const char *l = request_input(req, "language");
	return l && *l;
}

/* "bilingual": the form's ticked box, or the API's true. */
static bool
bilingual_asked(const struct request *req)
{
	json_t *j = json_object_get(req->json, "bilingual");
	if (j)
		return json_is_true(j);
	const char *v = request_input(req, "bilingual");
	return v && strcmp(v, "1") == 0;
}

void
page_unit_rounds(struct request *req, struct response *res)
{
	struct store *s = request_store(req);
	struct error err;
	if (strcmp(req->method, "GET") == 0) {
		struct rounds_list c = {req, NULL, json_array(), "", 0, STRVEC_INIT};
		today(c.today);
		if (rounds_each(s, req->unit->id, round_item, &c, &err) < 0) {
			strvec_clear(&c.instruments);
			json_decref(c.json);
			respond_storage_error(req, res, &err);
			return;
		}
		strvec_clear(&c.instruments);
		respond_json(res, MHD_HTTP_OK, json_pack("{s:s, s:o}", "unit", req->unit->code, "rounds", c.json));
		return;
	}
	if (req->role < ROLE_FACILITATOR) {
		respond_error(req, res, MHD_HTTP_FORBIDDEN, _("Opening a round needs the facilitator role."));
		return;
	}
	const char *here = arena_printf(req->arena, "/units/%s", req->unit->code);
	const char *inst = request_input(req, "instrument");
	const char *version = request_input(req, "version");
	const struct instrument *ins = inst ? catalog_find(req->app->catalog, inst, version ? strtol(version, NULL, 10) : 0) : NULL;
	if (!ins) {
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, here, _("Choose one of the instruments."));
		return;
	}
	const char *mode = request_input(req, "mode"), *energy = request_input(req, "energy");
	int every = schedule_parse(request_input(req, "repeat"));
	if (every < 0) {
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, here, _("Repeats: choose monthly, quarterly or never."));
		return;
	}
	const struct round_spec spec = {.title = request_input(req, "title"), .ins = ins, .mode = mode, .energy = energy,
					.opens_on = request_input(req, "opens_on"), .closes_on = request_input(req, "closes_on"),
					.every_months = every,
					.language = language_given(req) ? request_input(req, "language") : NULL,
					.bilingual = bilingual_asked(req), .headcount = headcount_input(req)};
	const struct actor who = actor_of(req);
	int64_t id;
	if (round_open(request_store(req), &who, req->unit, &spec, &id, &err) < 0) {
		respond_failed(req, res, here, &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_CREATED, arena_printf(req->arena, "/units/%s/rounds/%lld", req->unit->code, (long long)id),
		     _("Round opened. Now make invitation links."), json_pack("{s:b, s:I}", "ok", 1, "id", (json_int_t)id));
}

struct invitation_list {
	struct request *req;
	const struct round *round;
	struct buf *b;
	json_t *json;
};

#define SHARED_LABEL N_("shared link")

static int
invitation_item(void *vctx, const struct invitation *inv)
{
	struct invitation_list *c = vctx;
	const struct request *req = c->req;
	if (c->json) {
		json_array_append_new(c->json, json_pack("{s:I, s:s, s:s?, s:s?, s:b}", "id", (json_int_t)inv->id, "kind",
							  inv->kind, "label", inv->label, "link",
							  inv->shared_token ? request_absolute(c->req, arena_printf(c->req->arena, "/s/%s",
															   inv->shared_token)) : NULL,
							  "revoked", inv->revoked));
		return 0;
	}
	bool shared = strcmp(inv->kind, "shared") == 0;
	/* A shared link's label is the one caregrid gave it (see page_round_invitations), written in the reader's words. */
	const char *label = shared && inv->label && strcmp(inv->label, SHARED_LABEL) == 0 ? _(SHARED_LABEL) : inv->label;
	html_printf(c->b, "<tr><td>%s</td><td>%s</td><td>", shared ? _("shared") : _("personal"), label ? label : "");
	if (inv->shared_token && !inv->revoked) {
		const char *id = arena_printf(c->req->arena, "shared-%lld", (long long)inv->id);
		page_copy_link(c->b, c->req, id, _("the shared link"),
			       request_absolute(c->req, arena_printf(c->req->arena, "/s/%s", inv->shared_token)));
		html_printf(c->b, _("<a href=\"%s?invitation=%lld\">QR code to show or print</a>"), round_href(c->req, c->round, "/qr"),
			    (long long)inv->id);
	} else if (inv->shared_token) {
		buf_puts(c->b, _("<span class=\"note\">withdrawn</span>"));
	} else {
		buf_puts(c->b, _("<span class=\"note\">shown once when made</span>"));
	}
	html_printf(c->b, "</td><td>%s</td><td>", inv->revoked ? _("withdrawn") : _("live"));
	if (!inv->revoked && c->req->role >= ROLE_FACILITATOR) {
		html_printf(c->b, "<form method=\"post\" action=\"%s\" class=\"inline\">",
			    round_href(c->req, c->round, "/invitations/revoke"));
		page_csrf_field(c->b, c->req);
		html_printf(c->b, _("<input type=\"hidden\" name=\"id\" value=\"%lld\">"
				  "<button type=\"submit\" class=\"link danger-link\">Withdraw</button></form>"),
			    (long long)inv->id);
	}
	buf_puts(c->b, "</td></tr>\n");
	return 0;
}

/* The language the survey is offered in; for its facilitators while it is not closed, the form that changes it. */
static void
write_language(struct buf *b, struct request *req, const struct round *r, bool changeable)
{
	const struct lang *l = lang_find(r->language);
	html_printf(b, _("<section class=\"panel\" aria-labelledby=\"language\"><h2 id=\"language\">Language</h2>\n<p>The survey "
		       "is offered in <span lang=\"%s\">%s</span>%s; whoever answers can switch on every page.</p>\n"),
		    lang_code(l), lang_name(l), r->bilingual ? _(", with English beside it") : "");
	if (changeable) {
		html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">", round_href(req, r, "/language"));
		page_csrf_field(b, req);
		html_printf(b, _("%R<button type=\"submit\" class=\"secondary\">Save the language</button></form>\n"),
			    language_fields(req, r->language, r->bilingual));
	}
	buf_puts(b, "</section>\n");
}

/* Whether R repeats, when the next opens and with whom; for its facilitators, the form that changes it. */
static void
write_schedule(struct buf *b, struct request *req, const struct round *r, const struct round_schedule *sched, bool facilitator)
{
	if (!sched->every_months && !facilitator)
		return;
	buf_puts(b, _("<section class=\"panel\" aria-labelledby=\"schedule\"><h2 id=\"schedule\">Schedule</h2>\n"));
	if (!sched->latest) {
		html_printf(b, _("<p>This round is one of a schedule%s%s. A later round of it holds the schedule.</p>\n"),
			    sched->every_months ? _(" that repeats ") : "", sched->every_months ? _(schedule_words(sched->every_months)) : "");
	} else if (sched->every_months) {
		html_printf(b, _("<p>Repeats %s. The next round opens by itself on <strong>%s</strong> and takes answers until %s, "
			       "with the same questions."), _(schedule_words(sched->every_months)), sched->next_opens_on,
			    sched->next_closes_on);
		if (!round_has_survey(r))
			buf_puts(b, "</p>\n");
		else if (req->app->mailer && sched->addresses)
			html_printf(b, _(" Its invitations go by email to the %ld %s this round invited by email, each with a new "
				       "link of its own.</p>\n"), sched->addresses, sched->addresses == 1 ? "address" : "addresses");
		else if (req->app->mailer)
			buf_puts(b, _(" Invite people by email here, and the next round invites them again.</p>\n"));
		else
			buf_puts(b, _(" Hand out its links when it opens.</p>\n"));
	} else {
		buf_puts(b, _("<p>This round does not repeat.</p>\n"));
	}
	if (facilitator && sched->latest) {
		html_printf(b, "<form method=\"post\" action=\"%s\" class=\"row\">", round_href(req, r, "/repeat"));
		page_csrf_field(b, req);
		html_printf(b, _("<label>Repeats <select name=\"repeat\"><option value=\"never\">no</option>"
			       "<option value=\"monthly\"%R>every month</option><option value=\"quarterly\"%R>every quarter</option>"
			       "</select></label><button type=\"submit\" class=\"secondary\">Save the schedule</button></form>\n"),
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
	const char *steps = round_has_survey(r) && round_min_group(request_store(req), r->id, &min, &err) == 0 ? page_steps(req, r, min) : NULL;
	if (steps)
		html_printf(b, "<p class=\"note\" id=\"steps\">%s</p>\n", steps);
}

/* A round's shared link: how many people the round is for, that whoever holds the link can answer more than
 * once, and (while the round is open) the form that says how many. A round of paper answers has no links. */
static void
write_shared_link(struct buf *b, struct request *req, const struct round *r, bool changeable)
{
	html_printf(b, "<div id=\"shared-link\"><h3>%s</h3>\n", _("Shared link"));
	if (round_paper_only(r)) {
		html_printf(b, "<p>%s</p></div>\n", _("This round takes paper answers only: its answers were imported, so it takes "
						      "none through links. Open a new round for answers online."));
		return;
	}
	if (r->headcount)
		html_printf(b, "<p>%s</p>\n", arena_printf(req->arena, trn(req->lang, "This round is for %ld person: its shared "
			"link takes no more answers than that, and the next person is told the round is full.", "This round is for "
			"%ld people: its shared link takes no more answers than that, and the next person is told the round is "
			"full.", (unsigned long)r->headcount), r->headcount));
	else
		html_printf(b, "<p>%s</p>\n", _("Say how many people this round is for before making a shared link."));
	html_printf(b, "<p class=\"warning\" id=\"shared-warning\">%s</p>\n",
		    _("Someone holding a shared link can answer more than once, up to that number, and nobody can tell. Personal "
		      "links are safer for small teams: each one answers once."));
	if (changeable) {
		html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">", round_href(req, r, "/headcount"));
		page_csrf_field(b, req);
		html_printf(b, "%R<button type=\"submit\" class=\"secondary\">%s</button></form>\n", headcount_field(req, r->headcount),
			    _("Save how many"));
	}
	buf_puts(b, "</div>\n");
}

void
page_round(struct request *req, struct response *res)
{
	struct round r;
	const struct instrument *ins;
	if (!load_round(req, res, &r, &ins))
		return;
	struct store *s = request_store(req);
	struct error err;
	long submitted = 0;
	char day[11];
	today(day);
	struct round_schedule sched;
	if (round_counts(s, r.id, &submitted, &err) < 0 || round_schedule_get(s, &r, day, &sched, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	bool facilitator = req->role >= ROLE_FACILITATOR;
	if (wants_json(req)) {
		json_t *doc = json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)r.id,
					"unit", req->unit->code, "title", r.title, "instrument", r.instrument_id, "version",
					(json_int_t)r.instrument_version, "mode", r.mode, "energy", r.energy, "opens_on",
					r.opens_on, "closes_on", r.closes_on, "status", round_status(&r, day), "responses",
					(json_int_t)submitted);
		json_object_set_new(doc, "language", json_string(r.language));
		json_object_set_new(doc, "bilingual", json_boolean(r.bilingual));
		json_object_set_new(doc, "headcount", r.headcount ? json_integer(r.headcount) : json_null());
		json_object_set_new(doc, "answers_from", r.answers_from[0] ? json_string(r.answers_from) : json_null());
		json_object_set_new(doc, "repeat", sched.every_months ? json_pack("{s:s, s:s, s:s, s:I}", "every",
			sched.every_months == 1 ? "monthly" : "quarterly", "next_opens_on", sched.next_opens_on, "next_closes_on",
			sched.next_closes_on, "addresses", (json_int_t)sched.addresses) : json_null());
		if (facilitator) {
			struct invitation_list c = {req, &r, NULL, json_array()};
			if (invitations_each(s, r.id, invitation_item, &c, &err) < 0) {
				json_decref(c.json);
				json_decref(doc);
				respond_storage_error(req, res, &err);
				return;
			}
			json_object_set_new(doc, "invitations", c.json);
		}
		respond_json(res, MHD_HTTP_OK, doc);
		return;
	}
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Units"), "/units"}, {req->unit->name, arena_printf(req->arena, "/units/%s", req->unit->code)},
				       {r.title, NULL}, {NULL, NULL}};
	page_begin(b, req, r.title, crumbs);
	const char *status = round_status(&r, day);
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s · %s · %s · <strong>%s</strong></p>\n", r.title, req->unit->name,
		    arena_printf(req->arena, _("%s (version %ld)"), ins->title, ins->version),
		    arena_printf(req->arena, _("%s to %s"), page_date(req, r.opens_on), page_date(req, r.closes_on)), _(status));
	/* The answers in the results only (round_counts): no count that moves with each person who answers. */
	html_printf(b, _("<ul class=\"stats\"><li><span class=\"label\">Answers in the results</span><span class=\"stat\">%ld</span></li></ul>\n"),
		    submitted);
	round_steps_note(b, req, &r);
	html_printf(b, _("<p><a class=\"button\" href=\"%s\">See the results</a></p>\n"), round_href(req, &r, "/results"));
	if (facilitator && strcmp(r.mode, "survey") != 0)
		html_printf(b, _("<p><a href=\"%s\">Record the consensus session</a></p>\n"), round_href(req, &r, "/consensus"));
	if (facilitator && round_has_survey(&r)) {
		buf_puts(b, _("<section class=\"panel\"><h2>Invitation links</h2>\n<p class=\"note\">People answer without an "
			    "account. Answers are kept with the person's staff group only, never with the link or the name.</p>\n"
			    "<div class=\"scroll\" tabindex=\"0\"><table class=\"list\"><thead><tr><th>Kind</th><th>For</th><th>Link</th>"
			    "<th>State</th><th></th></tr></thead><tbody>\n"));
		struct invitation_list c = {req, &r, b, NULL};
		if (invitations_each(s, r.id, invitation_item, &c, &err) < 0) {
			respond_storage_error(req, res, &err);
			return;
		}
		buf_puts(b, "</tbody></table></div>\n");
		write_shared_link(b, req, &r, strcmp(status, "closed") != 0);
		/* Not even how many links answered: with one person invited by mail, or one link withdrawn, a count
		 * would say whether that person has. */
		buf_puts(b, _("<p class=\"note\">Which links have answered, or how many, is never shown, so that no answer can be "
			    "tied to a person.</p>\n"));
		if (strcmp(status, "closed") != 0 && !round_paper_only(&r)) {
			html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">", round_href(req, &r, "/invitations"));
			page_csrf_field(b, req);
			buf_puts(b, _("<label>Personal links: one line per person (a name or an email, to tell the links apart)"
				    "<textarea name=\"labels\" rows=\"4\"></textarea></label>\n"
				    "<label><input type=\"checkbox\" name=\"shared\" value=\"1\"> and one shared link for a staff meeting</label>\n"
				    "<label>Show them <select name=\"format\"><option value=\"html\">on a page</option>"
				    "<option value=\"csv\">as a CSV file for mail merge</option></select></label>\n"
				    "<button type=\"submit\" class=\"primary\">Make links</button></form>\n"));
			if (req->app->mailer) {
				html_printf(b, _("<h3>Invite by email</h3><form method=\"post\" action=\"%s\" class=\"stack\">"),
					    round_href(req, &r, "/invitations"));
				page_csrf_field(b, req);
				buf_puts(b, _("<label>Email addresses, one per line: each gets a personal link of its own, by mail"
					    "<textarea name=\"emails\" rows=\"4\" spellcheck=\"false\"></textarea></label>\n"
					    "<button type=\"submit\" class=\"primary\">Send invitations</button></form>\n"));
				html_printf(b, _("<form method=\"post\" action=\"%s\"><p class=\"note\">A reminder goes to each address "
					       "invited by email that has not answered; nobody, you included, is told who or how many.</p>"),
					    round_href(req, &r, "/remind"));
				page_csrf_field(b, req);
				buf_puts(b, _("<button type=\"submit\" class=\"secondary\">Remind those who have not answered</button></form>\n"));
			}
		}
		buf_puts(b, "</section>\n");
	}
	if (round_has_survey(&r))
		write_language(b, req, &r, facilitator && strcmp(round_status(&r, day), "closed") != 0);
	write_schedule(b, req, &r, &sched, facilitator);
	html_printf(b, _("<p><a href=\"%s\">Printable report</a> · <a href=\"/api/units/%s/export?round=%lld&amp;format=csv\">"
		       "Results as CSV</a>"), round_href(req, &r, "/report"), req->unit->code, (long long)r.id);
	/* Answers one by one: for administrators, once the round has closed (the export refuses a round under the
	 * minimum, saying so). */
	if (export_may_list_responses(&req->grants, req->unit) && strcmp(status, "closed") == 0)
		html_printf(b, _(" · <a href=\"/api/units/%s/export?round=%lld&amp;format=csv&amp;content=responses\">Answers one "
			       "by one as CSV</a> <span class=\"note\">(staff groups coarsened, rows shuffled)</span>"),
			    req->unit->code, (long long)r.id);
	buf_puts(b, "</p>\n");
	if (facilitator && strcmp(r.answers_from, "online") == 0) {
		html_printf(b, "<p class=\"note\" id=\"no-import\">%s</p>\n",
			    _("This round has answers given online, so it takes no import: paper answers go in a separate round of "
			      "their own."));
	} else if (facilitator) {
		html_printf(b, _("<details class=\"action\"><summary>Import answers collected on paper or elsewhere</summary>"
			       "<form method=\"post\" action=\"%s\" class=\"stack\">"), round_href(req, &r, "/import"));
		page_csrf_field(b, req);
		html_printf(b, "<p class=\"note\">%s</p>", _("Paper and online answers never mix in one round: once answers are "
							   "imported, its links stop taking answers."));
		buf_puts(b, _("<p class=\"note\">One row per answer: respondent,staff_group,item,score[,comment]. A respondent is any "
			    "identifier that groups one person's rows (it is not kept); score is a level's value or label, dk, or empty. "
			    "All or nothing: any bad row rejects the file.</p>"
			    "<label>CSV <textarea name=\"csv\" rows=\"6\" spellcheck=\"false\">respondent,staff_group,item,score,comment\n</textarea></label>"
			    "<label>Other column names (optional) <input name=\"map\" placeholder=\"respondent=Form,item=Question\"></label>"
			    "<label>Other score words (optional) <input name=\"scale\" placeholder=\"Not at all=0,Fully=4\"></label>"
			    "<button type=\"submit\" class=\"secondary\">Import</button></form></details>\n"));
	}
	if (facilitator && strcmp(status, "closed") != 0) {
		html_printf(b, "<form method=\"post\" action=\"%s\">", round_href(req, &r, "/close"));
		page_csrf_field(b, req);
		buf_puts(b, _("<button type=\"submit\" class=\"danger\">Close the round now</button></form>\n"));
	} else if (facilitator && r.closed_early && strcmp(day, r.closes_on) <= 0 && !r.responses_exported) {
		html_printf(b, _("<form method=\"post\" action=\"%s\"><p>Closed early by mistake? Until %s it can take answers "
			       "again.</p>"), round_href(req, &r, "/reopen"), r.closes_on);
		page_csrf_field(b, req);
		buf_puts(b, _("<button type=\"submit\" class=\"secondary\">Reopen the round</button></form>\n"));
	}
	page_end(b, req);
}

void
page_round_close(struct request *req, struct response *res)
{
	struct round r;
	const struct instrument *ins;
	if (!load_round(req, res, &r, &ins))
		return;
	const struct confirmation ask = {
		_("Close the round now?"),
		arena_printf(req->arena, _("%s stops taking answers at once, before its closing date (%s). Until that date you "
					 "can reopen it from its page, unless its answers are exported one by one first."),
			     r.title, r.closes_on),
		_("Close the round"), round_href(req, &r, ""), true};
	if (!page_confirmed(req, res, &ask))
		return;
	struct error err;
	const struct actor who = actor_of(req);
	if (round_close(request_store(req), &who, &r, req->unit->code, &err) < 0) {
		respond_failed(req, res, round_href(req, &r, ""), &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, round_href(req, &r, ""),
		     arena_printf(req->arena, _("Round closed: it takes no more answers. You can reopen it until %s."), r.closes_on),
		     NULL);
}

/* ---- invitations and reminders by mail ---- */

#define NO_MAIL _("This caregrid does not send mail (serve --smtp): hand out links instead.")

struct round_invites {
	const struct round *round;
	const struct instrument *ins;
};

static int
invite_to_round(struct store *s, void *ctx, const char *email, char token[TOKEN_CHARS], struct error *err)
{
	const struct round_invites *ri = ctx;
	return invitation_create_for(s, ri->round, email, token, err);
}

static struct mail
round_invitation_mail(struct request *req, void *ctx, const char *email, const char *link)
{
	const struct round_invites *ri = ctx;
	struct buf subject = BUF_INIT;
	buf_init(&subject, 0);
	struct mail_body body;
	mail_body_init(&body);
	round_invitation_write(ri->round, req->unit->name, ri->ins, link, &subject, &body);
	const struct mail m = {"invitation", email, arena_strdup(req->arena, subject.data), arena_strdup(req->arena, body.text.data),
			       arena_strdup(req->arena, body.html.data), true};
	buf_release(&subject);
	mail_body_release(&body);
	return m;
}

/* Each address its own personal link, in its own message, queued with the invitation; all or nothing. */
static void
invite_by_email(struct request *req, struct response *res, const struct round *r, const struct instrument *ins,
		const char *here)
{
	struct round_invites ri = {r, ins};
	const struct mail_invites mi = {here, NO_MAIL, 10000, _("At most 10,000 addresses at a time."), N_("addresses"), "/s/",
					invite_to_round, round_invitation_mail, &ri};
	mail_invites_respond(req, res, &mi);
}

struct round_reminders {
	const struct actor *who;
	const struct round *round;
	const struct unit *unit;
};

static int
remind_round(struct store *s, void *ctx, struct error *err)
{
	const struct round_reminders *rr = ctx;
	return round_remind(s, rr->who, rr->round, rr->unit->code, rr->unit->name, err);
}

/* POST .../remind: every emailed invitation that has not answered gets a reminder; the facilitator learns
 * neither who nor how many. The reminder carries no link: caregrid keeps nothing that could rebuild a personal
 * link. */
void
page_round_remind(struct request *req, struct response *res)
{
	struct round r;
	const struct instrument *ins;
	if (!load_round(req, res, &r, &ins))
		return;
	const char *here = round_href(req, &r, "");
	char day[11];
	today(day);
	if (req->app->mailer && strcmp(round_status(&r, day), "open") != 0) {
		respond_fail(req, res, MHD_HTTP_CONFLICT, here, _("Only an open round's invitations can be reminded."));
		return;
	}
	const struct actor who = actor_of(req);
	struct round_reminders rr = {&who, &r, req->unit};
	mail_reminders_respond(req, res, here, NO_MAIL, remind_round, &rr);
}

struct shared_find {
	struct request *req;
	int64_t id;
	const char *token; /* in the request's arena: the shared link's, when live */
};

static int
shared_find(void *vctx, const struct invitation *inv)
{
	struct shared_find *f = vctx;
	if (inv->id == f->id && inv->shared_token && !inv->revoked)
		f->token = arena_strdup(f->req->arena, inv->shared_token);
	return 0;
}

/* GET .../qr?invitation=ID: a shared link's QR code, big, with its address and what to do: for a screen in
 * a staff meeting, or printed for the staff room. */
void
page_round_qr(struct request *req, struct response *res)
{
	struct round r;
	const struct instrument *ins;
	if (!load_round(req, res, &r, &ins))
		return;
	const char *arg = request_arg(req, "invitation");
	struct shared_find f = {req, arg ? strtoll(arg, NULL, 10) : 0, NULL};
	struct error err;
	if (invitations_each(request_store(req), r.id, shared_find, &f, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	const char *here = round_href(req, &r, "");
	if (!f.token) {
		respond_fail(req, res, MHD_HTTP_NOT_FOUND, here, _("That is not a live shared link of this round."));
		return;
	}
	const char *url = request_absolute(req, arena_printf(req->arena, "/s/%s", f.token));
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Units"), "/units"}, {req->unit->name, arena_printf(req->arena, "/units/%s", req->unit->code)},
				       {r.title, here}, {_("QR code"), NULL}, {NULL, NULL}};
	page_begin(b, req, _("QR code"), crumbs);
	html_printf(b, _("<div class=\"qr-sheet\"><h1>%s</h1>\n<p class=\"lead\">Point your phone's camera at the code to "
		       "answer. It takes about %zu minutes, and your answers are anonymous.</p>\n"),
		    r.title, ins->n_items / 6 + 2);
	qr_svg(b, url, 320, arena_printf(req->arena, _("QR code of the link to %s"), r.title));
	if (r.headcount)
		html_printf(b, "<p class=\"note\" id=\"shared-warning\">%s</p>\n",
			    arena_printf(req->arena, trn(req->lang, "For %ld person, on a meeting's screen or a shared tablet. Whoever "
				"holds this link can answer more than once, up to that number: for a small team, personal links are "
				"safer.", "For %ld people, on a meeting's screen or a shared tablet. Whoever holds this link can answer "
				"more than once, up to that number: for a small team, personal links are safer.",
				(unsigned long)r.headcount), r.headcount));
	html_printf(b, _("<p>Or type: <strong>%s</strong></p>\n<p class=\"note\">Open until %s. Print this page to put it up in "
		       "the staff room.</p></div>\n"),
		    url, r.closes_on);
	page_end(b, req);
}

void
page_round_reopen(struct request *req, struct response *res)
{
	struct round r;
	const struct instrument *ins;
	if (!load_round(req, res, &r, &ins))
		return;
	struct error err;
	const struct actor who = actor_of(req);
	if (round_reopen(request_store(req), &who, &r, req->unit->code, &err) < 0) {
		respond_failed(req, res, round_href(req, &r, ""), &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, round_href(req, &r, ""),
		     arena_printf(req->arena, _("Round reopened: it takes answers again until %s."), r.closes_on), NULL);
}

/* POST .../language (language=cy, bilingual=1): the language the survey is offered in. */
void
page_round_language(struct request *req, struct response *res)
{
	struct round r;
	const struct instrument *ins;
	if (!load_round(req, res, &r, &ins))
		return;
	const char *here = round_href(req, &r, "");
	struct error err;
	const struct actor who = actor_of(req);
	if (round_language_set(request_store(req), &who, &r, req->unit->code, request_input(req, "language"), bilingual_asked(req),
			       &err) < 0) {
		respond_failed(req, res, here, &err);
		return;
	}
	const struct lang *l = lang_find(request_input(req, "language"));
	respond_done(req, res, MHD_HTTP_OK, here, arena_printf(req->arena, _("The survey is offered in %s."), lang_name(l)),
		     json_pack("{s:b, s:s}", "ok", 1, "language", lang_code(l)));
}

/* POST .../headcount (headcount=N): how many people the round is for; its shared links take no more answers. */
void
page_round_headcount(struct request *req, struct response *res)
{
	struct round r;
	const struct instrument *ins;
	if (!load_round(req, res, &r, &ins))
		return;
	const char *here = round_href(req, &r, "");
	struct error err;
	const struct actor who = actor_of(req);
	long n = headcount_input(req);
	if (round_headcount_set(request_store(req), &who, &r, req->unit->code, n ? n : -1, &err) < 0) {
		respond_failed(req, res, here, &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, here,
		     arena_printf(req->arena, trn(req->lang, "This round is for %ld person.", "This round is for %ld people.",
						  (unsigned long)n), n),
		     json_pack("{s:b, s:I}", "ok", 1, "headcount", (json_int_t)n));
}

/* POST .../repeat (repeat=monthly|quarterly|never): the round repeats, or stops repeating. */
void
page_round_repeat(struct request *req, struct response *res)
{
	struct round r;
	const struct instrument *ins;
	if (!load_round(req, res, &r, &ins))
		return;
	const char *here = round_href(req, &r, "");
	int every = schedule_parse(request_input(req, "repeat"));
	if (every < 0) {
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, here, _("Repeats: choose monthly, quarterly or never."));
		return;
	}
	struct error err;
	const struct actor who = actor_of(req);
	if (round_repeat_set(request_store(req), &who, req->unit, &r, every, &err) < 0) {
		respond_failed(req, res, here, &err);
		return;
	}
	struct round_schedule sched;
	char day[11];
	today(day);
	if (round_get(request_store(req), r.id, &r, &err) <= 0 || round_schedule_get(request_store(req), &r, day, &sched, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	const char *said = every ? arena_printf(req->arena, _("The round repeats %s: the next opens by itself on %s."),
						_(schedule_words(every)), sched.next_opens_on)
				 : _("The round no longer repeats.");
	respond_done(req, res, MHD_HTTP_OK, here, said,
		     every ? json_pack("{s:b, s:s, s:s}", "ok", 1, "every", every == 1 ? "monthly" : "quarterly", "next_opens_on",
				       sched.next_opens_on)
			   : json_pack("{s:b, s:n}", "ok", 1, "every"));
}

void
page_round_invitations(struct request *req, struct response *res)
{
	struct round r;
	const struct instrument *ins;
	if (!load_round(req, res, &r, &ins))
		return;
	const char *here = round_href(req, &r, "");
	if (request_input(req, "emails") || json_is_array(json_object_get(req->json, "emails"))) {
		invite_by_email(req, res, &r, ins, here);
		return;
	}
	const char *labels = request_input(req, "labels"), *shared = request_input(req, "shared");
	const char *format = request_input(req, "format");
	bool csv = format && strcmp(format, "csv") == 0;
	struct strvec lines = STRVEC_INIT;
	for (const char *p = labels ? labels : ""; *p;) {
		size_t n = strcspn(p, "\r\n");
		if (n)
			strvec_pushf(&lines, "%.*s", (int)(n > 200 ? 200 : n), p);
		p += n;
		p += strspn(p, "\r\n");
	}
	long count = 0;
	const char *count_arg = request_input(req, "count");
	if (count_arg)
		count = strtol(count_arg, NULL, 10);
	for (long i = 0; i < count && i < 2000; i++)
		strvec_pushf(&lines, "link %ld", i + 1);
	bool want_shared = shared && *shared && strcmp(shared, "0") != 0;
	if (!lines.n && !want_shared) {
		strvec_clear(&lines);
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, here, _("Give at least one person, or ask for a shared link."));
		return;
	}
	if (lines.n > 2000) {
		strvec_clear(&lines);
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, here, _("At most 2000 links at a time."));
		return;
	}
	struct error err;
	const struct actor who = actor_of(req);
	struct store *s = request_store(req);
	json_t *made = json_array();
	char token[TOKEN_CHARS];
	int rc = 0;
	if (want_shared && headcount_input(req)) {
		/* The number may come with the request for the link (the API's "headcount"). */
		rc = round_headcount_set(s, &who, &r, req->unit->code, headcount_input(req), &err);
		r.headcount = rc == 0 ? headcount_input(req) : r.headcount;
	}
	if (want_shared && rc == 0) {
		rc = invitation_create(s, &who, &r, "shared", SHARED_LABEL, token, &err);
		if (rc == 0)
			json_array_append_new(made, json_pack("{s:s, s:s, s:s}", "kind", "shared", "label", "shared link", "link",
							      request_absolute(req, arena_printf(req->arena, "/s/%s", token))));
	}
	for (size_t i = 0; i < lines.n && rc == 0; i++) {
		rc = invitation_create(s, &who, &r, "personal", lines.v[i], token, &err);
		if (rc == 0)
			json_array_append_new(made, json_pack("{s:s, s:s, s:s}", "kind", "personal", "label", lines.v[i], "link",
							      request_absolute(req, arena_printf(req->arena, "/s/%s", token))));
	}
	strvec_clear(&lines);
	if (rc < 0) {
		json_decref(made);
		respond_failed(req, res, here, &err);
		return;
	}
	if (wants_json(req)) {
		respond_json(res, MHD_HTTP_CREATED, json_pack("{s:o}", "invitations", made));
		return;
	}
	res->status = MHD_HTTP_CREATED;
	size_t i;
	json_t *inv;
	if (csv) {
		res->content_type = "text/csv; charset=utf-8";
		buf_puts(&res->body, "label,link\n");
		json_array_foreach(made, i, inv) {
			csv_write_field(&res->body, json_string_value(json_object_get(inv, "label")));
			buf_printf(&res->body, ",%s\n", json_string_value(json_object_get(inv, "link")));
		}
		json_decref(made);
		return;
	}
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Units"), "/units"}, {req->unit->name, arena_printf(req->arena, "/units/%s", req->unit->code)},
				       {r.title, here}, {_("New links"), NULL}, {NULL, NULL}};
	page_begin(b, req, _("New invitation links"), crumbs);
	buf_puts(b, _("<h1>New invitation links</h1>\n<p class=\"flash ok\">Copy these now: a personal link is shown only this "
		    "once, because caregrid keeps nothing that could rebuild it (that is what keeps answers anonymous).</p>\n"
		    "<ul class=\"links\">\n"));
	json_array_foreach(made, i, inv) {
		const char *label = json_string_value(json_object_get(inv, "label"));
		html_printf(b, "<li><strong>%s</strong>", label);
		page_copy_link(b, req, arena_printf(req->arena, "link-%zu", i), arena_printf(req->arena, _("link for %s"), label),
			       json_string_value(json_object_get(inv, "link")));
		buf_puts(b, "</li>\n");
	}
	html_printf(b, _("</ul>\n<p><a href=\"%s\">Back to the round</a></p>\n"), here);
	page_end(b, req);
	json_decref(made);
}

void
page_round_invitation_revoke(struct request *req, struct response *res)
{
	struct round r;
	const struct instrument *ins;
	if (!load_round(req, res, &r, &ins))
		return;
	const char *id = request_input(req, "id");
	const struct confirmation ask = {
		_("Withdraw this link?"), _("The link stops opening the survey at once, and this cannot be undone: whoever has it "
				       "would need a new link. Answers already sent through it are kept."),
		_("Withdraw the link"), round_href(req, &r, ""), false};
	if (!page_confirmed(req, res, &ask))
		return;
	struct error err;
	const struct actor who = actor_of(req);
	int rc = id ? invitation_revoke(request_store(req), &who, &r, strtoll(id, NULL, 10), &err)
		    : error_set(&err, "give the invitation's id");
	if (rc < 0)
		respond_failed(req, res, round_href(req, &r, ""), &err);
	else
		respond_done(req, res, MHD_HTTP_OK, round_href(req, &r, ""), _("Link withdrawn: it no longer opens the survey."), NULL);
}

/* ---- consensus ---- */

struct evidence_list {
	struct request *req;
	const struct round *round;
	const char *item_code; /* NULL: all */
	struct buf *b;
	json_t *json;
};

static int
evidence_item(void *vctx, const struct evidence *e)
{
	struct evidence_list *c = vctx;
	const struct request *req = c->req;
	if (c->json) {
		json_array_append_new(c->json, json_pack("{s:I, s:s, s:s?, s:s?, s:I}", "id", (json_int_t)e->id, "item",
							  e->item_code, "url", e->url, "filename", e->filename, "size",
							  (json_int_t)e->size));
		return 0;
	}
	if (c->item_code && strcmp(c->item_code, e->item_code) != 0)
		return 0;
	if (e->url)
		html_printf(c->b, "<li><a href=\"%s\" rel=\"noopener noreferrer\">%s</a></li>", e->url, e->url);
	else
		html_printf(c->b, _("<li><a href=\"%s\">%s</a> (%zu KiB)</li>"),
			    arena_printf(c->req->arena, "/units/%s/rounds/%lld/evidence/%lld", c->req->unit->code,
					 (long long)c->round->id, (long long)e->id),
			    e->filename, (e->size + 1023) / 1024);
	return 0;
}

void
page_round_consensus(struct request *req, struct response *res)
{
	struct round r;
	const struct instrument *ins;
	if (!load_round(req, res, &r, &ins))
		return;
	struct store *s = request_store(req);
	struct error err;
	struct results rs;
	if (results_compute(s, &r, req->unit, ins, &rs, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	const char *kind = request_arg(req, "kind");
	bool coach = kind && strcmp(kind, "coach") == 0;
	struct buf *b = &res->body;
	const char *here = round_href(req, &r, "");
	const struct crumb crumbs[] = {{_("Units"), "/units"}, {req->unit->name, arena_printf(req->arena, "/units/%s", req->unit->code)},
				       {r.title, here}, {coach ? _("Coach's calibration") : _("Consensus"), NULL}, {NULL, NULL}};
	page_begin(b, req, coach ? _("Coach's calibration") : _("Consensus session"), crumbs);
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s%s</p>\n",
		    coach ? _("Coach's calibration") : _("Consensus session"),
		    coach ? _("An outside coach's rating per element, shown beside the team's.") :
			    _("Record the level the team agrees on for each element, with a note of the evidence."),
		    rs.withheld ? "" : _(" Beside each element: what the survey said."));
	if (rs.withheld && round_has_survey(&r)) {
		html_printf(b, _("<p class=\"panel notice\">Survey: %s</p>\n"), page_withheld(req, &rs));
	}
	const char *steps = round_has_survey(&r) ? page_steps(req, &r, rs.min_group) : NULL;
	if (steps)
		html_printf(b, "<p class=\"note\" id=\"steps\">%s</p>\n", steps);
	html_printf(b, "<p><a href=\"%s\">%s</a></p>\n",
		    round_href(req, &r, coach ? "/consensus" : "/consensus?kind=coach"),
		    coach ? _("Record the team's consensus instead") : _("Record an outside coach's calibration instead"));
	/* A form per domain, each with its own Save: a session works through the grid a domain at a time, and
	 * nobody should scroll past 29 elements to save the first. */
	buf_puts(b, "<nav aria-label=\"Domains\"><ol class=\"domains\">");
	for (size_t d = 0; d < ins->n_domains; d++)
		html_printf(b, "<li><a href=\"#domain-%zu\">%s</a></li>", d + 1, ins->domains[d].title);
	buf_puts(b, "</ol></nav>\n");
	if (!rs.withheld) {
		buf_puts(b, _("<p class=\"note\">The bars show how many people chose each level in the survey:</p>"));
		svg_level_legend(b, req->lang, ins, true);
	}
	size_t in_domain = 0, d = 0;
	for (size_t i = 0; i < rs.n_items; i++) {
		const struct item_result *it = &rs.items[i];
		if (in_domain == 0) {
			html_printf(b, "<section class=\"consensus-domain\" id=\"domain-%zu\"><h2>%s</h2><form method=\"post\" action=\"%s\">",
				    d + 1, ins->domains[d].title, round_href(req, &r, "/consensus"));
			page_csrf_field(b, req);
			html_printf(b, "<input type=\"hidden\" name=\"kind\" value=\"%s\"><input type=\"hidden\" name=\"domain\" "
				       "value=\"%zu\">\n", coach ? "coach" : "team", d + 1);
		}
		bool has = coach ? it->has_coach : it->has_consensus;
		long level = coach ? it->coach : it->consensus;
		const char *note = coach ? it->coach_note : it->consensus_note;
		buf_puts(b, "<fieldset class=\"item\">");
		page_item_question(b, it->item);
		if (!rs.withheld) {
			buf_puts(b, _("<p class=\"note\">Survey: "));
			svg_distribution(b, req->lang, ins, it->counts, it->dont_know, 220);
			if (!isnan(it->st.mean))
				html_printf(b, _(" mean %s from %zu answers</p>\n"), page_num(req, it->st.mean, 1), it->st.n);
			else
				buf_puts(b, _(" no answers</p>\n"));
		}
		html_printf(b, _("<label>Agreed level <select name=\"level_%s\"><option value=\"\">(not agreed)</option>"), it->item->code);
		for (size_t l = 0; l < ins->n_levels; l++)
			html_printf(b, "<option value=\"%ld\"%R>%ld %s</option>", ins->levels[l].value,
				    has && level == ins->levels[l].value ? " selected" : "", ins->levels[l].value, ins->levels[l].label);
		html_printf(b, _("</select></label>\n<label>Note and evidence <textarea name=\"note_%s\" rows=\"2\" maxlength=\"4000\">%s</textarea></label>\n"),
			    it->item->code, note ? note : "");
		struct evidence_list ec = {req, &r, it->item->code, b, NULL};
		buf_puts(b, "<ul class=\"plain\">");
		evidence_each(s, r.id, evidence_item, &ec, &err);
		buf_puts(b, "</ul></fieldset>\n");
		if (++in_domain == ins->domains[d].n_items) {
			html_printf(b, _("<button type=\"submit\" class=\"primary\">Save %s</button></form></section>\n"),
				    ins->domains[d].title);
			in_domain = 0;
			d++;
		}
	}
	html_printf(b, _("<section class=\"panel\"><h2>Add evidence</h2>\n<form method=\"post\" action=\"%s\" "
		       "enctype=\"multipart/form-data\" class=\"stack\">"),
		    round_href(req, &r, "/evidence"));
	page_csrf_field(b, req);
	buf_puts(b, _("<label>Element <select name=\"item\">"));
	for (size_t i = 0; i < rs.n_items; i++)
		html_printf(b, "<option value=\"%s\">%s</option>", rs.items[i].item->code, rs.items[i].item->code);
	buf_puts(b, _("</select></label>\n<label>A link <input type=\"url\" name=\"url\" placeholder=\"https://\"></label>\n"
		    "<label>or a file (PDF, PNG, JPEG, text or CSV; at most 5 MiB) <input type=\"file\" name=\"file\" "
		    "accept=\".pdf,.png,.jpg,.jpeg,.txt,.csv\"></label>\n"
		    "<button type=\"submit\" class=\"secondary\">Add evidence</button></form></section>\n"));
	page_end(b, req);
	results_release(&rs);
}

void
page_round_consensus_post(struct request *req, struct response *res)
{
	struct round r;
	const struct instrument *ins;
	if (!load_round(req, res, &r, &ins))
		return;
	const char *kind = request_input(req, "kind");
	if (!kind)
		kind = "team";
	const char *back = round_href(req, &r, strcmp(kind, "coach") == 0 ? "/consensus?kind=coach" : "/consensus");
	struct error err;
	const struct actor who = actor_of(req);
	struct store *s = request_store(req);
	/* JSON: one element at a time, {"item", "kind", "level", "note"}. */
	const char *item = request_input(req, "item");
	if (item) {
		if (consensus_record(s, &who, &r, req->unit->code, ins, item, kind, request_input(req, "level"),
				     request_input(req, "note"), &err) < 0)
			respond_failed(req, res, back, &err);
		else
			respond_done(req, res, MHD_HTTP_OK, back, _("Saved."), NULL);
		return;
	}
	/* The form: every element's level_CODE and note_CODE; checked all before any is written. */
	size_t saved = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t d = 0; d < ins->n_domains; d++)
			for (size_t j = 0; j < ins->domains[d].n_items; j++) {
				const char *code = ins->domains[d].items[j].code;
				const char *level = request_input(req, arena_printf(req->arena, "level_%s", code));
				const char *note = request_input(req, arena_printf(req->arena, "note_%s", code));
				if (!level)
					continue;
				if (pass == 0) {
					char *end;
					if (*level && (strtol(level, &end, 10), *end || !instrument_find_level(ins, strtol(level, NULL, 10)))) {
						respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, back,
							     arena_printf(req->arena, _("%s: \"%s\" is not a level of the scale"), code, level));
						return;
					}
					continue;
				}
				if (!*level && !(note && *note))
					level = "";
				if (consensus_record(s, &who, &r, req->unit->code, ins, code, kind, level, note, &err) < 0) {
					respond_failed(req, res, back, &err);
					return;
				}
				saved++;
			}
	/* Back to the domain just saved. */
	const char *domain = request_input(req, "domain");
	long dn = domain ? strtol(domain, NULL, 10) : 0;
	if (!wants_json(req) && dn >= 1 && (size_t)dn <= ins->n_domains) {
		respond_redirect(res, arena_printf(req->arena, "%s#domain-%ld",
						   with_query(req, back, "msg", arena_printf(req->arena, _("Saved %s: %zu elements."),
											     ins->domains[dn - 1].title, saved)),
						   dn));
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, back, arena_printf(req->arena, _("Saved %zu elements."), saved), NULL);
}

/* ---- evidence ---- */

void
page_round_evidence(struct request *req, struct response *res)
{
	struct round r;
	const struct instrument *ins;
	if (!load_round(req, res, &r, &ins))
		return;
	const char *back = round_href(req, &r, "/consensus");
	struct error err;
	const struct actor who = actor_of(req);
	struct store *s = request_store(req);
	if (req->content_type && strncmp(req->content_type, "multipart/form-data", 19) == 0) {
		struct multipart_part parts[MULTIPART_MAX_PARTS];
		size_t n;
		if (multipart_parse(req->content_type, req->body ? req->body : "", req->body_len, parts, &n, &err) < 0) {
			respond_fail(req, res, MHD_HTTP_BAD_REQUEST, back, request_words(req, err.msg));
			return;
		}
		const char *item = NULL, *url = NULL, *csrf = NULL;
		const struct multipart_part *file = NULL;
		for (size_t i = 0; i < n; i++) {
			const char *value = arena_strndup(req->arena, parts[i].data, parts[i].len);
			if (strcmp(parts[i].name, "item") == 0)
				item = value;
			else if (strcmp(parts[i].name, "url") == 0)
				url = value;
			else if (strcmp(parts[i].name, "csrf") == 0)
				csrf = value;
			else if (strcmp(parts[i].name, "file") == 0 && parts[i].filename[0] && parts[i].len)
				file = &parts[i];
		}
		/* The dispatcher could not read the token inside a multipart body: check it here. */
		if (!csrf_valid(&req->session, csrf)) {
			respond_error(req, res, MHD_HTTP_FORBIDDEN,
				      _("This form has expired or did not come from caregrid: reload the page and try again."));
			return;
		}
		int rc;
		if (file)
			rc = evidence_add_file(s, &who, &r, ins, item ? item : "", file->filename, file->data, file->len, &err);
		else if (url && *url)
			rc = evidence_add_link(s, &who, &r, ins, item ? item : "", url, &err);
		else
			rc = error_set(&err, "give a link or choose a file");
		if (rc < 0)
			respond_failed(req, res, back, &err);
		else
			respond_done(req, res, MHD_HTTP_CREATED, back, _("Evidence added."), NULL);
		return;
	}
	const char *item = request_input(req, "item"), *url = request_input(req, "url");
	if (evidence_add_link(s, &who, &r, ins, item ? item : "", url, &err) < 0)
		respond_failed(req, res, back, &err);
	else
		respond_done(req, res, MHD_HTTP_CREATED, back, _("Evidence added."), NULL);
}

void
page_round_evidence_get(struct request *req, struct response *res)
{
	struct round r;
	const struct instrument *ins;
	if (!load_round(req, res, &r, &ins))
		return;
	char *filename = NULL, *type = NULL;
	void *data = NULL;
	size_t len = 0;
	struct error err;
	int found = evidence_file(request_store(req), r.id, strtoll(req->params[2], NULL, 10), &filename, &type, &data, &len, &err);
	if (found < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (!found) {
		respond_error(req, res, MHD_HTTP_NOT_FOUND, _("There is no such file."));
		return;
	}
	res->content_type = arena_strdup(req->arena, type);
	/* Always a download, never shown inline: a file is the team's evidence, not part of the page. */
	struct buf safe = BUF_INIT;
	buf_init(&safe, 300);
	for (const char *p = filename; *p; p++)
		buf_putc(&safe, (*p == '"' || *p == '\\' || (unsigned char)*p < 32) ? '_' : *p);
	res->disposition = arena_printf(req->arena, "attachment; filename=\"%s\"", safe.data);
	buf_release(&safe);
	buf_add(&res->body, data, len);
	free(filename);
	free(type);
	free(data);
}

/* ---- import and export ---- */

void
page_round_import(struct request *req, struct response *res)
{
	struct round r;
	const struct instrument *ins;
	if (!load_round(req, res, &r, &ins))
		return;
	const char *here = round_href(req, &r, "");
	const char *csv = request_input(req, "csv");
	size_t len = csv ? strlen(csv) : 0;
	if (!csv && req->body && req->content_type && strncmp(req->content_type, "text/csv", 8) == 0) {
		csv = req->body;
		len = req->body_len;
	}
	if (!csv || !len) {
		respond_fail(req, res, MHD_HTTP_BAD_REQUEST, here, _("Send the answers as the \"csv\" field or as a text/csv body."));
		return;
	}
	const char *map = request_input(req, "map"), *scale = request_input(req, "scale");
	if (!map)
		map = request_arg(req, "map");
	if (!scale)
		scale = request_arg(req, "scale");
	struct import_options io = {.column_map = map && *map ? map : NULL, .score_map = scale && *scale ? scale : NULL};
	struct import_report rep;
	struct strvec problems = STRVEC_INIT;
	struct error err = {"", 0};
	const struct actor who = actor_of(req);
	int rc = responses_import(request_store(req), &who, &r, req->unit, ins, csv, len, "upload", &io, &rep, &problems, &err);
	if (rc < 0 && !problems.n) {
		/* Refused as a whole (the round has online answers: 409, saying what to do), or caregrid's failure. */
		strvec_clear(&problems);
		respond_failed(req, res, here, &err);
		return;
	}
	if (rc < 0) {
		if (wants_json(req)) {
			json_t *list = json_array();
			for (size_t i = 0; i < problems.n; i++)
				json_array_append_new(list, json_string(request_words(req, problems.v[i])));
			respond_json(res, MHD_HTTP_UNPROCESSABLE_CONTENT,
				     json_pack("{s:{s:i, s:s, s:o}}", "error", "status", 422, "message",
					       _("Nothing was imported: the file has problems."), "problems", list));
		} else {
			res->status = MHD_HTTP_UNPROCESSABLE_CONTENT;
			struct buf *b = &res->body;
			page_begin(b, req, _("Import refused"), NULL);
			html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n<ul>\n", _("Nothing was imported"), 
				    arena_printf(req->arena, trn(req->lang, "%zu problem in the file:", "%zu problems in the file:", problems.n),
						 problems.n));
			for (size_t i = 0; i < problems.n && i < 500; i++)
				html_printf(b, "<li>%s</li>\n", request_words(req, problems.v[i]));
			html_printf(b, _("</ul>\n<p><a href=\"%s\">Back to the round</a></p>\n"), here);
			page_end(b, req);
		}
		strvec_clear(&problems);
		return;
	}
	strvec_clear(&problems);
	respond_done(req, res, MHD_HTTP_CREATED, here,
		     arena_printf(req->arena, _("Imported %zu responses (%zu answers)."), rep.responses, rep.answers),
		     json_pack("{s:b, s:I, s:I}", "ok", 1, "responses", (json_int_t)rep.responses, "answers", (json_int_t)rep.answers));
}

void
page_unit_export(struct request *req, struct response *res)
{
	const char *format = request_arg(req, "format"), *round = request_arg(req, "round"), *content = request_arg(req, "content");
	char *end = NULL;
	long long round_id = round ? strtoll(round, &end, 10) : 0;
	if (round && (*end || round_id <= 0)) {
		respond_error(req, res, MHD_HTTP_BAD_REQUEST, arena_printf(req->arena, _("round: \"%s\" is not a round id"), round));
		return;
	}
	if (content && strcmp(content, "responses") != 0 && strcmp(content, "results") != 0) {
		respond_error(req, res, MHD_HTTP_BAD_REQUEST, _("content: \"results\" (the default) or \"responses\""));
		return;
	}
	struct export_request q = {req->app->catalog, req->tree, &req->grants, req->unit, round_id,
				   content && strcmp(content, "responses") == 0};
	if (q.responses && !export_may_list_responses(&req->grants, req->unit)) {
		respond_error(req, res, MHD_HTTP_FORBIDDEN,
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
	} else {
		rc = unit_export_json(request_store(req), &q, &doc, &err);
	}
	if (rc < 0) {
		respond_storage_error(req, res, &err);
	} else if (rc > 0) {
		res->disposition = NULL;
		buf_reset(&res->body);
		respond_error(req, res, MHD_HTTP_CONFLICT, request_words(req, err.msg));
	} else if (doc) {
		respond_json(res, MHD_HTTP_OK, doc);
	}
}
