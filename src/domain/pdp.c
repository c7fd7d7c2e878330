/* pdp.c - personal development plans (see pdp.h). */
#include "domain/pdp.h"

#include <stdio.h>
#include <string.h>

#include "domain/unit.h"
#include "lib/i18n.h"
#include "store/store.h"

const char *const pdp_statuses[] = {"open", "achieved", "dropped", NULL};

static const char *
nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

static int
check_text(const char *field, const char *what, const char *s, size_t max, struct error *err)
{
	if (s && strlen(s) > max)
		return error_in(err, field, "%s has at most %zu characters", what, max);
	return 0;
}

int
pdp_goal_add(struct store *s, const struct user *owner, const struct pdp_goal_input *in, int64_t *id_out,
	     struct error *err)
{
	if (!in->title || !*in->title)
		return error_in(err, "title", "a goal needs a title");
	/* N_: the reply's message is matched to the catalogue part by part, these words too. */
	if (check_text("title", N_("a goal's title"), in->title, 200, err) < 0 ||
	    check_text("elements", N_("a goal's elements"), in->elements, 500, err) < 0 ||
	    check_text("actions", N_("a goal's actions"), in->actions, 4000, err) < 0 ||
	    check_text("coach", N_("a goal's coach"), in->coach, 200, err) < 0)
		return -1;
	if (nonempty(in->review_on) && !valid_date(in->review_on))
		return error_in(err, "review_on", "review date \"%s\" is not a date (YYYY-MM-DD)", in->review_on);
	char now[32];
	store_now(now, sizeof now);
	struct param p[] = {PINT(owner->id),		  PTEXT(in->title),	       PTEXT(nonempty(in->elements)),
			    PTEXT(nonempty(in->actions)), PTEXT(nonempty(in->coach)), PTEXT(nonempty(in->review_on)),
			    PTEXT(now)};
	int64_t id;
	if (store_get_int(s, Q_PDP_GOAL_ADD, PARAMS(p), &id, err) < 0)
		return -1;
	if (id_out)
		*id_out = id;
	return 0;
}

static int
owner_row(void *ctx, const struct row *r)
{
	*(int64_t *)ctx = row_int(r, 1);
	return 1;
}

/* Another person's goal is answered as missing: its existence is private too. */
static int
check_owner(struct store *s, const struct user *owner, int64_t goal_id, struct error *err)
{
	struct param p[] = {PINT(goal_id)};
	int64_t user_id = 0;
	if (store_exec(s, Q_PDP_GOAL_GET, PARAMS(p), owner_row, &user_id, NULL, err) < 0)
		return -1;
	if (user_id != owner->id)
		return error_set(err, "no goal %lld in your plan", (long long)goal_id);
	return 0;
}

static bool
known_status(const char *status)
{
	for (int i = 0; pdp_statuses[i]; i++)
		if (strcmp(status, pdp_statuses[i]) == 0)
			return true;
	return false;
}

int
pdp_goal_update(struct store *s, const struct user *owner, int64_t goal_id, const char *review_on, const char *status,
		struct error *err)
{
	if (!status || !known_status(status))
		return error_in(err, "status",
				"status \"%s\" is not one of open, achieved, dropped", status ? status : "");
	if (nonempty(review_on) && !valid_date(review_on))
		return error_in(err, "review_on", "review date \"%s\" is not a date (YYYY-MM-DD)", review_on);
	if (check_owner(s, owner, goal_id, err) < 0)
		return -1;
	struct param p[] = {PINT(goal_id), PTEXT(nonempty(review_on)), PTEXT(status)};
	return store_exec(s, Q_PDP_GOAL_UPDATE, PARAMS(p), NULL, NULL, NULL, err);
}

int
pdp_review_add(struct store *s, const struct user *owner, int64_t goal_id, const char *reviewed_on, const char *note,
	       struct error *err)
{
	if (!reviewed_on || !valid_date(reviewed_on))
		return error_in(err, "reviewed_on", "review date \"%s\" is not a date (YYYY-MM-DD)",
				reviewed_on ? reviewed_on : "");
	if (!note || !*note)
		return error_in(err, "note", "a review needs a note");
	if (check_text("note", N_("a review note"), note, 4000, err) < 0 || check_owner(s, owner, goal_id, err) < 0)
		return -1;
	struct param p[] = {PINT(goal_id), PTEXT(reviewed_on), PTEXT(note)};
	return store_exec(s, Q_PDP_REVIEW_ADD, PARAMS(p), NULL, NULL, NULL, err);
}

