/* audit.c - the audit log (see audit.h). */
#include "domain/audit.h"

#include "store/store.h"

const struct actor actor_cli = {0, "command line", NULL};

int
audit_record(struct store *s, const struct actor *who, const char *action, int64_t unit_id, const char *target,
	     const char *detail, struct error *err)
{
	char now[32];
	store_now(now, sizeof now);
	struct param p[] = {PTEXT(now),    who->user_id ? PINT(who->user_id) : PNULL, PTEXT(who->label),
			    PTEXT(action), unit_id ? PINT(unit_id) : PNULL,           PTEXT(target),
			    PTEXT(detail), PTEXT(who->address)};
	return store_exec(s, Q_AUDIT_ADD, p, 8, NULL, NULL, NULL, err);
}

struct each_ctx {
	audit_fn fn;
	void *ctx;
};

static int
audit_row(void *vctx, const struct row *r)
{
	struct each_ctx *c = vctx;
	struct audit_entry e = {
		.id = row_int(r, 0),
		.at = row_text(r, 1),
		.actor = row_text(r, 2),
		.action = row_text(r, 3),
		.unit_id = row_null(r, 4) ? 0 : row_int(r, 4),
		.target = row_text(r, 5),
		.detail = row_text(r, 6),
		.address = row_null(r, 7) ? NULL : row_text(r, 7),
	};
	return c->fn(c->ctx, &e);
}

int
audit_each(struct store *s, int64_t before_id, audit_fn fn, void *ctx, struct error *err)
{
	struct each_ctx c = {fn, ctx};
	struct param p[] = {PINT(before_id > 0 ? before_id : INT64_MAX)};
	return store_exec(s, Q_AUDIT_LIST, p, 1, audit_row, &c, NULL, err);
}
