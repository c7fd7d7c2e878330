/*
 * invitation.c - a round's links and who is reminded through them (see round.h, "invitations"): personal and
 * shared invitations, their revocation, the invitation and reminder mails, and the reminders the scheduler
 * sends by itself before a round closes. Only the hash of a link is kept; whether an emailed link has answered
 * is read through its sealed answer_ref, never stored in the clear.
 */
#include "domain/round.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/mail.h"
#include "domain/round_answers.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/xalloc.h"
#include "store/store.h"

struct remind_rows {
	struct store *s;
	int64_t round_id;
	int (*fn)(void *ctx, const char *email, const char *link_sealed);
	void *ctx;
	struct error *err;
};

int
answer_ref_answered(struct store *s, const char *ref, answer_key_fn answered_by_key, void *ctx, struct error *err)
{
	if (!ref)
		return 0;
	char *plain;
	if (store_unseal(s, KEY_PURPOSE_ANSWER_REF, ref, &plain, err) < 0)
		return -1;
	int rc;
	if (strncmp(plain, "legacy:", 7) == 0)
		rc = strcmp(plain + 7, "1") == 0;
	else
		rc = answered_by_key(s, plain, ctx, err);
	sodium_memzero(plain, strlen(plain));
	free(plain);
	return rc;
}

/* Whether the link whose response key is KEY has answered round *CTX (an int64_t): 1, 0, -1. */
static int
round_answered_by_key(struct store *s, const char *key, void *ctx, struct error *err)
{
	struct survey_response resp;
	int rc = response_find(s, *(const int64_t *)ctx, key, &resp, err);
	return rc > 0 ? resp.submitted : rc;
}

static int
remind_row(void *vctx, const struct row *r)
{
	struct remind_rows *c = vctx;
	int answered = answer_ref_answered(c->s, row_null(r, 2) ? NULL : row_text(r, 2), round_answered_by_key,
					   &c->round_id, c->err);
	if (answered < 0)
		return -1;
	return answered ? 0 : c->fn(c->ctx, row_text(r, 1), row_null(r, 3) ? NULL : row_text(r, 3));
}

static int invitation_insert(struct store *s, const struct round *r, const char *kind, const char *label,
			     const char *email, char token[TOKEN_CHARS], struct error *err);

int
invitation_create(struct store *s, const struct actor *who, const struct round *r, const char *kind, const char *label,
		  char token[TOKEN_CHARS], struct error *err)
{
	(void)who; /* invitations are many and routine: the round's audit entry covers them */
	return invitation_insert(s, r, kind, label, NULL, token, err);
}

int
invitation_create_for(struct store *s, const struct round *r, const char *email, char token[TOKEN_CHARS],
		      struct error *err)
{
	if (mail_address_check(email, err) < 0)
		return -1;
	return invitation_insert(s, r, "personal", email, email, token, err);
}

static int
invitations_to_remind(struct store *s, int64_t round_id,
		      int (*fn)(void *ctx, const char *email, const char *link_sealed), void *ctx, struct error *err)
{
	struct param p[] = {PINT(round_id)};
	struct remind_rows c = {s, round_id, fn, ctx, err};
	return store_exec(s, Q_INVITATIONS_TO_REMIND, PARAMS(p), remind_row, &c, NULL, err);
}

/* An emailed link's answer_ref: its response key (made from TOKEN), sealed; NULL for any other link. The
 * sealed value is written once, here, and never changes when its person answers. */
static int
answer_ref_make(struct store *s, const char *email, const char *token, char **out, struct error *err)
{
	*out = NULL;
	if (!email)
		return 0;
	char key[65];
	int rc = respondent_key(s, token, key, err) < 0 ? -1 : store_seal(s, KEY_PURPOSE_ANSWER_REF, key, out, err);
	sodium_memzero(key, sizeof key);
	return rc;
}

