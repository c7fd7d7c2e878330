/* feedback.c - 360-degree feedback cycles and their reports (see feedback.h). */
#include "domain/feedback.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/invitees.h"
#include "domain/mail.h"
#include "domain/round.h"
#include "lib/i18n.h"
#include "lib/text.h"
#include "lib/buf.h"
#include "lib/html.h"
#include "lib/xalloc.h"
#include "store/store.h"

const char *const feedback_relationships[] = {"manager",         "peer", "direct_report", "team_member",
					      "patient_partner", NULL};

const char *
feedback_relationship_name(const char *code)
{
	static const char *const names[][2] = {{"self", N_("Self")},
					       {"manager", N_("Manager")},
					       {"peer", N_("Peer")},
					       {"direct_report", N_("Direct report")},
					       {"team_member", N_("Other team member")},
					       {"patient_partner", N_("Patient partner")},
					       {"others", N_("Others (groups under 3 combined)")}};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(names[i][0], code) == 0)
			return names[i][1];
	return code;
}

bool
feedback_instrument_allowed(const struct instrument *ins)
{
	return strcmp(ins->subject, "individual") == 0 || strcmp(ins->id, "positive-practices") == 0;
}

static void
fill_cycle(struct feedback_cycle *c, const struct row *r)
{
	memset(c, 0, sizeof *c);
	c->id = row_int(r, 0);
	c->user_id = row_int(r, 1);
	snprintf(c->instrument_id, sizeof c->instrument_id, "%s", row_text(r, 2));
	c->version = (long)row_int(r, 3);
	snprintf(c->title, sizeof c->title, "%s", row_text(r, 4));
	snprintf(c->created_at, sizeof c->created_at, "%s", row_text(r, 5));
	c->closed = !row_null(r, 6);
	snprintf(c->closed_on, sizeof c->closed_on, "%.10s", row_text(r, 6));
}

static int
cycle_row(void *ctx, const struct row *r)
{
	fill_cycle(ctx, r);
	return 1;
}

int
feedback_cycle_create(struct store *s, const struct actor *who, const struct user *leader, const struct instrument *ins,
		      const char *title, int64_t *id_out, struct error *err)
{
	if (!feedback_instrument_allowed(ins))
		return error_in(err, "instrument",
				"%s rates a team or an organisation: choose one about a leader", ins->id);
	if (text_line_check(N_("a feedback cycle's title"), title, 200, err) < 0) {
		err->field = "title";
		return -1;
	}
	if (store_begin(s, err) < 0)
		return -1;
	char now[32];
	store_now(now, sizeof now);
	struct param p[] = {PINT(leader->id), PTEXT(ins->id), PINT(ins->version), PTEXT(title), PTEXT(now)};
	int64_t id;
	/* The audit says that a cycle exists, never anything of its content. */
	if (store_instrument_put(s, ins->id, ins->version, ins->title, ins->canonical, ins->hash, ins->origin, err) <
		    0 ||
	    store_get_int(s, Q_FB_CYCLE_ADD, PARAMS(p), &id, err) < 0 ||
	    audit_record(s, who, "feedback.start", 0, leader->email, "a 360 feedback cycle was started", err) < 0) {
		store_rollback(s);
		return -1;
	}
	if (store_commit(s, err) < 0)
		return -1;
	if (id_out)
		*id_out = id;
	return 0;
}

int
feedback_cycle_get(struct store *s, int64_t id, struct feedback_cycle *out, struct error *err)
{
	out->id = 0;
	struct param p[] = {PINT(id)};
	if (store_exec(s, Q_FB_CYCLE_GET, PARAMS(p), cycle_row, out, NULL, err) < 0)
		return -1;
	return out->id != 0;
}

struct cycles_ctx {
	feedback_cycle_fn fn;
	void *ctx;
};

static int
each_cycle(void *vctx, const struct row *r)
{
	struct cycles_ctx *c = vctx;
	struct feedback_cycle fc;
	fill_cycle(&fc, r);
	return c->fn(c->ctx, &fc);
}

int
feedback_cycles_each(struct store *s, int64_t user_id, feedback_cycle_fn fn, void *ctx, struct error *err)
{
	struct cycles_ctx c = {fn, ctx};
	struct param p[] = {PINT(user_id)};
	return store_exec(s, Q_FB_CYCLES_OF_USER, PARAMS(p), each_cycle, &c, NULL, err);
}

