/* improve.c - actions and their PDSA cycles (see improve.h); measures are in measure.c. */
#include "domain/improve.h"
#include "domain/improve_int.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "domain/access.h"
#include "domain/auth.h"
#include "domain/catalog.h"
#include "lib/csv.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "store/store.h"

const char *const action_statuses[] = {"planned", "doing", "done", "dropped", NULL};

bool
improve_in_list(const char *const *list, const char *s)
{
	for (; s && *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

bool
action_overdue(const struct action *a, const char *today)
{
	return a->due_on[0] && strcmp(a->due_on, today) < 0 &&
	       (strcmp(a->status, "planned") == 0 || strcmp(a->status, "doing") == 0);
}

/*
 * Parses "pch-development-grid 6.1, positive-practices S.4" (a bare code means the grid) into OUT, checking
 * each against the catalog.
 */
int
improve_elements_parse(const struct catalog *cat, const char *text, struct strvec *out, struct error *err)
{
	for (const char *p = text ? text : ""; *p;) {
		size_t n = strcspn(p, ",\n\r;");
		char one[200];
		snprintf(one, sizeof one, "%.*s", (int)(n < 199 ? n : 199), p);
		p += n;
		p += strspn(p, ",\n\r;");
		char *s = one;
		while (isspace((unsigned char)*s))
			s++;
		size_t len = strlen(s);
		while (len && isspace((unsigned char)s[len - 1]))
			s[--len] = '\0';
		if (!*s)
			continue;
		char id[200] = "pch-development-grid", code[200];
		char *space = strchr(s, ' ');
		if (space) {
			snprintf(id, sizeof id, "%.*s", (int)(space - s), s);
			snprintf(code, sizeof code, "%s", space + 1 + strspn(space + 1, " "));
		} else {
			snprintf(code, sizeof code, "%s", s);
		}
		const struct instrument *ins = catalog_find(cat, id, 0);
		if (!ins)
			return error_set(err, "no instrument \"%s\"", id);
		if (!instrument_find_item(ins, code, NULL))
			return error_in(err, "elements", "\"%s\" is not an element of %s", code, id);
		strvec_pushf(out, "%s %s", id, code);
	}
	return 0;
}

/*
 * The owner, as typed: an address names an account with a role on UNIT (or above), which must exist; anything
 * else is a person's name as written, for the many owners with no account (kept as typed, one line). Nobody
 * when blank. *OWNER gets the account (0 when none), *PLAIN the name (NULL when none).
 */
static int
find_owner(struct store *s, const struct unit *unit, const char *typed, int64_t *owner, const char **plain,
	   struct error *err)
{
	*owner = 0;
	*plain = NULL;
	if (text_blank(typed))
		return 0;
	if (!strchr(typed, '@')) {
		if (text_line_check(N_("an owner's name"), typed, OWNER_NAME_MAX, err) < 0) {
			err->field = "owner";
			return -1;
		}
		*plain = typed;
		return 0;
	}
	struct user u;
	int found = user_by_email(s, typed, &u, err);
	if (found < 0)
		return -1;
	struct grants g;
	if (!found || grants_load(s, &u, &g, err) < 0)
		return found ? -1
			     : error_in(err, "owner",
					"no account for %s: give a person of the unit, or the owner's name without an "
					"address",
					typed);
	bool member = role_on(&g, unit) >= ROLE_VIEWER;
	grants_release(&g);
	if (!member)
		return error_in(err, "owner", "%s holds no role on %s: an owner is a person of the unit", u.email,
				unit->name);
	*owner = u.id;
	return 0;
}

static int
check_action(const struct action_input *in, struct error *err)
{
	if (text_line_check(N_("an action's title"), in->title, ACTION_TITLE_MAX, err) < 0) {
		err->field = "title";
		return -1;
	}
	if (in->description && strlen(in->description) > TEXT_MAX)
		return error_in(err, "description", "a description has at most %d characters", TEXT_MAX);
	if (!text_blank(in->due_on) && !valid_date(in->due_on))
		return error_in(err, "due_on", "the due date must be a date as YYYY-MM-DD");
	if (in->status && !improve_in_list(action_statuses, in->status))
		return error_in(err, "status", "status \"%s\" is not planned, doing, done or dropped", in->status);
	return 0;
}

int
improve_elements_write(struct store *s, enum query_id q, int64_t id, const struct strvec *elements, struct error *err)
{
	for (size_t i = 0; i < elements->n; i++) {
		char id_text[100], code[64];
		sscanf(elements->v[i], "%99s %63s", id_text, code);
		struct param p[] = {PINT(id), PTEXT(id_text), PTEXT(code)};
		if (store_exec(s, q, PARAMS(p), NULL, NULL, NULL, err) < 0)
			return -1;
	}
	return 0;
}

int
action_create(struct store *s, const struct catalog *cat, const struct unit_tree *tree, const struct actor *who,
	      const struct unit *unit, const struct action_input *in, int64_t *id_out, struct error *err)
{
	struct strvec elements = STRVEC_INIT;
	int64_t owner;
	const char *plain;
	int rc = -1;
	(void)tree;
	if (check_action(in, err) < 0 || improve_elements_parse(cat, in->elements, &elements, err) < 0 ||
	    find_owner(s, unit, in->owner, &owner, &plain, err) < 0 || store_begin(s, err) < 0)
		goto out;
	char now[32];
	store_now(now, sizeof now);
	struct param p[] = {PINT(unit->id), PTEXT(in->title),
			    PTEXT(text_blank(in->description) ? NULL : in->description),
			    owner ? PINT(owner) : PNULL, PTEXT(text_blank(in->due_on) ? NULL : in->due_on),
			    PTEXT(in->status ? in->status : "planned"), in->round_id ? PINT(in->round_id) : PNULL,
			    who->user_id ? PINT(who->user_id) : PNULL, PTEXT(now), PTEXT(plain)};
	int64_t id;
	char detail[300];
	snprintf(detail, sizeof detail, "action \"%.200s\"", in->title);
	if (store_get_int(s, Q_ACTION_ADD, PARAMS(p), &id, err) < 0 ||
	    improve_elements_write(s, Q_ACTION_ELEMENT_ADD, id, &elements, err) < 0 ||
	    audit_record(s, who, "action.create", unit->id, unit->code, detail, err) < 0) {
		store_rollback(s);
		goto out;
	}
	if (store_commit(s, err) < 0)
		goto out;
	if (id_out)
		*id_out = id;
	rc = 0;
out:
	strvec_clear(&elements);
	return rc;
}

int
action_update(struct store *s, const struct catalog *cat, const struct unit_tree *tree, const struct actor *who,
	      const struct unit *unit, const struct action *a, const struct action_input *in, struct error *err)
{
	struct strvec elements = STRVEC_INIT;
	int64_t owner;
	const char *plain;
	int rc = -1;
	(void)tree;
	if (check_action(in, err) < 0 ||
	    (in->elements && improve_elements_parse(cat, in->elements, &elements, err) < 0) ||
	    find_owner(s, unit, in->owner, &owner, &plain, err) < 0 || store_begin(s, err) < 0)
		goto out;
	char now[32], detail[300];
	store_now(now, sizeof now);
	struct param p[] = {PINT(a->id), PTEXT(in->title), PTEXT(text_blank(in->description) ? NULL : in->description),
			    owner ? PINT(owner) : PNULL, PTEXT(text_blank(in->due_on) ? NULL : in->due_on),
			    PTEXT(in->status ? in->status : a->status), PTEXT(now), PTEXT(plain)};
	struct param d[] = {PINT(a->id)};
	snprintf(detail, sizeof detail, "action %lld \"%.150s\" now %s", (long long)a->id, in->title,
		 in->status ? in->status : a->status);
	if (store_exec(s, Q_ACTION_UPDATE, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    (in->elements && (store_exec(s, Q_ACTION_ELEMENTS_DELETE, PARAMS(d), NULL, NULL, NULL, err) < 0 ||
			      improve_elements_write(s, Q_ACTION_ELEMENT_ADD, a->id, &elements, err) < 0)) ||
	    audit_record(s, who, "action.update", unit->id, unit->code, detail, err) < 0) {
		store_rollback(s);
		goto out;
	}
	rc = store_commit(s, err);
out:
	strvec_clear(&elements);
	return rc;
}

static void
fill_action(struct action *a, const struct row *r)
{
	memset(a, 0, sizeof *a);
	a->id = row_int(r, 0);
	a->unit_id = row_int(r, 1);
	snprintf(a->title, sizeof a->title, "%s", row_text(r, 2));
	snprintf(a->description, sizeof a->description, "%s", row_text(r, 3));
	a->owner_id = row_null(r, 4) ? 0 : row_int(r, 4);
	snprintf(a->owner_email, sizeof a->owner_email, "%s", row_text(r, 5));
	snprintf(a->owner_name, sizeof a->owner_name, "%s", row_text(r, 6));
	snprintf(a->due_on, sizeof a->due_on, "%s", row_text(r, 7));
	snprintf(a->status, sizeof a->status, "%s", row_text(r, 8));
	a->round_id = row_null(r, 9) ? 0 : row_int(r, 9);
}

struct actions_ctx {
	struct action *v;
	size_t n, cap;
};

static int
action_row(void *ctx, const struct row *r)
{
	struct actions_ctx *c = ctx;
	c->v = xgrow(c->v, sizeof *c->v, c->n + 1, &c->cap);
	fill_action(&c->v[c->n++], r);
	return 0;
}

static int
element_row(void *ctx, const struct row *r)
{
	struct actions_ctx *c = ctx;
	int64_t id = row_int(r, 0);
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].id == id)
			strvec_pushf(&c->v[i].elements, "%s %s", row_text(r, 1), row_text(r, 2));
	return 0;
}

static int
load_actions(struct store *s, enum query_id q, int64_t key, int64_t unit_id, struct actions_ctx *c, struct error *err)
{
	struct param p[] = {PINT(key)}, u[] = {PINT(unit_id)};
	if (store_exec(s, q, PARAMS(p), action_row, c, NULL, err) < 0)
		return -1;
	if (c->n && store_exec(s, Q_ACTION_ELEMENTS, PARAMS(u), element_row, c, NULL, err) < 0)
		return -1;
	return 0;
}

int
action_get(struct store *s, int64_t id, struct action *out, struct error *err)
{
	struct actions_ctx c = {0};
	struct param p[] = {PINT(id)};
	if (store_exec(s, Q_ACTION_GET, PARAMS(p), action_row, &c, NULL, err) < 0) {
		free(c.v);
		return -1;
	}
	if (!c.n) {
		free(c.v);
		return 0;
	}
	int64_t unit_id = c.v[0].unit_id;
	c.n = 0;
	free(c.v);
	c.v = NULL;
	c.cap = 0;
	if (load_actions(s, Q_ACTION_GET, id, unit_id, &c, err) < 0) {
		for (size_t i = 0; i < c.n; i++)
			action_release(&c.v[i]);
		free(c.v);
		return -1;
	}
	*out = c.v[0];
	free(c.v);
	return 1;
}

void
action_release(struct action *a)
{
	strvec_clear(&a->elements);
}

int
actions_each(struct store *s, int64_t unit_id, action_fn fn, void *ctx, struct error *err)
{
	struct actions_ctx c = {0};
	int rc = load_actions(s, Q_ACTIONS_OF_UNIT, unit_id, unit_id, &c, err);
	for (size_t i = 0; i < c.n; i++) {
		if (rc == 0)
			rc = fn(ctx, &c.v[i]);
		action_release(&c.v[i]);
	}
	free(c.v);
	return rc;
}

int
pdsa_add(struct store *s, const struct actor *who, const struct action *a, const char *plan, const char *prediction,
	 const char *measurement, const char *planned_on, struct error *err)
{
	if (text_blank(plan))
		return error_in(err, "plan", "a PDSA cycle starts with a plan: what will you try?");
	if (strlen(plan) > TEXT_MAX || (prediction && strlen(prediction) > TEXT_MAX) ||
	    (measurement && strlen(measurement) > TEXT_MAX))
		return error_set(err, "each part of a cycle has at most %d characters", TEXT_MAX);
	if (!planned_on || !valid_date(planned_on))
		return error_in(err, "planned_on", "the plan needs its date as YYYY-MM-DD");
	if (store_begin(s, err) < 0)
		return -1;
	int rc = -1;
	int64_t number = 1;
	struct param n[] = {PINT(a->id)};
	char detail[200];
	if (store_get_int(s, Q_PDSA_NEXT_NUMBER, PARAMS(n), &number, err) < 0)
		goto out;
	struct param p[] = {PINT(a->id), PINT(number), PTEXT(plan), PTEXT(text_blank(prediction) ? NULL : prediction),
			    PTEXT(text_blank(measurement) ? NULL : measurement), PTEXT(planned_on)};
	snprintf(detail, sizeof detail, "action %lld: PDSA cycle %lld planned", (long long)a->id, (long long)number);
	if (store_exec(s, Q_PDSA_ADD, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    audit_record(s, who, "pdsa.plan", a->unit_id, a->title, detail, err) < 0)
		goto out;
	rc = 0;
out:
	return store_finish(s, rc, err);
}

int
pdsa_record(struct store *s, const struct actor *who, const struct action *a, long number, const char *stage,
	    const char *text, const char *on, const char *act_choice, struct error *err)
{
	bool is_do = strcmp(stage, "do") == 0, is_study = strcmp(stage, "study") == 0,
	     is_act = strcmp(stage, "act") == 0;
	if (!is_do && !is_study && !is_act)
		return error_set(err, "a stage is do, study or act, not \"%s\"", stage);
	if (is_act && (!act_choice ||
		       (strcmp(act_choice, "adopt") && strcmp(act_choice, "adapt") && strcmp(act_choice, "abandon"))))
		return error_set(err, "act is adopt, adapt or abandon");
	if (!is_act && text_blank(text))
		return error_set(err, "say what happened");
	if (text && strlen(text) > TEXT_MAX)
		return error_set(err, "at most %d characters", TEXT_MAX);
	if (!on || !valid_date(on))
		return error_set(err, "give the date as YYYY-MM-DD");
	if (store_begin(s, err) < 0)
		return -1;
	long changes = 0;
	int rc;
	if (is_act) {
		struct param p[] = {PINT(a->id), PINT(number), PTEXT(act_choice), PTEXT(text_blank(text) ? NULL : text),
				    PTEXT(on)};
		rc = store_exec(s, Q_PDSA_ACT, PARAMS(p), NULL, NULL, &changes, err);
	} else {
		struct param p[] = {PINT(a->id), PINT(number), PTEXT(text), PTEXT(on)};
		rc = store_exec(s, is_do ? Q_PDSA_DO : Q_PDSA_STUDY, PARAMS(p), NULL, NULL, &changes, err);
	}
	if (rc == 0 && !changes)
		rc = error_set(err, "this action has no PDSA cycle %ld", number);
	char detail[200];
	snprintf(detail, sizeof detail, "action %lld: PDSA cycle %ld %s%s%s", (long long)a->id, number, stage,
		 is_act ? ": " : "", is_act ? act_choice : "");
	if (rc == 0)
		rc = audit_record(s, who, "pdsa.record", a->unit_id, a->title, detail, err);
	return store_finish(s, rc, err);
}

struct pdsa_ctx {
	pdsa_fn fn;
	void *ctx;
};

static const char *
opt_text(const struct row *r, int col)
{
	return row_null(r, col) ? NULL : row_text(r, col);
}

static int
pdsa_row(void *vctx, const struct row *r)
{
	struct pdsa_ctx *c = vctx;
	struct pdsa p = {(long)row_int(r, 0), opt_text(r, 1), opt_text(r, 2),  opt_text(r, 3),
			 opt_text(r, 4),      opt_text(r, 5), opt_text(r, 6),  opt_text(r, 7),
			 opt_text(r, 8),      opt_text(r, 9), opt_text(r, 10), opt_text(r, 11)};
	return c->fn(c->ctx, &p);
}

int
pdsa_each(struct store *s, int64_t action_id, pdsa_fn fn, void *ctx, struct error *err)
{
	struct pdsa_ctx c = {fn, ctx};
	struct param p[] = {PINT(action_id)};
	return store_exec(s, Q_PDSA_OF_ACTION, PARAMS(p), pdsa_row, &c, NULL, err);
}
