/*
 * feedback_mail.c - a 360 cycle's colleagues by mail (see feedback.h): their invitations, in fixed words around
 * the cycle's title and within the limits on mail anyone can aim (per cycle, per account a day), and their
 * reminders, at most once a day, each carrying the colleague's own link again (opened from its sealed copy),
 * never counted.
 */
#include "domain/feedback.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/invitees.h"
#include "domain/mail.h"
#include "domain/round.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "store/store.h"

/* The invitation from FROM to give feedback on C (on INS) with the personal LINK, in L, into SUBJECT and BODY.
 * Fixed words around the cycle's title and the sender's name and address: nothing else the sender typed. */
static void
colleague_invitation_write(const struct lang *l, const struct mail_sender *from, const struct feedback_cycle *c,
			   const struct instrument *ins, const char *link, struct buf *subject, struct mail_body *body)
{
	buf_printf(subject, tr(l, "%s asks for your feedback"), from->name);
	mail_para(body,
		  tr(l, "%s asks for your feedback on the %s (\"%s\"). It takes a few minutes, needs no account, and "
			"is anonymous: %s sees your answers only combined with at least two other colleagues', and "
			"never which are yours."),
		  from->name, ins->title, c->title, from->name);
	mail_para(body, "%s", tr(l, "This link is yours:"));
	mail_link(body, tr(l, "Give feedback"), link);
	mail_para(body, tr(l, "Sent by %s (%s) through caregrid. If you have a question, ask %s at %s."), from->name,
		  from->address, from->name, from->address);
}

/* Whether N more addresses by mail keep within LIMITS: for C, and for its owner in the last day. */
static int
invite_caps(struct store *s, const struct feedback_cycle *c, size_t n, const struct mail_limits *limits,
	    struct error *err)
{
	int64_t in_cycle = 0, in_day = 0;
	struct param pc[] = {PINT(c->id)};
	if (store_get_int(s, Q_FB_EMAILED_OF_CYCLE, PARAMS(pc), &in_cycle, err) < 0)
		return -1;
	if ((uint64_t)in_cycle + n > limits->feedback_per_cycle)
		return error_of(err, ERROR_CONFLICT,
				"a 360 cycle takes at most %u addresses by email (%lld invited so far): nothing was "
				"sent",
				limits->feedback_per_cycle, (long long)in_cycle);
	time_t day_ago = time(NULL) - 86400;
	struct tm tm;
	char since[32];
	strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&day_ago, &tm));
	struct param pd[] = {PINT(c->user_id), PTEXT(since)};
	if (store_get_int(s, Q_FB_EMAILED_SINCE, PARAMS(pd), &in_day, err) < 0)
		return -1;
	if ((uint64_t)in_day + n > limits->feedback_per_day)
		return error_of(err, ERROR_CONFLICT,
				"one person may invite at most %u addresses by email in a day (%lld so far): nothing "
				"was sent; try again tomorrow",
				limits->feedback_per_day, (long long)in_day);
	return 0;
}

/* Each new address of IV its link and message. In the caller's transaction. */
static int
invite_each(struct store *s, const struct mail_sender *from, const struct feedback_cycle *c,
	    const struct instrument *in, const struct lang *l, const struct invitees *iv, const char *base_url,
	    struct error *err)
{
	struct buf link = BUF_INIT, subject = BUF_INIT;
	buf_init(&link, 0);
	buf_init(&subject, 0);
	struct mail_body body;
	mail_body_init(&body);
	char about[40];
	mail_about(about, "feedback", c->id);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < iv->n; i++) {
		if (iv->v[i].kind != INVITEE_NEW)
			continue;
		char token[TOKEN_CHARS];
		if ((rc = feedback_invite_for(s, c, iv->v[i].address, token, err)) < 0)
			break;
		buf_reset(&link);
		buf_reset(&subject);
		buf_reset(&body.text);
		buf_reset(&body.html);
		buf_printf(&link, "%s/f/%s", base_url, token);
		colleague_invitation_write(l, from, c, in, link.data, &subject, &body);
		const struct mail m = {"feedback", iv->v[i].address, subject.data, body.text.data, body.html.data,
				       true, about};
		rc = mail_queue(s, &m, err);
	}
	buf_release(&link);
	buf_release(&subject);
	mail_body_release(&body);
	return rc;
}

int
feedback_invite_mail(struct store *s, const struct actor *who, const struct mail_sender *from,
		     const struct feedback_cycle *c, const struct instrument *ins, const struct lang *l,
		     struct invitees *iv, const char *base_url, const struct mail_limits *limits,
		     struct error *err)
{
	if (store_begin(s, err) < 0)
		return -1;
	/* Sorted again here, in the transaction that invites: two sends at once cannot both invite an address. */
	int rc = invitees_check_cycle(s, c->id, iv, err);
	size_t n = iv->count[INVITEE_NEW];
	if (rc == 0)
		rc = invite_caps(s, c, n, limits, err);
	if (rc == 0)
		rc = invite_each(s, from, c, instrument_in(ins, lang_code(l)), l, iv, base_url, err);
	if (rc == 0 && n) {
		char detail[200];
		snprintf(detail, sizeof detail, "invited %zu colleagues by email to 360 cycle %lld", n,
			 (long long)c->id);
		rc = audit_record(s, who, "feedback.invite", 0, who->label, detail, err);
	}
	return store_finish(s, rc, err);
}

