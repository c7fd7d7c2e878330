/*
 * sso_account.c - who a provider's person is here, once their token has passed every check (sso.h,
 * sso_accept): the identity by (issuer, subject), never by email - an email can change hands, a subject
 * cannot. A first sign-in makes an account with no role, or joins the account of the same email when the
 * provider is trusted to verify emails and says this one is verified; never a site administrator's account,
 * which stays the break-glass password account it is. Then the provider's roles and a session, all in one
 * transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "domain/access.h"
#include "domain/sso.h"
#include "domain/sso_int.h"
#include "lib/i18n.h"
#include "lib/xalloc.h"
#include "store/store.h"

static const char *const WORDS_DISABLED =
	N_("Your caregrid account has been turned off: ask your practice or network administrator.");
static const char *const WORDS_EMAIL_IN_USE = N_("A caregrid account with your email address exists already and "
						 "cannot be joined to this sign-in: ask a site administrator.");

/* What a sign-in reads of the verified claims. Strings point into the claims. */
struct person {
	const char *iss, *sub, *sid, *email;
	bool email_verified;
	char name[201];
};

static const char *
claim(const json_t *claims, const char *key)
{
	const char *v = json_string_value(json_object_get(claims, key));
	return v && *v ? v : NULL;
}

/* The person's name as the provider gives it, on one line of at most 200 bytes (no character cut in two). */
static void
person_name(const json_t *c, const char *fallback, char out[201])
{
	const char *given = claim(c, "given_name"), *family = claim(c, "family_name");
	if (claim(c, "name"))
		snprintf(out, 201, "%s", claim(c, "name"));
	else if (given || family)
		snprintf(out, 201, "%s%s%s", given ? given : "", given && family ? " " : "", family ? family : "");
	else
		snprintf(out, 201, "%s", claim(c, "preferred_username") ? claim(c, "preferred_username") : fallback);
	for (unsigned char *p = (unsigned char *)out; *p; p++)
		if (*p < ' ' || *p == 0x7f)
			*p = ' ';
	size_t n = strlen(out);
	if (n == 200) /* perhaps cut inside a character: what is not ASCII at the end goes */
		while (n && (unsigned char)out[n - 1] >= 0x80)
			out[--n] = '\0';
}

static void
person_of(const json_t *c, struct person *p)
{
	memset(p, 0, sizeof *p);
	p->iss = claim(c, "iss");
	p->sub = claim(c, "sub");
	p->sid = claim(c, "sid");
	p->email = claim(c, "email");
	const json_t *v = json_object_get(c, "email_verified");
	p->email_verified = json_is_true(v) || (json_is_string(v) && strcmp(json_string_value(v), "true") == 0);
	person_name(c, p->email ? p->email : "", p->name);
	if (!p->name[0])
		snprintf(p->name, sizeof p->name, "%s", "?");
}

struct identity_row {
	int64_t id, user_id;
	bool found;
};

static int
identity_from_row(void *ctx, const struct row *r)
{
	struct identity_row *ir = ctx;
	ir->id = row_int(r, 0);
	ir->user_id = row_int(r, 1);
	ir->found = true;
	return 1;
}

/* The address of an account whose provider gave no usable email: unique to the identity, and .invalid (RFC
 * 2606), so that nothing is ever mailed to it. */
static void
placeholder_email(const struct person *pe, char out[256])
{
	unsigned char h[16];
	crypto_generichash(h, sizeof h, (const unsigned char *)pe->sub, strlen(pe->sub),
			   (const unsigned char *)pe->iss, strlen(pe->iss) < 64 ? strlen(pe->iss) : 64);
	char hex[33];
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(out, 256, "sso-%s@sso.invalid", hex);
}

/* A first sign-in: a new account, or the one of a verified email the provider is trusted with (identity.link).
 * 0 with *U, 1 refused (*REASON), -1 error. */
static int
first_signin(struct store *s, const struct sso_provider *p, const struct person *pe, const char *address,
	     struct user *u, const char **reason, struct error *err)
{
	char email[256] = "", label[96];
	struct error ignored;
	if (!pe->email || email_normalise(pe->email, email, sizeof email, &ignored) < 0)
		placeholder_email(pe, email);
	int found = user_by_email(s, email, u, err);
	if (found < 0)
		return -1;
	if (found && !(p->trust_verified_email && pe->email_verified && !u->is_admin)) {
		*reason = u->is_admin ? "email_admin" : "email_in_use";
		return 1;
	}
	if (found) {
		const struct actor who = {u->id, u->email, address};
		char detail[200];
		snprintf(detail, sizeof detail, "joined to its verified email at %s", p->name);
		return audit_record(s, &who, "identity.link", 0, u->email, detail, err);
	}
	const struct actor who = sso_actor(p->name, address, label);
	int64_t id;
	if (user_add(s, &who, email, pe->name, NULL, false, &id, err) < 0)
		return -1;
	return user_by_id(s, id, u, err) == 1 ? 0 : error_of(err, ERROR_INTERNAL, "the new account %lld is gone",
							       (long long)id);
}

