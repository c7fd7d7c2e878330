/*
 * page_survey.c - the anonymous survey behind an invitation link, made for a phone: a landing page (what
 * it is, that it is anonymous, the staff group question), one domain per page with a progress bar, a
 * review page and a confirmation. Plain forms: it works without JavaScript. Every page saves what was
 * given, so a closed tab loses nothing; each save is committed before the reply.
 *
 * Who is answering: a personal link's token itself; for a shared link, a random token in a cookie scoped
 * to that link's path. Only a keyed hash of it finds the response (see round.h). Each form carries the
 * response's revision and a keyed token of it: an out-of-date, replayed or forged form stores nothing.
 *
 * A shared link is often answered on a shared device (a staff-room tablet passed round a meeting), so its
 * cookie lives for the browser session only, is forgotten the moment the response is submitted, and a
 * submitted response is never found from a cookie again: the next person always starts afresh and never
 * sees or changes anyone's answers. An unfinished response met on the start page can be continued or left
 * ("start a new response"), without being shown. Changing answers later needs a personal link, or the
 * respondent token the API gives.
 *
 * Loading the survey a link names is in survey.c; the JSON API taking a whole response is in api_survey.c.
 */
#include <limits.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/round.h"
#include "domain/round_answers.h"
#include "domain/staff_group.h"
#include "web/app.h"
#include "web/handlers.h"
#include "lib/text.h"
#include "web/page.h"
#include "web/survey.h"

/* A survey page opening; its title names the survey after TITLE (NULL: the survey's own page). */
static void
survey_page_begin(struct request *req, struct buf *b, const struct survey *sv, const char *title)
{
	respondent_page_begin(b, req,
			      title ? arena_printf(req->arena, _("%s — %s"), title, sv->round.title) : sv->round.title);
	html_printf(b, "<div class=\"survey\"><p class=\"note\">%s · %s</p>\n", sv->unit->name, sv->round.title);
}

static void
survey_page_end(struct buf *b, const struct request *req)
{
	buf_puts(b, "</div>\n");
	respondent_page_end(b, req);
}

static bool
form_valid(struct request *req, struct survey *sv)
{
	const char *rev = request_input(req, "rev"), *form = request_input(req, "form");
	char expected[65];
	struct error err;
	long long revision;
	if (!rev || !form || !text_to_number(rev, 0, LONG_MAX, &revision) || revision != sv->resp.revision ||
	    form_token(request_store(req), sv->key, sv->resp.revision, expected, &err) < 0)
		return false;
	return strlen(form) == 64 && sodium_memcmp(form, expected, 64) == 0;
}

static void
form_fields(struct request *req, struct buf *b, struct survey *sv)
{
	char token[65];
	struct error err;
	if (form_token(request_store(req), sv->key, sv->resp.revision, token, &err) < 0)
		token[0] = '\0';
	html_printf(
		b,
		"<input type=\"hidden\" name=\"rev\" value=\"%ld\"><input type=\"hidden\" name=\"form\" value=\"%s\">",
		sv->resp.revision, token);
}

static void
stale_page(struct request *req, struct response *res, struct survey *sv, const char *where)
{
	res->status = MHD_HTTP_CONFLICT;
	struct buf *b = &res->body;
	buf_reset(b);
	survey_page_begin(req, b, sv, _("This page was out of date"));
	html_printf(
		b,
		_("<h1>This page was out of date</h1>\n<p class=\"lead\">Your answers were changed since this page was "
		  "shown (in another tab, perhaps), or the form was sent twice. Nothing from it was saved.</p>\n"
		  "<p><a href=\"%s\">Open the page again with your answers as they are saved now</a></p>\n"),
		where);
	survey_page_end(b, req);
}

/* A response counted into the round's figures: its answers stand as they are, never shown back (round.h). A
 * write is refused with 409; a page only read says the same with 200. */
