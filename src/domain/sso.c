/*
 * sso.c - signing in through an OpenID Connect provider (sso.h): the pending sign-in kept while the person is at
 * the provider (found by the hash of its state, single use, ten minutes), and the person back from it: tokens
 * exchanged and checked (lib/oidc.h's oidc_verify is the only place a token is judged), the identity found by
 * issuer and subject, the account made or linked, the provider's roles recomputed and a session begun.
 *
 * A refusal is one of a few named reasons (the token checks' own names, and the flow's: "state", "expired_state",
 * "provider_error", "disabled"...), audited as signin.sso.failed and logged; the person is told a plain sentence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "domain/oidc_client.h"
#include "domain/sso.h"
#include "domain/sso_int.h"
#include "lib/i18n.h"
#include "lib/oidc.h"
#include "lib/xalloc.h"
#include "store/store.h"

bool
sso_return_path_ok(const char *path)
{
	if (!path || path[0] != '/' || path[1] == '/' || strlen(path) >= SSO_RETURN_MAX)
		return false;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == '\\')
			return false;
	return true;
}

void
sso_result_release(struct sso_result *r)
{
	if (!r)
		return;
	json_decref(r->claims);
	r->claims = NULL;
}

/* --- pending sign-ins ------------------------------------------------------------------------------------ */

int
sso_pending_add(struct store *s, const char *state, const struct sso_pending *p, time_t now, struct error *err)
{
	char hash[65], *sealed = NULL;
	token_hash(state, hash);
	if (store_seal(s, KEY_PURPOSE_PKCE, p->code_verifier, &sealed, err) < 0)
		return -1;
	const char *back = sso_return_path_ok(p->return_to) ? p->return_to : "/units";
	struct param a[] = {PTEXT(hash), PINT(p->provider_id), PTEXT(p->nonce), PTEXT(sealed), PTEXT(back),
			    PINT(p->test), PINT((int64_t)now + SSO_PENDING_S)};
	struct param old[] = {PINT(now)};
	/* Those never come back (the person gave up at the provider) are swept out here: a pending row is small. */
	int rc = store_exec(s, Q_SSO_PENDING_PURGE, PARAMS(old), NULL, NULL, NULL, err);
	if (rc == 0)
		rc = store_exec(s, Q_SSO_PENDING_ADD, PARAMS(a), NULL, NULL, NULL, err);
	free(sealed);
	return rc;
}

struct pending_row {
	struct sso_pending *out;
	char *sealed;
	bool found;
};

static int
pending_from_row(void *ctx, const struct row *r)
{
	struct pending_row *pr = ctx;
	pr->out->provider_id = row_int(r, 0);
	snprintf(pr->out->nonce, sizeof pr->out->nonce, "%s", row_text(r, 1));
	pr->sealed = xstrdup(row_text(r, 2));
	snprintf(pr->out->return_to, sizeof pr->out->return_to, "%s", row_text(r, 3));
	pr->out->test = row_int(r, 4) != 0;
	pr->out->expires_at = (time_t)row_int(r, 5);
	pr->found = true;
	return 0;
}

int
sso_pending_take(struct store *s, const char *state, time_t now, struct sso_pending *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	if (!state || strlen(state) != TOKEN_CHARS - 1)
		return 0;
	char hash[65];
	token_hash(state, hash);
	struct param p[] = {PTEXT(hash)};
	struct pending_row pr = {.out = out};
	/* One statement finds and spends it: of two requests with the same state, one gets the row. */
	if (store_exec(s, Q_SSO_PENDING_TAKE, PARAMS(p), pending_from_row, &pr, NULL, err) < 0) {
		free(pr.sealed);
		return -1;
	}
	if (!pr.found)
		return 0;
	char *verifier = NULL;
	int rc = store_unseal(s, KEY_PURPOSE_PKCE, pr.sealed, &verifier, err);
	free(pr.sealed);
	if (rc < 0)
		return -1;
	snprintf(out->code_verifier, sizeof out->code_verifier, "%s", verifier);
	sodium_memzero(verifier, strlen(verifier));
	free(verifier);
	if (out->expires_at <= now)
		return 2;
	return 1;
}

/* --- the way out to the provider ------------------------------------------------------------------------- */

