/* access.c - roles and their inheritance down the unit tree (see access.h). */
#include "domain/access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/xalloc.h"
#include "store/store.h"

static const char *const role_names[] = {"none", "viewer", "facilitator", "admin"};

const char *
role_name(enum role r)
{
	return r >= ROLE_NONE && r <= ROLE_ADMIN ? role_names[r] : "none";
}

const char *
role_words(enum role r)
{
	switch (r) {
	case ROLE_ADMIN: return N_("administrator");
	case ROLE_FACILITATOR: return N_("facilitator");
	case ROLE_VIEWER: return N_("viewer");
	default: return N_("no role");
	}
}

enum role
role_parse(const char *name)
{
	for (int r = ROLE_VIEWER; r <= ROLE_ADMIN; r++)
		if (name && strcmp(name, role_names[r]) == 0)
			return (enum role)r;
	return ROLE_NONE;
}

static int
grant_row(void *ctx, const struct row *r)
{
	struct grants *g = ctx;
	g->v = xgrow(g->v, sizeof *g->v, g->n + 1, &g->cap);
	g->v[g->n++] = (struct grant){row_int(r, 0), role_parse(row_text(r, 1))};
	return 0;
}

int
grants_load(struct store *s, const struct user *u, struct grants *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	out->site_admin = u->is_admin;
	struct param p[] = {PINT(u->id)};
	if (store_exec(s, Q_ROLES_OF_USER, PARAMS(p), grant_row, out, NULL, err) < 0) {
		grants_release(out);
		return -1;
	}
	return 0;
}

void
grants_release(struct grants *g)
{
	free(g->v);
	memset(g, 0, sizeof *g);
}

enum role
role_on(const struct grants *g, const struct unit *u)
{
	if (g->site_admin)
		return ROLE_ADMIN;
	enum role best = ROLE_NONE;
	for (; u; u = u->parent)
		for (size_t i = 0; i < g->n; i++)
			if (g->v[i].unit_id == u->id && g->v[i].role > best)
				best = g->v[i].role;
	return best;
}

bool
can_see(const struct grants *g, const struct unit *u)
{
	return role_on(g, u) >= ROLE_VIEWER;
}

int
role_set(struct store *s, const struct actor *who, const struct unit *unit, const char *email, enum role role,
	 struct error *err)
{
	struct user u;
	int found = user_by_email(s, email, &u, err);
	if (found < 0)
		return -1;
	if (!found)
		return error_set(err, "no account for %s: add the person first", email);
	if (store_begin(s, err) < 0)
		return -1;
	char now[32], detail[400];
	store_now(now, sizeof now);
	int rc;
	if (role == ROLE_NONE) {
		struct param p[] = {PINT(u.id), PINT(unit->id)};
		long changes = 0;
		rc = store_exec(s, Q_ROLE_DELETE, PARAMS(p), NULL, NULL, &changes, err);
		if (rc == 0 && changes == 0) {
			store_rollback(s);
			return error_set(err, "%s holds no role on %s itself", u.email, unit->code);
		}
		snprintf(detail, sizeof detail, "%s no longer holds a role on %s", u.email, unit->code);
		if (rc == 0)
			rc = audit_record(s, who, "role.revoke", unit->id, u.email, detail, err);
	} else {
		struct param p[] = {PINT(u.id), PINT(unit->id), PTEXT(role_name(role)),
				    who->user_id ? PINT(who->user_id) : PNULL, PTEXT(now)};
		rc = store_exec(s, Q_ROLE_SET, PARAMS(p), NULL, NULL, NULL, err);
		snprintf(detail, sizeof detail, "%s is %s of %s", u.email, role_name(role), unit->code);
		if (rc == 0)
			rc = audit_record(s, who, "role.grant", unit->id, u.email, detail, err);
	}
	return store_finish(s, rc, err);
}

struct members_ctx {
	member_fn fn;
	void *ctx;
};

static int
member_row(void *vctx, const struct row *r)
{
	struct members_ctx *c = vctx;
	struct member m = {row_int(r, 0), row_int(r, 2), role_parse(row_text(r, 1)), row_text(r, 3), row_text(r, 4),
			   strcmp(row_text(r, 5), "provider") == 0};
	return c->fn(c->ctx, &m);
}

int
members_each(struct store *s, member_fn fn, void *ctx, struct error *err)
{
	struct members_ctx c = {fn, ctx};
	return store_exec(s, Q_ROLES_ALL, NULL, 0, member_row, &c, NULL, err);
}