int
feedback_cycles_shared_each(struct store *s, int64_t user_id, feedback_cycle_fn fn, void *ctx, struct error *err)
{
	struct cycles_ctx c = {fn, ctx};
	struct param p[] = {PINT(user_id)};
	return store_exec(s, Q_FB_CYCLES_SHARED_WITH, PARAMS(p), each_cycle, &c, NULL, err);
}

int
feedback_cycle_close(struct store *s, const struct actor *who, const struct feedback_cycle *c, struct error *err)
{
	(void)who;
	char now[32];
	store_now(now, sizeof now);
	struct param p[] = {PINT(c->id), PTEXT(now)};
	return store_exec(s, Q_FB_CYCLE_CLOSE, PARAMS(p), NULL, NULL, NULL, err);
}

int
feedback_may_read(struct store *s, const struct feedback_cycle *c, const struct user *u, bool *may, struct error *err)
{
	*may = c->user_id == u->id;
	if (*may)
		return 0;
	int64_t one;
	struct param p[] = {PINT(c->id), PINT(u->id)};
	int found = store_get_int(s, Q_FB_SHARED_WITH, PARAMS(p), &one, err);
	if (found < 0)
		return -1;
	*may = found == 1;
	return 0;
}

int
feedback_share(struct store *s, const struct actor *who, const struct feedback_cycle *c, const char *email, bool share,
	       struct error *err)
{
	struct user u;
	int found = email ? user_by_email(s, email, &u, err) : 0;
	if (found < 0)
		return -1;
	if (!found)
		return error_in(err, "email",
				"no account for %s: you can share only with someone who signs in to caregrid",
				email ? email : "");
	if (u.id == c->user_id)
		return error_in(err, "email", "these are your own results already");
	struct param p[] = {PINT(c->id), PINT(u.id)};
	if (store_begin(s, err) < 0)
		return -1;
	if (store_exec(s, share ? Q_FB_SHARE_ADD : Q_FB_SHARE_DELETE, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    audit_record(s, who, share ? "feedback.share" : "feedback.unshare", 0, u.email,
			 share ? "360 results shared by their owner" : "360 results no longer shared", err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

static int invite(struct store *s, const struct feedback_cycle *c, const char *label, const char *email,
		  char token[TOKEN_CHARS], struct error *err);

int
feedback_invite(struct store *s, const struct feedback_cycle *c, const char *label, char token[TOKEN_CHARS],
		struct error *err)
{
	return invite(s, c, label, NULL, token, err);
}

int
feedback_invite_for(struct store *s, const struct feedback_cycle *c, const char *email, char token[TOKEN_CHARS],
		    struct error *err)
{
	if (mail_address_check(email, err) < 0)
		return -1;
	return invite(s, c, email, email, token, err);
}

static int
invite(struct store *s, const struct feedback_cycle *c, const char *label, const char *email, char token[TOKEN_CHARS],
       struct error *err)
{
	if (c->closed)
		return error_set(err, "this feedback cycle is closed");
	if (label && strlen(label) > 200)
		return error_in(err, "label", "a label has at most 200 characters");
	char hash[65], now[32], key[65], *ref = NULL;
	token_new(token);
	token_hash(token, hash);
	store_now(now, sizeof now);
	/* An emailed colleague's response key, sealed, written once: to remind only those who have not answered
	 * without the row ever changing when they do. */
	char *link = NULL; /* kept sealed, for its reminders to carry it again (schema/022) */
	if (email && (feedback_respondent_key(s, token, key, err) < 0 ||
		      store_seal(s, KEY_PURPOSE_ANSWER_REF, key, &ref, err) < 0 ||
		      store_seal(s, KEY_PURPOSE_LINK, token, &link, err) < 0)) {
		free(ref);
		return -1;
	}
	struct param p[] = {PINT(c->id), PTEXT(hash),  PTEXT(label && *label ? label : NULL),
			    PTEXT(now),  PTEXT(email), PTEXT(ref), PTEXT(link)};
	int rc = store_exec(s, Q_FB_INVITE_ADD, PARAMS(p), NULL, NULL, NULL, err);
	free(ref);
	free(link);
	return rc;
}

struct invitations_ctx {
	feedback_invitation_fn fn;
	void *ctx;
};

static int
invitations_row(void *vctx, const struct row *r)
{
	struct invitations_ctx *c = vctx;
	return c->fn(c->ctx, row_int(r, 0), row_text(r, 1));
}

int
feedback_invitations_each(struct store *s, int64_t cycle_id, feedback_invitation_fn fn, void *ctx, struct error *err)
{
	struct invitations_ctx c = {fn, ctx};
	struct param p[] = {PINT(cycle_id)};
	return store_exec(s, Q_FB_INVITES_OF_CYCLE, PARAMS(p), invitations_row, &c, NULL, err);
}

static int
invitation_row(void *ctx, const struct row *r)
{
	struct feedback_invitation *i = ctx;
	i->id = row_int(r, 0);
	i->cycle_id = row_int(r, 1);
	i->revoked = !row_null(r, 2);
	return 1;
}

int
feedback_respondent_key(struct store *s, const char *token, char key[65], struct error *err)
{
	/* Of the link's hash, not of the link: the upgrade (store/keys.c) made the older keys from the hash alone. */
	char hash[65];
	token_hash(token, hash);
	return store_keyed_hash(s, KEY_PURPOSE_COLLEAGUE, hash, key, err);
}

int
feedback_invitation_find(struct store *s, const char *token, struct feedback_invitation *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	int found = token_find(s, Q_FB_INVITE_BY_HASH, token, invitation_row, out, err);
	if (found <= 0)
		return found;
	/* Answered: found by the response the holder's link makes, never by a flag on the invitation. */
	char key[65];
	int64_t id;
	struct param k[] = {PTEXT(key)};
	found = feedback_respondent_key(s, token, key, err) < 0
			  ? -1
			  : store_get_int(s, Q_FB_RESPONSE_BY_KEY, PARAMS(k), &id, err);
	if (found < 0)
		return -1;
	out->answered = found > 0;
	return 1;
}

int
feedback_submit(struct store *s, const struct feedback_cycle *c, const struct instrument *ins, const char *key,
		const char *relationship, const struct feedback_answer_input *answers, size_t n, const char *strengths,
		const char *suggestions, int64_t invitation_id, struct error *err)
{
	if (c->closed)
		return error_set(err, "this feedback cycle is closed: it takes no more answers");
	bool self = strcmp(key, "self") == 0 || strncmp(key, "self:", 5) == 0;
	bool known = self ? strcmp(relationship, "self") == 0 : false;
	for (const char *const *r = feedback_relationships; !self && *r; r++)
		known = known || strcmp(*r, relationship ? relationship : "") == 0;
	if (!known)
		return error_in(
			err, "relationship",
			"say how you work with this person: manager, peer, direct report, other team member or patient "
			"partner");
	if ((strengths && strlen(strengths) > COMMENT_MAX) || (suggestions && strlen(suggestions) > COMMENT_MAX))
		return error_in(err, strengths && strlen(strengths) > COMMENT_MAX ? "strengths" : "suggestions",
				"strengths and suggestions have at most %d characters each", COMMENT_MAX);
	size_t answered = 0;
	for (size_t i = 0; i < n; i++) {
		answered += answers[i].score && *answers[i].score;
		if (!instrument_find_item(ins, answers[i].item_code, NULL))
			return error_set(err, "\"%s\" is not an element of %s", answers[i].item_code, ins->id);
		const char *sc = answers[i].score;
		if (!sc || !*sc || (strcmp(sc, "dk") == 0 && ins->dont_know))
			continue;
		char *end;
		long v = strtol(sc, &end, 10);
		if (*end || !instrument_find_level(ins, v))
			return error_set(err, "%s: \"%s\" is not a level of the scale", answers[i].item_code, sc);
	}
	if (!answered)
		return error_set(err, "no answers: rate at least one of the %zu items", ins->n_items);
	if (store_begin(s, err) < 0)
		return -1;
	int rc = -1;
	char day[11];
	today(day);
	int64_t id = 0;
	struct param k[] = {PTEXT(key)};
	int found = store_get_int(s, Q_FB_RESPONSE_BY_KEY, PARAMS(k), &id, err);
	if (found < 0)
		goto out;
	if (found) {
		struct param u[] = {PINT(id), PTEXT(relationship), PTEXT(strengths && *strengths ? strengths : NULL),
				    PTEXT(suggestions && *suggestions ? suggestions : NULL), PTEXT(day)};
		struct param d[] = {PINT(id)};
		if (store_exec(s, Q_FB_RESPONSE_UPDATE, PARAMS(u), NULL, NULL, NULL, err) < 0 ||
		    store_exec(s, Q_FB_ANSWERS_DELETE, PARAMS(d), NULL, NULL, NULL, err) < 0)
			goto out;
	} else {
		struct param a[] = {PINT(c->id),
				    PTEXT(key),
				    PTEXT(relationship),
				    PTEXT(strengths && *strengths ? strengths : NULL),
				    PTEXT(suggestions && *suggestions ? suggestions : NULL),
				    PTEXT(day)};
		if (store_get_int(s, Q_FB_RESPONSE_ADD, PARAMS(a), &id, err) < 0)
			goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const char *sc = answers[i].score;
		if (!sc || !*sc)
			continue;
		char *end; /* every score was checked whole (a level of the scale, or "dk") before the transaction */
		struct param a[] = {PINT(id), PTEXT(answers[i].item_code),
				    strcmp(sc, "dk") == 0 ? PNULL : PINT(strtol(sc, &end, 10))};
		if (store_exec(s, Q_FB_ANSWER_ADD, PARAMS(a), NULL, NULL, NULL, err) < 0)
			goto out;
	}
	(void)invitation_id; /* nothing is written to the invitation: its row is the same answered or not */
	rc = 0;
out:
	return store_finish(s, rc, err);
}

/* ---- the report ---- */

struct resp {
	int64_t id;
	char relationship[24];
};

struct report_ctx {
	struct feedback_report *r;
	struct resp *v;
	size_t n, cap;
	double *scores; /* n_items x responses, NAN when none */
	bool *dk;
};

static int
response_row(void *vctx, const struct row *row)
{
	struct report_ctx *c = vctx;
	c->v = xgrow(c->v, sizeof *c->v, c->n + 1, &c->cap);
	c->v[c->n].id = row_int(row, 0);
	snprintf(c->v[c->n].relationship, sizeof c->v[0].relationship, "%s", row_text(row, 1));
	if (strcmp(row_text(row, 1), "self") != 0) {
		if (!row_null(row, 2))
			strvec_push(&c->r->strengths, row_text(row, 2));
		if (!row_null(row, 3))
			strvec_push(&c->r->suggestions, row_text(row, 3));
	}
	c->n++;
	return 0;
}

static int
answer_row(void *vctx, const struct row *row)
{
	struct report_ctx *c = vctx;
	int64_t rid = row_int(row, 0);
	size_t j = 0;
	while (j < c->n && c->v[j].id != rid)
		j++;
	size_t i = instrument_item_index(c->r->ins, row_text(row, 1));
	if (j == c->n || i == (size_t)-1)
		return 0;
	if (row_null(row, 2))
		c->dk[i * c->n + j] = true;
	else
		c->scores[i * c->n + j] = (double)row_int(row, 2);
	return 0;
}

/* Each element: the person's own score (from response SELF; -1: none), and the others' counts, don't knows and
 * agreement. BUF: scratch of one per response. */
static void
others_per_item(struct feedback_report *out, const struct report_ctx *c, size_t self, double *buf)
{
	const struct instrument *ins = out->ins;
	size_t R = c->n;
	for (size_t i = 0; i < out->n_items; i++) {
		out->self[i] = out->has_self ? c->scores[i * R + self] : NAN;
		size_t n = 0;
		for (size_t j = 0; j < R; j++) {
			if (j == self)
				continue;
			if (c->dk[i * R + j])
				out->dont_know[i]++;
			double v = c->scores[i * R + j];
			if (isnan(v))
				continue;
			buf[n++] = v;
			for (size_t l = 0; l < ins->n_levels && l < 16; l++)
				if (ins->levels[l].value == (long)v)
					out->counts[i][l]++;
		}
		out->others[i] = agreement_item(buf, n, (int)ins->n_levels);
	}
}

/* A shown group CODE of MEMBERS responses with its mean per element: the responses of relationship REL, or
 * (REL NULL) those MERGED marks. BUF: scratch of one per response. */
static void
group_add(struct feedback_report *out, const char *code, size_t members, const struct report_ctx *c, const char *rel,
	  const bool *merged, double *buf)
{
	size_t R = c->n;
	struct feedback_group *g = &out->groups[out->n_groups++];
	snprintf(g->code, sizeof g->code, "%s", code);
	g->n = members;
	g->mean = xmalloc((out->n_items ? out->n_items : 1) * sizeof *g->mean);
	for (size_t i = 0; i < out->n_items; i++) {
		size_t n = 0;
		for (size_t j = 0; j < R; j++)
			if ((rel ? strcmp(c->v[j].relationship, rel) == 0 : merged[j]) && !isnan(c->scores[i * R + j]))
				buf[n++] = c->scores[i * R + j];
		g->mean[i] = n ? agreement_item(buf, n, (int)out->ins->n_levels).mean : NAN;
	}
}

static void
groups_clear(struct feedback_report *out)
{
	for (size_t k = 0; k < out->n_groups; k++)
		free(out->groups[k].mean);
	out->n_groups = 0;
}

/* Relationship groups of at least the minimum; the smaller combined into "others" when that is large enough. */
static void
relationship_groups(struct feedback_report *out, const struct report_ctx *c, double *buf)
{
	size_t R = c->n;
	out->groups = xcalloc(7, sizeof *out->groups);
	size_t combined = 0;
	bool *merged = xcalloc(R ? R : 1, sizeof *merged);
	for (const char *const *rel = feedback_relationships; *rel; rel++) {
		size_t members = 0;
		for (size_t j = 0; j < R; j++)
			members += strcmp(c->v[j].relationship, *rel) == 0;
		if (!members)
			continue;
		if (members < FEEDBACK_MIN_OTHERS) {
			for (size_t j = 0; j < R; j++)
				if (strcmp(c->v[j].relationship, *rel) == 0)
					merged[j] = true;
			combined += members;
			continue;
		}
		group_add(out, *rel, members, c, *rel, NULL, buf);
	}
	/* A combined group shows only when large enough and when it cannot be worked out from the others: with at
	 * least one named group beside it, or alone. */
	if (combined >= FEEDBACK_MIN_OTHERS)
		group_add(out, "others", combined, c, NULL, merged, buf);
	else if (combined)
		/* Named groups plus a remainder under the minimum: the remainder would be the whole minus the
		 * groups, so no group is shown at all. */
		groups_clear(out);
	free(merged);
}

/* Too few others, or still open: their scores and their words stay hidden, as they would identify. */
static void
withhold_others(struct feedback_report *out)
{
	strvec_clear(&out->strengths);
	strvec_clear(&out->suggestions);
	for (size_t i = 0; i < out->n_items; i++) {
		out->others[i] = (struct item_stats){0, NAN, NAN, NAN, NAN, NAN};
		memset(out->counts[i], 0, sizeof out->counts[i]);
		out->dont_know[i] = 0;
	}
	groups_clear(out);
}

/* Only the words of a cycle whose figures are kept (feedback_kept.c): the rows they are on. */
static int
words_row(void *vctx, const struct row *row)
{
	struct feedback_report *r = vctx;
	if (strcmp(row_text(row, 1), "self") != 0) {
		if (!row_null(row, 2))
			strvec_push(&r->strengths, row_text(row, 2));
		if (!row_null(row, 3))
			strvec_push(&r->suggestions, row_text(row, 3));
	}
	return 0;
}

/* The report of a cycle whose raw answers were purged: its figures as kept, its words as they still are. */
static int
report_from_kept(struct store *s, const struct feedback_cycle *fc, const struct instrument *ins, const char *kept,
		 struct feedback_report *out, struct error *err)
{
	if (feedback_report_kept_read(kept, ins, out, err) < 0)
		return -1;
	struct param p[] = {PINT(fc->id)};
	if (store_exec(s, Q_FB_RESPONSES_OF_CYCLE, PARAMS(p), words_row, out, NULL, err) < 0) {
		feedback_report_release(out);
		return -1;
	}
	strvec_sort(&out->strengths);
	strvec_sort(&out->suggestions);
	if (!out->shown) {
		strvec_clear(&out->strengths);
		strvec_clear(&out->suggestions);
	}
	return 0;
}

int
feedback_report_compute(struct store *s, const struct feedback_cycle *fc, const struct instrument *ins,
			struct feedback_report *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	char *kept = NULL;
	struct param kp[] = {PINT(fc->id)};
	int found = store_get_text(s, Q_FB_REPORT_KEPT_GET, PARAMS(kp), &kept, err);
	if (found != 0) {
		int rc = found < 0 ? -1 : report_from_kept(s, fc, ins, kept, out, err);
		free(kept);
		return rc;
	}
	out->ins = ins;
	size_t I = ins->n_items;
	out->n_items = I;
	struct report_ctx c = {out, NULL, 0, 0, NULL, NULL};
	struct param p[] = {PINT(fc->id)};
	if (store_exec(s, Q_FB_RESPONSES_OF_CYCLE, PARAMS(p), response_row, &c, NULL, err) < 0)
		goto fail;
	size_t R = c.n, cells = I * R;
	c.scores = xmalloc((cells ? cells : 1) * sizeof *c.scores);
	c.dk = xcalloc(cells ? cells : 1, sizeof *c.dk);
	for (size_t k = 0; k < cells; k++)
		c.scores[k] = NAN;
	if (store_exec(s, Q_FB_ANSWERS_OF_CYCLE, PARAMS(p), answer_row, &c, NULL, err) < 0)
		goto fail;
	out->self = xmalloc((I ? I : 1) * sizeof *out->self);
	out->others = xcalloc(I ? I : 1, sizeof *out->others);
	out->counts = xcalloc(I ? I : 1, sizeof *out->counts);
	out->dont_know = xcalloc(I ? I : 1, sizeof *out->dont_know);
	size_t self = (size_t)-1;
	for (size_t j = 0; j < R; j++) {
		if (strcmp(c.v[j].relationship, "self") == 0)
			self = j;
		else
			out->n_others++;
	}
	out->has_self = self != (size_t)-1;
	out->shown = fc->closed && out->n_others >= FEEDBACK_MIN_OTHERS;
	strvec_sort(&out->strengths);
	strvec_sort(&out->suggestions);
	double *buf = xmalloc((R ? R : 1) * sizeof *buf);
	others_per_item(out, &c, self, buf);
	relationship_groups(out, &c, buf);
	free(buf);
	free(c.v);
	free(c.scores);
	free(c.dk);
	if (!out->shown)
		withhold_others(out);
	return 0;
fail:
	free(c.v);
	free(c.scores);
	free(c.dk);
	feedback_report_release(out);
	return -1;
}

void
feedback_report_release(struct feedback_report *r)
{
	for (size_t g = 0; g < r->n_groups; g++)
		free(r->groups[g].mean);
	free(r->groups);
	free(r->self);
	free(r->others);
	free(r->counts);
	free(r->dont_know);
	strvec_clear(&r->strengths);
	strvec_clear(&r->suggestions);
	memset(r, 0, sizeof *r);
}

const char *
feedback_gap_kind(double self, double others)
{
	if (isnan(self) || isnan(others))
		return "";
	if (self - others >= 1.0)
		return N_("blind spot");
	if (others - self >= 1.0)
		return N_("hidden strength");
	return "";
}

struct share_row {
	int (*fn)(void *ctx, int64_t id, const char *email, const char *name);
	void *ctx;
};

static int
share_row(void *vctx, const struct row *r)
{
	struct share_row *c = vctx;
	return c->fn(c->ctx, row_int(r, 0), row_text(r, 1), row_text(r, 2));
}

int
feedback_shares_each(struct store *s, int64_t cycle_id,
		     int (*fn)(void *ctx, int64_t id, const char *email, const char *name), void *ctx,
		     struct error *err)
{
	struct share_row c = {fn, ctx};
	struct param p[] = {PINT(cycle_id)};
	return store_exec(s, Q_FB_SHARES_OF_CYCLE, PARAMS(p), share_row, &c, NULL, err);
}
