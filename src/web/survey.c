/*
 * survey.c - the survey an invitation link names, loaded and checked once for the survey's pages
 * (page_survey.c) and its JSON API (api_survey.c): the link, its round and unit, whether the round takes
 * answers today, and the response of whoever is answering. Who is answering: a personal link's token
 * itself; for a shared link, a random token in a cookie scoped to that link's path (see page_survey.c).
 */
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/round.h"
#include "domain/round_answers.h"
#include "domain/staff_group.h"
#include "web/app.h"
#include "web/page.h"
#include "web/survey.h"

void
survey_forget_respondent(struct request *req, struct response *res, const struct survey *sv)
{
	res->cookies[0] = arena_printf(req->arena, "%s=; Path=%s; HttpOnly; SameSite=Lax; Max-Age=0",
				       RESPONDENT_COOKIE, sv->base);
}

/* The token CHOSEN_COOKIE carries for the response keyed KEY: a keyed hash no other response shares. */
static int
chosen_token(struct store *s, const char *key, char out[65], struct error *err)
{
	return form_token(s, key, -1, out, err);
}

bool
survey_choose(struct request *req, struct response *res, struct survey *sv, bool open)
{
	char token[65];
	struct error err;
	if (open && chosen_token(request_store(req), sv->key, token, &err) < 0) {
		respond_storage_error(req, res, &err);
		return false;
	}
	res->cookies[1] = open ? arena_printf(req->arena, "%s=%s; Path=%s; HttpOnly; SameSite=Lax", CHOSEN_COOKIE,
					      token, sv->base)
			       : arena_printf(req->arena, "%s=; Path=%s; HttpOnly; SameSite=Lax; Max-Age=0",
					      CHOSEN_COOKIE, sv->base);
	sv->chosen = open;
	return true;
}

/* Whether whoever holds this browser chose to continue the shared link's response (survey_choose). */
static bool
chosen_here(struct request *req, struct survey *sv, struct error *err, int *rc)
{
	const char *have = request_cookie(req, CHOSEN_COOKIE);
	char want[65];
	*rc = chosen_token(request_store(req), sv->key, want, err);
	return *rc == 0 && have && strlen(have) == 64 && sodium_memcmp(have, want, 64) == 0;
}

void
survey_closed_page(struct request *req, struct response *res, int status, const char *title, const char *message)
{
	if (wants_json(req)) {
		respond_error(req, res, status, arena_printf(req->arena, "%s: %s", title, message));
		return;
	}
	res->status = status;
	struct buf *b = &res->body;
	buf_reset(b);
	respondent_page_begin(b, req, title);
	html_printf(b, _("<h1>%s</h1>\n<p class=\"lead\">%s</p>\n<p>Nothing was saved. If you think this is wrong, "
			 "ask whoever sent you the link.</p>\n"), title, message);
	respondent_page_end(b, req);
}

/* The link and its round; false when a reply (404, 410, storage error) was written. */
static bool
find_link(struct request *req, struct response *res, struct store *s, struct survey *sv)
{
	struct error err;
	struct survey_link link;
	int found = survey_link_find(s, sv->token, sv->group, &link, &err);
	sv->inv = link.inv;
	sv->round = link.round;
	sv->group_known = link.group_known;
	if (found < 0) {
		respond_storage_error(req, res, &err);
		return false;
	}
	if (!found) {
		survey_closed_page(req, res, MHD_HTTP_NOT_FOUND, _("This link is not known"),
				   _("Check that you copied the whole link from the invitation."));
		return false;
	}
	if (sv->inv.revoked) {
		survey_closed_page(req, res, MHD_HTTP_GONE, _("This link has been withdrawn"),
				   _("The person running this assessment withdrew this link."));
		return false;
	}
	return true;
}

/* The round's unit and instrument, in the language of whoever answers; false when a reply was written. */
static bool
find_unit_and_instrument(struct request *req, struct response *res, struct survey *sv)
{
	/* Whoever answers chooses the language (the links at the top, ?lang=); else their browser; else the round. */
	if (!req->lang_chosen && !req->lang_from_browser && lang_find(sv->round.language))
		req->lang = lang_find(sv->round.language);
	const struct unit_tree *tree = request_tree(req);
	sv->unit = tree ? unit_by_id(tree, sv->round.unit_id) : NULL;
	const struct instrument *ins = catalog_find(req->app->catalog, sv->round.instrument_id,
						    sv->round.instrument_version);
	sv->ins = page_ins(req, ins);
	sv->also = ins && sv->round.bilingual && sv->ins != ins ? ins : NULL;
	if (!sv->unit || !sv->ins) {
		survey_closed_page(req, res, MHD_HTTP_SERVICE_UNAVAILABLE, _("Please try again shortly"),
				   _("The survey could not be loaded just now."));
		return false;
	}
	return true;
}

/* Whether the round takes answers online today; false when the reply saying why not was written. A closed
 * round neither shows nor takes answers: results are for the team's facilitators. */
static bool
takes_answers(struct request *req, struct response *res, struct survey *sv)
{
	const char *status = round_status(&sv->round, sv->today);
	if (strcmp(status, "upcoming") == 0) {
		const char *msg = arena_printf(req->arena,
					       _("It opens on %s. Please come back then with the same link."),
					       page_date(req, sv->round.opens_on));
		survey_closed_page(req, res, MHD_HTTP_CONFLICT, _("This survey has not opened yet"), msg);
		return false;
	}
	if (strcmp(status, "closed") == 0) {
		const char *when = sv->round.closed_early ? _("an earlier date set by the facilitator")
							  : page_date(req, sv->round.closes_on);
		const char *msg = arena_printf(req->arena, _("It closed on %s and takes no more answers. "
							     "Thank you for your interest."), when);
		survey_closed_page(req, res, MHD_HTTP_GONE, _("This survey has closed"), msg);
		return false;
	}
	if (round_paper_only(&sv->round)) {
		const char *msg = arena_printf(req->arena, _("Its answers were entered from paper forms by its "
							     "facilitator, so it takes none online. If you have not "
							     "given yours, ask the facilitator of %s."),
					       sv->unit->name);
		survey_closed_page(req, res, MHD_HTTP_CONFLICT, _("This round takes paper answers only"),
				   msg);
		return false;
	}
	return true;
}