static void
counted_page(struct request *req, struct response *res, const struct survey *sv)
{
	res->status = sv->writing ? MHD_HTTP_CONFLICT : MHD_HTTP_OK;
	struct buf *b = &res->body;
	buf_reset(b);
	survey_page_begin(req, b, sv, _("You have answered"));
	html_printf(
		b, "<h1>%s</h1>\n<p class=\"lead\" id=\"counted\">%s</p>\n<p>%s</p>\n", _("You have answered"),
		_("Your answers are in the team's results now, so they can no longer be changed: a change would show "
		  "what "
		  "you had answered."),
		sv->writing
			? _("Nothing from this page was saved. Nothing more is needed from you: you can close this "
			    "page.")
			: _("Nothing more is needed from you: you can close this page."));
	survey_page_end(b, req);
}

struct group_options {
	struct buf *b;
	const char *chosen;
	const struct lang *lang;
};

static int
group_option(void *vctx, const struct staff_group *g)
{
	struct group_options *c = vctx;
	html_printf(
		c->b,
		"<label><input type=\"radio\" name=\"staff_group\" value=\"%s\" required%R> <span>%s</span></label>\n",
		g->code, c->chosen && strcmp(c->chosen, g->code) == 0 ? " checked" : "", tr(c->lang, g->name));
	return 0;
}

/* A new person on a shared link whose round has all the answers it was for: true when told so. Someone who
 * started before it filled may carry on; their submission is refused then (response_admit), their answers
 * kept unseen and never counted. */
static bool
shared_link_full(struct request *req, struct response *res, const struct survey *sv)
{
	if (!sv->shared || sv->has_response || !round_shared_full(&sv->round))
		return false;
	survey_closed_page(
		req, res, MHD_HTTP_CONFLICT, _("This round is full"),
		arena_printf(req->arena,
			     trn(req->lang,
				 "It was for %ld person, who has answered through this shared link. Ask "
				 "the facilitator of %s for a personal link.",
				 "It was for %ld people, and all of them have answered through this shared link. "
				 "Ask the facilitator of %s for a personal link.",
				 (unsigned long)sv->round.headcount),
			     sv->round.headcount, sv->unit->name));
	return true;
}

/* A shared link's start page when this browser holds an unfinished response: whoever holds the device
 * chooses, and nothing of that response (not even its staff group, nor its pages or review) is shown until they
 * continue (page_survey_continue). */
static void
unfinished_on_device(struct buf *b, const struct request *req, const struct survey *sv)
{
	html_printf(
		b,
		"<section class=\"panel\" id=\"unfinished\"><h2>%s</h2>\n<p>%s</p>\n"
		"<div class=\"nav-buttons\"><form method=\"post\" action=\"%s/new\"><button type=\"submit\" "
		"class=\"secondary\">%s</button></form><form method=\"post\" action=\"%s/continue\"><button "
		"type=\"submit\" class=\"primary\">%s</button></form></div></section>\n",
		_("Someone started answering on this device"),
		_("Their answers were not submitted. If they are yours, carry on where you left off. If not, start "
		  "your own: "
		  "the unfinished answers are left behind unseen and are never counted."),
		sv->base, _("Start a new response"), sv->base, _("Continue my answers"));
}

