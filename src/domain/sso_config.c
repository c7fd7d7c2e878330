/*
 * sso_config.c - single sign-on's configuration (see sso.h): the providers a site administrator sets up, with
 * their presets and checks; the claims-to-role rules; the 'local_passwords' setting and its break-glass rule.
 * Each use case owns its transaction and audit entry. The rules' evaluation is in sso_rules.c.
 */
#include "domain/sso.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/access.h"
#include "domain/unit.h"
#include "lib/i18n.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "store/store.h"

static const char *const preset_names[] = {[SSO_GENERIC] = "generic", [SSO_CIS2] = "cis2", [SSO_ENTRA] = "entra",
					   [SSO_GOOGLE] = "google"};
static const char *const auth_names[] = {[SSO_SECRET_BASIC] = "client_secret_basic",
					 [SSO_PRIVATE_KEY_JWT] = "private_key_jwt"};
static const char *const kind_names[] = {[SSO_RULE_CLAIM] = "claim", [SSO_RULE_CIS2] = "cis2"};

const char *
sso_preset_name(enum sso_preset p)
{
	return (unsigned)p < 4 ? preset_names[p] : "generic";
}

int
sso_preset_parse(const char *name, enum sso_preset *out)
{
	for (int i = 0; i < 4; i++)
		if (name && strcmp(name, preset_names[i]) == 0) {
			*out = (enum sso_preset)i;
			return 0;
		}
	return -1;
}

const char *
sso_client_auth_name(enum sso_client_auth a)
{
	return a == SSO_PRIVATE_KEY_JWT ? auth_names[SSO_PRIVATE_KEY_JWT] : auth_names[SSO_SECRET_BASIC];
}

static void
set_if_empty(char *field, size_t size, const char *value)
{
	if (!*field)
		snprintf(field, size, "%s", value);
}

#define FILL(p, f, v) set_if_empty((p)->f, sizeof (p)->f, (v))

void
sso_preset_defaults(enum sso_preset preset, struct sso_provider *p)
{
	p->preset = preset;
	switch (preset) {
	case SSO_CIS2:
		FILL(p, label, "NHS Care Identity");
		FILL(p, scopes, "openid profile email nhsperson nationalrbacaccess selectedrole");
		FILL(p, acr_min, "AAL3");
		FILL(p, algs, "RS512");
		p->userinfo = true;
		p->client_auth = SSO_PRIVATE_KEY_JWT;
		break;
	case SSO_ENTRA:
		FILL(p, label, "Microsoft");
		FILL(p, scopes, "openid profile email");
		FILL(p, algs, "RS256");
		break;
	case SSO_GOOGLE:
		FILL(p, label, "Google");
		FILL(p, issuer, "https://accounts.google.com");
		FILL(p, scopes, "openid profile email");
		FILL(p, algs, "RS256");
		break;
	case SSO_GENERIC: FILL(p, scopes, "openid profile email"); break;
	}
	FILL(p, label, p->name);
}

const char *
sso_preset_warning(const struct sso_provider *p)
{
	if (p->preset != SSO_ENTRA)
		return NULL;
	return N_("Microsoft Entra leaves the \"groups\" claim out for a person in more than 200 groups (group "
		  "overage): give people app roles and write rules on the \"roles\" claim rather than on groups");
}

/* ---- checks ---- */

static bool
name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n < 1 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)name[i]) || isdigit((unsigned char)name[i]) || name[i] == '-'))
			return false;
	return true;
}

/* Printable ASCII without spaces: client ids, tenant ids, claim names. */
static bool
token_ok(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n < 1 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~' || s[i] == '"')
			return false;
	return true;
}