/* An assurance level of CIS2's form ("AAL3") is checked on the token, not asked for; any other is acr_values. */
static const char *
acr_values(const struct sso_provider *p)
{
	const char *a = p->acr_min;
	if (!*a || (strncmp(a, "AAL", 3) == 0 && a[3] >= '0' && a[3] <= '9' && !a[4]))
		return NULL;
	return a;
}

int
sso_begin(struct store *s, const struct sso_start *st, char **url, char state[TOKEN_CHARS], struct error *err)
{
	*url = NULL;
	state[0] = '\0';
	struct sso_provider p;
	int found = sso_provider_by_name(s, st->provider ? st->provider : "", &p, err);
	if (found < 0)
		return -1;
	if (!found || !p.enabled)
		return error_of(err, ERROR_NOT_FOUND, "there is no sign-in service called %s",
				st->provider ? st->provider : "");
	struct oidc_meta meta;
	if (oidc_discover(p.issuer, st->now, &meta, err) < 0)
		return -1;
	struct sso_pending pend = {.provider_id = p.id, .test = st->test};
	char challenge[OIDC_TOKEN_SIZE];
	oidc_pkce_new(pend.code_verifier, challenge);
	oidc_random_token(pend.nonce);
	oidc_random_token(state);
	snprintf(pend.return_to, sizeof pend.return_to, "%s",
		 sso_return_path_ok(st->return_to) ? st->return_to : "/units");
	int rc = sso_pending_add(s, state, &pend, st->now, err);
	sodium_memzero(pend.code_verifier, sizeof pend.code_verifier);
	if (rc < 0)
		return -1;
	*url = oidc_authorize_url(meta.authorization_endpoint, p.client_id, st->redirect_uri, p.scopes, state,
				  pend.nonce, challenge, st->login_hint, acr_values(&p));
	return 0;
}

struct actor
sso_actor(const char *name, const char *address, char label[96])
{
	snprintf(label, 96, "sign-in with %s", name);
	return (struct actor){0, label, address};
}

/* --- refusals -------------------------------------------------------------------------------------------- */

int
sso_refuse(struct store *s, struct sso_result *out, const char *address, const char *reason, const char *words,
       int status, const char *detail, struct error *err)
{
	out->outcome = SSO_REFUSED;
	out->reason = reason;
	out->words = words;
	out->status = status;
	const char *name = out->provider.name[0] ? out->provider.name : "unknown";
	fprintf(stderr, "caregrid: sign-in with %s refused: %s%s%s\n", name, reason, detail ? ": " : "",
		detail ? detail : "");
	char label[96], text[300];
	snprintf(text, sizeof text, "refused: %s", reason);
	const struct actor who = sso_actor(name, address, label);
	if (store_begin(s, err) < 0)
		return -1;
	return store_finish(s, audit_record(s, &who, "signin.sso.failed", 0, name, text, err), err);
}

/* What the flow's own refusals say; the token checks' are oidc_refusal_words'. */
static const char *const WORDS_STATE =
	N_("This sign-in did not start here, or has been used already: start again from the sign-in page.");
static const char *const WORDS_EXPIRED =
	N_("This sign-in took more than ten minutes: start again from the sign-in page.");
static const char *const WORDS_PROVIDER_ERROR = N_("The sign-in service did not sign you in: try again, and ask your "
						   "practice or network administrator if it keeps happening.");
static const char *const WORDS_GONE =
	N_("This sign-in service is no longer offered here: sign in another way or ask your administrator.");
static const char *const WORDS_UNREACHABLE =
	N_("The sign-in service could not be reached: try again in a few minutes.");
static const char *const WORDS_EXCHANGE =
	N_("The sign-in service would not complete the sign-in: start again from the sign-in page.");

/* --- the way back ---------------------------------------------------------------------------------------- */

