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

#endif