/* https://HOST..., or http:// only to this machine (a test provider on loopback). */
static bool
issuer_ok(const char *issuer)
{
	if (!token_ok(issuer, 511))
		return false;
	if (strncmp(issuer, "https://", 8) == 0)
		return issuer[8] != '\0' && issuer[8] != '/';
	static const char *const loopback[] = {"http://127.0.0.1", "http://localhost", "http://[::1]", NULL};
	for (const char *const *l = loopback; *l; l++) {
		size_t n = strlen(*l);
		if (strncmp(issuer, *l, n) == 0 && (issuer[n] == '\0' || issuer[n] == ':' || issuer[n] == '/'))
			return true;
	}
	return false;
}

bool
sso_alg_allowed(const char *alg)
{
	static const char *const ok[] = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", NULL};
	for (const char *const *a = ok; *a; a++)
		if (strcmp(alg, *a) == 0)
			return true;
	return false;
}

/* Each item of the SEP-separated LIST passes OK (or is an allowed algorithm when OK is NULL). */
static int
list_check(const char *list, char sep, bool (*ok)(const char *), const char **bad, char buf[128])
{
	const char *p = list;
	while (*p) {
		const char *end = strchr(p, sep);
		size_t n = end ? (size_t)(end - p) : strlen(p);
		snprintf(buf, 128, "%.*s", (int)(n < 127 ? n : 127), p);
		if (n == 0 || n > 126 || !ok(buf)) {
			*bad = buf;
			return -1;
		}
		p += n + (end ? 1 : 0);
		if (end && !*p) {
			*bad = "";
			return -1;
		}
	}
	return 0;
}

static bool
tenant_ok(const char *t)
{
	return token_ok(t, 64) && !strchr(t, ',');
}

static bool
scope_ok(const char *s)
{
	return token_ok(s, 64);
}

static bool
has_openid(const char *scopes)
{
	for (const char *p = scopes; (p = strstr(p, "openid")); p += 6)
		if ((p == scopes || p[-1] == ' ') && (p[6] == '\0' || p[6] == ' '))
			return true;
	return false;
}

static int
check_file(const char *path, struct error *err)
{
	struct stat st;
	if (!*path)
		return error_in(err, "secret_file", "give the file holding the client secret or the private key");
	if (text_line_check(N_("the secret's file"), path, 1000, err) < 0) {
		err->field = "secret_file";
		return -1;
	}
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) || access(path, R_OK) < 0)
		return error_in(err, "secret_file", "the secret's file %s does not exist or cannot be read", path);
	return 0;
}

/* The checks of a provider before it is stored; NEW_FILE: the secret's file is new or changed (read it). */
int
sso_provider_check(const struct sso_provider *p, bool new_file, struct error *err)
{
	const char *bad;
	char buf[128];
	if (!name_ok(p->name))
		return error_in(err, "name",
				"a provider's name has 1 to 32 small letters, digits or '-' (\"nhsmail\")");
	if (strcmp(p->name, "new") == 0 || strcmp(p->name, "local-passwords") == 0)
		return error_in(err, "name", "\"%s\" names a page of caregrid's own: choose another name", p->name);
	if (text_line_check(N_("the button's label"), p->label, 100, err) < 0 || !*p->label) {
		err->field = "label";
		return *p->label ? -1 : error_in(err, "label", "give the label of the sign-in button");
	}
	if (!issuer_ok(p->issuer))
		return error_in(err, "issuer",
				"the issuer must be an https:// address (http:// only on this machine: 127.0.0.1, "
				"[::1] or localhost)");
	if (strstr(p->issuer, "{tenantid}") && !*p->tenants)
		return error_in(err, "tenants", "a multi-tenant issuer ({tenantid}) needs the tenants allowed");
	if (*p->tenants && list_check(p->tenants, ',', tenant_ok, &bad, buf) < 0)
		return error_in(err, "tenants", "tenant \"%s\" is not a tenant id", bad);
	if (!token_ok(p->client_id, 255))
		return error_in(err, "client_id", "give the client id the provider gave (no spaces)");
	if (!*p->scopes || list_check(p->scopes, ' ', scope_ok, &bad, buf) < 0)
		return error_in(err, "scopes", "scopes are words separated by single spaces");
	if (!has_openid(p->scopes))
		return error_in(err, "scopes", "the scopes must include openid");
	if (*p->algs && list_check(p->algs, ',', sso_alg_allowed, &bad, buf) < 0)
		return error_in(err, "algs",
				"algorithm \"%s\" is not accepted: use RS256, RS384, RS512, PS256, PS384, PS512, "
				"ES256 or ES384, separated by commas",
				bad);
	if (*p->acr_min && !token_ok(p->acr_min, 127))
		return error_in(err, "acr_min", "the assurance level is one word, such as AAL3");
	if ((unsigned)p->preset > SSO_GOOGLE)
		return error_in(err, "preset", "unknown preset");
	return new_file ? check_file(p->secret_file, err) : 0;
}