static int
invitation_insert(struct store *s, const struct round *r, const char *kind, const char *label, const char *email,
		  char token[TOKEN_CHARS], struct error *err)
{
	bool shared = strcmp(kind, "shared") == 0;
	if (!shared && strcmp(kind, "personal") != 0)
		return error_set(err, "an invitation is personal or shared, not \"%s\"", kind);
	if (!round_has_survey(r))
		return error_set(err, "this round is a consensus session only: it has no survey to invite people to");
	if (round_link_check(r, shared, err) < 0)
		return -1;
	char day[11];
	today(day);
	if (round_link_open(r, day, err) < 0)
		return -1;
	if (label && strlen(label) > 200)
		return error_set(err, "an invitation's label has at most 200 characters");
	char hash[65], now[32], *sealed = NULL, *ref = NULL;
	token_new(token);
	token_hash(token, hash);
	store_now(now, sizeof now);
	/* A shared link is shown again on the round page, so it is kept, but sealed: the file alone opens no link. */
	if (shared && store_seal(s, KEY_PURPOSE_SHARED_LINK, token, &sealed, err) < 0)
		return -1;
	/* An emailed link is kept sealed too, for its reminders to carry it again (schema/022). */
	char *link = NULL;
	if (answer_ref_make(s, shared ? NULL : email, token, &ref, err) < 0 ||
	    (!shared && email && store_seal(s, KEY_PURPOSE_LINK, token, &link, err) < 0)) {
		free(sealed);
		free(ref);
		return -1;
	}
	struct param p[] = {PINT(r->id),   PTEXT(hash), PTEXT(kind),  PTEXT(label && *label ? label : NULL),
			    PTEXT(sealed), PTEXT(now),  PTEXT(email), PTEXT(ref),
			    PTEXT(link)};
	int64_t id;
	int rc = store_get_int(s, Q_INVITATION_ADD, PARAMS(p), &id, err) < 0 ? -1 : 0;
	free(sealed);
	free(ref);
	free(link);
	return rc;
}

static int
invitation_row(void *ctx, const struct row *row)
{
	struct invitation *inv = ctx;
	memset(inv, 0, sizeof *inv);
	inv->id = row_int(row, 0);
	inv->round_id = row_int(row, 1);
	snprintf(inv->kind, sizeof inv->kind, "%s", row_text(row, 2));
	inv->revoked = !row_null(row, 3);
	return 1;
}

int
invitation_find(struct store *s, const char *token, struct invitation *out, struct error *err)
{
	out->id = 0;
	int found = token_find(s, Q_INVITATION_BY_HASH, token, invitation_row, out, err);
	if (found <= 0)
		return found;
	/* Answered: found by the response its token makes (the holder has the token), never by a flag. */
	char key[65];
	struct survey_response resp;
	found = respondent_key(s, token, key, err) < 0 ? -1 : response_find(s, out->round_id, key, &resp, err);
	if (found < 0)
		return -1;
	out->answered = found && resp.submitted;
	return 1;
}

/* ROUND_COLUMNS, then the link's id, kind and revocation, then whether the staff group is the region's. */
static int
survey_link_row(void *ctx, const struct row *row)
{
	struct survey_link *l = ctx;
	enum { LINK = 19 }; /* the first column after ROUND_COLUMNS */
	round_decode(row, &l->round);
	memset(&l->inv, 0, sizeof l->inv);
	l->inv.id = row_int(row, LINK);
	l->inv.round_id = l->round.id;
	snprintf(l->inv.kind, sizeof l->inv.kind, "%s", row_text(row, LINK + 1));
	l->inv.revoked = !row_null(row, LINK + 2);
	l->group_known = row_int(row, LINK + 3) != 0;
	return 1;
}

int
survey_link_find(struct store *s, const char *token, const char *group, struct survey_link *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (!token || strlen(token) != TOKEN_CHARS - 1)
		return 0;
	char hash[65];
	token_hash(token, hash);
	struct param p[] = {PTEXT(hash), group ? PTEXT(group) : PNULL};
	int rc = store_exec(s, Q_SURVEY_LINK, PARAMS(p), survey_link_row, out, NULL, err);
	return rc < 0 ? -1 : out->inv.id != 0;
}

struct invitations_ctx {
	invitation_fn fn;
	void *ctx;
	int64_t round_id;
	struct store *s;
	struct error *err;
	bool failed;
};

static int
each_invitation_row(void *vctx, const struct row *row)
{
	struct invitations_ctx *c = vctx;
	char *token = NULL;
	if (!row_null(row, 3) && store_unseal(c->s, KEY_PURPOSE_SHARED_LINK, row_text(row, 3), &token, c->err) < 0) {
		c->failed = true;
		return -1;
	}
	struct invitation inv = {
		.id = row_int(row, 0),
		.round_id = c->round_id,
		.label = row_null(row, 2) ? NULL : row_text(row, 2),
		.shared_token = token,
		.revoked = !row_null(row, 4),
	};
	snprintf(inv.kind, sizeof inv.kind, "%s", row_text(row, 1));
	int rc = c->fn(c->ctx, &inv);
	free(token);
	return rc;
}

