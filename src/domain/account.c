/* account.c - a role given with a new person's mail, a forgotten password, an administrator's reset: each one
 * transaction with its message (see account.h). */
#include "domain/account.h"

#include <stdio.h>
#include <string.h>

#include "domain/mail.h"
#include "lib/buf.h"
#include "store/store.h"

/* A message to U whose words are in SUBJECT and BODY, queued; SUBJECT and BODY released. IF_ACCOUNT: queued by
 * the statement that writes it only when U's address is an account's (mail_queue_if_account), to "nobody" when
 * U has none, so that the same work is done either way. */
static int
queue_to(struct store *s, const char *kind, const struct user *u, struct buf *subject, struct mail_body *body,
	 const char *if_account, struct error *err)
{
	const struct mail m = {kind, u->email[0] ? u->email : "nobody@example.invalid", subject->data,
			       body->text.data, body->html.data, false, NULL};
	int rc = if_account ? mail_queue_if_account(s, &m, if_account, err) : mail_queue(s, &m, err);
	buf_release(subject);
	mail_body_release(body);
	return rc;
}

/* The mail with a new person's LINK to set a password, in G's language: the new person has chosen none yet. */
static int
welcome_mail(struct store *s, const struct role_grant *g, const struct unit *unit, const struct user *u,
	     const char *link, struct error *err)
{
	const struct lang *l = g->lang;
	struct buf subject = BUF_INIT;
	buf_init(&subject, 0);
	buf_puts(&subject, tr(l, "Set your caregrid password"));
	struct mail_body body;
	mail_body_init(&body);
	mail_para(&body, tr(l, "Hello %s,"), u->name);
	mail_para(&body,
		  tr(l, "%s gave you the %s role on %s in caregrid. Set your password with this link (it works once, "
			"for 7 days):"),
		  g->giver_name, tr(l, role_words(g->role)), unit->name);
	mail_link(&body, tr(l, "Set your password"), link);
	return queue_to(s, "welcome", u, &subject, &body, NULL, err);
}

static int
grant_in(struct store *s, const struct actor *who, const struct unit *unit, const struct role_grant *g,
	 struct role_granted *out, struct error *err)
{
	/* The name is asked for whether or not there is an account (kept only for a new one), so that the refusal
	 * never tells a unit's admin which addresses have accounts. */
	if (!g->name || !*g->name)
		return error_set(err, "Give the person's name too: it is kept only if they are new to caregrid.");
	int found = user_by_email(s, g->email, &out->user, err);
	if (found < 0)
		return -1;
	if (!found && (user_add(s, who, g->email, g->name, NULL, false, NULL, err) < 0 ||
		       user_by_email(s, g->email, &out->user, err) <= 0 ||
		       password_link_create(s, &out->user, out->token, err) < 0))
		return -1;
	if (role_set(s, who, unit, out->user.email, g->role, err) < 0)
		return -1;
	if (!out->token[0] || !g->base_url)
		return 0;
	struct buf link = BUF_INIT;
	buf_init(&link, 0);
	buf_printf(&link, "%s/password/%s", g->base_url, out->token);
	int rc = welcome_mail(s, g, unit, &out->user, link.data, err);
	buf_release(&link);
	return rc;
}

int
role_grant(struct store *s, const struct actor *who, const struct unit *unit, const struct role_grant *g,
	   struct role_granted *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (store_begin(s, err) < 0)
		return -1;
	int rc = grant_in(s, who, unit, g, out, err);
	if (store_finish(s, rc, err) < 0) {
		out->token[0] = '\0'; /* a link that was rolled back opens nothing: never show it */
		return -1;
	}
	return 0;
}

/* The link to set a new password, asked for by its person (works for an hour), in L; queued only when FOLDED is
 * an account's address, built the same way when it is not. */
static int
forgot_mail(struct store *s, const struct lang *l, const struct user *u, const char *folded, const char *link,
	    struct error *err)
{
	struct buf subject = BUF_INIT;
	buf_init(&subject, 0);
	buf_puts(&subject, tr(l, "Set a new caregrid password"));
	struct mail_body body;
	mail_body_init(&body);
	mail_para(&body, tr(l, "Hello %s,"), u->name);
	mail_para(&body, "%s",
		  tr(l, "Someone (we hope you) asked to set a new password for caregrid. This link works once, "
			"for an hour:"));
	mail_link(&body, tr(l, "Set a new password"), link);
	mail_para(&body, "%s", tr(l, "If it was not you, do nothing: your password stays as it is."));
	return queue_to(s, "password", u, &subject, &body, folded, err);
}

int
password_forgot_send(struct store *s, const char *email, const char *address, time_t now, const char *base_url,
		     const struct lang *fallback, enum signin_result *result, long *retry_after, struct error *err)
{
	struct user u;
	char folded[256], token[TOKEN_CHARS];
	if (store_begin(s, err) < 0)
		return -1;
	int rc = password_forgot(s, email, address, now, &u, folded, token, result, retry_after, err);
	if (rc == 0 && *result != SIGNIN_OK) {
		store_rollback(s); /* throttled: nothing is written, and nothing differs with an account or without */
		return 0;
	}
	/* The mail is made and handed to the database whether or not there is an account: only the statement's
	 * condition decides whether it is queued, so the reply takes the same work and time either way. */
	if (rc == 0) {
		struct buf link = BUF_INIT;
		buf_init(&link, 0);
		buf_printf(&link, "%s/password/%s", base_url, token);
		/* In the account's language, else the one the page was asked in. */
		const struct lang *l = lang_find(u.language) ? lang_find(u.language) : fallback;
		rc = forgot_mail(s, l, &u, folded, link.data, err);
		buf_release(&link);
	}
	return store_finish(s, rc, err);
}

int
password_reset_send(struct store *s, const struct actor *who, const struct user *u, const char *base_url,
		    struct error *err)
{
	char token[TOKEN_CHARS];
	if (store_begin(s, err) < 0)
		return -1;
	int rc = password_reset_link(s, who, u, token, err);
	if (rc == 0) {
		const struct lang *l = lang_find(u->language); /* the account's; NULL: English */
		struct buf subject = BUF_INIT, link = BUF_INIT;
		buf_init(&subject, 0);
		buf_init(&link, 0);
		buf_printf(&link, "%s/password/%s", base_url, token);
		buf_puts(&subject, tr(l, "Set a new caregrid password"));
		struct mail_body body;
		mail_body_init(&body);
		mail_para(&body, tr(l, "Hello %s,"), u->name);
		mail_para(&body, "%s",
			  tr(l, "Your caregrid password was reset. Set a new one with this link (it works once, "
				"for 7 days):"));
		mail_link(&body, tr(l, "Set a new password"), link.data);
		rc = queue_to(s, "password", u, &subject, &body, NULL, err);
		buf_release(&link);
	}
	return store_finish(s, rc, err);
}