struct goal_ctx {
	pdp_goal_fn fn;
	pdp_review_fn review_fn;
	void *ctx;
};

static int
goal_row(void *vctx, const struct row *r)
{
	struct goal_ctx *c = vctx;
	struct pdp_goal g = {.id = row_int(r, 0), .title = row_text(r, 1), .elements = row_text(r, 2),
			     .actions = row_text(r, 3), .coach = row_text(r, 4)};
	snprintf(g.review_on, sizeof g.review_on, "%s", row_text(r, 5));
	snprintf(g.status, sizeof g.status, "%s", row_text(r, 6));
	return c->fn(c->ctx, &g);
}

int
pdp_goals_each(struct store *s, int64_t user_id, pdp_goal_fn fn, void *ctx, struct error *err)
{
	struct goal_ctx c = {.fn = fn, .ctx = ctx};
	struct param p[] = {PINT(user_id)};
	return store_exec(s, Q_PDP_GOALS_OF_USER, PARAMS(p), goal_row, &c, NULL, err);
}

static int
review_row(void *vctx, const struct row *r)
{
	struct goal_ctx *c = vctx;
	return c->review_fn(c->ctx, row_int(r, 0), row_text(r, 1), row_text(r, 2));
}

int
pdp_reviews_each(struct store *s, int64_t user_id, pdp_review_fn fn, void *ctx, struct error *err)
{
	struct goal_ctx c = {.review_fn = fn, .ctx = ctx};
	struct param p[] = {PINT(user_id)};
	return store_exec(s, Q_PDP_REVIEWS_OF_USER, PARAMS(p), review_row, &c, NULL, err);
}

bool
pdp_goal_due(const struct pdp_goal *g, const char *by)
{
	return strcmp(g->status, "open") == 0 && g->review_on[0] && strcmp(g->review_on, by) <= 0;
}

int
pdp_share(struct store *s, const struct actor *who, const struct user *owner, const char *coach_email, bool share,
	  struct error *err)
{
	struct user coach;
	int found = nonempty(coach_email) ? user_by_email(s, coach_email, &coach, err) : 0;
	if (found < 0)
		return -1;
	if (!found)
		return error_in(
			err, "email",
			"no account for \"%s\": a plan can be shared only with someone who signs in to caregrid",
			coach_email ? coach_email : "");
	if (coach.id == owner->id)
		return error_in(err, "email", "this is your own plan already");
	struct param p[] = {PINT(owner->id), PINT(coach.id)};
	if (store_begin(s, err) < 0)
		return -1;
	if (store_exec(s, share ? Q_PDP_SHARE_ADD : Q_PDP_SHARE_DELETE, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    audit_record(s, who, share ? "pdp.share" : "pdp.unshare", 0, coach.email,
			 share ? "development plan shared by its owner" : "development plan no longer shared",
			 err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

int
pdp_may_read(struct store *s, int64_t owner_id, const struct user *reader, bool *may, struct error *err)
{
	*may = owner_id == reader->id;
	if (*may)
		return 0;
	int64_t one;
	struct param p[] = {PINT(owner_id), PINT(reader->id)};
	int found = store_get_int(s, Q_PDP_SHARED, PARAMS(p), &one, err);
	if (found < 0)
		return -1;
	*may = found == 1;
	return 0;
}

struct person_ctx {
	pdp_person_fn fn;
	void *ctx;
};

static int
person_row(void *vctx, const struct row *r)
{
	struct person_ctx *c = vctx;
	return c->fn(c->ctx, row_int(r, 0), row_text(r, 1), row_text(r, 2));
}

int
pdp_coaches_each(struct store *s, int64_t owner_id, pdp_person_fn fn, void *ctx, struct error *err)
{
	struct person_ctx c = {fn, ctx};
	struct param p[] = {PINT(owner_id)};
	return store_exec(s, Q_PDP_COACHES, PARAMS(p), person_row, &c, NULL, err);
}

int
pdp_coached_each(struct store *s, int64_t coach_id, pdp_person_fn fn, void *ctx, struct error *err)
{
	struct person_ctx c = {fn, ctx};
	struct param p[] = {PINT(coach_id)};
	return store_exec(s, Q_PDP_COACHED, PARAMS(p), person_row, &c, NULL, err);
}