/* The tokens for the pending sign-in's code: -1 with ERR (the provider unreachable, or refusing the code). */
static int
exchange(const struct sso_provider *p, const struct oidc_meta *meta, const struct sso_callback *cb,
	 const struct sso_pending *pend, struct oidc_tokens *tok, struct error *err)
{
	char *secret = NULL;
	struct oidc_client_auth auth = {.client_id = p->client_id};
	int rc = p->client_auth == SSO_PRIVATE_KEY_JWT ? oidc_private_key_read(p->secret_file, &secret, err)
						     : oidc_client_secret_read(p->secret_file, &secret, err);
	if (rc == 0) {
		if (p->client_auth == SSO_PRIVATE_KEY_JWT)
			auth.private_jwk = secret;
		else
			auth.client_secret = secret;
		rc = oidc_token_exchange(meta, &auth, cb->code, cb->redirect_uri, pend->code_verifier, cb->now, tok,
					 err);
	}
	if (secret) {
		sodium_memzero(secret, strlen(secret));
		free(secret);
	}
	return rc;
}

int
sso_verify_token(const struct oidc_meta *meta, const char *jwt, const struct oidc_expect *x, json_t **claims,
		 enum oidc_refusal *why, struct error *err)
{
	for (int pass = 0; pass < 2; pass++) {
		json_t *jwks = NULL;
		if (oidc_jwks(meta, x->now, pass == 1, &jwks, err) < 0)
			return -1;
		int rc = oidc_verify(jwt, jwks, x, claims, why);
		json_decref(jwks);
		if (rc == 0)
			return 0;
		if (*why != OIDC_KID)
			break;
	}
	return 1;
}

struct oidc_expect
sso_expect_of(const struct sso_provider *p, const char *nonce, time_t now, bool logout)
{
	return (struct oidc_expect){.issuer = p->issuer, .tenants = p->tenants, .client_id = p->client_id,
				    .algs = p->algs, .nonce = nonce, .acr_min = p->acr_min, .now = now,
				    .logout = logout};
}

/* sso_refuse for a step that answers 1 when refused, -1 on error. */
static int
refused(struct store *s, struct sso_result *out, const char *address, const char *reason, const char *words,
	int status, const char *detail, struct error *err)
{
	return sso_refuse(s, out, address, reason, words, status, detail, err) < 0 ? -1 : 1;
}

/* Steps of sso_finish after the pending sign-in: the tokens, their checks, UserInfo. 0 with *CLAIMS and
 * *ID_TOKEN (free both), 1 refused (OUT filled, audited), -1 error. */
static int
tokens_checked(struct store *s, const struct sso_callback *cb, const struct sso_pending *pend,
	       struct sso_result *out, json_t **claims, char **id_token, struct error *err)
{
	const struct sso_provider *p = &out->provider;
	struct oidc_meta meta;
	struct oidc_tokens tok = {0};
	struct error why_not;
	if (oidc_discover(p->issuer, cb->now, &meta, &why_not) < 0)
		return refused(s, out, cb->address, "unreachable", WORDS_UNREACHABLE, 503, why_not.msg, err);
	if (exchange(p, &meta, cb, pend, &tok, &why_not) < 0) {
		bool down = why_not.kind == ERROR_UNAVAILABLE;
		return refused(s, out, cb->address, down ? "unreachable" : "token_exchange",
			       down ? WORDS_UNREACHABLE : WORDS_EXCHANGE, down ? 503 : 403, why_not.msg, err);
	}
	struct oidc_expect x = sso_expect_of(p, pend->nonce, cb->now, false);
	enum oidc_refusal why = OIDC_OK;
	int rc = sso_verify_token(&meta, tok.id_token, &x, claims, &why, &why_not);
	if (rc < 0)
		rc = refused(s, out, cb->address, "unreachable", WORDS_UNREACHABLE, 503, why_not.msg, err);
	else if (rc > 0)
		rc = refused(s, out, cb->address, oidc_refusal_name(why), oidc_refusal_words(why), 403, NULL, err);
	if (rc == 0 && p->userinfo) {
		json_t *ui = NULL;
		const char *sub = json_string_value(json_object_get(*claims, "sub"));
		if (oidc_userinfo(&meta, tok.access_token, sub, &ui, &why_not) < 0 ||
		    oidc_claims_merge(*claims, ui, &why_not) < 0)
			rc = refused(s, out, cb->address, "userinfo", WORDS_EXCHANGE, 403, why_not.msg, err);
		json_decref(ui);
	}
	if (rc == 0)
		*id_token = xstrdup(tok.id_token);
	if (rc != 0) {
		json_decref(*claims);
		*claims = NULL;
	}
	oidc_tokens_release(&tok);
	return rc;
}

