/*
 * sso_roles.c - a provider's roles brought up to date at each sign-in (sso.h, sso_roles_sync): the rows a
 * provider gave (unit_role.source 'provider') become exactly what its rules give now; rows given by hand are
 * never touched, whatever the rules say, and site administrator is not a unit role at all, so no rule reaches
 * it. Each unit whose role changed is audited (role.sync) with the unit, so that its administrators see it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/access.h"
#include "domain/sso.h"
#include "lib/xalloc.h"
#include "store/store.h"

struct held {
	int64_t unit_id;
	enum role role;
	bool by_hand;
};

struct held_list {
	struct held *v;
	size_t n, cap;
};

static int
held_row(void *ctx, const struct row *r)
{
	struct held_list *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] =
		(struct held){row_int(r, 0), role_parse(row_text(r, 1)), strcmp(row_text(r, 2), "provider") != 0};
	return 0;
}

static const struct held *
held_on(const struct held_list *l, int64_t unit_id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].unit_id == unit_id)
			return &l->v[i];
	return NULL;
}

static bool
granted_on(const struct sso_grant *g, size_t n, int64_t unit_id)
{
	for (size_t i = 0; i < n; i++)
		if (g[i].unit_id == unit_id && role_parse(g[i].role) != ROLE_NONE)
			return true;
	return false;
}

/* One grant: added, or changed when the provider gave another role before; a hand-given row stays. */
static int
sync_grant(struct store *s, const struct actor *who, int64_t user_id, const char *email, const struct held_list *l,
	   const struct sso_grant *g, const char *now, size_t *changed, struct error *err)
{
	enum role want = role_parse(g->role);
	if (want == ROLE_NONE) /* "site administrator" or anything else a rule cannot give */
		return 0;
	const struct held *h = held_on(l, g->unit_id);
	if (h && (h->by_hand || h->role == want))
		return 0;
	struct param p[] = {PINT(user_id), PINT(g->unit_id), PTEXT(role_name(want)), PTEXT(now)};
	if (store_exec(s, Q_ROLE_SET_PROVIDER, PARAMS(p), NULL, NULL, NULL, err) < 0)
		return -1;
	char detail[200];
	if (h)
		snprintf(detail, sizeof detail, "%s changed to %s by the provider's rules", role_name(h->role),
			 role_name(want));
	else
		snprintf(detail, sizeof detail, "%s given by the provider's rules", role_name(want));
	(*changed)++;
	return audit_record(s, who, "role.sync", g->unit_id, email, detail, err);
}

int
sso_roles_sync(struct store *s, const struct actor *who, int64_t user_id, const char *email,
	       const struct sso_grant *grants, size_t n, size_t *changed, struct error *err)
{
	size_t count = 0;
	struct held_list l = {0};
	struct param u[] = {PINT(user_id)};
	int rc = store_exec(s, Q_ROLES_OF_USER_SOURCED, PARAMS(u), held_row, &l, NULL, err);
	char now[32];
	store_now(now, sizeof now);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = sync_grant(s, who, user_id, email, &l, &grants[i], now, &count, err);
	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		if (l.v[i].by_hand || granted_on(grants, n, l.v[i].unit_id))
			continue;
		struct param p[] = {PINT(user_id), PINT(l.v[i].unit_id)};
		char detail[200];
		snprintf(detail, sizeof detail, "%s removed: the provider's rules no longer give it",
			 role_name(l.v[i].role));
		count++;
		rc = store_exec(s, Q_ROLE_DELETE_PROVIDER, PARAMS(p), NULL, NULL, NULL, err);
		if (rc == 0)
			rc = audit_record(s, who, "role.sync", l.v[i].unit_id, email, detail, err);
	}
	free(l.v);
	if (changed)
		*changed = count;
	return rc < 0 ? -1 : 0;
}