/* The account of P's person PE: 0 with *U (the identity made or brought up to date), 1 refused, -1 error. */
static int
account_of(struct store *s, const struct sso_provider *p, const struct person *pe, const char *address,
	   struct user *u, const char **reason, struct error *err)
{
	struct identity_row ir = {0};
	struct param k[] = {PTEXT(pe->iss), PTEXT(pe->sub)};
	if (store_exec(s, Q_IDENTITY_GET, PARAMS(k), identity_from_row, &ir, NULL, err) < 0)
		return -1;
	char now[32];
	store_now(now, sizeof now);
	if (ir.found) {
		int found = user_by_id(s, ir.user_id, u, err);
		if (found <= 0)
			return found < 0 ? -1 : error_of(err, ERROR_INTERNAL, "identity %lld has no account",
							 (long long)ir.id);
		struct param p2[] = {PINT(ir.id), PINT(p->id), PTEXT(pe->name), PTEXT(pe->email),
				     PINT(pe->email_verified), PTEXT(now)};
		return store_exec(s, Q_IDENTITY_SEEN, PARAMS(p2), NULL, NULL, NULL, err);
	}
	int rc = first_signin(s, p, pe, address, u, reason, err);
	if (rc != 0)
		return rc;
	struct param a[] = {PINT(p->id), PTEXT(pe->iss), PTEXT(pe->sub), PINT(u->id), PTEXT(pe->name), PTEXT(pe->email),
			    PINT(pe->email_verified), PTEXT(now)};
	return store_exec(s, Q_IDENTITY_ADD, PARAMS(a), NULL, NULL, NULL, err);
}

/* The session, with what the provider's logouts need: its sid, the subject, the ID token sealed. */
static int
session_begin(struct store *s, const struct sso_provider *p, const struct person *pe, const char *id_token,
	      const char *address, time_t now, struct sso_result *out, struct error *err)
{
	if (session_create(s, out->user_id, address, now, &out->session, err) < 0)
		return -1;
	char hash[65], *sealed = NULL;
	token_hash(out->session.token, hash);
	if (id_token && store_seal(s, KEY_PURPOSE_ID_TOKEN, id_token, &sealed, err) < 0)
		return -1;
	struct param p2[] = {PTEXT(hash), PINT(p->id), PTEXT(pe->sid), PTEXT(pe->sub), PTEXT(sealed)};
	int rc = store_exec(s, Q_SESSION_SSO_SET, PARAMS(p2), NULL, NULL, NULL, err);
	free(sealed);
	return rc;
}

/* Everything after the account: roles, session, audit; whether the person may see anything (OUT->outcome). */
static int
signed_in(struct store *s, const struct sso_provider *p, const json_t *claims, const struct person *pe,
	  const struct user *u, const char *id_token, const char *address, time_t now, struct sso_result *out,
	  struct error *err)
{
	struct sso_grant *g = NULL;
	size_t n = 0;
	const struct actor who = {u->id, u->email, address};
	out->user_id = u->id;
	int rc = sso_rules_apply(s, p, claims, &g, &n, err);
	if (rc == 0)
		rc = sso_roles_sync(s, &who, u->id, u->email, g, n, NULL, err);
	free(g);
	if (rc == 0)
		rc = session_begin(s, p, pe, id_token, address, now, out, err);
	char detail[200];
	snprintf(detail, sizeof detail, "signed in with %s", p->name);
	if (rc == 0)
		rc = audit_record(s, &who, "signin.sso", 0, u->email, detail, err);
	struct grants held = {0};
	if (rc == 0)
		rc = grants_load(s, u, &held, err);
	out->outcome = held.n || u->is_admin ? SSO_SIGNED_IN : SSO_NO_ACCESS;
	grants_release(&held);
	return rc;
}

int
sso_accept(struct store *s, const struct sso_provider *p, const json_t *claims, const char *id_token,
	   const char *address, time_t now, struct sso_result *out, struct error *err)
{
	const struct sso_provider keep = *p; /* P may be OUT's own */
	memset(out, 0, sizeof *out);
	out->provider = keep;
	p = &out->provider;
	struct person pe;
	person_of(claims, &pe);
	if (!pe.iss || !pe.sub)
		return sso_refuse(s, out, address, "subject", oidc_refusal_words(OIDC_SUBJECT), 403, NULL, err);
	struct user u;
	const char *reason = NULL;
	if (store_begin(s, err) < 0)
		return -1;
	int rc = account_of(s, p, &pe, address, &u, &reason, err);
	if (rc == 0 && u.disabled) {
		reason = "disabled";
		rc = 1;
	}
	if (rc == 0)
		rc = signed_in(s, p, claims, &pe, &u, id_token, address, now, out, err);
	if (rc != 0) {
		store_rollback(s);
		memset(&out->session, 0, sizeof out->session);
		if (rc < 0)
			return -1;
		char detail[300];
		if (!reason)
			reason = "refused";
		snprintf(detail, sizeof detail, "subject %s", pe.sub);
		return sso_refuse(s, out, address, reason,
				  strcmp(reason, "disabled") ? WORDS_EMAIL_IN_USE : WORDS_DISABLED, 403, detail, err);
	}
	return store_commit(s, err);
}
