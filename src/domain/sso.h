/*
 * sso.h - single sign-on through OpenID Connect providers (NHS CIS2, Microsoft Entra ID, Google Workspace, any
 * certified provider): the providers an administrator configures, the rules that turn a person's claims into
 * roles on units, and the sign-in itself (accounts keyed on issuer and subject, never on email).
 *
 * Two halves: configuration (providers, rules, the claims-to-roles evaluation: domain/sso_config.c) and the
 * sign-in and sign-out flows (pending logins, identities, role sync, logouts: domain/sso.c). The tokens' checks
 * live in lib/oidc.h; talking to the provider over HTTP in domain/oidc_client.h.
 */
#ifndef CAREGRID_SSO_H
#define CAREGRID_SSO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "domain/audit.h"
#include "domain/auth.h"
#include "lib/error.h"

struct store;

enum sso_preset { SSO_GENERIC, SSO_CIS2, SSO_ENTRA, SSO_GOOGLE };
enum sso_client_auth { SSO_SECRET_BASIC, SSO_PRIVATE_KEY_JWT };

/* A configured provider. Secrets are never in the database: only the path of the file that holds them. */
struct sso_provider {
	int64_t id;
	char name[64];                /* what the CLI and the start URL call it: "cis2", "nhsmail" */
	char label[128];              /* what the sign-in button says after "Sign in with": "NHS Care Identity" */
	enum sso_preset preset;
	char issuer[512];             /* exact; Entra multi-tenant: contains "{tenantid}" */
	char tenants[512];            /* Entra multi-tenant allow-list of tenant ids, comma-separated; "" none */
	char client_id[256];
	enum sso_client_auth client_auth;
	char secret_file[1024];       /* client secret (SSO_SECRET_BASIC) or private JWK (SSO_PRIVATE_KEY_JWT) */
	char scopes[512];             /* space-separated, always with "openid" */
	char algs[128];               /* allow-list, comma-separated; "" = RS256,RS512,PS256,ES256 */
	char acr_min[128];            /* the least assurance accepted ("" none); CIS2: "AAL3" */
	bool userinfo;                /* call the UserInfo endpoint after the token (CIS2) */
	bool trust_verified_email;    /* a first sign-in with a verified email links to that existing account */
	bool enabled;
};

/* A rule: when CLAIM contains VALUE (a string equal to it, or an array holding it), ROLE on UNIT (and its
 * children when WITH_CHILDREN). The CIS2 rule (SSO_RULE_CIS2): an entry of nhsid_nrbac_roles whose org_code
 * is the unit's ODS code and whose role_code contains VALUE (an R-code) or activity_codes VALUE (a B-code);
 * UNIT_ID 0 means "whichever unit has that ODS code". */
enum sso_rule_kind { SSO_RULE_CLAIM, SSO_RULE_CIS2 };
struct sso_rule {
	int64_t id;
	int64_t provider_id;
	enum sso_rule_kind kind;
	char claim[128];   /* SSO_RULE_CLAIM: "roles", "groups", "hd", any top-level claim */
	char value[256];
	int64_t unit_id;   /* 0 with SSO_RULE_CIS2: the unit whose ODS code the entry names */
	char role[16];     /* "admin", "facilitator", "viewer": never site administrator */
	bool with_children;
};

/* What the rules give: ROLE on UNIT_ID. */
struct sso_grant {
	int64_t unit_id;
	char role[16];
};

/* --- configuration: domain/sso_config.c --------------------------------------------------------------- */

int sso_provider_add(struct store *s, const struct actor *who, const struct sso_provider *p, struct error *err);
int sso_provider_update(struct store *s, const struct actor *who, const struct sso_provider *p, struct error *err);
/* 1 found, 0 not, -1 error. */
int sso_provider_by_name(struct store *s, const char *name, struct sso_provider *out, struct error *err);
int sso_provider_by_id(struct store *s, int64_t id, struct sso_provider *out, struct error *err);
typedef int (*sso_provider_fn)(void *ctx, const struct sso_provider *p);
int sso_providers_each(struct store *s, sso_provider_fn fn, void *ctx, struct error *err);

int sso_rule_add(struct store *s, const struct actor *who, const struct sso_rule *r, int64_t *id_out,
		 struct error *err);
int sso_rule_delete(struct store *s, const struct actor *who, int64_t rule_id, struct error *err);
typedef int (*sso_rule_fn)(void *ctx, const struct sso_rule *r);
int sso_rules_each(struct store *s, int64_t provider_id, sso_rule_fn fn, void *ctx, struct error *err);

/* The roles P's rules give a person with CLAIMS (the ID token's, merged with UserInfo's): *OUT (malloc'd, the
 * caller frees) holds *N grants, one per unit, the strongest role when several rules give one unit, children
 * expanded. Never site administrator. */
int sso_rules_apply(struct store *s, const struct sso_provider *p, const json_t *claims, struct sso_grant **out,
		    size_t *n, struct error *err);

/* Whether people other than the break-glass site administrators may sign in with a password (setting
 * 'local_passwords': on by default). */