int
invitations_each(struct store *s, int64_t round_id, invitation_fn fn, void *ctx, struct error *err)
{
	struct invitations_ctx c = {fn, ctx, round_id, s, err, false};
	struct param p[] = {PINT(round_id)};
	int rc = store_exec(s, Q_INVITATIONS_OF_ROUND, PARAMS(p), each_invitation_row, &c, NULL, err);
	return c.failed ? -1 : rc;
}

int
invitation_revoke(struct store *s, const struct actor *who, const struct round *r, int64_t invitation_id,
		  struct error *err)
{
	char now[32];
	store_now(now, sizeof now);
	struct param p[] = {PINT(invitation_id), PINT(r->id), PTEXT(now)};
	long changes = 0;
	if (store_exec(s, Q_INVITATION_REVOKE, PARAMS(p), NULL, NULL, &changes, err) < 0)
		return -1;
	if (!changes)
		return error_set(err, "round %lld has no live invitation %lld", (long long)r->id,
				 (long long)invitation_id);
	(void)who;
	return 0;
}

/* ---- reminders ---- */

struct remind_ctx {
	struct store *s;
	const struct round *r;
	const char *unit_name, *base_url;
	const struct mail_sender *from;
	struct error *err;
};

/* Who sent a message about R's survey and whom to ask, in L: the person (FROM), or the schedule. */
static void
sent_by(const struct lang *l, const struct mail_sender *from, const char *unit_name, struct mail_body *body)
{
	if (from && from->name && from->address)
		mail_para(body,
			  tr(l, "Sent by %s (%s) for %s. If you have a question about this survey, ask %s at %s."),
			  from->name, from->address, unit_name, from->name, from->address);
	else
		mail_para(body,
			  tr(l, "Sent by caregrid for %s, on the round's schedule. If you have a question about this "
				"survey, ask the team's facilitator."),
			  unit_name);
}

/* The invitation's words in L. */
static void
invitation_in(const struct lang *l, const struct round *r, const char *unit_name, const struct instrument *ins,
	      const char *link, const struct mail_sender *from, struct mail_body *body)
{
	const struct instrument *in = instrument_in(ins, lang_code(l));
	char day[64];
	mail_para(body, tr(l, "%s is asking where the team stands, on the %s."), unit_name, in->title);
	mail_para(body, tr(l, "This link is yours: it opens the survey and takes about %zu minutes."),
		  in->n_items / 6 + 2);
	mail_link(body, tr(l, "Open the survey"), link);
	mail_para(body,
		  tr(l,
		     "Your answers are anonymous: they are kept with your staff group only, never with your name, this "
		     "address or this link. Open until %s."),
		  lang_date(l, r->closes_on, day, sizeof day));
	sent_by(l, from, unit_name, body);
}

/* A round's subjects ("Your link: TITLE", "Reminder: TITLE closes on DATE") fit whatever its title, in any
 * language: a valid title never makes a message the outbox refuses. */
_Static_assert(ROUND_TITLE_MAX + MAIL_SUBJECT_WORDS <= MAIL_SUBJECT_MAX, "a round's title fits any of its subjects");

void
round_invitation_write(const struct round *r, const char *unit_name, const struct instrument *ins, const char *link,
		       const struct mail_sender *from, struct buf *subject, struct mail_body *body)
{
	/* In the round's language; a bilingual round's in English too, after it. */
	const struct lang *l = lang_find(r->language);
	buf_printf(subject, tr(l, "Your link: %s"), r->title);
	invitation_in(l, r, unit_name, ins, link, from, body);
	if (r->bilingual && l != lang_english()) {
		mail_para(body, "—");
		invitation_in(lang_english(), r, unit_name, ins, link, from, body);
	}
}

/* The reminder's words in L; LINK the person's own link again (NULL: a link from before schema 022, named). */
static void
reminder_in(const struct lang *l, const struct remind_ctx *c, const char *link, struct mail_body *body)
{
	const struct round *r = c->r;
	char day[64];
	mail_para(body, tr(l, "A reminder: %s's survey, %s, closes on %s."), c->unit_name, r->title,
		  lang_date(l, r->closes_on, day, sizeof day));
	if (link) {
		mail_para(body, tr(l, "If you have not answered yet, this is your personal link again, the same as in "
				      "your invitation. Your answers are anonymous."));
		mail_link(body, tr(l, "Open the survey"), link);
	} else {
		mail_para(body,
			  tr(l, "If you have not answered yet, please use the personal link in the invitation you were "
				"sent (subject \"Your link: %s\"). Your answers are anonymous. If you cannot find it, "
				"ask whoever runs the survey for a new link."),
			  r->title);
	}
	mail_para(body,
		  tr(l, "If you have answered, thank you: this reminder goes to every address invited that has not "
			"answered, and nobody is told who that is."));
	sent_by(l, c->from, c->unit_name, body);
}