/* The response of whoever is answering, when there is one; false after a storage error reply. */
static bool
find_response(struct request *req, struct response *res, struct store *s, struct survey *sv)
{
	struct error err;
	sv->shared = strcmp(sv->inv.kind, "personal") != 0;
	const char *respondent = sv->shared ? request_cookie(req, RESPONDENT_COOKIE) : sv->token;
	if (!respondent || strlen(respondent) != TOKEN_CHARS - 1)
		return true;
	if (respondent_key(s, respondent, sv->key, &err) < 0) {
		respond_storage_error(req, res, &err);
		return false;
	}
	int found = response_find(s, sv->round.id, sv->key, &sv->resp, &err);
	if (found < 0) {
		respond_storage_error(req, res, &err);
		return false;
	}
	sv->has_response = found;
	if (found && sv->shared && sv->resp.submitted) {
		/* Someone finished on this device: what follows is a new person, who sees nothing of it. */
		sv->has_response = false;
		sv->key[0] = '\0';
		memset(&sv->resp, 0, sizeof sv->resp);
		survey_forget_respondent(req, res, sv);
	}
	sv->chosen = !sv->shared;
	if (sv->has_response && sv->shared) {
		int rc;
		sv->chosen = chosen_here(req, sv, &err, &rc);
		if (rc < 0) {
			respond_storage_error(req, res, &err);
			return false;
		}
	}
	return true;
}

bool
survey_load(struct request *req, struct response *res, struct survey *sv, bool writing)
{
	return survey_load_for(req, res, sv, writing, NULL);
}

bool
survey_load_for(struct request *req, struct response *res, struct survey *sv, bool writing, const char *group)
{
	memset(sv, 0, sizeof *sv);
	sv->writing = writing;
	sv->group = group;
	sv->token = req->params[0];
	sv->base = arena_printf(req->arena, "/s/%s", sv->token);
	today(sv->today);
	struct store *s = request_store(req);
	if (!s) {
		survey_closed_page(req, res, MHD_HTTP_SERVICE_UNAVAILABLE, _("Please try again shortly"),
				   _("The survey is unavailable for a moment."));
		res->retry_after = 10;
		return false;
	}
	return find_link(req, res, s, sv) && find_unit_and_instrument(req, res, sv) && takes_answers(req, res, sv) &&
	       find_response(req, res, s, sv);
}

struct group_check {
	const char *want;
	bool found;
};

static int
group_matches(void *vctx, const struct staff_group *g)
{
	struct group_check *c = vctx;
	c->found = c->found || strcmp(c->want, g->code) == 0;
	return 0;
}

int
survey_staff_group_known(struct request *req, struct response *res, const struct survey *sv, const char *group)
{
	if (sv->group && strcmp(sv->group, group) == 0)
		return sv->group_known; /* read with the link (survey_load_for) */
	struct group_check gc = {group, false};
	struct error err;
	if (staff_groups_each(request_store(req), unit_root(sv->unit)->id, group_matches, &gc, &err) < 0) {
		respond_storage_error(req, res, &err);
		return -1;
	}
	return gc.found;
}

static int
keep_answer(void *vctx, const struct saved_answer *a)
{
	struct saved_answers *c = vctx;
	size_t i = instrument_item_index(c->ins, a->item_code);
	if (i == (size_t)-1)
		return 0;
	c->score[i] = a->dont_know ? "dk" : arena_printf(c->req->arena, "%ld", a->score);
	c->comment[i] = a->comment ? arena_strdup(c->req->arena, a->comment) : NULL;
	return 0;
}

static int
keep_energy(void *vctx, const char *target, int level)
{
	struct saved_energy *c = vctx;
	if (c->n < c->cap) {
		c->target[c->n] = arena_strdup(c->req->arena, target);
		c->level[c->n++] = level;
	}
	return 0;
}

bool
survey_answers_load(struct request *req, struct response *res, struct survey *sv, struct saved_answers *sa,
	     struct saved_energy *se)
{
	size_t n = sv->ins->n_items, cap = n + sv->ins->n_domains;
	sa->req = req;
	sa->ins = sv->ins;
	sa->score = arena_alloc(req->arena, (n + 1) * sizeof *sa->score);
	sa->comment = arena_alloc(req->arena, (n + 1) * sizeof *sa->comment);
	for (size_t i = 0; i < n; i++)
		sa->score[i] = "", sa->comment[i] = NULL;
	se->req = req;
	se->target = arena_alloc(req->arena, (cap + 1) * sizeof *se->target);
	se->level = arena_alloc(req->arena, (cap + 1) * sizeof *se->level);
	se->n = 0;
	se->cap = cap;
	struct error err;
	if (response_answers_each(request_store(req), sv->resp.id, keep_answer, sa, &err) < 0 ||
	    response_energy_each(request_store(req), sv->resp.id, keep_energy, se, &err) < 0) {
		respond_storage_error(req, res, &err);
		return false;
	}
	return true;
}

int
survey_energy_of(const struct saved_energy *se, const char *target)
{
	for (size_t i = 0; i < se->n; i++)
		if (strcmp(se->target[i], target) == 0)
			return se->level[i];
	return -1;
}
