/* improve.c - actions, PDSA cycles and measures (see improve.h). */
#include "domain/improve.h"

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
const char *const measure_categories[] = {"population_health", "patient_experience", "cost", "staff_wellbeing", NULL};

const char *
measure_category_name(const char *code)
{
	if (strcmp(code, "population_health") == 0)
		return N_("Population health");
	if (strcmp(code, "patient_experience") == 0)
		return N_("Patient experience");
	if (strcmp(code, "cost") == 0)
		return N_("Cost per capita");
	if (strcmp(code, "staff_wellbeing") == 0)
		return N_("Staff wellbeing");
	return code;
}

static bool
in_list(const char *const *list, const char *s)
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
static int
parse_elements(const struct catalog *cat, const char *text, struct strvec *out, struct error *err)
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
			return error_set(err, "\"%s\" is not an element of %s", code, id);
		strvec_pushf(out, "%s %s", id, code);
	}
	return 0;
}

/* The owner: someone with a role on UNIT (or above), or nobody when EMAIL is empty. */
static int
find_owner(struct store *s, const struct unit_tree *tree, const struct unit *unit, const char *email, int64_t *owner,
	   struct error *err)
{
	*owner = 0;
	if (text_blank(email))
		return 0;
	(void)tree;
	struct user u;
	int found = user_by_email(s, email, &u, err);
	if (found < 0)
		return -1;
	struct grants g;
	if (!found || grants_load(s, &u, &g, err) < 0)
		return found ? -1 : error_set(err, "no account for %s: an owner is a person of the unit", email);
	bool member = role_on(&g, unit) >= ROLE_VIEWER;
	grants_release(&g);
	if (!member)
		return error_set(err, "%s holds no role on %s: an owner is a person of the unit", u.email, unit->name);
	*owner = u.id;
	return 0;
}

static int
check_action(const struct action_input *in, struct error *err)
{
	if (text_line_check(N_("an action's title"), in->title, ACTION_TITLE_MAX, err) < 0)
		return -1;
	if (in->description && strlen(in->description) > TEXT_MAX)
		return error_set(err, "a description has at most %d characters", TEXT_MAX);
	if (!text_blank(in->due_on) && !valid_date(in->due_on))
		return error_set(err, "the due date must be a date as YYYY-MM-DD");
	if (in->status && !in_list(action_statuses, in->status))
		return error_set(err, "status \"%s\" is not planned, doing, done or dropped", in->status);
	return 0;
}