/* The reminder's subject in L, into SUBJECT (initialised here; the caller releases it). */
static void
reminder_subject(const struct lang *l, const struct round *r, struct buf *subject)
{
	char day[64];
	buf_init(subject, 0);
	buf_printf(subject, tr(l, "Reminder: %s closes on %s"), r->title, lang_date(l, r->closes_on, day, sizeof day));
}

/* The link LINK_SEALED keeps, whole (BASE_URL/s/TOKEN), into LINK; NULL when there is none. */
static int
link_open(struct store *s, const char *base_url, const char *link_sealed, struct buf *link, struct error *err)
{
	if (!link_sealed || !base_url)
		return 0;
	char *token;
	if (store_unseal(s, KEY_PURPOSE_LINK, link_sealed, &token, err) < 0)
		return -1;
	buf_printf(link, "%s/s/%s", base_url, token);
	sodium_memzero(token, strlen(token));
	free(token);
	return 0;
}

static int
remind_invitation(void *vctx, const char *email, const char *link_sealed)
{
	struct remind_ctx *c = vctx;
	struct buf link = BUF_INIT;
	buf_init(&link, 0);
	if (link_open(c->s, c->base_url, link_sealed, &link, c->err) < 0) {
		buf_release(&link);
		return -1;
	}
	const char *url = link.len ? link.data : NULL;
	const struct lang *l = lang_find(c->r->language);
	struct buf subject = BUF_INIT;
	reminder_subject(l, c->r, &subject);
	struct mail_body body;
	mail_body_init(&body);
	reminder_in(l, c, url, &body);
	if (c->r->bilingual && l != lang_english()) {
		mail_para(&body, "—");
		reminder_in(lang_english(), c, url, &body);
	}
	/* No "about": a reminder's failures, counted, would say how many have not answered. */
	const struct mail m = {"reminder", email, subject.data, body.text.data, body.html.data, true, NULL};
	int rc = mail_queue(c->s, &m, c->err);
	buf_release(&subject);
	buf_release(&link);
	mail_body_release(&body);
	/* nothing is marked on the invitation: only the unanswered are reminded, so a mark would say who */
	return rc < 0 ? -1 : 0;
}

int
round_last_reminded(struct store *s, int64_t round_id, int64_t *at, struct error *err)
{
	struct param p[] = {PINT(round_id)};
	*at = 0;
	return store_get_int(s, Q_ROUND_REMINDED_AT, PARAMS(p), at, err);
}

int
round_remind(struct store *s, const struct actor *who, const struct mail_sender *from, const struct round *r,
	     const char *unit_code, const char *unit_name, const char *base_url, struct error *err)
{
	/* Nothing counts the reminders: how many went would say how many have not answered, and with one person
	 * invited by mail, whether that person has. The audit entry is the same whoever has answered. */
	struct remind_ctx c = {s, r, unit_name, base_url, from, err};
	char detail[300];
	snprintf(detail, sizeof detail, "reminded round %lld (%.200s): every address invited that has not answered",
		 (long long)r->id, r->title);
	/* The subject is checked before any recipient is looked at, so that a reminder that cannot be written
	 * fails whether or not anyone is left to remind: a failure that needs a recipient would say there is one. */
	struct buf subject = BUF_INIT;
	reminder_subject(lang_find(r->language), r, &subject);
	int rc = mail_subject_check(subject.data, err);
	buf_release(&subject);
	if (rc < 0 || store_begin(s, err) < 0)
		return -1;
	/* Once a day, taken in this transaction: two at once cannot both go. */
	int64_t now = (int64_t)time(NULL);
	long taken = 0;
	struct param claim[] = {PINT(r->id), PINT(now), PINT(now - MAIL_REMIND_EVERY_S)};
	if (store_exec(s, Q_ROUND_REMIND_CLAIM, PARAMS(claim), NULL, NULL, &taken, err) < 0)
		rc = -1;
	else if (!taken)
		rc = error_of(err, ERROR_CONFLICT, "this round's reminders went less than a day ago");
	if (rc == 0 && (invitations_to_remind(s, r->id, remind_invitation, &c, err) < 0 ||
			audit_record(s, who, "round.remind", r->unit_id, unit_code, detail, err) < 0))
		rc = -1;
	return store_finish(s, rc, err);
}

