/*
 * oidc.c - every check of an ID token or a back-channel logout token, in one place (oidc_verify), and the
 * names and words of its refusals. The header and the claims are read by jansson from our own base64url
 * decoding (strict: libsodium's, no padding) before libcjose is asked anything, so that the algorithm and
 * the key are chosen by caregrid's rules, never by the token: the allow-list, never none or HS*, and a key
 * whose type fits the algorithm. Only then does libcjose verify the signature.
 */
#include "lib/oidc.h"

#include <cjose/cjose.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/xalloc.h"

static const char *const refusal_names[] = {
	[OIDC_OK] = "ok",
	[OIDC_ALG] = "alg",
	[OIDC_KID] = "kid",
	[OIDC_SIGNATURE] = "signature",
	[OIDC_ISSUER] = "issuer",
	[OIDC_AUDIENCE] = "audience",
	[OIDC_AZP] = "azp",
	[OIDC_EXPIRED] = "expired",
	[OIDC_IN_FUTURE] = "issued_in_future",
	[OIDC_NONCE] = "nonce",
	[OIDC_ASSURANCE] = "assurance",
	[OIDC_EVENTS] = "events",
	[OIDC_MALFORMED] = "malformed",
	[OIDC_SUBJECT] = "subject",
};

const char *
oidc_refusal_name(enum oidc_refusal why)
{
	if ((size_t)why >= sizeof refusal_names / sizeof refusal_names[0] || !refusal_names[why])
		return "unknown";
	return refusal_names[why];
}

/* Three sentences for thirteen reasons: a person can act on whether to retry, check the clock, or ask for a
 * stronger sign-in; which claim failed is for the log and the audit, not for them. */
const char *
oidc_refusal_words(enum oidc_refusal why)
{
	switch (why) {
	case OIDC_EXPIRED:
	case OIDC_IN_FUTURE:
		return N_("The sign-in took too long or your organisation's sign-in service gave an answer out of "
			  "date. Please sign in again.");
	case OIDC_NONCE:
		return N_("This sign-in was already used or was started in another window. Please sign in again.");
	case OIDC_ASSURANCE:
		return N_("caregrid needs a stronger sign-in than the one you used (for example your smartcard or "
			  "security key). Sign in again with it; if you cannot, tell your administrator.");
	default:
		return N_("Your organisation's sign-in service sent an answer caregrid could not trust. Try again; if "
			  "it happens again, tell your administrator.");
	}
}

/* --- reading the token ---------------------------------------------------------------------------------- */

static bool
blank(const char *s)
{
	return !s || !*s;
}

/* Whether the N bytes at ITEM are one of the comma-separated entries of LIST (spaces around them ignored). */
static bool
in_list(const char *list, const char *item, size_t n)
{
	const char *p = list ? list : "";
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *start = p;
		while (*p && *p != ',')
			p++;
		const char *end = p;
		while (end > start && end[-1] == ' ')
			end--;
		if (end > start && (size_t)(end - start) == n && memcmp(start, item, n) == 0)
			return true;
	}
	return false;
}

static bool
in_list_str(const char *list, const char *item)
{
	return item && in_list(list, item, strlen(item));
}