/* ---- providers ---- */

static int
provider_row(void *ctx, const struct row *r)
{
	struct sso_provider *p = ctx;
	memset(p, 0, sizeof *p);
	p->id = row_int(r, 0);
	snprintf(p->name, sizeof p->name, "%s", row_text(r, 1));
	snprintf(p->label, sizeof p->label, "%s", row_text(r, 2));
	if (sso_preset_parse(row_text(r, 3), &p->preset) < 0)
		p->preset = SSO_GENERIC;
	snprintf(p->issuer, sizeof p->issuer, "%s", row_text(r, 4));
	snprintf(p->tenants, sizeof p->tenants, "%s", row_text(r, 5));
	snprintf(p->client_id, sizeof p->client_id, "%s", row_text(r, 6));
	p->client_auth = strcmp(row_text(r, 7), "private_key_jwt") == 0 ? SSO_PRIVATE_KEY_JWT : SSO_SECRET_BASIC;
	snprintf(p->secret_file, sizeof p->secret_file, "%s", row_text(r, 8));
	snprintf(p->scopes, sizeof p->scopes, "%s", row_text(r, 9));
	snprintf(p->algs, sizeof p->algs, "%s", row_text(r, 10));
	snprintf(p->acr_min, sizeof p->acr_min, "%s", row_text(r, 11));
	p->userinfo = row_int(r, 12) != 0;
	p->trust_verified_email = row_int(r, 13) != 0;
	p->enabled = row_int(r, 14) != 0;
	return 1;
}

static int
provider_get(struct store *s, enum query_id q, struct param key, struct sso_provider *out, struct error *err)
{
	struct param p[] = {key};
	int rc = store_exec(s, q, PARAMS(p), provider_row, out, NULL, err);
	return rc < 0 ? -1 : rc;
}

int
sso_provider_by_name(struct store *s, const char *name, struct sso_provider *out, struct error *err)
{
	return provider_get(s, Q_SSO_PROVIDER_BY_NAME, PTEXT(name), out, err);
}

int
sso_provider_by_id(struct store *s, int64_t id, struct sso_provider *out, struct error *err)
{
	return provider_get(s, Q_SSO_PROVIDER_BY_ID, PINT(id), out, err);
}

struct each_ctx {
	sso_provider_fn fn;
	void *ctx;
};

static int
each_row(void *vctx, const struct row *r)
{
	struct each_ctx *c = vctx;
	struct sso_provider p;
	provider_row(&p, r);
	return c->fn(c->ctx, &p);
}

int
sso_providers_each(struct store *s, sso_provider_fn fn, void *ctx, struct error *err)
{
	struct each_ctx c = {fn, ctx};
	return store_exec(s, Q_SSO_PROVIDERS_ALL, NULL, 0, each_row, &c, NULL, err);
}

static char *
provider_detail(const struct sso_provider *p)
{
	return xasprintf("%s, issuer %s, client %s, %s, scopes \"%s\"%s%s%s", sso_preset_name(p->preset), p->issuer,
			 p->client_id, sso_client_auth_name(p->client_auth), p->scopes, *p->acr_min ? ", acr " : "",
			 p->acr_min, p->enabled ? "" : ", disabled");
}

