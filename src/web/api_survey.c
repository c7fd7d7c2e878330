/*
 * api_survey.c - the survey's JSON API: a whole response in one request (POST /api/s/{token} with a JSON
 * object), checked as the survey's pages check it and stored by the writer in one transaction. A shared
 * link's respondent gets a respondent token back, with which the same response can be changed later.
 * The survey itself is loaded as for its pages (survey.c).
 */
#include <jansson.h>
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "domain/round.h"
#include "domain/round_answers.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/survey.h"

/* What the writer needs; everything in the request's arena or the catalog (it outlives the handler). */
struct whole_submission {
	const struct instrument *ins;
	struct round round;
	struct invitation inv;
	char key[65];
	const char *staff_group;
	struct answer_input *answers;
	size_t n_answers;
	struct energy_input *energy;
	size_t n_energy;
	const char *respondent; /* a new shared-link respondent token to give back; NULL otherwise */
	bool created;
	struct whole_reads reads; /* between the writer's two halves */
};

static int
submit_whole_run(struct store *s, void *vctx, struct error *err)
{
	struct whole_submission *w = vctx;
	return response_submit_whole(s, w->ins, &w->round, &w->inv, w->key, w->staff_group, w->answers, w->n_answers,
				     w->energy, w->n_energy, &w->created, err);
}

static int
submit_whole_queue(struct store *s, void *vctx, struct error *err)
{
	struct whole_submission *w = vctx;
	return response_whole_queue(s, w->ins, &w->round, &w->inv, w->key, w->staff_group, w->answers, w->n_answers,
				    w->energy, w->n_energy, &w->reads, err);
}

static int
submit_whole_judge(struct store *s, void *vctx, struct error *err)
{
	struct whole_submission *w = vctx;
	return response_whole_judge(s, &w->reads, &w->created, err);
}

static void
submit_whole_finish(struct request *req, struct response *res, void *vctx, int result, const struct error *err)
{
	struct whole_submission *w = vctx;
	if (result < 0) {
		/* 409 when refused; 503 with Retry-After when the database was away */
		respond_failed(req, res, NULL, err);
		return;
	}
	size_t answered = 0;
	for (size_t i = 0; i < w->n_answers; i++)
		answered += w->answers[i].score && *w->answers[i].score;
	/* No date until which it may change: it may until it is counted (round.h), which nobody can foresee. */
	json_t *doc = json_pack("{s:I, s:s, s:s, s:b, s:I, s:I}", "round", (json_int_t)w->round.id, "title",
				w->round.title, "staff_group", w->staff_group, "submitted", 1, "answered",
				(json_int_t)answered, "elements",
				(json_int_t)w->ins->n_items);
	if (w->respondent)
		json_object_set_new(doc, "respondent", json_string(w->respondent));
	respond_json(res, w->created ? MHD_HTTP_CREATED : MHD_HTTP_OK, doc);
}

/* An answer's value as the form would send it: a level, "dk", or "" for none. NULL when it is none of those. */
static const char *
answer_value(struct request *req, json_t *v)
{
	if (json_is_null(v))
		return "";
	if (json_is_integer(v))
		return arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
	if (json_is_string(v) && strcmp(json_string_value(v), "dk") == 0)
		return "dk";
	return NULL;
}

static const char *
energy_value(json_t *v)
{
	static const char *const names[] = {"low", "some", "high"};
	static const char *const levels[] = {"0", "1", "2"};
	if (json_is_null(v))
		return "";
	for (int l = 0; l < 3; l++)
		if ((json_is_integer(v) && json_integer_value(v) == l) ||
		    (json_is_string(v) && strcmp(json_string_value(v), names[l]) == 0))
			return levels[l];
	return NULL;
}

/* The answers keyed by element code into W; false when the reply naming the bad one was written. */
static bool
collect_answers(struct request *req, struct response *res, struct whole_submission *w, json_t *answers)
{
	const char *code;
	json_t *v;
	size_t scored = 0;
	json_object_foreach(answers, code, v) {
		const char *score = answer_value(req, v);
		if (!score) {
			respond_error(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT,
				arena_printf(req->arena,
					     _("answers.%s: a level of the scale (a whole number), \"dk\" or null"),
					     code));
			return false;
		}
		w->answers[w->n_answers++] = (struct answer_input){arena_strdup(req->arena, code), score, NULL};
		scored += *score != '\0';
	}
	if (!scored) {
		respond_error(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT,
			      _("answers: nothing is answered; give at least one element a level or \"dk\" "
				"(nothing was sent)"));
		return false;
	}
	return true;
}

/* Comments may come for elements without a score: they are kept as the form keeps them. */
static bool
collect_comments(struct request *req, struct response *res, struct whole_submission *w, json_t *comments)
{
	const char *code;
	json_t *v;
	json_object_foreach(comments, code, v) {
		if (!json_is_string(v)) {
			respond_error(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT,
				      arena_printf(req->arena, _("comments.%s: must be text"), code));
			return false;
		}
		size_t i = 0;
		while (i < w->n_answers && strcmp(w->answers[i].item_code, code) != 0)
			i++;
		if (i == w->n_answers)
			w->answers[w->n_answers++] = (struct answer_input){arena_strdup(req->arena, code), "", NULL};
		w->answers[i].comment = arena_strdup(req->arena, json_string_value(v));
	}
	return true;
}

