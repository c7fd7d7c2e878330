/*
 * sso_logout.c - signing out of a session a provider started (sso.h): the person signing out here is sent on
 * to the provider's end_session_endpoint with the session's ID token as id_token_hint (RP-initiated logout),
 * and the provider's back-channel logout token ends every session here of that provider session or person.
 *
 * Sessions live in the database only, so a back-channel logout that deletes them ends them on every server
 * sharing it: each server's cache of who a cookie belongs to (web/session_cache.c) is reused for at most
 * change_clock.h's REUSE_MS, and every write checks the session again inside its transaction (store.h's write
 * guard), so nothing is written for a session once its row is gone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "domain/sso.h"
#include "domain/sso_int.h"
#include "lib/xalloc.h"
#include "store/store.h"

#define JTI_KEEP_S (24 * 3600) /* how long a logout token's jti is kept when the token has no exp */

struct sso_session_row {
	int64_t provider_id;
	char *sealed;
};

static int
sso_session_from_row(void *ctx, const struct row *r)
{
	struct sso_session_row *sr = ctx;
	sr->provider_id = row_int(r, 0);
	sr->sealed = row_null(r, 1) ? NULL : xstrdup(row_text(r, 1));
	return 1;
}

/* The provider's logout address for P's session with the ID token ID_TOKEN (may be NULL). */
static char *
end_session_url(const struct oidc_meta *meta, const struct sso_provider *p, const char *id_token,
		const char *post_logout)
{
	char state[OIDC_TOKEN_SIZE];
	oidc_random_token(state);
	char *hint = id_token ? oidc_url_encode(id_token) : NULL, *back = oidc_url_encode(post_logout);
	char *client = oidc_url_encode(p->client_id);
	char *url = xasprintf("%s%c%s%s%spost_logout_redirect_uri=%s&client_id=%s&state=%s",
			      meta->end_session_endpoint, strchr(meta->end_session_endpoint, '?') ? '&' : '?',
			      hint ? "id_token_hint=" : "", hint ? hint : "", hint ? "&" : "", back, client, state);
	free(hint);
	free(back);
	free(client);
	return url;
}

int
sso_signout(struct store *s, const char *token, const char *post_logout, time_t now, char **url,
	    struct error *err)
{
	*url = NULL;
	if (!token || strlen(token) != TOKEN_CHARS - 1)
		return 0;
	char hash[65];
	token_hash(token, hash);
	struct param k[] = {PTEXT(hash)};
	struct sso_session_row sr = {0};
	if (store_exec(s, Q_SESSION_SSO_GET, PARAMS(k), sso_session_from_row, &sr, NULL, err) < 0)
		return -1;
	/* The session ends here first, whatever the provider does. */
	if (session_end(s, token, err) < 0) {
		free(sr.sealed);
		return -1;
	}
	struct sso_provider p;
	struct oidc_meta meta;
	struct error why_not;
	char *id_token = NULL;
	if (!sr.provider_id || sso_provider_by_id(s, sr.provider_id, &p, &why_not) != 1 || !p.enabled) {
		free(sr.sealed);
		return 0;
	}
	if (oidc_discover(p.issuer, now, &meta, &why_not) < 0) {
		fprintf(stderr, "caregrid: sign-out at %s not sent: %s\n", p.name, why_not.msg);
	} else if (meta.end_session_endpoint[0]) {
		if (sr.sealed && store_unseal(s, KEY_PURPOSE_ID_TOKEN, sr.sealed, &id_token, &why_not) < 0)
			fprintf(stderr, "caregrid: sign-out at %s: the ID token cannot be opened: %s\n", p.name,
				why_not.msg);
		*url = end_session_url(&meta, &p, id_token, post_logout);
	}
	if (id_token) {
		sodium_memzero(id_token, strlen(id_token));
		free(id_token);
	}
	free(sr.sealed);
	return 0;
}