int
sso_provider_add(struct store *s, const struct actor *who, const struct sso_provider *p, struct error *err)
{
	if (sso_provider_check(p, true, err) < 0)
		return -1;
	if (store_begin(s, err) < 0)
		return -1;
	struct sso_provider old;
	int rc = sso_provider_by_name(s, p->name, &old, err);
	if (rc > 0)
		rc = error_of(err, ERROR_CONFLICT, "there is a provider called \"%s\" already", p->name);
	char now[32];
	store_now(now, sizeof now);
	struct param q[] = {PTEXT(p->name), PTEXT(p->label), PTEXT(sso_preset_name(p->preset)), PTEXT(p->issuer),
			    PTEXT(p->tenants), PTEXT(p->client_id), PTEXT(sso_client_auth_name(p->client_auth)),
			    PTEXT(p->secret_file), PTEXT(p->scopes), PTEXT(p->algs), PTEXT(p->acr_min),
			    PINT(p->userinfo), PINT(p->trust_verified_email), PINT(p->enabled), PTEXT(now)};
	int64_t id = 0;
	if (rc == 0)
		rc = store_get_int(s, Q_SSO_PROVIDER_ADD, PARAMS(q), &id, err) < 0 ? -1 : 0;
	if (rc == 0) {
		char *detail = provider_detail(p);
		rc = audit_record(s, who, "sso.provider.add", 0, p->name, detail, err);
		free(detail);
	}
	return store_finish(s, rc, err);
}

int
sso_provider_update(struct store *s, const struct actor *who, const struct sso_provider *p, struct error *err)
{
	struct sso_provider old;
	int found = sso_provider_by_id(s, p->id, &old, err);
	if (found <= 0)
		return found < 0 ? -1 : error_of(err, ERROR_NOT_FOUND, "no such sign-in provider");
	if (strcmp(old.name, p->name) != 0)
		return error_in(err, "name", "a provider's name cannot change: add a new provider instead");
	if (sso_provider_check(p, strcmp(old.secret_file, p->secret_file) != 0, err) < 0)
		return -1;
	if (store_begin(s, err) < 0)
		return -1;
	struct param q[] = {PINT(p->id), PTEXT(p->label), PTEXT(sso_preset_name(p->preset)), PTEXT(p->issuer),
			    PTEXT(p->tenants), PTEXT(p->client_id), PTEXT(sso_client_auth_name(p->client_auth)),
			    PTEXT(p->secret_file), PTEXT(p->scopes), PTEXT(p->algs), PTEXT(p->acr_min),
			    PINT(p->userinfo), PINT(p->trust_verified_email), PINT(p->enabled)};
	int rc = store_exec(s, Q_SSO_PROVIDER_UPDATE, PARAMS(q), NULL, NULL, NULL, err);
	if (rc == 0) {
		char *detail = provider_detail(p);
		rc = audit_record(s, who, "sso.provider.update", 0, p->name, detail, err);
		free(detail);
	}
	return store_finish(s, rc, err);
}

/* ---- rules ---- */

const char *
sso_rule_kind_name(enum sso_rule_kind k)
{
	return k == SSO_RULE_CIS2 ? kind_names[SSO_RULE_CIS2] : kind_names[SSO_RULE_CLAIM];
}

static int
rule_row(void *ctx, const struct row *r)
{
	struct sso_rule *x = ctx;
	memset(x, 0, sizeof *x);
	x->id = row_int(r, 0);
	x->provider_id = row_int(r, 1);
	x->kind = strcmp(row_text(r, 2), "cis2") == 0 ? SSO_RULE_CIS2 : SSO_RULE_CLAIM;
	snprintf(x->claim, sizeof x->claim, "%s", row_text(r, 3));
	snprintf(x->value, sizeof x->value, "%s", row_text(r, 4));
	x->unit_id = row_null(r, 5) ? 0 : row_int(r, 5);
	snprintf(x->role, sizeof x->role, "%s", row_text(r, 6));
	x->with_children = row_int(r, 7) != 0;
	return 0;
}