static bool
collect_energy(struct request *req, struct response *res, struct whole_submission *w, json_t *energy)
{
	const char *code;
	json_t *v;
	w->energy = arena_alloc(req->arena, (json_object_size(energy) + 1) * sizeof *w->energy);
	json_object_foreach(energy, code, v) {
		const char *level = energy_value(v);
		if (!level) {
			respond_error(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT,
				arena_printf(req->arena,
					     _("energy.%s: \"low\", \"some\", \"high\" (or 0, 1, 2) or null"), code));
			return false;
		}
		w->energy[w->n_energy++] = (struct energy_input){arena_strdup(req->arena, code), level};
	}
	return true;
}

/* Who is answering, into W's key: a personal link's own token; on a shared link, the respondent token an
 * earlier reply gave (to change that response), or a new one. False when a reply was written. */
static bool
choose_respondent(struct request *req, struct response *res, const struct survey *sv, struct whole_submission *w,
		  const char *respondent)
{
	struct store *s = request_store(req);
	struct error err;
	if (strcmp(sv->inv.kind, "personal") == 0) {
		snprintf(w->key, sizeof w->key, "%s", sv->key);
		return true;
	}
	if (respondent && strlen(respondent) != TOKEN_CHARS - 1) {
		respond_error(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, _("respondent: not a token this survey gave"));
		return false;
	}
	if (!respondent) {
		char token[TOKEN_CHARS];
		token_new(token);
		w->respondent = respondent = arena_strdup(req->arena, token);
	}
	if (respondent_key(s, respondent, w->key, &err) < 0) {
		respond_storage_error(req, res, &err);
		return false;
	}
	if (w->respondent)
		return true;
	/* A token given back must be one this survey's API gave for a response of this round: never an
	 * invitation's own token, nor a response of another round. */
	struct invitation other;
	struct survey_response existing;
	int is_link = invitation_find(s, respondent, &other, &err);
	int answered_here = is_link == 0 ? response_find(s, sv->round.id, w->key, &existing, &err) : 0;
	if (is_link < 0 || answered_here < 0) {
		respond_storage_error(req, res, &err);
		return false;
	}
	if (is_link || !answered_here) {
		respond_error(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, _("respondent: not a token this survey gave"));
		return false;
	}
	return true;
}

void
api_survey_submit(struct request *req, struct response *res)
{
	if (!req->content_type || strncmp(req->content_type, "application/json", 16) != 0 || !req->json) {
		respond_error(req, res, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
			_("send the response as a JSON object with Content-Type: application/json"));
		return;
	}
	const char *group = NULL, *respondent = NULL;
	json_t *answers = NULL, *comments = NULL, *energy = NULL;
	json_error_t jerr;
	/* Unpacked first so that the staff group is asked about with the link, in one statement; a body's faults
	 * are still told only after the link's and the round's. */
	int unpacked = json_unpack_ex(req->json, &jerr, JSON_STRICT, "{s:s, s:o, s?o, s?o, s?s}", "staff_group", &group,
				      "answers", &answers, "comments", &comments, "energy", &energy, "respondent",
				      &respondent);
	struct survey sv;
	if (!survey_load_for(req, res, &sv, true, unpacked < 0 ? NULL : group))
		return;
	if (unpacked < 0) {
		respond_error(req, res, MHD_HTTP_BAD_REQUEST,
			      arena_printf(req->arena, _("the response: %s"), jerr.text));
		return;
	}
	if (!json_is_object(answers) || (comments && !json_is_object(comments)) ||
	    (energy && !json_is_object(energy))) {
		respond_error(req, res, MHD_HTTP_BAD_REQUEST,
			      _("\"answers\", \"comments\" and \"energy\" must be objects keyed by code"));
		return;
	}
	int known = survey_staff_group_known(req, res, &sv, group);
	if (known < 0)
		return;
	if (!known) {
		respond_error(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT,
			arena_printf(req->arena, _("staff_group: \"%s\" is not one of this team's staff groups"),
				     group));
		return;
	}
	struct whole_submission *w = arena_alloc(req->arena, sizeof *w);
	memset(w, 0, sizeof *w);
	w->ins = sv.ins;
	w->round = sv.round;
	w->inv = sv.inv;
	w->inv.label = NULL;
	w->inv.shared_token = NULL;
	w->staff_group = arena_strdup(req->arena, group);
	size_t cap = json_object_size(answers) + (comments ? json_object_size(comments) : 0);
	w->answers = arena_alloc(req->arena, (cap + 1) * sizeof *w->answers);
	if (!collect_answers(req, res, w, answers) || (comments && !collect_comments(req, res, w, comments)) ||
	    (energy && !collect_energy(req, res, w, energy)))
		return;
	struct error err;
	if (response_check(w->ins, &sv.round, w->answers, w->n_answers, w->energy, w->n_energy, &err) < 0) {
		respond_error(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, request_error_words(req, &err));
		return;
	}
	if (!choose_respondent(req, res, &sv, w, respondent))
		return;
	static const struct deferred_write halves = {
		.run = submit_whole_run, .queue = submit_whole_queue, .judge = submit_whole_judge,
		.finish = submit_whole_finish};
	respond_after_split_write(req, res, &halves, w);
}
