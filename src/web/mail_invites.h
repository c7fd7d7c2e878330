/*
 * mail_invites.h - the reply to inviting by mail and reminding, the same for a round's survey and a leader's
 * 360. Invitations: what was pasted (the form's "emails" box) or listed (the API's "emails" array) is read by
 * the one reading (domain/invitees.h) and sorted into new, already invited, repeated and not addresses. A form
 * first answers a preview ("28 new addresses, 2 already invited... Send to 28 addresses"), the box filled with
 * all that was typed; its second post (confirm=yes) sends to the new ones, and any line that was not an address
 * comes back in the box, each named with its reason. The API sends at once and lists what it skipped and why.
 * Any refusal gives the form back filled in, the message beside the box. The domain's one call makes the
 * invitations and their messages in its own transaction (round_invite_mail, feedback_invite_mail), then the
 * sender is poked. Reminders (round_remind, feedback_remind) are neither named nor counted, to anyone.
 */
#ifndef CAREGRID_MAIL_INVITES_H
#define CAREGRID_MAIL_INVITES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"
#include "web/http.h"
#include "web/page.h"

struct store;
struct invitees;

struct mail_invites {
	const char *back;          /* the page the reply goes back to */
	const char *action;        /* where the box posts (the preview's form posts there again) */
	const struct crumb *crumbs; /* the preview page's, ending with itself */
	const char *label;         /* the box's label, in the reader's words */
	const char *no_mail;       /* what to say when caregrid does not send mail (409) */
	size_t max;                /* entries in one request, at most */
	const char *too_many;      /* what to say when there are more */
	/* The domain's calls: marking those already invited (for the preview), and inviting IV's new ones. */
	int (*check)(struct store *s, void *ctx, struct invitees *iv, struct error *err);
	int (*invite)(struct store *s, void *ctx, struct invitees *iv, const char *base_url, struct error *err);
	void *ctx;
};

/* The whole reply to a request that invites by mail. */
void mail_invites_respond(struct request *req, struct response *res, const struct mail_invites *mi);

/* What the invitation boxes accept, for the hint under each (HTML, in the reader's words). */
const char *mail_invites_hint(const struct request *req);

/* The whole reply to a request for reminders: REMIND is the domain's call. A person is asked first (the API's
 * callers are explicit); reminders go at most once a day, and a second within the day is refused (409) naming
 * when they last went (LAST_AT, Unix seconds; 0 never) and when the next can. The reply is the same whoever has
 * answered. NO_MAIL as in struct mail_invites. */
void mail_reminders_respond(struct request *req, struct response *res, const char *back, const char *no_mail,
			    int64_t last_at, int (*remind)(struct store *s, void *ctx, struct error *err), void *ctx);

/* "Last reminded today at 09:14." in the reader's language and clock, for AT (Unix seconds; in the arena). */
const char *mail_reminded_words(struct request *req, int64_t at);
/* What the facilitator of a round (KIND "round") or the owner of a 360 cycle ("feedback") is told of its mail
 * on its page: when reminders last went, and how many messages could not be delivered (never to whom); nothing
 * without mail. Read by the page's loader (a failure to read is logged, and the page goes on without it), then
 * written by its renderer. */
struct mail_record {
	bool reminded;
	int64_t last_reminded; /* when, Unix seconds */
	long failed;
};
void mail_record_load(struct request *req, const char *kind, int64_t id, struct mail_record *out);
void mail_record_write(struct buf *b, struct request *req, const struct mail_record *m);

#endif