struct rules_ctx {
	sso_rule_fn fn;
	void *ctx;
};

static int
rules_row(void *vctx, const struct row *r)
{
	struct rules_ctx *c = vctx;
	struct sso_rule x;
	rule_row(&x, r);
	return c->fn(c->ctx, &x);
}

int
sso_rules_each(struct store *s, int64_t provider_id, sso_rule_fn fn, void *ctx, struct error *err)
{
	struct rules_ctx c = {fn, ctx};
	struct param p[] = {PINT(provider_id)};
	return store_exec(s, Q_SSO_RULES_OF_PROVIDER, PARAMS(p), rules_row, &c, NULL, err);
}

/* An R-code ("R8000") or a B-code ("B0264"): the letter and 1 to 8 digits. */
static bool
cis2_code_ok(const char *v)
{
	size_t n = strlen(v);
	if (n < 2 || n > 9 || (v[0] != 'R' && v[0] != 'B'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!isdigit((unsigned char)v[i]))
			return false;
	return true;
}

static int
rule_check(const struct sso_rule *r, const struct unit_tree *tree, struct error *err)
{
	if (role_parse(r->role) == ROLE_NONE)
		return error_in(err, "role", "a rule gives admin, facilitator or viewer: a provider never makes anyone "
					     "a site administrator");
	const struct unit *u = r->unit_id ? unit_by_id(tree, r->unit_id) : NULL;
	if (r->unit_id && (!u || u->archived_at))
		return error_in(err, "unit", "choose an active unit");
	if (r->kind == SSO_RULE_CIS2) {
		if (!cis2_code_ok(r->value))
			return error_in(err, "value", "a CIS2 rule names a role code such as R8000 or an activity "
						      "code such as B0264");
		if (u && !u->ods_code)
			return error_in(err, "unit", "unit \"%s\" has no ODS code: set it first", u->code);
		return 0;
	}
	if (!token_ok(r->claim, 127))
		return error_in(err, "claim", "give the claim's name, such as roles, groups or hd");
	if (text_line_check(N_("the claim's value"), r->value, 255, err) < 0 || !*r->value) {
		err->field = "value";
		return *r->value ? -1 : error_in(err, "value", "give the value the claim must hold");
	}
	if (!u)
		return error_in(err, "unit", "choose the unit the role is on");
	return 0;
}

static char *
rule_detail(const struct sso_rule *r, const struct unit *u)
{
	const char *where = u ? u->code : "the unit with the entry's ODS code";
	if (r->kind == SSO_RULE_CIS2)
		return xasprintf("%s on %s%s when nhsid_nrbac_roles has %s", r->role, where,
				 r->with_children ? " and below" : "", r->value);
	return xasprintf("%s on %s%s when %s holds \"%s\"", r->role, where, r->with_children ? " and below" : "",
			 r->claim, r->value);
}

int
sso_rule_add(struct store *s, const struct actor *who, const struct sso_rule *r, int64_t *id_out,
	     struct error *err)
{
	struct sso_provider p;
	int found = sso_provider_by_id(s, r->provider_id, &p, err);
	if (found <= 0)
		return found < 0 ? -1 : error_of(err, ERROR_NOT_FOUND, "no such sign-in provider");
	struct unit_tree tree;
	if (unit_tree_load(s, &tree, err) < 0)
		return -1;
	int rc = rule_check(r, &tree, err);
	const struct unit *u = r->unit_id ? unit_by_id(&tree, r->unit_id) : NULL;
	if (rc == 0 && (rc = store_begin(s, err)) == 0) {
		char now[32];
		store_now(now, sizeof now);
		struct param q[] = {PINT(r->provider_id), PTEXT(sso_rule_kind_name(r->kind)),
				    PTEXT(r->kind == SSO_RULE_CIS2 ? "" : r->claim), PTEXT(r->value),
				    u ? PINT(u->id) : PNULL, PTEXT(r->role), PINT(r->with_children), PTEXT(now)};
		rc = store_get_int(s, Q_SSO_RULE_ADD, PARAMS(q), id_out, err) < 0 ? -1 : 0;
		if (rc == 0) {
			char *detail = rule_detail(r, u);
			rc = audit_record(s, who, "sso.rule.add", u ? u->id : 0, p.name, detail, err);
			free(detail);
		}
		rc = store_finish(s, rc, err);
	}
	unit_tree_release(&tree);
	return rc;
}

int
sso_rule_by_id(struct store *s, int64_t id, struct sso_rule *out, struct error *err)
{
	struct param p[] = {PINT(id)};
	int rc = store_exec(s, Q_SSO_RULE_BY_ID, PARAMS(p), rule_row, out, NULL, err);
	if (rc < 0)
		return -1;
	return out->id == id ? 1 : 0;
}

int
sso_rule_delete(struct store *s, const struct actor *who, int64_t rule_id, struct error *err)
{
	struct sso_rule r = {0};
	struct sso_provider p;
	int found = sso_rule_by_id(s, rule_id, &r, err);
	if (found > 0)
		found = sso_provider_by_id(s, r.provider_id, &p, err);
	if (found <= 0)
		return found < 0 ? -1 : error_of(err, ERROR_NOT_FOUND, "no sign-in rule %lld", (long long)rule_id);
	struct unit_tree tree;
	if (unit_tree_load(s, &tree, err) < 0)
		return -1;
	int rc = store_begin(s, err);
	struct param q[] = {PINT(rule_id)};
	if (rc == 0) {
		rc = store_exec(s, Q_SSO_RULE_DELETE, PARAMS(q), NULL, NULL, NULL, err);
		if (rc == 0) {
			char *detail = rule_detail(&r, r.unit_id ? unit_by_id(&tree, r.unit_id) : NULL);
			rc = audit_record(s, who, "sso.rule.delete", r.unit_id, p.name, detail, err);
			free(detail);
		}
		rc = store_finish(s, rc, err);
	}
	unit_tree_release(&tree);
	return rc;
}

/* ---- the local passwords setting ---- */

int
sso_local_passwords(struct store *s, bool *allowed, struct error *err)
{
	char *v = NULL;
	struct param p[] = {PTEXT("local_passwords")};
	int found = store_get_text(s, Q_SETTING_GET, PARAMS(p), &v, err);
	if (found < 0)
		return -1;
	*allowed = !found || strcmp(v, "off") != 0; /* on unless turned off */
	free(v);
	return 0;
}

int
sso_local_passwords_set(struct store *s, const struct actor *who, bool allowed, struct error *err)
{
	if (store_begin(s, err) < 0)
		return -1;
	int64_t admins = 0;
	int rc = store_get_int(s, Q_SSO_ADMIN_PASSWORDS, NULL, 0, &admins, err) < 0 ? -1 : 0;
	if (rc == 0 && !allowed && admins == 0)
		rc = error_of(err, ERROR_CONFLICT,
			      "passwords cannot be turned off while no site administrator has one: set a site "
			      "administrator's password first, so that someone can always sign in");
	struct param p[] = {PTEXT("local_passwords"), PTEXT(allowed ? "on" : "off")};
	if (rc == 0)
		rc = store_exec(s, Q_SETTING_SET, PARAMS(p), NULL, NULL, NULL, err);
	if (rc == 0)
		rc = audit_record(s, who, "setting.local_passwords", 0, "local_passwords",
				  allowed ? "everyone may sign in with a password"
					  : "only site administrators may sign in with a password",
				  err);
	return store_finish(s, rc, err);
}