int
sso_logout_use(struct store *s, const struct sso_provider *p, const char *jti, const char *sid,
	       const char *subject, time_t expires_at, time_t now, long *ended, struct error *err)
{
	*ended = 0;
	if (store_begin(s, err) < 0)
		return -1;
	long fresh = 0;
	struct param old[] = {PINT(now)};
	struct param j[] = {PINT(p->id), PTEXT(jti), PINT(expires_at)};
	int rc = store_exec(s, Q_SSO_JTI_PURGE, PARAMS(old), NULL, NULL, NULL, err);
	if (rc == 0)
		rc = store_exec(s, Q_SSO_JTI_ADD, PARAMS(j), NULL, NULL, &fresh, err);
	char label[96], detail[200];
	const struct actor who = sso_actor(p->name, NULL, label);
	if (rc == 0 && !fresh) {
		rc = audit_record(s, &who, "signout.sso.failed", 0, p->name, "refused: replay", err);
		return store_finish(s, rc, err) < 0 ? -1 : 1;
	}
	struct param by[] = {PINT(p->id), PTEXT(sid ? sid : subject)};
	if (rc == 0)
		rc = store_exec(s, sid ? Q_SESSIONS_END_SSO_SID : Q_SESSIONS_END_SSO_SUBJECT, PARAMS(by), NULL, NULL,
				ended, err);
	snprintf(detail, sizeof detail, "back-channel logout: %ld session%s ended", *ended, *ended == 1 ? "" : "s");
	if (rc == 0)
		rc = audit_record(s, &who, "signout.sso", 0, p->name, detail, err);
	return store_finish(s, rc, err);
}

/* Whether ISSUER is P's: the same, or P's Entra "{tenantid}" template with one path segment in its place. */
static bool
issuer_is(const struct sso_provider *p, const char *issuer)
{
	const char *hole = strstr(p->issuer, "{tenantid}");
	if (!hole)
		return strcmp(p->issuer, issuer) == 0;
	size_t head = (size_t)(hole - p->issuer), tail = strlen(hole + 10), n = strlen(issuer);
	if (n <= head + tail || strncmp(issuer, p->issuer, head) != 0 || strcmp(issuer + n - tail, hole + 10) != 0)
		return false;
	return memchr(issuer + head, '/', n - head - tail) == NULL;
}

struct by_issuer {
	const char *issuer;
	struct sso_provider *out;
	bool found;
};

static int
match_issuer(void *ctx, const struct sso_provider *p)
{
	struct by_issuer *b = ctx;
	if (!p->enabled || !issuer_is(p, b->issuer))
		return 0;
	*b->out = *p;
	b->found = true;
	return 1;
}

/* A refused logout token: audited and logged; *REASON is REASON. */
static int
logout_refused(struct store *s, const char *name, const char *reason, const char **out, struct error *err)
{
	*out = reason;
	fprintf(stderr, "caregrid: back-channel logout from %s refused: %s\n", name, reason);
	char label[96], detail[100];
	snprintf(detail, sizeof detail, "refused: %s", reason);
	const struct actor who = sso_actor(name, NULL, label);
	if (store_begin(s, err) < 0)
		return -1;
	return store_finish(s, audit_record(s, &who, "signout.sso.failed", 0, name, detail, err), err);
}

int
sso_backchannel(struct store *s, const char *logout_token, time_t now, const char **reason, long *ended,
		struct error *err)
{
	*reason = NULL;
	*ended = 0;
	char issuer[512];
	struct sso_provider p;
	struct by_issuer b = {.issuer = issuer, .out = &p};
	if (!logout_token || oidc_unverified_issuer(logout_token, issuer, sizeof issuer) < 0)
		return logout_refused(s, "unknown", "malformed", reason, err);
	if (sso_providers_each(s, match_issuer, &b, err) < 0)
		return -1;
	if (!b.found)
		return logout_refused(s, "unknown", "issuer", reason, err);
	struct oidc_meta meta;
	if (oidc_discover(p.issuer, now, &meta, err) < 0)
		return -1;
	struct oidc_expect x = sso_expect_of(&p, NULL, now, true);
	enum oidc_refusal why = OIDC_OK;
	json_t *claims = NULL;
	int rc = sso_verify_token(&meta, logout_token, &x, &claims, &why, err);
	if (rc != 0)
		return rc < 0 ? -1 : logout_refused(s, p.name, oidc_refusal_name(why), reason, err);
	const char *jti = json_string_value(json_object_get(claims, "jti"));
	const char *sid = json_string_value(json_object_get(claims, "sid"));
	const char *sub = json_string_value(json_object_get(claims, "sub"));
	json_t *exp = json_object_get(claims, "exp");
	time_t keep = json_is_integer(exp) ? (time_t)json_integer_value(exp) + OIDC_SKEW : now + JTI_KEEP_S;
	rc = jti ? sso_logout_use(s, &p, jti, sid, sub, keep, now, ended, err) : -1;
	if (!jti)
		rc = logout_refused(s, p.name, "malformed", reason, err);
	else if (rc == 1) { /* audited by sso_logout_use */
		*reason = "replay";
		fprintf(stderr, "caregrid: back-channel logout from %s refused: replay\n", p.name);
		rc = 0;
	}
	json_decref(claims);
	return rc;
}