/* A test sign-in: the claims received (the page shows what the rules would give); nobody is signed in. */
static int
tested(struct store *s, json_t *claims, const char *address, struct sso_result *out, struct error *err)
{
	out->outcome = SSO_TESTED;
	out->claims = json_incref(claims);
	char label[96];
	const struct actor who = sso_actor(out->provider.name, address, label);
	if (store_begin(s, err) < 0)
		return -1;
	return store_finish(s, audit_record(s, &who, "signin.sso.test", 0, out->provider.name, "test sign-in", err),
			    err);
}

int
sso_finish(struct store *s, const struct sso_callback *cb, struct sso_result *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	struct sso_pending pend;
	int taken = sso_pending_take(s, cb->state, cb->now, &pend, err);
	if (taken < 0)
		return -1;
	if (taken && sso_provider_by_id(s, pend.provider_id, &out->provider, err) < 0)
		return -1;
	int rc;
	if (!taken)
		rc = sso_refuse(s, out, cb->address, "state", WORDS_STATE, 400, NULL, err);
	else if (taken == 2)
		rc = sso_refuse(s, out, cb->address, "expired_state", WORDS_EXPIRED, 400, NULL, err);
	else if (!out->provider.id || !out->provider.enabled)
		rc = sso_refuse(s, out, cb->address, "provider", WORDS_GONE, 403, NULL, err);
	else if (cb->error || !cb->code || !*cb->code)
		rc = sso_refuse(s, out, cb->address, "provider_error", WORDS_PROVIDER_ERROR, 403, cb->error, err);
	else
		rc = 0;
	if (rc < 0 || out->outcome == SSO_REFUSED) {
		sodium_memzero(&pend, sizeof pend);
		return rc < 0 ? -1 : 0;
	}
	json_t *claims = NULL;
	char *id_token = NULL;
	rc = tokens_checked(s, cb, &pend, out, &claims, &id_token, err);
	sodium_memzero(&pend.code_verifier, sizeof pend.code_verifier);
	if (rc == 0)
		rc = pend.test ? tested(s, claims, cb->address, out, err)
			       : sso_accept(s, &out->provider, claims, id_token, cb->address, cb->now, out, err);
	json_decref(claims);
	free(id_token);
	if (rc == 0 && out->outcome == SSO_SIGNED_IN)
		snprintf(out->return_to, sizeof out->return_to, "%s",
			 sso_return_path_ok(pend.return_to) ? pend.return_to : "/units");
	return rc < 0 ? -1 : 0;
}

/* --- the keys caregrid signs with ------------------------------------------------------------------------ */

struct jwks_ctx {
	json_t *keys;
};

/* One provider's public key into the set; a key file that cannot be read is logged and left out, so that one
 * provider's mistake does not stop the others' sign-ins. */
static int
add_public_key(void *ctx, const struct sso_provider *p)
{
	struct jwks_ctx *jc = ctx;
	if (!p->enabled || p->client_auth != SSO_PRIVATE_KEY_JWT)
		return 0;
	char *jwk = NULL, *pub = NULL;
	struct error e;
	if (oidc_private_key_read(p->secret_file, &jwk, &e) < 0 || oidc_public_jwks(jwk, &pub, &e) < 0) {
		fprintf(stderr, "caregrid: the public key of %s is left out of the key set: %s\n", p->name, e.msg);
	} else {
		json_t *set = json_loads(pub, 0, NULL);
		size_t i;
		json_t *k;
		json_array_foreach(json_object_get(set, "keys"), i, k)
			json_array_append(jc->keys, k);
		json_decref(set);
	}
	if (jwk) {
		sodium_memzero(jwk, strlen(jwk));
		free(jwk);
	}
	free(pub);
	return 0;
}

int
sso_public_jwks(struct store *s, char **out, struct error *err)
{
	*out = NULL;
	struct jwks_ctx jc = {json_array()};
	if (sso_providers_each(s, add_public_key, &jc, err) < 0) {
		json_decref(jc.keys);
		return -1;
	}
	json_t *set = json_pack("{s:o}", "keys", jc.keys);
	*out = json_dumps(set, JSON_COMPACT);
	json_decref(set);
	return 0;
}
