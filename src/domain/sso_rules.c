/*
 * sso_rules.c - what a provider's rules give a person (sso_rules_apply in sso.h): pure over the claims, the
 * rules and the unit tree. Claims come from outside: a claim of the wrong type, an array longer than
 * SSO_CLAIM_ARRAY_MAX or an entry that is not what CIS2 sends makes its rule not match, never an error.
 */
#include "domain/sso.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/access.h"
#include "domain/unit.h"
#include "lib/xalloc.h"

/* Longer arrays are not looked into at all: no one's roles list is this long, and a forged one costs nothing. */
#define SSO_CLAIM_ARRAY_MAX 1000

/* CLAIMS[NAME] equal to VALUE, or an array (not too long) holding VALUE among its strings. */
static bool
claim_holds(const json_t *claims, const char *name, const char *value)
{
	const json_t *c = json_is_object(claims) ? json_object_get(claims, name) : NULL;
	if (json_is_string(c))
		return strcmp(json_string_value(c), value) == 0;
	if (!json_is_array(c) || json_array_size(c) > SSO_CLAIM_ARRAY_MAX)
		return false;
	for (size_t i = 0; i < json_array_size(c); i++) {
		const json_t *v = json_array_get(c, i);
		if (json_is_string(v) && strcmp(json_string_value(v), value) == 0)
			return true;
	}
	return false;
}

/* ROLE_CODE ("S8000:G8000:R8000") has CODE as one of its colon-separated parts. */
static bool
role_code_has(const char *role_code, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = role_code; p; p = strchr(p, ':') ? strchr(p, ':') + 1 : NULL)
		if (strncmp(p, code, n) == 0 && (p[n] == '\0' || p[n] == ':'))
			return true;
	return false;
}

/* Whether one nhsid_nrbac_roles ENTRY carries the rule's R-code (role_code) or B-code (activity_codes). */
static bool
entry_has_code(const json_t *entry, const char *code)
{
	if (code[0] == 'R') {
		const json_t *rc = json_object_get(entry, "role_code");
		return json_is_string(rc) && role_code_has(json_string_value(rc), code);
	}
	return claim_holds(entry, "activity_codes", code);
}

struct grant_list {
	struct sso_grant *v;
	size_t n, cap;
};

/* ROLE on U, kept only when stronger than what U has been given already. */
static void
grant(struct grant_list *g, const struct unit *u, const char *role)
{
	if (!u || u->archived_at)
		return;
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].unit_id == u->id) {
			if (role_parse(role) > role_parse(g->v[i].role))
				snprintf(g->v[i].role, sizeof g->v[i].role, "%s", role);
			return;
		}
	g->v = xgrow(g->v, sizeof *g->v, g->n + 1, &g->cap);
	g->v[g->n] = (struct sso_grant){.unit_id = u->id};
	snprintf(g->v[g->n].role, sizeof g->v[g->n].role, "%s", role);
	g->n++;
}

static void
grant_rule(struct grant_list *g, const struct unit_tree *tree, const struct sso_rule *r, const struct unit *u)
{
	grant(g, u, r->role);
	if (!r->with_children || !u)
		return;
	for (size_t i = 0; i < tree->n; i++)
		if (&tree->v[i] != u && unit_within(&tree->v[i], u))
			grant(g, &tree->v[i], r->role);
}

/* The unit an entry's ORG_CODE names for rule R: its own unit if that has the code, else the unit with it. */
static const struct unit *
cis2_unit(const struct unit_tree *tree, const struct sso_rule *r, const char *org_code)
{
	if (r->unit_id) {
		const struct unit *u = unit_by_id(tree, r->unit_id);
		return u && u->ods_code && strcasecmp(u->ods_code, org_code) == 0 ? u : NULL;
	}
	for (size_t i = 0; i < tree->n; i++)
		if (tree->v[i].ods_code && strcasecmp(tree->v[i].ods_code, org_code) == 0)
			return &tree->v[i];
	return NULL;
}

static void
apply_cis2(struct grant_list *g, const struct unit_tree *tree, const struct sso_rule *r, const json_t *claims)
{
	const json_t *roles = json_is_object(claims) ? json_object_get(claims, "nhsid_nrbac_roles") : NULL;
	if (!json_is_array(roles) || json_array_size(roles) > SSO_CLAIM_ARRAY_MAX)
		return;
	for (size_t i = 0; i < json_array_size(roles); i++) {
		const json_t *e = json_array_get(roles, i);
		const json_t *org = json_is_object(e) ? json_object_get(e, "org_code") : NULL;
		if (!json_is_string(org) || !*json_string_value(org) || !entry_has_code(e, r->value))
			continue;
		grant_rule(g, tree, r, cis2_unit(tree, r, json_string_value(org)));
	}
}

static int
by_unit(const void *a, const void *b)
{
	int64_t x = ((const struct sso_grant *)a)->unit_id, y = ((const struct sso_grant *)b)->unit_id;
	return x < y ? -1 : x > y;
}

void
sso_rules_eval(const struct sso_rule *rules, size_t n_rules, const struct unit_tree *tree, const json_t *claims,
	       struct sso_grant **out, size_t *n)
{
	struct grant_list g = {0};
	for (size_t i = 0; i < n_rules; i++) {
		const struct sso_rule *r = &rules[i];
		if (role_parse(r->role) == ROLE_NONE) /* never anything else, site administrator least of all */
			continue;
		if (r->kind == SSO_RULE_CIS2)
			apply_cis2(&g, tree, r, claims);
		else if (claim_holds(claims, r->claim, r->value))
			grant_rule(&g, tree, r, r->unit_id ? unit_by_id(tree, r->unit_id) : NULL);
	}
	if (g.n)
		qsort(g.v, g.n, sizeof *g.v, by_unit);
	*out = g.v;
	*n = g.n;
}

struct rule_list {
	struct sso_rule *v;
	size_t n, cap;
};

static int
collect(void *ctx, const struct sso_rule *r)
{
	struct rule_list *l = ctx;
	l->v = xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
	l->v[l->n++] = *r;
	return 0;
}

int
sso_rules_apply(struct store *s, const struct sso_provider *p, const json_t *claims, struct sso_grant **out,
		size_t *n, struct error *err)
{
	*out = NULL;
	*n = 0;
	struct rule_list rules = {0};
	if (sso_rules_each(s, p->id, collect, &rules, err) < 0) {
		free(rules.v);
		return -1;
	}
	struct unit_tree tree;
	int rc = rules.n ? unit_tree_load(s, &tree, err) : 0;
	if (rc == 0 && rules.n) {
		sso_rules_eval(rules.v, rules.n, &tree, claims, out, n);
		unit_tree_release(&tree);
	}
	free(rules.v);
	return rc;
}