static int
write_elements(struct store *s, enum query_id q, int64_t id, const struct strvec *elements, struct error *err)
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
	int rc = -1;
	if (check_action(in, err) < 0 || parse_elements(cat, in->elements, &elements, err) < 0 ||
	    find_owner(s, tree, unit, in->owner_email, &owner, err) < 0 || store_begin(s, err) < 0)
		goto out;
	char now[32];
	store_now(now, sizeof now);
	struct param p[] = {PINT(unit->id), PTEXT(in->title),
			    PTEXT(text_blank(in->description) ? NULL : in->description),
			    owner ? PINT(owner) : PNULL, PTEXT(text_blank(in->due_on) ? NULL : in->due_on),
			    PTEXT(in->status ? in->status : "planned"), in->round_id ? PINT(in->round_id) : PNULL,
			    who->user_id ? PINT(who->user_id) : PNULL, PTEXT(now)};
	int64_t id;
	char detail[300];
	snprintf(detail, sizeof detail, "action \"%.200s\"", in->title);
	if (store_get_int(s, Q_ACTION_ADD, PARAMS(p), &id, err) < 0 ||
	    write_elements(s, Q_ACTION_ELEMENT_ADD, id, &elements, err) < 0 ||
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
	int rc = -1;
	if (check_action(in, err) < 0 || (in->elements && parse_elements(cat, in->elements, &elements, err) < 0) ||
	    find_owner(s, tree, unit, in->owner_email, &owner, err) < 0 || store_begin(s, err) < 0)
		goto out;
	char now[32], detail[300];
	store_now(now, sizeof now);
	struct param p[] = {PINT(a->id), PTEXT(in->title), PTEXT(text_blank(in->description) ? NULL : in->description),
			    owner ? PINT(owner) : PNULL, PTEXT(text_blank(in->due_on) ? NULL : in->due_on),
			    PTEXT(in->status ? in->status : a->status), PTEXT(now)};
	struct param d[] = {PINT(a->id)};
	snprintf(detail, sizeof detail, "action %lld \"%.150s\" now %s", (long long)a->id, in->title,
		 in->status ? in->status : a->status);
	if (store_exec(s, Q_ACTION_UPDATE, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    (in->elements && (store_exec(s, Q_ACTION_ELEMENTS_DELETE, PARAMS(d), NULL, NULL, NULL, err) < 0 ||
			      write_elements(s, Q_ACTION_ELEMENT_ADD, a->id, &elements, err) < 0)) ||
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
		return error_set(err, "a PDSA cycle starts with a plan: what will you try?");
	if (strlen(plan) > TEXT_MAX || (prediction && strlen(prediction) > TEXT_MAX) ||
	    (measurement && strlen(measurement) > TEXT_MAX))
		return error_set(err, "each part of a cycle has at most %d characters", TEXT_MAX);
	if (!planned_on || !valid_date(planned_on))
		return error_set(err, "the plan needs its date as YYYY-MM-DD");
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

/* ---- measures ---- */

int
measure_number(const char *text, double *out)
{
	char *end;
	*out = strtod(text, &end);
	if (!*text || *end || isnan(*out) || end == text)
		return -1;
	if (isinf(*out) && strpbrk(text, "iI")) /* "inf", "-Infinity": a word, not a value too large */
		return -1;
	return fabs(*out) <= MEASURE_VALUE_MAX ? 0 : -2;
}

/* Links the measure ID to each action of UNIT in ACTIONS ("3,7"), in the caller's transaction. */
static int
link_actions(struct store *s, const struct unit *unit, int64_t id, const char *actions, struct error *err)
{
	for (const char *a = actions ? actions : ""; *a;) {
		char *end;
		long long action_id = strtoll(a, &end, 10);
		if (end == a) {
			error_set(err, "linked actions are given by number, like 3,7");
			return -1;
		}
		struct action act;
		int found = action_get(s, action_id, &act, err);
		if (found < 0)
			return -1;
		bool mine = found && act.unit_id == unit->id;
		if (found)
			action_release(&act);
		if (!mine) {
			error_set(err, "%s has no action %lld", unit->name, action_id);
			return -1;
		}
		struct param ap[] = {PINT(id), PINT(action_id)};
		if (store_exec(s, Q_MEASURE_ACTION_ADD, PARAMS(ap), NULL, NULL, NULL, err) < 0)
			return -1;
		a = end + strspn(end, ", ");
	}
	return 0;
}

int
measure_create(struct store *s, const struct catalog *cat, const struct actor *who, const struct unit *unit,
	       const struct measure_input *in, int64_t *id_out, struct error *err)
{
	struct strvec elements = STRVEC_INIT;
	int rc = -1;
	double target = 0;
	long baseline = 0;
	int number = 0;
	if (text_line_check(N_("a measure's name"), in->name, 200, err) < 0)
		;
	else if (text_blank(in->definition) || strlen(in->definition) > TEXT_MAX)
		error_set(err, "a measure needs a definition: what is counted, how and from where");
	else if (!in_list(measure_categories, in->category))
		error_set(err, "the category is population_health, patient_experience, cost or staff_wellbeing");
	else if (!in->direction ||
		 (strcmp(in->direction, "up") && strcmp(in->direction, "down") && strcmp(in->direction, "neither")))
		error_set(err, "the direction of improvement is up, down or neither");
	else if (!text_blank(in->target) && (number = measure_number(in->target, &target)) == -1)
		error_set(err, "the target \"%s\" is not a number", in->target);
	else if (!text_blank(in->target) && number == -2)
		error_set(err, "the target %.40s is outside the bound of a measure: from -1e12 to 1e12", in->target);
	else if (!text_blank(in->baseline) && ((baseline = strtol(in->baseline, NULL, 10)) < 12 ||
					       strspn(in->baseline, "0123456789") != strlen(in->baseline)))
		error_set(err, "a baseline is a number of points, 12 or more");
	else if (!text_blank(in->baseline) && (strlen(in->baseline) > 13 || (double)baseline > MEASURE_VALUE_MAX))
		error_set(err, "the baseline %.40s is outside the bound of a measure: at most 1e12 points",
			  in->baseline);
	else if (in->unit_label && strlen(in->unit_label) > 40)
		error_set(err, "the unit of measure has at most 40 characters");
	else if (parse_elements(cat, in->elements, &elements, err) == 0)
		rc = 0;
	if (rc < 0)
		goto out;
	rc = -1;
	if (store_begin(s, err) < 0)
		goto out;
	char now[32], detail[300];
	store_now(now, sizeof now);
	struct param p[] = {PINT(unit->id),
			    PTEXT(in->name),
			    PTEXT(in->definition),
			    PTEXT(in->category),
			    PTEXT(in->direction),
			    PTEXT(text_blank(in->unit_label) ? NULL : in->unit_label),
			    text_blank(in->target) ? PNULL : (struct param){.type = P_REAL, .d = target},
			    baseline ? PINT(baseline) : PNULL,
			    PTEXT(now)};
	int64_t id;
	snprintf(detail, sizeof detail, "measure \"%.200s\"", in->name);
	if (store_get_int(s, Q_MEASURE_ADD, PARAMS(p), &id, err) < 0 ||
	    write_elements(s, Q_MEASURE_ELEMENT_ADD, id, &elements, err) < 0)
		goto fail;
	if (link_actions(s, unit, id, in->actions, err) < 0)
		goto fail;
	if (audit_record(s, who, "measure.create", unit->id, unit->code, detail, err) < 0)
		goto fail;
	if (store_commit(s, err) < 0)
		goto out;
	if (id_out)
		*id_out = id;
	rc = 0;
	goto out;
fail:
	store_rollback(s);
out:
	strvec_clear(&elements);
	return rc;
}

static void
fill_measure(struct measure *m, const struct row *r)
{
	memset(m, 0, sizeof *m);
	m->id = row_int(r, 0);
	m->unit_id = row_int(r, 1);
	snprintf(m->name, sizeof m->name, "%s", row_text(r, 2));
	snprintf(m->definition, sizeof m->definition, "%s", row_text(r, 3));
	snprintf(m->category, sizeof m->category, "%s", row_text(r, 4));
	snprintf(m->direction, sizeof m->direction, "%s", row_text(r, 5));
	snprintf(m->unit_label, sizeof m->unit_label, "%s", row_text(r, 6));
	m->has_target = !row_null(r, 7);
	m->target = m->has_target ? r->real(r->impl, 7) : NAN;
	m->baseline = row_null(r, 8) ? 0 : (long)row_int(r, 8);
}

struct measures_ctx {
	struct measure *v;
	size_t n, cap;
};

static int
measure_row(void *ctx, const struct row *r)
{
	struct measures_ctx *c = ctx;
	c->v = xgrow(c->v, sizeof *c->v, c->n + 1, &c->cap);
	fill_measure(&c->v[c->n++], r);
	return 0;
}

static int
measure_element_row(void *ctx, const struct row *r)
{
	strvec_pushf(ctx, "%s %s", row_text(r, 0), row_text(r, 1));
	return 0;
}

static int
load_elements(struct store *s, struct measure *m, struct error *err)
{
	struct param p[] = {PINT(m->id)};
	return store_exec(s, Q_MEASURE_ELEMENTS, PARAMS(p), measure_element_row, &m->elements, NULL, err);
}

int
measure_get(struct store *s, int64_t id, struct measure *out, struct error *err)
{
	struct measures_ctx c = {0};
	struct param p[] = {PINT(id)};
	if (store_exec(s, Q_MEASURE_GET, PARAMS(p), measure_row, &c, NULL, err) < 0) {
		free(c.v);
		return -1;
	}
	if (!c.n) {
		free(c.v);
		return 0;
	}
	*out = c.v[0];
	free(c.v);
	if (load_elements(s, out, err) < 0) {
		measure_release(out);
		return -1;
	}
	return 1;
}

void
measure_release(struct measure *m)
{
	strvec_clear(&m->elements);
}

int
measures_each(struct store *s, int64_t unit_id, measure_fn fn, void *ctx, struct error *err)
{
	struct measures_ctx c = {0};
	struct param p[] = {PINT(unit_id)};
	int rc = store_exec(s, Q_MEASURES_OF_UNIT, PARAMS(p), measure_row, &c, NULL, err);
	for (size_t i = 0; i < c.n; i++) {
		if (rc == 0)
			rc = load_elements(s, &c.v[i], err);
		if (rc == 0)
			rc = fn(ctx, &c.v[i]);
		measure_release(&c.v[i]);
	}
	free(c.v);
	return rc;
}

struct series_ctx {
	struct measure_series *ms;
	size_t cap_p, cap_v, cap_r;
};

static int
point_row(void *vctx, const struct row *r)
{
	struct series_ctx *c = vctx;
	struct measure_series *ms = c->ms;
	ms->period = xgrow(ms->period, sizeof *ms->period, ms->n + 1, &c->cap_p);
	ms->value = xgrow(ms->value, sizeof *ms->value, ms->n + 1, &c->cap_v);
	ms->rebase = xgrow(ms->rebase, sizeof *ms->rebase, ms->n + 1, &c->cap_r);
	snprintf(ms->period[ms->n], sizeof ms->period[0], "%s", row_text(r, 0));
	ms->value[ms->n] = row_null(r, 1) ? NAN : r->real(r->impl, 1);
	ms->rebase[ms->n] = row_int(r, 2) != 0;
	ms->n++;
	return 0;
}

int
measure_series_load(struct store *s, int64_t measure_id, struct measure_series *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	struct series_ctx c = {out, 0, 0, 0};
	struct param p[] = {PINT(measure_id)};
	if (store_exec(s, Q_MEASURE_POINTS, PARAMS(p), point_row, &c, NULL, err) < 0) {
		measure_series_release(out);
		return -1;
	}
	return 0;
}

void
measure_series_release(struct measure_series *ms)
{
	free(ms->period);
	free(ms->value);
	free(ms->rebase);
	memset(ms, 0, sizeof *ms);
}

static int
check_point(const char *period, const char *value, bool name_field, double *v, struct error *err)
{
	if (!period || !valid_date(period))
		return error_set(err, "\"%s\" is not a date as YYYY-MM-DD", period ? period : "");
	*v = NAN;
	int number = value && *value ? measure_number(value, v) : 0;
	if (number == -1 && !name_field) /* a CSV row names its column before */
		return error_set(err, "\"%s\" is not a number", value);
	if (number == -1)
		return error_set(err, "the value \"%.40s\" is not a number", value);
	if (number == -2)
		return error_set(err, "the value %.40s is outside the bound of a measure: from -1e12 to 1e12", value);
	return 0;
}

static struct param
value_param(double v)
{
	return isnan(v) ? PNULL : (struct param){.type = P_REAL, .d = v};
}

int
measure_point_put(struct store *s, const struct actor *who, const struct measure *m, const char *period,
		  const char *value, bool rebase, const char *note, struct error *err)
{
	double v;
	if (check_point(period, value, true, &v, err) < 0)
		return -1;
	if (note && strlen(note) > 1000)
		return error_set(err, "a note has at most 1000 characters");
	if (store_begin(s, err) < 0)
		return -1;
	char detail[300];
	snprintf(detail, sizeof detail, "measure %lld: %s = %s", (long long)m->id, period,
		 value && *value ? value : "(gap)");
	struct param p[] = {PINT(m->id), PTEXT(period), value_param(v), PINT(rebase),
			    PTEXT(note && *note ? note : NULL)};
	if (store_exec(s, Q_MEASURE_POINT_PUT, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    audit_record(s, who, "measure.point", m->unit_id, m->name, detail, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

/* Header row F: where date, value, rebase and note are (*COL[0..3], left -1 if absent); date and value needed. */
static void
measure_header(const struct strvec *f, const char *origin, int *const col[4], struct strvec *problems)
{
	static const char *const names[] = {"date", "value", "rebase", "note"};
	for (size_t i = 0; i < f->n; i++) {
		size_t k = 0;
		while (k < 4 && strcmp(f->v[i], names[k]) != 0)
			k++;
		if (k < 4)
			*col[k] = (int)i;
		else
			strvec_pushf(problems,
				     "%s: row 1, column %zu: unknown column \"%s\" (date, value, rebase, note)", origin,
				     i + 1, f->v[i]);
	}
	if (*col[0] < 0 || *col[1] < 0)
		strvec_pushf(problems, "%s: row 1: the header needs \"date\" and \"value\"", origin);
}

/* The N points (DATES, VALUES, REBASES, NOTES) into measure M in one transaction, audited. */
static int
measure_points_put(struct store *s, const struct actor *who, const struct measure *m, const struct strvec *dates,
		   const double *values, const bool *rebases, char *const *notes, size_t n, const char *origin,
		   struct error *err)
{
	if (store_begin(s, err) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct param p[] = {PINT(m->id), PTEXT(dates->v[i]), value_param(values[i]), PINT(rebases[i]),
				    PTEXT(notes[i])};
		rc = store_exec(s, Q_MEASURE_POINT_PUT, PARAMS(p), NULL, NULL, NULL, err);
	}
	char detail[300];
	snprintf(detail, sizeof detail, "measure %lld: %zu points imported from %.100s", (long long)m->id, n, origin);
	if (rc == 0)
		rc = audit_record(s, who, "measure.import", m->unit_id, m->name, detail, err);
	return store_finish(s, rc, err);
}

int
measure_import_csv(struct store *s, const struct actor *who, const struct measure *m, const char *text, size_t len,
		   const char *origin, struct strvec *problems, struct error *err)
{
	size_t before = problems->n, line;
	struct csv_reader rd;
	struct strvec f = STRVEC_INIT, dates = STRVEC_INIT;
	struct error cerr;
	int rc = -1, dcol = -1, vcol = -1, rcol = -1, ncol = -1;
	double *values = NULL;
	bool *rebases = NULL;
	char **notes = NULL;
	size_t n = 0, cv = 0, cr = 0, cn = 0;
	csv_init(&rd, text, len);
	if (csv_next(&rd, &f, &line, &cerr) <= 0) {
		strvec_pushf(problems, "%s: the file is empty: it needs the header date,value", origin);
		goto out;
	}
	int *const cols[] = {&dcol, &vcol, &rcol, &ncol};
	measure_header(&f, origin, cols, problems);
	if (problems->n > before)
		goto out;
	int got;
	while ((got = csv_next(&rd, &f, &line, &cerr)) == 1) {
		const char *d = (size_t)dcol < f.n ? f.v[dcol] : "", *vt = (size_t)vcol < f.n ? f.v[vcol] : "";
		double v;
		struct error e;
		/* Every problem of the row is named, not only the first. */
		size_t row_before = problems->n;
		bool date_ok = valid_date(d);
		if (!date_ok)
			strvec_pushf(problems, "%s: row %zu, column %d (date): \"%s\" is not a date as YYYY-MM-DD",
				     origin, line, dcol + 1, d);
		if (check_point(date_ok ? d : "2000-01-01", vt, false, &v, &e) < 0)
			strvec_pushf(problems, "%s: row %zu, column %d (value): %s", origin, line, vcol + 1, e.msg);
		for (size_t k = 0; date_ok && k < dates.n; k++)
			if (strcmp(dates.v[k], d) == 0) {
				strvec_pushf(problems, "%s: row %zu, column %d (date): %s appears twice", origin, line,
					     dcol + 1, d);
				break;
			}
		const char *rb = rcol >= 0 && (size_t)rcol < f.n ? f.v[rcol] : "";
		if (*rb && strcmp(rb, "0") && strcmp(rb, "1") && strcmp(rb, "yes") && strcmp(rb, "no"))
			strvec_pushf(problems, "%s: row %zu, column %d (rebase): \"%s\" is not 1, 0, yes or no", origin,
				     line, rcol + 1, rb);
		if (problems->n > row_before)
			continue;
		strvec_push(&dates, d);
		values = xgrow(values, sizeof *values, n + 1, &cv);
		rebases = xgrow(rebases, sizeof *rebases, n + 1, &cr);
		notes = xgrow(notes, sizeof *notes, n + 1, &cn);
		values[n] = v;
		rebases[n] = strcmp(rb, "1") == 0 || strcmp(rb, "yes") == 0;
		notes[n] = ncol >= 0 && (size_t)ncol < f.n && *f.v[ncol] ? xstrdup(f.v[ncol]) : NULL;
		n++;
	}
	if (got < 0)
		strvec_pushf(problems, "%s: %s", origin, cerr.msg);
	if (problems->n > before)
		goto out;
	if (measure_points_put(s, who, m, &dates, values, rebases, notes, n, origin, err) == 0)
		rc = (int)n;
out:
	for (size_t i = 0; i < n; i++)
		free(notes[i]);
	free(notes);
	free(values);
	free(rebases);
	strvec_clear(&f);
	strvec_clear(&dates);
	return rc;
}
