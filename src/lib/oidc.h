/*
 * oidc.h - the protocol core of caregrid's OpenID Connect relying party, pure (no I/O): every check of an ID
 * token or a back-channel logout token in one function (oidc_verify), PKCE and the random state and nonce, the
 * authorization URL, and private_key_jwt client authentication (the signed client assertion and the public
 * key set caregrid publishes). Talking to a provider over HTTP is domain/oidc_client.h; what a sign-in does
 * with the claims is domain/sso.h.
 *
 * Built on libcjose (JWS, JWK), jansson and libsodium. Strings are NUL-terminated; what a function returns
 * for the caller to free says so.
 */
#ifndef CAREGRID_OIDC_H
#define CAREGRID_OIDC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "lib/error.h"

#define OIDC_DEFAULT_ALGS "RS256,RS512,PS256,ES256"
#define OIDC_SKEW 120            /* seconds of clock difference accepted on exp and iat */
#define OIDC_JWT_MAX 16384       /* a longer token is refused as malformed before it is parsed */
#define OIDC_TOKEN_SIZE 44       /* 32 random bytes as base64url without padding (43) and the NUL */
#define OIDC_BACKCHANNEL_EVENT "http://schemas.openid.net/event/backchannel-logout"

/* Why a token was refused. Each has a stable short name (oidc_refusal_name) for the log and the audit. */
enum oidc_refusal {
	OIDC_OK = 0,
	OIDC_ALG,              /* "alg": none, HS*, not on the allow-list, or not the key's type */
	OIDC_KID,              /* "kid": no key in the set for it (the caller may fetch the set again once) */
	OIDC_SIGNATURE,        /* "signature" */
	OIDC_ISSUER,           /* "issuer": iss not the provider's (or its tenant not on the allow-list) */
	OIDC_AUDIENCE,         /* "audience": aud does not name the client */
	OIDC_AZP,              /* "azp": several audiences and no azp, or an azp that is not the client */
	OIDC_EXPIRED,          /* "expired": exp more than OIDC_SKEW in the past */
	OIDC_IN_FUTURE,        /* "issued_in_future": iat more than OIDC_SKEW ahead */
	OIDC_NONCE,            /* "nonce": not the one sent (ID token), or present at all (logout token) */
	OIDC_ASSURANCE,        /* "assurance": acr / authentication_assurance_level below the minimum */
	OIDC_EVENTS,           /* "events": a logout token without the back-channel logout event */
	OIDC_MALFORMED,        /* "malformed": not a JWS in compact form, not JSON, too long, not UTF-8; a
				* required exp, iat (or a logout token's jti) missing or not a number/string */
	OIDC_SUBJECT,          /* "subject": no sub (ID token), neither sub nor sid (logout token) */
};

/* What the token must be. Strings not owned; NULL and "" mean the same (absent). */
struct oidc_expect {
	const char *issuer;      /* exact; Entra multi-tenant: a template holding "{tenantid}", which the token's
				  * tid claim fills in, and that tid must be on TENANTS */
	const char *tenants;     /* comma-separated tenant ids allowed with a "{tenantid}" issuer; none: refused */
	const char *client_id;   /* aud must contain it; azp, when present or when aud has several, must equal it */
	const char *algs;        /* comma-separated allow-list; absent: OIDC_DEFAULT_ALGS. HS* and none are refused
				  * even when listed */
	const char *nonce;       /* ID tokens: the nonce sent, which the token must carry; ignored for logout */
	/*
	 * The least assurance accepted; absent: none asked. Two ways, chosen by its form:
	 * - "AAL1", "AAL2", "AAL3" (CIS2): ordered. The token's level is its authentication_assurance_level claim
	 *   (a number, "3", or "AAL3"), else an acr beginning "AAL<digit>" ("AAL3_ANY"); level >= the minimum.
	 * - anything else (a generic acr, a URI): the token's acr must equal it or be one of ACR_ACCEPTED.
	 */
	const char *acr_min;
	const char *acr_accepted; /* generic acr: other values accepted, comma-separated (stronger ones) */
	time_t now;
	bool logout;             /* a back-channel logout token: events required, nonce refused, sub or sid,
				  * jti required (its single use is the caller's to check), exp optional */
};