struct colleague_reminders {
	struct store *s;
	const struct feedback_cycle *cycle;
	const struct mail_sender *from;
	const char *base_url;
	const struct lang *lang;
	struct error *err;
};

/* "Reminder: NAME asks for your feedback" fits any person's name (at most 200 bytes) in any language. */
_Static_assert(200 + MAIL_SUBJECT_WORDS <= MAIL_SUBJECT_MAX, "a person's name fits a reminder's subject");

/* The reminder's body in L, with the colleague's own LINK again (NULL: from before schema 022, named). */
static void
colleague_reminder_write(const struct colleague_reminders *c, const char *link, struct mail_body *body)
{
	const struct lang *l = c->lang;
	const char *name = c->from->name;
	if (link) {
		mail_para(body,
			  tr(l, "A reminder: %s asked for your feedback (\"%s\"). If you have not answered yet, this "
				"is your own link again, the same as in your invitation. Your answers are anonymous."),
			  name, c->cycle->title);
		mail_link(body, tr(l, "Give feedback"), link);
	} else {
		mail_para(body,
			  tr(l, "A reminder: %s asked for your feedback (\"%s\"). If you have not answered yet, please "
				"use the link in the invitation you were sent; if you cannot find it, ask %s for a new "
				"one. Your answers are anonymous."),
			  name, c->cycle->title, name);
	}
	mail_para(body, tr(l, "Sent by %s (%s) through caregrid. If you have a question, ask %s at %s."), name,
		  c->from->address, name, c->from->address);
}

static int
remind_colleague(void *vctx, const struct row *row)
{
	struct colleague_reminders *c = vctx;
	struct buf link = BUF_INIT, subject = BUF_INIT;
	buf_init(&link, 0);
	buf_init(&subject, 0);
	if (!row_null(row, 3) && c->base_url) {
		char *token;
		if (store_unseal(c->s, KEY_PURPOSE_LINK, row_text(row, 3), &token, c->err) < 0) {
			buf_release(&link);
			buf_release(&subject);
			return -1;
		}
		buf_printf(&link, "%s/f/%s", c->base_url, token);
		sodium_memzero(token, strlen(token));
		free(token);
	}
	buf_printf(&subject, tr(c->lang, "Reminder: %s asks for your feedback"), c->from->name);
	struct mail_body body;
	mail_body_init(&body);
	colleague_reminder_write(c, link.len ? link.data : NULL, &body);
	/* No "about": a reminder's failures, counted, would say how many have not answered. */
	const struct mail m = {"reminder", row_text(row, 1), subject.data, body.text.data, body.html.data, true, NULL};
	int rc = mail_queue(c->s, &m, c->err);
	buf_release(&subject);
	buf_release(&link);
	mail_body_release(&body);
	/* Nothing is marked on the invitation: only those who have not answered are reminded, so a mark would say. */
	return rc < 0 ? -1 : 0;
}

/* Whether the colleague whose response key is KEY has answered: 1, 0, -1 (see answer_ref_answered). */
static int
colleague_answered_by_key(struct store *s, const char *key, void *ctx, struct error *err)
{
	(void)ctx;
	int64_t id;
	struct param k[] = {PTEXT(key)};
	return store_get_int(s, Q_FB_RESPONSE_BY_KEY, PARAMS(k), &id, err);
}

static int
remind_if_waiting(void *vctx, const struct row *row)
{
	struct colleague_reminders *c = vctx;
	int answered = answer_ref_answered(c->s, row_null(row, 2) ? NULL : row_text(row, 2), colleague_answered_by_key,
					   NULL, c->err);
	if (answered < 0)
		return -1;
	return answered ? 0 : remind_colleague(vctx, row);
}

int
feedback_last_reminded(struct store *s, int64_t cycle_id, int64_t *at, struct error *err)
{
	struct param p[] = {PINT(cycle_id)};
	*at = 0;
	return store_get_int(s, Q_FB_REMINDED_AT, PARAMS(p), at, err);
}

int
feedback_remind(struct store *s, const struct actor *who, const struct mail_sender *from,
		const struct feedback_cycle *c, const struct lang *lang, const char *base_url, struct error *err)
{
	/* Uncounted, as a round's: how many went would tell the leader how many colleagues have not answered. The
	 * audit says only that the leader reminded, as it says only that a cycle exists. */
	struct colleague_reminders r = {s, c, from, base_url, lang, err};
	struct param p[] = {PINT(c->id)};
	if (store_begin(s, err) < 0)
		return -1;
	int64_t now = (int64_t)time(NULL);
	long taken = 0;
	struct param claim[] = {PINT(c->id), PINT(now), PINT(now - MAIL_REMIND_EVERY_S)};
	int rc = store_exec(s, Q_FB_REMIND_CLAIM, PARAMS(claim), NULL, NULL, &taken, err);
	if (rc == 0 && !taken)
		rc = error_of(err, ERROR_CONFLICT, "this cycle's reminders went less than a day ago");
	if (rc == 0)
		rc = store_exec(s, Q_FB_TO_REMIND, PARAMS(p), remind_if_waiting, &r, NULL, err);
	if (rc >= 0)
		rc = audit_record(s, who, "feedback.remind", 0, who->label,
				  "a 360 feedback cycle's colleagues who have not answered were reminded", err);
	return store_finish(s, rc, err);
}