/* The JSON object the base64url part S (N bytes) holds, or NULL. */
static json_t *
part_json(const char *s, size_t n)
{
	size_t cap = n * 3 / 4 + 3, len;
	unsigned char *raw = xmalloc(cap);
	json_t *j = NULL;
	if (sodium_base642bin(raw, cap, s, n, NULL, &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0) {
		/* jansson refuses bytes that are not UTF-8, duplicate keys and a NUL inside a string. */
		j = json_loadb((const char *)raw, len, JSON_REJECT_DUPLICATES, NULL);
		if (j && !json_is_object(j)) {
			json_decref(j);
			j = NULL;
		}
	}
	free(raw);
	return j;
}

/* The JWS in compact form: three base64url parts, the first two non-empty. The header into *HDR. */
static enum oidc_refusal
read_form(const char *jwt, json_t **hdr)
{
	*hdr = NULL;
	if (!jwt)
		return OIDC_MALFORMED;
	size_t n = strnlen(jwt, OIDC_JWT_MAX + 1);
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
	if (n == 0 || n > OIDC_JWT_MAX || strspn(jwt, alphabet) != n)
		return OIDC_MALFORMED;
	const char *dot1 = strchr(jwt, '.');
	const char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	/* An empty signature is a form, not a fault of form: alg=none is refused for its algorithm. */
	if (!dot1 || !dot2 || strchr(dot2 + 1, '.') || dot1 == jwt || dot2 == dot1 + 1)
		return OIDC_MALFORMED;
	*hdr = part_json(jwt, (size_t)(dot1 - jwt));
	/* A header caregrid does not understand ("crit") or a nested token ("cty") is refused, not half-read. */
	if (!*hdr || json_object_get(*hdr, "crit") || json_object_get(*hdr, "cty"))
		return OIDC_MALFORMED;
	return OIDC_OK;
}

/* --- the algorithm and the key -------------------------------------------------------------------------- */

/* The key type ALG needs ("RSA", "EC"), or NULL when caregrid never accepts ALG (none, HS*, ES384...). */
static const char *
alg_kty(const char *alg)
{
	static const char *const rsa[] = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"};
	for (size_t i = 0; i < sizeof rsa / sizeof rsa[0]; i++)
		if (strcmp(alg, rsa[i]) == 0)
			return "RSA";
	return strcmp(alg, "ES256") == 0 ? "EC" : NULL;
}

/* Whether KEY (a JWK object) can verify ALG: its type, EC's curve, its use and alg when it states them. */
static bool
key_fits(const json_t *key, const char *alg)
{
	const char *kty = json_string_value(json_object_get(key, "kty"));
	const char *use = json_string_value(json_object_get(key, "use"));
	const char *kalg = json_string_value(json_object_get(key, "alg"));
	const char *want = alg_kty(alg);
	if (!kty || !want || strcmp(kty, want) != 0)
		return false;
	if (strcmp(kty, "EC") == 0 && !json_is_string(json_object_get(key, "crv")))
		return false;
	if (strcmp(kty, "EC") == 0 && strcmp(json_string_value(json_object_get(key, "crv")), "P-256") != 0)
		return false;
	if (json_object_get(key, "use") && (!use || strcmp(use, "sig") != 0))
		return false;
	return !json_object_get(key, "alg") || (kalg && strcmp(kalg, alg) == 0);
}

/*
 * The key of JWKS that verifies a token with header HDR, into *KEY (borrowed). With a kid: the key with that
 * kid that fits (a kid whose keys are all of another type: the algorithm is wrong, not the kid). Without: the
 * one key of the set that fits, when there is exactly one.
 */
static enum oidc_refusal
choose_key(const json_t *hdr, const json_t *jwks, const char *alg, const json_t **key)
{
	const json_t *keys = json_object_get(jwks, "keys");
	const json_t *kid = json_object_get(hdr, "kid");
	if (kid && !json_is_string(kid))
		return OIDC_MALFORMED;
	size_t i, fits = 0, named = 0;
	const json_t *k;
	*key = NULL;
	json_array_foreach(keys, i, k) {
		const char *kk = json_string_value(json_object_get(k, "kid"));
		if (kid && (!kk || strcmp(kk, json_string_value(kid)) != 0))
			continue;
		named++;
		if (key_fits(k, alg)) {
			fits++;
			*key = k;
		}
	}
	if (kid && named && !fits)
		return OIDC_ALG;
	if (fits == 0 || (!kid && fits != 1) || (kid && fits != 1))
		return OIDC_KID;
	return OIDC_OK;
}

static enum oidc_refusal
check_alg(const json_t *hdr, const struct oidc_expect *x, const char **alg)
{
	*alg = json_string_value(json_object_get(hdr, "alg"));
	if (!*alg)
		return OIDC_MALFORMED;
	const char *allowed = blank(x->algs) ? OIDC_DEFAULT_ALGS : x->algs;
	return alg_kty(*alg) && in_list_str(allowed, *alg) ? OIDC_OK : OIDC_ALG;
}

/* The signature, by libcjose with KEY; the verified payload's claims into *CLAIMS. */
static enum oidc_refusal
check_signature(const char *jwt, const json_t *key, json_t **claims)
{
	enum oidc_refusal why = OIDC_SIGNATURE;
	cjose_err e;
	char *kjson = json_dumps(key, JSON_COMPACT);
	cjose_jwk_t *jwk = kjson ? cjose_jwk_import(kjson, strlen(kjson), &e) : NULL;
	cjose_jws_t *jws = jwk ? cjose_jws_import(jwt, strlen(jwt), &e) : NULL;
	uint8_t *plain = NULL;
	size_t len = 0;
	if (!jwk)
		why = OIDC_KID; /* a key in the set that libcjose cannot read verifies nothing */
	else if (!jws)
		why = OIDC_MALFORMED;
	else if (cjose_jws_verify(jws, jwk, &e) && cjose_jws_get_plaintext(jws, &plain, &len, &e)) {
		*claims = json_loadb((const char *)plain, len, JSON_REJECT_DUPLICATES, NULL);
		why = json_is_object(*claims) ? OIDC_OK : OIDC_MALFORMED;
	}
	cjose_jws_release(jws);
	cjose_jwk_release(jwk);
	free(kjson);
	return why;
}

/* --- the claims ----------------------------------------------------------------------------------------- */

static const char *
claim_str(const json_t *c, const char *name)
{
	return json_string_value(json_object_get(c, name));
}

static enum oidc_refusal
check_issuer(const json_t *c, const struct oidc_expect *x)
{
	const char *iss = claim_str(c, "iss");
	if (!iss || blank(x->issuer))
		return OIDC_ISSUER;
	const char *slot = strstr(x->issuer, "{tenantid}");
	if (!slot)
		return strcmp(iss, x->issuer) == 0 ? OIDC_OK : OIDC_ISSUER;
	/* Entra multi-tenant: the template with the token's own tenant, and that tenant allowed. */
	const char *tid = claim_str(c, "tid");
	if (!tid || !*tid || !in_list_str(x->tenants, tid))
		return OIDC_ISSUER;
	size_t pre = (size_t)(slot - x->issuer), tl = strlen(tid);
	const char *post = slot + strlen("{tenantid}");
	if (strlen(iss) != pre + tl + strlen(post))
		return OIDC_ISSUER;
	if (memcmp(iss, x->issuer, pre) != 0 || memcmp(iss + pre, tid, tl) != 0 || strcmp(iss + pre + tl, post) != 0)
		return OIDC_ISSUER;
	return OIDC_OK;
}

static enum oidc_refusal
check_audience(const json_t *c, const struct oidc_expect *x)
{
	const json_t *aud = json_object_get(c, "aud");
	const json_t *azp = json_object_get(c, "azp");
	size_t i, n = 0;
	bool found = false;
	const json_t *a;
	if (blank(x->client_id))
		return OIDC_AUDIENCE;
	if (json_is_string(aud)) {
		n = 1;
		found = strcmp(json_string_value(aud), x->client_id) == 0;
	} else if (json_is_array(aud)) {
		json_array_foreach(aud, i, a) {
			if (!json_is_string(a))
				return OIDC_MALFORMED;
			n++;
			found = found || strcmp(json_string_value(a), x->client_id) == 0;
		}
	}
	if (!found)
		return OIDC_AUDIENCE;
	if ((n > 1 && !azp) || (azp && (!json_is_string(azp) || strcmp(json_string_value(azp), x->client_id) != 0)))
		return OIDC_AZP;
	return OIDC_OK;
}

/* exp (required unless a logout token) and iat (required), each with OIDC_SKEW of slack. */
static enum oidc_refusal
check_times(const json_t *c, const struct oidc_expect *x)
{
	const json_t *exp = json_object_get(c, "exp"), *iat = json_object_get(c, "iat");
	if ((exp && !json_is_number(exp)) || !json_is_number(iat) || (!exp && !x->logout))
		return OIDC_MALFORMED;
	double now = (double)x->now;
	if (exp && json_number_value(exp) + OIDC_SKEW < now)
		return OIDC_EXPIRED;
	if (json_number_value(iat) > now + OIDC_SKEW)
		return OIDC_IN_FUTURE;
	return OIDC_OK;
}

static enum oidc_refusal
check_nonce(const json_t *c, const struct oidc_expect *x)
{
	const json_t *nonce = json_object_get(c, "nonce");
	if (x->logout)
		return nonce ? OIDC_NONCE : OIDC_OK;
	const char *got = json_string_value(nonce);
	if (!got || blank(x->nonce) || strlen(got) != strlen(x->nonce))
		return OIDC_NONCE;
	return sodium_memcmp(got, x->nonce, strlen(got)) == 0 ? OIDC_OK : OIDC_NONCE;
}

/* A logout token's events, subject and jti (OpenID Connect Back-Channel Logout 1.0, 2.4 and 2.6). */
static enum oidc_refusal
check_logout(const json_t *c)
{
	const json_t *events = json_object_get(c, "events");
	if (!json_is_object(events) || !json_is_object(json_object_get(events, OIDC_BACKCHANNEL_EVENT)))
		return OIDC_EVENTS;
	const char *sub = claim_str(c, "sub"), *sid = claim_str(c, "sid");
	if (blank(sub) && blank(sid))
		return OIDC_SUBJECT;
	return blank(claim_str(c, "jti")) ? OIDC_MALFORMED : OIDC_OK;
}

/* "AAL3", "3", 3, "AAL3_ANY": the level's digit, or -1. */
static int
aal_level(const json_t *v)
{
	if (json_is_integer(v))
		return json_integer_value(v) >= 0 && json_integer_value(v) <= 9 ? (int)json_integer_value(v) : -1;
	const char *s = json_string_value(v);
	if (!s)
		return -1;
	if (strncmp(s, "AAL", 3) == 0)
		s += 3;
	return s[0] >= '0' && s[0] <= '9' && (!s[1] || s[1] == '_') ? s[0] - '0' : -1;
}

static bool
is_aal(const char *s)
{
	return strncmp(s, "AAL", 3) == 0 && s[3] >= '0' && s[3] <= '9' && !s[4];
}

static enum oidc_refusal
check_assurance(const json_t *c, const struct oidc_expect *x)
{
	if (blank(x->acr_min))
		return OIDC_OK;
	const char *acr = claim_str(c, "acr");
	if (is_aal(x->acr_min)) {
		const json_t *aal = json_object_get(c, "authentication_assurance_level");
		int level = aal ? aal_level(aal) : aal_level(json_object_get(c, "acr"));
		return level >= x->acr_min[3] - '0' ? OIDC_OK : OIDC_ASSURANCE;
	}
	if (acr && (strcmp(acr, x->acr_min) == 0 || in_list_str(x->acr_accepted, acr)))
		return OIDC_OK;
	return OIDC_ASSURANCE;
}

static enum oidc_refusal
check_claims(const json_t *c, const struct oidc_expect *x)
{
	enum oidc_refusal why;
	if ((why = check_issuer(c, x)) || (why = check_audience(c, x)) || (why = check_times(c, x)) ||
	    (why = check_nonce(c, x)))
		return why;
	if (x->logout)
		return check_logout(c);
	if (blank(claim_str(c, "sub")))
		return OIDC_SUBJECT;
	return check_assurance(c, x);
}

int
oidc_verify(const char *jwt, const json_t *jwks, const struct oidc_expect *x, json_t **claims,
	    enum oidc_refusal *why)
{
	json_t *hdr = NULL, *c = NULL;
	const json_t *key = NULL;
	const char *alg = NULL;
	enum oidc_refusal r = read_form(jwt, &hdr);
	if (!r)
		r = check_alg(hdr, x, &alg);
	if (!r)
		r = choose_key(hdr, jwks, alg, &key);
	if (!r)
		r = check_signature(jwt, key, &c);
	if (!r)
		r = check_claims(c, x);
	json_decref(hdr);
	*why = r;
	if (r) {
		json_decref(c);
		c = NULL;
	}
	*claims = c;
	return r ? -1 : 0;
}

int
oidc_unverified_issuer(const char *jwt, char *out, size_t size)
{
	json_t *hdr;
	if (read_form(jwt, &hdr) != OIDC_OK) {
		json_decref(hdr);
		return -1;
	}
	json_decref(hdr);
	const char *dot1 = strchr(jwt, '.'), *dot2 = strchr(dot1 + 1, '.');
	json_t *c = part_json(dot1 + 1, (size_t)(dot2 - dot1 - 1));
	const char *iss = claim_str(c, "iss");
	int rc = iss && strlen(iss) < size ? 0 : -1;
	if (rc == 0)
		memcpy(out, iss, strlen(iss) + 1);
	json_decref(c);
	return rc;
}

int
oidc_claims_merge(json_t *claims, const json_t *userinfo, struct error *err)
{
	const char *sub = claim_str(claims, "sub"), *usub = claim_str(userinfo, "sub");
	if (!json_is_object(userinfo) || !sub || !usub || strcmp(sub, usub) != 0)
		return error_of(err, ERROR_INVALID, "the UserInfo answer is about another person than the ID token");
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)userinfo, k, v) {
		if (!json_object_get(claims, k))
			json_object_set(claims, k, v);
	}
	return 0;
}