/*
 * Verifies the compact JWS JWT against the key set JWKS ({"keys":[...]}) and every rule of X, in this order:
 * form (malformed), alg, kid, signature, then the claims (issuer, audience, azp, expired, issued_in_future,
 * nonce, events, subject, assurance). 0 with *CLAIMS (a new reference: json_decref it) when every check
 * passes; -1 with *WHY (and *CLAIMS NULL) at the first that fails. A token without kid is accepted only when
 * the set holds exactly one key of the algorithm's type.
 */
int oidc_verify(const char *jwt, const json_t *jwks, const struct oidc_expect *x, json_t **claims,
		enum oidc_refusal *why);

/* WHY's short stable name ("alg", "kid", "signature", "issuer"...; "ok" for OIDC_OK), for logs and audits. */
const char *oidc_refusal_name(enum oidc_refusal why);

/* What a person is told about WHY: a plain sentence saying what to do, marked N_() (translate it where it is
 * shown, with _() or tr()). Few sentences for many reasons, and never a claim's name. */
const char *oidc_refusal_words(enum oidc_refusal why);

/* The iss claim of JWT, NOT verified, into OUT: only to choose whose keys to verify a back-channel logout
 * token with. 0, or -1 when JWT is not a token with a string iss that fits. */
int oidc_unverified_issuer(const char *jwt, char *out, size_t size);

/* CLAIMS (the verified ID token's) with USERINFO's added where CLAIMS lacks them; the UserInfo sub must be
 * the ID token's (OpenID Connect Core 5.3.2). 0, or -1 (ERR) when it is not. */
int oidc_claims_merge(json_t *claims, const json_t *userinfo, struct error *err);

/* --- PKCE (RFC 7636, S256), state and nonce ----------------------------------------------------------- */

/* A new code verifier (43 base64url characters from 32 random bytes) and its S256 challenge. */
void oidc_pkce_new(char verifier[OIDC_TOKEN_SIZE], char challenge[OIDC_TOKEN_SIZE]);
/* The S256 challenge of VERIFIER: BASE64URL(SHA-256(VERIFIER)) without padding. */
void oidc_pkce_challenge(const char *verifier, char challenge[OIDC_TOKEN_SIZE]);
/* 32 random bytes as 43 base64url characters: a state, a nonce, a jti. */
void oidc_random_token(char out[OIDC_TOKEN_SIZE]);

/* --- URLs ---------------------------------------------------------------------------------------------- */

/* S percent-encoded for a query or a form body: every byte but A-Z a-z 0-9 - . _ ~ as %XX (the caller frees). */
char *oidc_url_encode(const char *s);
/* S (N bytes) decoded: %XX and '+' as a space (form encoding). 0 with *OUT (free it), -1 on a bad escape or an
 * encoded NUL. */
int oidc_url_decode(const char *s, size_t n, char **out);

/*
 * The authorization request (response_type=code, code_challenge_method=S256): ENDPOINT with client_id,
 * redirect_uri, scope (SCOPES, space-separated), state, nonce and code_challenge, plus login_hint and
 * acr_values when not NULL or "". Each value percent-encoded; appended with '&' when ENDPOINT already has a
 * query. The caller frees it.
 */
char *oidc_authorize_url(const char *endpoint, const char *client_id, const char *redirect_uri, const char *scopes,
			 const char *state, const char *nonce, const char *challenge, const char *login_hint,
			 const char *acr_values);

/* --- private_key_jwt ----------------------------------------------------------------------------------- */

/*
 * A client assertion (RFC 7523) signed with the private JWK in PRIVATE_JWK_JSON: alg the JWK's "alg", else
 * RS512 for an RSA key (CIS2) and ES256 for an EC one; kid the JWK's; iss = sub = CLIENT_ID, aud =
 * TOKEN_ENDPOINT, a random jti, iat NOW, exp NOW + 300. 0 with *OUT (free it), -1 (ERR) when the JWK is not a
 * private RSA or EC P-256 key.
 */
int oidc_client_assertion(const char *private_jwk_json, const char *client_id, const char *token_endpoint,
			  time_t now, char **out, struct error *err);

/* The public key set to publish at GET /auth/oidc/jwks: {"keys":[the public part only, with kid, "use":"sig"
 * and alg]}; a kid is made (the RFC 7638 thumbprint) when the JWK has none. 0 with *OUT (free it), -1 (ERR). */
int oidc_public_jwks(const char *private_jwk_json, char **out, struct error *err);

#endif