void
page_survey(struct request *req, struct response *res)
{
	struct survey sv;
	if (!survey_load(req, res, &sv, false) || shared_link_full(req, res, &sv))
		return;
	struct buf *b = &res->body;
	survey_page_begin(req, b, &sv, NULL);
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", sv.round.title,
		    arena_printf(req->arena,
				 _("How far along is %s? You rate where the team stands on %zu elements of the %s, one "
				   "group of them per page. It takes about %zu minutes."),
				 sv.unit->name, sv.ins->n_items, sv.ins->title, sv.ins->n_items / 6 + 2));
	struct error err;
	int min = 5;
	if (min_group_size(request_store(req), sv.unit, &min, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	html_printf(
		b,
		_("<p><strong>Your answers are anonymous.</strong> They are kept with your staff group only, never "
		  "with "
		  "your name or this link. Nothing is shown until at least %d people have answered, and staff groups "
		  "of fewer than %d are combined before anyone sees them.</p>\n"),
		min, min);
	if (sv.shared && sv.has_response) {
		/* Whoever holds the device now chooses again: the response is closed until they continue. */
		if (request_cookie(req, CHOSEN_COOKIE) && !survey_choose(req, res, &sv, false))
			return;
		unfinished_on_device(b, req, &sv);
		survey_page_end(b, req);
		return;
	}
	if (sv.has_response && sv.resp.counted) {
		counted_page(req, res, &sv);
		return;
	}
	if (sv.has_response && sv.resp.submitted)
		html_printf(
			b, "<p class=\"flash ok\">%s</p>\n",
			_("You have answered already. You can still change your answers until they are counted into "
			  "the "
			  "team's results; from then on they stay as they are."));
	/* autocomplete off: going back through a shared device's history never restores an earlier person's choice. */
	html_printf(b, "<form method=\"post\" action=\"%s/start\" class=\"stack\" autocomplete=\"off\">"
		       "<fieldset class=\"item\">"
		       "<legend>%s</legend><div class=\"choices\">\n",
		    sv.base, _("Which staff group are you in?"));
	struct group_options c = {b, sv.has_response ? sv.resp.staff_group : NULL, req->lang};
	if (staff_groups_each(request_store(req), unit_root(sv.unit)->id, group_option, &c, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	html_printf(b, "</div></fieldset><button type=\"submit\" class=\"primary\">%s</button></form>\n",
		    sv.has_response ? _("Continue") : _("Start"));
	survey_page_end(b, req);
}

static const char *
page_href(struct request *req, const struct survey *sv, size_t page)
{
	return arena_printf(req->arena, "%s/%zu", sv->base, page);
}
void
page_survey_start(struct request *req, struct response *res)
{
	struct survey sv;
	const char *group = request_input(req, "staff_group");
	if (!survey_load_for(req, res, &sv, true, group) || shared_link_full(req, res, &sv))
		return;
	struct store *s = request_store(req);
	struct error err;
	int known = group ? survey_staff_group_known(req, res, &sv, group) : 0;
	if (known < 0)
		return;
	if (sv.has_response && sv.resp.counted) {
		counted_page(req, res, &sv);
		return;
	}
	if (!known) {
		survey_closed_page(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, _("Choose your staff group"),
			    _("Please go back and choose one of the staff groups listed."));
		return;
	}
	if (!sv.key[0]) {
		/* A shared link met by a new browser: give it its own token, kept in a cookie for this link only. */
		char token[TOKEN_CHARS];
		token_new(token);
		if (respondent_key(s, token, sv.key, &err) < 0) {
			respond_storage_error(req, res, &err);
			return;
		}
		/* No Max-Age: a session cookie, gone when the browser closes, and forgotten on submitting. */
		res->cookies[0] = arena_printf(req->arena, "%s=%s; Path=%s; HttpOnly; SameSite=Lax", RESPONDENT_COOKIE,
					       token, sv.base);
	}
	if (response_start(s, sv.round.id, sv.key, group, &sv.resp, &err) < 0) {
		if (error_is_ours(&err))
			respond_storage_error(req, res, &err);
		else
			survey_closed_page(req, res, MHD_HTTP_CONFLICT, _("Your answers could not be taken"),
					   request_error_words(req, &err));
		return;
	}
	if (sv.shared && !survey_choose(req, res, &sv, true))
		return;
	respond_redirect(res, page_href(req, &sv, 1));
}

/* "Continue my answers" on a shared device: its pages open to this browser until the start page is met again. */
void
page_survey_continue(struct request *req, struct response *res)
{
	struct survey sv;
	if (!survey_load(req, res, &sv, true))
		return;
	if (sv.shared && sv.has_response && !survey_choose(req, res, &sv, true))
		return;
	respond_redirect(res, sv.has_response ? page_href(req, &sv, 1) : sv.base);
}

/* "Start a new response" on a shared device: the browser forgets the unfinished one, which stays uncounted. */
void
page_survey_new(struct request *req, struct response *res)
{
	struct survey sv;
	if (!survey_load(req, res, &sv, true))
		return;
	if (sv.shared) {
		survey_forget_respondent(req, res, &sv);
		if (request_cookie(req, CHOSEN_COOKIE) && !survey_choose(req, res, &sv, false))
			return;
	}
	respond_redirect(res, sv.base);
}

/* An energy answer in words (LEVEL -1: not answered). */
static const char *
energy_name(const struct request *req, int level)
{
	static const char *const names[] = {N_("Low"), N_("Some"), N_("High")};
	return level >= 0 && level < 3 ? _(names[level]) : _("not answered");
}

static void
energy_question(struct buf *b, const struct request *req, const char *target, const char *about, int chosen)
{
	html_printf(b, "<fieldset class=\"item energy\"><legend>%s</legend><div class=\"choices\">",
		    arena_printf(req->arena, _("How much energy is there in the team to work on %s now?"), about));
	for (int l = 0; l < 3; l++)
		html_printf(b,
			    "<label><input type=\"radio\" name=\"energy_%s\" value=\"%d\"%R> <span>%s</span></label>",
			    target, l, chosen == l ? " checked" : "", energy_name(req, l));
	buf_puts(b, "</div></fieldset>\n");
}

/* A bilingual round's question in English too, below its own language's, marked as English for screen readers. */
static void
also_english(struct buf *b, const struct item *en)
{
	if (en->text && en->title)
		html_printf(b, "<p class=\"also\" lang=\"en\">%s: %s</p>\n", en->title, en->text);
	else if (en->text || en->title)
		html_printf(b, "<p class=\"also\" lang=\"en\">%s</p>\n", en->text ? en->text : en->title);
	else
		html_printf(b, "<p class=\"also\" lang=\"en\">%s → %s</p>\n", en->from, en->to);
}

static bool
needs_started(struct request *req, struct response *res, struct survey *sv)
{
	if (sv->has_response && sv->resp.counted) {
		counted_page(req, res, sv);
		return false;
	}
	if (sv->has_response && sv->chosen)
		return true;
	/* Choose a staff group first; or, on a shared device, whether to continue someone's unsent answers. */
	respond_redirect(res, sv->base);
	(void)req;
	return false;
}

/* The page number in the route, 1..number of domains; 0 when it is not one. */
static size_t
page_number(const struct request *req, const struct survey *sv)
{
	char *end;
	long n = strtol(req->params[1], &end, 10);
	return *end || n < 1 || (size_t)n > sv->ins->n_domains ? 0 : (size_t)n;
}

/* The survey (for a write: FOR_WRITE) and the page of the route, once its response is started: the page's
 * number, or 0 when a reply has been given instead (not started yet, counted, or no such page). */
static size_t
started_page(struct request *req, struct response *res, struct survey *sv, bool for_write)
{
	if (!survey_load(req, res, sv, for_write) || !needs_started(req, res, sv))
		return 0;
	size_t page = page_number(req, sv);
	if (!page)
		survey_closed_page(req, res, MHD_HTTP_NOT_FOUND, _("There is no such page"),
				   _("This survey has no page of that number."));
	return page;
}

/* One element's question on a survey page: its scale, "don't know", a comment and, when the round asks per
 * element, its energy; IT_EN its English beside it (bilingual rounds) or NULL. */
static void
survey_item(struct buf *b, struct request *req, const struct survey *sv, const struct item *it,
	    const struct item *it_en, const char *chosen, const char *comment, const struct saved_energy *se)
{
	const struct instrument *ins = sv->ins;
	buf_puts(b, "<fieldset class=\"item\">");
	page_item_question(b, it);
	if (it_en)
		also_english(b, it_en);
	if (!it->text && it->from && it->to)
		html_printf(
			b,
			_("<p>Where is the team between <em>%s</em> (the lowest level) and <em>%s</em> (the "
			  "highest)?</p>\n"),
			it->from, it->to);
	buf_puts(b, "<div class=\"choices\">");
	for (size_t l = 0; l < ins->n_levels; l++) {
		const struct level *lv = &ins->levels[l];
		char value[24];
		snprintf(value, sizeof value, "%ld", lv->value);
		html_printf(
			b,
			"<label><input type=\"radio\" name=\"score_%s\" value=\"%s\"%R> <span>%s "
			"%s%R%s%R</span></label>\n",
			it->code, value, strcmp(chosen, value) == 0 ? " checked" : "", value, lv->label,
			lv->meaning ? "<span class=\"meaning\">" : "", lv->meaning ? lv->meaning : "",
			lv->meaning ? "</span>" : "");
	}
	if (ins->dont_know)
		html_printf(
			b,
			"<label><input type=\"radio\" name=\"score_%s\" value=\"dk\"%R> "
			"<span>%s</span></label>\n",
			it->code, strcmp(chosen, "dk") == 0 ? " checked" : "", _("Don't know"));
	html_printf(
		b,
		"</div><details%R><summary>%s</summary><label>%s"
		"<textarea name=\"comment_%s\" rows=\"3\" maxlength=\"2000\">%s</textarea></label></details>\n",
		comment ? " open" : "", _("Add a comment"),
		arena_printf(req->arena, _("Comment on %s (optional, anonymous)"), it->code), it->code,
		comment ? comment : "");
	if (strcmp(sv->round.energy, "item") == 0)
		energy_question(b, req, it->code, it->code, survey_energy_of(se, it->code));
	buf_puts(b, "</fieldset>\n");
}

void
page_survey_page(struct request *req, struct response *res)
{
	struct survey sv;
	size_t page = started_page(req, res, &sv, false);
	if (!page)
		return;
	struct saved_answers sa;
	struct saved_energy se;
	if (!survey_answers_load(req, res, &sv, &sa, &se))
		return;
	const struct instrument *ins = sv.ins;
	const struct domain *dom = &ins->domains[page - 1];
	size_t first = 0;
	for (size_t d = 0; d + 1 < page; d++)
		first += ins->domains[d].n_items;
	struct buf *b = &res->body;
	survey_page_begin(req, b, &sv,
			  arena_printf(req->arena, _("Page %zu of %zu: %s"), page, ins->n_domains, dom->title));
	const struct domain *dom_en = sv.also ? &sv.also->domains[page - 1] : NULL;
	html_printf(b,
		    "<p class=\"progress\" id=\"progress\">%s</p>"
		    "<progress max=\"%zu\" value=\"%zu\" aria-labelledby=\"progress\"></progress>\n<h1>%s%R%s%R</h1>\n",
		    arena_printf(req->arena, _("Page %zu of %zu"), page, ins->n_domains), ins->n_domains, page,
		    dom->title, dom_en ? " <span class=\"also\" lang=\"en\">" : "", dom_en ? dom_en->title : "",
		    dom_en ? "</span>" : "");
	if (dom->description)
		html_printf(b, "<p>%s</p>\n", dom->description);
	if (dom_en && dom_en->description)
		html_printf(b, "<p class=\"also\" lang=\"en\">%s</p>\n", dom_en->description);
	html_printf(b, "<form method=\"post\" action=\"%s\">", page_href(req, &sv, page));
	form_fields(req, b, &sv);
	for (size_t j = 0; j < dom->n_items; j++)
		survey_item(b, req, &sv, &dom->items[j], dom_en ? &dom_en->items[j] : NULL, sa.score[first + j],
			    sa.comment[first + j], &se);
	if (strcmp(sv.round.energy, "domain") == 0)
		energy_question(b, req, dom->code, arena_printf(req->arena, "%s", dom->title),
				survey_energy_of(&se, dom->code));
	/* "Save and continue" first: Enter in a form presses its first button, and that must never be Back. The
	 * stylesheet shows Back on the left (.nav-buttons.forward). */
	html_printf(
		b,
		"<div class=\"nav-buttons forward\"><button type=\"submit\" name=\"go\" value=\"next\" "
		"class=\"primary\">"
		"%s</button><button type=\"submit\" name=\"go\" value=\"back\" "
		"class=\"secondary\">%s</button></div></form>\n",
		_("Save and continue"), _("Back"));
	survey_page_end(b, req);
}

/* A survey page's save, handed to the writer: a phone's "Save and continue" is committed with the others
 * arriving at the same moment. */
struct page_save {
	struct survey sv;
	const char *here, *next;
	struct answer_input *answers;
	size_t n_answers;
	struct energy_input *energy;
	size_t n_energy;
	bool stale;
};

static int
page_save_run(struct store *s, void *vctx, struct error *err)
{
	struct page_save *ps = vctx;
	return response_save(s, ps->sv.ins, &ps->sv.round, &ps->sv.resp, ps->sv.resp.revision, ps->answers,
			     ps->n_answers, ps->energy, ps->n_energy, &ps->stale, err);
}

/* The reply to a survey write that failed: out of date, the database away, or something else. */
static void
survey_write_failed(struct request *req, struct response *res, struct survey *sv, bool stale, const char *where,
		    const struct error *err)
{
	if (stale) {
		stale_page(req, res, sv, where);
	} else if (err->kind == ERROR_UNAVAILABLE) {
		request_log_error(req, err);
		survey_closed_page(req, res, MHD_HTTP_SERVICE_UNAVAILABLE, _("Please try again shortly"),
			    _("The survey could not save just now; nothing was lost from earlier pages."));
		res->retry_after = 5;
	} else if (err->kind == ERROR_CONFLICT) {
		/* The round takes paper answers only, or its shared link has all it was for (response_admit). */
		survey_closed_page(req, res, MHD_HTTP_CONFLICT, _("Your answers could not be taken"),
				   request_error_words(req, err));
	} else {
		respond_storage_error(req, res, err);
	}
}

static void
page_save_finish(struct request *req, struct response *res, void *vctx, int result, const struct error *err)
{
	struct page_save *ps = vctx;
	if (result < 0)
		survey_write_failed(req, res, &ps->sv, ps->stale, ps->here, err);
	else
		respond_redirect(res, ps->next);
}

void
page_survey_save(struct request *req, struct response *res)
{
	struct survey sv;
	size_t page = started_page(req, res, &sv, true);
	if (!page)
		return;
	const char *here = page_href(req, &sv, page);
	if (!form_valid(req, &sv)) {
		stale_page(req, res, &sv, here);
		return;
	}
	const struct instrument *ins = sv.ins;
	const struct domain *dom = &ins->domains[page - 1];
	/* Anything the form sends about an element of another page, or an unknown one, is refused. */
	for (size_t i = 0; i < req->n_form; i++) {
		const char *name = req->form[i].name, *code = NULL;
		if (strncmp(name, "score_", 6) == 0)
			code = name + 6;
		else if (strncmp(name, "comment_", 8) == 0)
			code = name + 8;
		else if (strncmp(name, "energy_", 7) == 0)
			continue; /* checked by the save */
		if (!code)
			continue;
		const struct domain *in;
		if (!instrument_find_item(ins, code, &in) || in != dom) {
			survey_closed_page(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT,
					   _("That answer does not belong here"),
					   arena_printf(req->arena, _("\"%s\" is not an element of this page."), code));
			return;
		}
	}
	/* Everything the writer and the reply need, in the request's arena (the form's values are there already). */
	struct page_save *ps = arena_alloc(req->arena, sizeof *ps);
	memset(ps, 0, sizeof *ps);
	ps->sv = sv;
	ps->here = here;
	ps->answers = arena_alloc(req->arena, (dom->n_items + 1) * sizeof *ps->answers);
	ps->energy = arena_alloc(req->arena, (dom->n_items + 2) * sizeof *ps->energy);
	for (size_t j = 0; j < dom->n_items; j++) {
		const char *code = dom->items[j].code;
		ps->answers[ps->n_answers++] =
			(struct answer_input){code, request_input(req, arena_printf(req->arena, "score_%s", code)),
					      request_input(req, arena_printf(req->arena, "comment_%s", code))};
		if (strcmp(sv.round.energy, "item") == 0)
			ps->energy[ps->n_energy++] =
				(struct energy_input){code,
						      request_input(req, arena_printf(req->arena, "energy_%s", code))};
	}
	if (strcmp(sv.round.energy, "domain") == 0)
		ps->energy[ps->n_energy++] =
			(struct energy_input){dom->code,
					      request_input(req, arena_printf(req->arena, "energy_%s", dom->code))};
	struct error err;
	if (response_check(ins, &sv.round, ps->answers, ps->n_answers, ps->energy, ps->n_energy, &err) < 0) {
		survey_closed_page(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, _("That answer could not be saved"),
				   request_error_words(req, &err));
		return;
	}
	const char *go = request_input(req, "go");
	if (go && strcmp(go, "back") == 0)
		ps->next = page > 1 ? page_href(req, &sv, page - 1) : sv.base;
	else
		ps->next = page < ins->n_domains ? page_href(req, &sv, page + 1)
						 : arena_printf(req->arena, "%s/review", sv.base);
	respond_after_write(req, res, page_save_run, page_save_finish, ps);
}

static const char *
answer_label(struct request *req, const struct instrument *ins, const char *score)
{
	if (!*score)
		return _("not answered");
	if (strcmp(score, "dk") == 0)
		return _("don't know");
	char *end; /* SCORE is a stored answer's value, written by caregrid as a whole number */
	const struct level *lv = instrument_find_level(ins, strtol(score, &end, 10));
	return lv ? arena_printf(req->arena, "%ld %s", lv->value, lv->label) : score;
}

static void review_page(struct request *req, struct response *res, struct survey *sv);

void
page_survey_review(struct request *req, struct response *res)
{
	struct survey sv;
	if (!survey_load(req, res, &sv, false) || !needs_started(req, res, &sv))
		return;
	review_page(req, res, &sv);
}

/* The review: every answer in words, and the button that sends them; when nothing is answered, the page
 * says so instead of offering the button. */
static void
review_page(struct request *req, struct response *res, struct survey *svp)
{
	struct survey sv = *svp;
	struct saved_answers sa;
	struct saved_energy se;
	if (!survey_answers_load(req, res, &sv, &sa, &se))
		return;
	const struct instrument *ins = sv.ins;
	struct buf *b = &res->body;
	survey_page_begin(req, b, &sv, _("Check your answers"));
	html_printf(b, "<p class=\"progress\" id=\"progress\">%s</p><progress max=\"%zu\" value=\"%zu\" "
		       "aria-labelledby=\"progress\"></progress>\n<h1>%s</h1>\n",
		    _("Last step"), ins->n_domains, ins->n_domains, _("Check your answers"));
	size_t k = 0, answered = 0;
	bool energy_by_item = strcmp(sv.round.energy, "item") == 0,
	     energy_by_domain = strcmp(sv.round.energy, "domain") == 0;
	for (size_t d = 0; d < ins->n_domains; d++) {
		const struct domain *dom = &ins->domains[d];
		html_printf(
			b,
			"<h2>%s <a href=\"%s\" class=\"note\">%s<span class=\"visually-hidden\"> %s</span></a></h2>\n"
			"<ul class=\"review\">",
			dom->title, page_href(req, &sv, d + 1), _("change"), dom->title);
		for (size_t j = 0; j < dom->n_items; j++, k++) {
			const struct item *it = &dom->items[j];
			answered += *sa.score[k] != '\0';
			html_printf(b, "<li><span class=\"code\">%s</span> %s<br><strong>%s</strong>", it->code,
				    it->title  ? it->title
				    : it->text ? it->text
					       : "",
				    answer_label(req, ins, sa.score[k]));
			if (energy_by_item)
				html_printf(b, _(" · energy: %s"), energy_name(req, survey_energy_of(&se, it->code)));
			if (sa.comment[k]) /* the words themselves, so that they can be checked before sending */
				html_printf(b, "<br><span class=\"review-comment\">%s</span>",
					    arena_printf(req->arena, _("Your comment: %s"), sa.comment[k]));
			buf_puts(b, "</li>");
		}
		buf_puts(b, "</ul>\n");
		if (energy_by_domain)
			html_printf(b, _("<p>Energy to work on %s now: <strong>%s</strong></p>\n"), dom->title,
				    energy_name(req, survey_energy_of(&se, dom->code)));
	}
	html_printf(b, "<p>%s</p>\n",
		    arena_printf(req->arena,
				 trn(req->lang, "You answered %zu of %zu element.", "You answered %zu of %zu elements.",
				     ins->n_items),
				 answered, ins->n_items));
	if (!answered)
		html_printf(
			b,
			_("<p class=\"flash error\" role=\"alert\">You have not answered any element yet, so there is "
			  "nothing "
			  "to send. <a href=\"%s\">Start with the first page</a>.</p>\n"),
			page_href(req, &sv, 1));
	if (sv.resp.submitted)
		html_printf(
			b, "<p class=\"flash ok\">%s</p>\n",
			_("Your answers are in. Changes you make are saved as you go, until your answers are counted "
			  "into the "
			  "team's results."));
	if (answered) {
		html_printf(b, "<form method=\"post\" action=\"%s/submit\">", sv.base);
		form_fields(req, b, &sv);
		html_printf(b,
			    "<div class=\"nav-buttons forward\"><button type=\"submit\" class=\"primary\">%s</button>"
			    "<a href=\"%s\">%s</a></div></form>\n",
			    sv.resp.submitted ? _("Submit again") : _("Submit my answers"),
			    page_href(req, &sv, ins->n_domains), _("Back"));
	}
	survey_page_end(b, req);
}

struct submission {
	struct survey sv;
	const char *review;
	bool stale;
};

static int
submission_run(struct store *s, void *vctx, struct error *err)
{
	struct submission *sub = vctx;
	return response_submit(s, &sub->sv.resp, sub->sv.resp.revision, &sub->sv.inv, &sub->stale, err);
}

/* Post/Redirect/Get: the thank-you page is a page of its own, so that Back or reload never sends again. */
static void
submission_finish(struct request *req, struct response *res, void *vctx, int result, const struct error *err)
{
	struct submission *sub = vctx;
	if (result < 0) {
		survey_write_failed(req, res, &sub->sv, sub->stale, sub->review, err);
		return;
	}
	if (sub->sv.shared) /* this device forgets them before the thank-you page is even asked for */
		survey_forget_respondent(req, res, &sub->sv);
	respond_redirect(res, arena_printf(req->arena, "%s/thanks", sub->sv.base));
}

/* The thank-you page. On a shared link it says the same to anyone, as the device has forgotten who answered. */
void
page_survey_thanks(struct request *req, struct response *res)
{
	struct survey sv;
	if (!survey_load(req, res, &sv, false))
		return;
	if (!sv.shared && !(sv.has_response && sv.resp.submitted)) {
		respond_redirect(res, sv.base);
		return;
	}
	int min = 5;
	struct error err;
	if (min_group_size(request_store(req), sv.unit, &min, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	struct buf *b = &res->body;
	survey_page_begin(req, b, &sv, _("Thank you"));
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", _("Thank you"),
		    _("Your answers are saved, with your staff group only."));
	if (sv.shared) {
		html_printf(
			b, "<p>%s</p>\n<p>%s</p>\n<p><a class=\"button\" id=\"next-person\" href=\"%s\">%s</a></p>\n",
			_("This device has already forgotten them: nobody who uses it after you can see or change your "
			  "answers. "
			  "You can close this page."),
			_("Passing the device on?"), sv.base, _("Next person"));
	} else {
		html_printf(
			b, "<p>%s</p>\n",
			_("You can change them with the same link until they are counted into the team's results (when "
			  "enough others have answered, or when the round closes); from then on they stay as they are. "
			  "You can close this page."));
	}
	html_printf(
		b,
		_("<h2>What happens next</h2>\n<p>When at least %d people have answered, the team's facilitator sees "
		  "the results together — how far along the team is on each element and where people see it "
		  "differently — and brings them to the team to choose what to work on. Nobody sees your own "
		  "answers.</p>\n"),
		min);
	survey_page_end(b, req);
}

void
page_survey_submit(struct request *req, struct response *res)
{
	struct survey sv;
	if (!survey_load(req, res, &sv, true) || !needs_started(req, res, &sv))
		return;
	const char *review = arena_printf(req->arena, "%s/review", sv.base);
	if (!form_valid(req, &sv)) {
		stale_page(req, res, &sv, review);
		return;
	}
	/* Nothing answered is nothing to send: it would count as a response and show in no result. */
	struct saved_answers sa;
	struct saved_energy se;
	if (!survey_answers_load(req, res, &sv, &sa, &se))
		return;
	size_t answered = 0;
	for (size_t k = 0; k < sv.ins->n_items; k++)
		answered += *sa.score[k] != '\0';
	if (!answered) {
		review_page(req, res, &sv);
		res->status = MHD_HTTP_UNPROCESSABLE_CONTENT;
		return;
	}
	struct submission *sub = arena_alloc(req->arena, sizeof *sub);
	*sub = (struct submission){.sv = sv, .review = review};
	respond_after_write(req, res, submission_run, submission_finish, sub);
}