int sso_local_passwords(struct store *s, bool *allowed, struct error *err);
/* Turning passwords off is refused (ERROR_CONFLICT) while no site administrator has a password. */
int sso_local_passwords_set(struct store *s, const struct actor *who, bool allowed, struct error *err);

/* Names as stored and typed: "generic", "cis2", "entra", "google"; "client_secret_basic", "private_key_jwt";
 * "claim", "cis2". sso_preset_parse: 0, or -1 for an unknown name. */
const char *sso_preset_name(enum sso_preset p);
int sso_preset_parse(const char *name, enum sso_preset *out);
const char *sso_client_auth_name(enum sso_client_auth a);
const char *sso_rule_kind_name(enum sso_rule_kind k);
/* Sets P's preset and fills the fields it leaves empty with PRESET's defaults (scopes, algorithms, assurance,
 * UserInfo, client authentication, label; Google's issuer). Fields already set are kept: flags override. */
void sso_preset_defaults(enum sso_preset preset, struct sso_provider *p);
/* What to tell the administrator of P's preset (a msgid: translate it), or NULL: Entra's group overage. */
const char *sso_preset_warning(const struct sso_provider *p);
/* ALG is one an ID token may be signed with: RS256/384/512, PS256/384/512, ES256/384 (never none or HS*). */
bool sso_alg_allowed(const char *alg);
/* The checks sso_provider_add and _update make, each error naming its field (err->field is the struct's
 * field name: "issuer", "scopes", ...); NEW_FILE: the secret's file must exist and be readable. */
int sso_provider_check(const struct sso_provider *p, bool new_file, struct error *err);
/* 1 found, 0 not, -1 error. */
int sso_rule_by_id(struct store *s, int64_t id, struct sso_rule *out, struct error *err);
/* sso_rules_apply without the store: RULES over CLAIMS and TREE (the units, their ODS codes and children). */
struct unit_tree;
void sso_rules_eval(const struct sso_rule *rules, size_t n_rules, const struct unit_tree *tree, const json_t *claims,
		    struct sso_grant **out, size_t *n);

/* --- sign-in and sign-out: domain/sso.c ---------------------------------------------------------------- */

#define SSO_PENDING_S 600                       /* a sign-in must come back from its provider within ten minutes */
#define SSO_CALLBACK_PATH "/auth/oidc/callback" /* the redirect URI registered with providers: BASE_URL + this */
#define SSO_RETURN_MAX 512                      /* the longest path a sign-in returns to */

/* Whether PATH is a path of this site a sign-in may return to: it starts with one "/" (not "//"), and holds no
 * space, control character, backslash or non-ASCII byte (a browser reads "/\evil.example" as "//evil..."). */
bool sso_return_path_ok(const char *path);

/* What starts a sign-in. Strings not owned. */
struct sso_start {
	const char *provider;     /* its name */
	const char *return_to;    /* where to go once signed in: a local path; anything else (or NULL) is "/units" */
	const char *login_hint;   /* passed on to the provider when not NULL or "" */
	bool test;                /* a site administrator's test: the claims are shown, nobody is signed in */
	const char *redirect_uri; /* BASE_URL + SSO_CALLBACK_PATH */
	time_t now;
};

/*
 * Starts a sign-in with ST's provider: its discovery document, a new state, nonce and PKCE verifier, and a
 * pending row (single use, SSO_PENDING_S) found later by the state's hash. *URL (free it) is the provider's
 * authorization address to send the person to; STATE the state in it (the caller binds it to the browser, in
 * a cookie the callback compares). -1 with ERR: ERROR_NOT_FOUND for a provider not configured or turned off,
 * ERROR_UNAVAILABLE when the provider cannot be reached.
 */
int sso_begin(struct store *s, const struct sso_start *st, char **url, char state[TOKEN_CHARS], struct error *err);

/* What the provider sent back to the callback, and about whom. Strings not owned; NULL when absent. */
struct sso_callback {
	const char *state;
	const char *code;
	const char *error;        /* the provider's "error" parameter: it did not sign the person in */
	const char *redirect_uri; /* as sso_begin was given */
	const char *address;      /* the client's */
	time_t now;
};

enum sso_outcome {
	SSO_SIGNED_IN, /* a session: result.session; the person holds at least one role (or is a site admin) */
	SSO_NO_ACCESS, /* a session too, but no unit has given the person a role yet */
	SSO_TESTED,    /* a test sign-in: result.claims, nobody signed in */
	SSO_REFUSED,   /* result.reason and result.words; audited as signin.sso.failed and logged */
};

