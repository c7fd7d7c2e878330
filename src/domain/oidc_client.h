/*
 * oidc_client.h - caregrid talking to an OpenID Provider over HTTP (libcurl): discovery, the key set, the
 * token exchange and UserInfo, and reading the client's secret file. No database: the sign-in use case
 * (domain/sso.h) calls these and keeps what it must. The tokens' checks are lib/oidc.h's.
 *
 * Every request: https with the certificate verified (http only to a loopback issuer: 127.0.0.1, ::1,
 * localhost), http and https the only protocols, no redirects followed, 5 s to connect and 15 s in all, a
 * reply of at most 1 MiB. Discovery and key sets are cached per issuer behind a mutex (the server has many
 * threads): discovery at most an hour; a key set until an unknown kid asks for it again, at most once a minute.
 *
 * Errors: ERROR_UNAVAILABLE when the provider could not be reached or answered badly, ERROR_INVALID when it
 * refused what was sent (the token exchange's "error" code is in the English message, for the log, never in
 * what a person reads), ERROR_INTERNAL for a secret file caregrid cannot read.
 */
#ifndef CAREGRID_OIDC_CLIENT_H
#define CAREGRID_OIDC_CLIENT_H

#include <jansson.h>
#include <stdbool.h>
#include <time.h>

#include "lib/error.h"

#define OIDC_DISCOVERY_TTL 3600  /* seconds a discovery document is kept */
#define OIDC_JWKS_MIN_AGE 60     /* seconds before an unknown kid may fetch the key set again */
#define OIDC_REPLY_MAX (1024 * 1024)

/* A provider's discovery document, the parts caregrid uses. */
struct oidc_meta {
	char issuer[512];                  /* as configured: for Entra multi-tenant, the "{tenantid}" template */
	char authorization_endpoint[1024];
	char token_endpoint[1024];
	char jwks_uri[1024];
	char userinfo_endpoint[1024];      /* "" when the provider has none */
	char end_session_endpoint[1024];   /* "" when the provider has none (no RP-initiated logout) */
	bool backchannel_logout;           /* backchannel_logout_supported */
};

/*
 * ISSUER's discovery document, from the cache when fetched less than OIDC_DISCOVERY_TTL before NOW, else from
 * ISSUER/.well-known/openid-configuration ("{tenantid}" in ISSUER read as "organizations" for the fetch, as
 * Entra's multi-tenant document is). Its "issuer" must equal ISSUER exactly, and authorization_endpoint,
 * token_endpoint and jwks_uri must be there (https, or http on loopback). 0 with *OUT, -1 (ERR).
 */
int oidc_discover(const char *issuer, time_t now, struct oidc_meta *out, struct error *err);

/*
 * The key set of META's provider: a new reference (json_decref it). From the cache when fetched less than
 * OIDC_DISCOVERY_TTL before NOW (so that a withdrawn key goes within the hour), unless REFRESH (the caller met a
 * kid not in it) and the cached set is older than OIDC_JWKS_MIN_AGE. The reply must be {"keys":[...]}. 0, -1.
 */
int oidc_jwks(const struct oidc_meta *meta, time_t now, bool refresh, json_t **jwks, struct error *err);

/* Forgets every cached discovery document and key set (tests; a changed provider). */
void oidc_cache_forget(void);

/* How caregrid authenticates to the token endpoint: a client secret (client_secret_basic) or a private JWK
 * (private_key_jwt). Not owned. Exactly one of the two is set. */
struct oidc_client_auth {
	const char *client_id;
	const char *client_secret;   /* client_secret_basic, or NULL */
	const char *private_jwk;     /* private_key_jwt: the JWK's JSON, or NULL */
};

/* What the token endpoint gave. Owned: oidc_tokens_release frees them. */
struct oidc_tokens {
	char *id_token;
	char *access_token;          /* NULL when the provider sent none */
};

/*
 * The authorization code exchanged (RFC 6749 4.1.3, PKCE's code_verifier): POST to META's token endpoint with
 * grant_type=authorization_code, code, redirect_uri, code_verifier and client_id, authenticated by AUTH (the
 * id and secret form-encoded into HTTP Basic, RFC 6749 2.3.1; or a client assertion made at NOW). 0 with *OUT
 * (an id_token is required), -1 (ERR).
 */
int oidc_token_exchange(const struct oidc_meta *meta, const struct oidc_client_auth *auth, const char *code,
			const char *redirect_uri, const char *code_verifier, time_t now, struct oidc_tokens *out,
			struct error *err);
void oidc_tokens_release(struct oidc_tokens *t);

/*
 * The UserInfo claims (GET with the bearer ACCESS_TOKEN, a JSON reply; CIS2's roles come this way): 0 with
 * *CLAIMS (a new reference) whose sub equals SUB, the verified ID token's; -1 (ERR) otherwise, or when META has
 * no userinfo_endpoint. Merge them with oidc_claims_merge (lib/oidc.h).
 */
int oidc_userinfo(const struct oidc_meta *meta, const char *access_token, const char *sub, json_t **claims,
		  struct error *err);

/* The client secret in the file at PATH, trimmed of surrounding white space: 0 with *OUT (free it), -1 (ERR
 * "cannot read the client secret file PATH: ..."), also when it is empty. */
int oidc_client_secret_read(const char *path, char **out, struct error *err);
/* The private JWK in the file at PATH (JSON, an RSA or EC P-256 key with its private part): 0 with *OUT (the
 * JSON, free it), -1 (ERR "cannot read the private key file PATH: ..."). */
int oidc_private_key_read(const char *path, char **out, struct error *err);

/*
 * Tests only: every fetch goes to FN instead of the network (NULL: the network again). FN answers URL (a POST
 * of BODY when not NULL, with the Authorization header AUTHORIZATION when not NULL) with the reply's status
 * and body (malloc'd, the caller frees); -1 (ERR) when unreachable. Not thread-safe: set it before requests.
 */
typedef int (*oidc_fetch_fn)(void *ctx, const char *url, const char *authorization, const char *body,
			     long *status, char **reply, struct error *err);
void oidc_client_fetch_hook(oidc_fetch_fn fn, void *ctx);

#endif