struct due_round {
	int64_t id;
	char unit_code[65], unit_name[201];
	int stage;
};

struct due_rounds {
	struct due_round *v;
	size_t n, cap;
};

static int
due_round_row(void *vctx, const struct row *row)
{
	struct due_rounds *d = vctx;
	d->v = xgrow(d->v, sizeof *d->v, d->n + 1, &d->cap);
	struct due_round *r = &d->v[d->n++];
	r->id = row_int(row, 0);
	snprintf(r->unit_name, sizeof r->unit_name, "%s", row_text(row, 1));
	r->stage = (int)row_int(row, 2);
	snprintf(r->unit_code, sizeof r->unit_code, "%s", row_text(row, 3));
	return 0;
}

/* The reminders of round R (stage of D) could not be queued (E says why): the stage is taken with the reason in
 * the audit log, in a transaction of its own, so that the failure is recorded once, not retried every minute,
 * and the rounds after it still reminded. E keeps the reason, for the scheduler's log. */
static void
reminders_failed(struct store *s, const struct due_round *d, const struct round *r, struct error *e)
{
	static const struct actor scheduler = {0, "schedule", NULL};
	struct error e2;
	char detail[500];
	snprintf(detail, sizeof detail, "the reminders of \"%.100s\" were not sent: %.300s", r->title, e->msg);
	long changed = 0;
	struct param mark[] = {PINT(d->id), PINT(d->stage)};
	int rc = store_begin(s, &e2);
	if (rc == 0)
		rc = store_exec(s, Q_ROUND_AUTO_REMINDED, PARAMS(mark), NULL, NULL, &changed, &e2);
	if (rc == 0 && changed)
		rc = audit_record(s, &scheduler, "round.remind_failed", r->unit_id, d->unit_name, detail, &e2);
	if (store_finish(s, rc, &e2) == 0)
		snprintf(e->msg, sizeof e->msg, "%.300s (recorded; not tried again)", detail);
}

/* Round R's reminders by the schedule (the stage already taken): none when reminded by hand in the day before,
 * which had the same words and links (the stage is taken all the same). */
static int
auto_remind(struct store *s, const struct actor *who, const struct round *r, const struct due_round *d,
	    const char *base_url, struct error *err)
{
	int64_t at;
	int found = round_last_reminded(s, r->id, &at, err);
	if (found < 0)
		return -1;
	if (found && at > (int64_t)time(NULL) - MAIL_REMIND_EVERY_S)
		return 0;
	return round_remind(s, who, NULL, r, d->unit_code, d->unit_name, base_url, err);
}

int
rounds_auto_remind(struct store *s, const char today_s[11], const char *base_url, size_t *n, struct error *err)
{
	static const struct actor schedule = {0, "schedule", NULL};
	*n = 0;
	struct tm tm = {0};
	if (sscanf(today_s, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return error_set(err, "\"%s\" is not a day", today_s);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += 3;
	time_t later = timegm(&tm);
	char in3[11];
	strftime(in3, sizeof in3, "%Y-%m-%d", gmtime_r(&later, &tm));
	struct due_rounds due = {0};
	struct param p[] = {PTEXT(today_s), PTEXT(in3)};
	int rc = store_exec(s, Q_ROUNDS_TO_AUTO_REMIND, PARAMS(p), due_round_row, &due, NULL, err);
	int failed = 0; /* a round whose reminders fail stops none after it: the first error is kept */
	for (size_t i = 0; rc == 0 && i < due.n; i++) {
		/* The stage is taken in the transaction that queues its reminders: one process wins, once. */
		struct round r;
		long changed = 0;
		struct param mark[] = {PINT(due.v[i].id), PINT(due.v[i].stage)};
		struct error e;
		if ((rc = store_begin(s, err)) < 0)
			break;
		int found = 0;
		if (store_exec(s, Q_ROUND_AUTO_REMINDED, PARAMS(mark), NULL, NULL, &changed, &e) < 0 ||
		    (changed && ((found = round_get(s, due.v[i].id, &r, &e)) <= 0 ||
				 auto_remind(s, &schedule, &r, &due.v[i], base_url, &e) < 0))) {
			store_rollback(s);
			if (changed && found > 0)
				reminders_failed(s, &due.v[i], &r, &e);
			if (!failed++)
				*err = e;
			continue;
		}
		if (store_commit(s, &e) == 0) {
			if (changed)
				(*n)++;
		} else if (!failed++)
			*err = e;
	}
	free(due.v);
	return rc < 0 || failed ? -1 : 0;
}
