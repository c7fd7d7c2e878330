/*
 * mail_invites.h - invitations and reminders by mail, the same for a round's survey and a leader's 360: the
 * addresses asked for (request_list "emails"), every one checked before any is made (one 422 naming each bad
 * one, nothing queued), then each invitation and its own message in one transaction, the sender poked; and
 * reminders neither named nor counted, to the person asking or anyone else.
 */
#ifndef CAREGRID_MAIL_INVITES_H
#define CAREGRID_MAIL_INVITES_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/auth.h"
#include "domain/mail.h"
#include "web/http.h"

struct mail_invites {
	const char *back;        /* the page the reply goes back to */
	const char *no_mail;     /* what to say when caregrid does not send mail (409) */
	size_t max;              /* addresses in one request, at most */
	const char *too_many;    /* what to say when there are more */
	const char *whom;        /* "addresses", "colleagues": in "Invitations sent to 3 addresses." */
	const char *link_prefix; /* the link's path before its token: "/s/" or "/f/" */
	/* Makes the invitation for EMAIL in the transaction; TOKEN gets its link's token. */
	int (*invite)(struct store *s, void *ctx, const char *email, char token[TOKEN_CHARS], struct error *err);
	/* The message for EMAIL with its whole LINK (strings in the request's arena). */
	struct mail (*message)(struct request *req, void *ctx, const char *email, const char *link);
	void *ctx;
};

/* The whole reply to a request that invites by mail. */
void mail_invites_respond(struct request *req, struct response *res, const struct mail_invites *mi);

/* The whole reply to a request for reminders: REMIND queues them in the transaction. The reply is the same
 * whoever has answered. NO_MAIL as in struct mail_invites. */
void mail_reminders_respond(struct request *req, struct response *res, const char *back, const char *no_mail,
			    int (*remind)(struct store *s, void *ctx, struct error *err), void *ctx);

#endif