struct sso_result {
	enum sso_outcome outcome;
	struct session session;          /* SSO_SIGNED_IN, SSO_NO_ACCESS: its token is the cookie's */
	char return_to[SSO_RETURN_MAX];  /* SSO_SIGNED_IN: where to go */
	int64_t user_id;                 /* SSO_SIGNED_IN, SSO_NO_ACCESS */
	int status;                      /* SSO_REFUSED: 400 the person's or the flow's, 403 refused, 503 provider */
	const char *reason;              /* SSO_REFUSED: a stable short name ("state", "nonce", "disabled"...) */
	const char *words;               /* SSO_REFUSED: a plain sentence saying what to do, marked N_() */
	struct sso_provider provider;    /* the provider the pending sign-in named (zeroed when none) */
	json_t *claims;                  /* SSO_TESTED: the claims received (owned) */
};
void sso_result_release(struct sso_result *r);

/*
 * The person back from the provider (GET SSO_CALLBACK_PATH): the pending sign-in taken by the state's hash
 * (once: a state seen again, or older than SSO_PENDING_S, is refused for that reason), the code exchanged for
 * tokens, the ID token verified (oidc_verify, with the pending nonce), UserInfo merged when the provider says
 * so, then sso_accept. A refusal is OUT->outcome SSO_REFUSED, audited and logged; -1 only when the database
 * failed (ERR).
 */
int sso_finish(struct store *s, const struct sso_callback *cb, struct sso_result *out, struct error *err);

/*
 * P's person with verified CLAIMS (ID_TOKEN, kept sealed with their session for the logout) signs in, in one
 * transaction: their identity by (iss, sub) - made at the first sign-in with a new account with no role, or
 * linked (audited identity.link) to the account of their email when P trusts verified emails and
 * email_verified is true - their roles recomputed from P's rules (sso_roles_sync), and a new session
 * (signin.sso). A disabled account is refused. OUT as sso_finish's; -1 only on a storage error.
 */
int sso_accept(struct store *s, const struct sso_provider *p, const json_t *claims, const char *id_token,
	       const char *address, time_t now, struct sso_result *out, struct error *err);

/*
 * Makes USER_ID's provider-given roles exactly GRANTS (sso_rules_apply's): a role given by hand (unit_role
 * source 'hand') is never changed nor removed, a provider-given one no longer given is removed, and site
 * administrator is never touched. Each unit's change is audited (role.sync) as WHO. In the caller's
 * transaction; *CHANGED (may be NULL) counts the units changed.
 */
int sso_roles_sync(struct store *s, const struct actor *who, int64_t user_id, const char *email,
		   const struct sso_grant *grants, size_t n, size_t *changed, struct error *err);

/* A pending sign-in as sso_finish takes it. */
struct sso_pending {
	int64_t provider_id;
	char nonce[TOKEN_CHARS];
	char code_verifier[TOKEN_CHARS];
	char return_to[SSO_RETURN_MAX];
	bool test;
	time_t expires_at;
};
/* Keeps a pending sign-in of STATE (by its hash; the verifier sealed) until NOW + SSO_PENDING_S. */
int sso_pending_add(struct store *s, const char *state, const struct sso_pending *p, time_t now, struct error *err);
/* Takes STATE's pending sign-in, which is gone afterwards: 1 taken and live, 0 unknown or used already, 2 taken
 * but expired at NOW; -1 error. */
int sso_pending_take(struct store *s, const char *state, time_t now, struct sso_pending *out, struct error *err);

/* The public key set to publish at GET /auth/oidc/jwks: the public part of every enabled private_key_jwt
 * provider's key, {"keys":[...]} (empty when none). *OUT (free it). */
int sso_public_jwks(struct store *s, char **out, struct error *err);

/* --- sign-out: domain/sso_logout.c ---------------------------------------------------------------------- */

/*
 * Ends the session of TOKEN; when a provider started it and says where to (end_session_endpoint), *URL (free
 * it; else NULL) is the provider's logout address to send the person to next: id_token_hint (the session's ID
 * token, unsealed), post_logout_redirect_uri POST_LOGOUT and a new state. A provider that cannot be reached
 * only leaves *URL NULL: the session here has ended whatever happens.
 */
int sso_signout(struct store *s, const char *token, const char *post_logout, time_t now, char **url,
		struct error *err);

/*
 * A back-channel logout (POST /auth/oidc/backchannel, the provider calling): LOGOUT_TOKEN verified like an ID
 * token in logout mode with its issuer's keys, its jti used once (sso_logout_use), then every session of that
 * provider session (sid) or, without a sid, of that subject ends, for every server sharing the database. 0
 * with *REASON NULL when done, or naming the refusal ("issuer", "signature", "replay"...; audited as
 * signout.sso.failed and logged); -1 only when the database failed or the keys could not be had (ERR).
 */
int sso_backchannel(struct store *s, const char *logout_token, time_t now, const char **reason, long *ended,
		    struct error *err);

/* The verified logout token's work, in one transaction: JTI of P recorded until EXPIRES_AT (1 when it was seen
 * before: nothing else is done), then the sessions of (P, SID) - or of (P, SUBJECT) when SID is NULL - ended,
 * *ENDED counting them. Audited (signout.sso). 0 done, 1 replayed, -1 error. */
int sso_logout_use(struct store *s, const struct sso_provider *p, const char *jti, const char *sid,
		   const char *subject, time_t expires_at, time_t now, long *ended, struct error *err);

#endif
