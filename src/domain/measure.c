/* measure.c - measures of the quadruple aim and their data points, one at a time or imported from a CSV
 * paste, each change checked and audited (see improve.h); drawn as SPC charts by the pages. */
#include "domain/improve.h"
#include "domain/improve_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "lib/csv.h"
#include "lib/i18n.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "store/store.h"

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
			error_in(err, "actions", "linked actions are given by number, like 3,7");
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
	char *bend = NULL;
	int number = 0;
	if (text_line_check(N_("a measure's name"), in->name, 200, err) < 0)
		;
	else if (text_blank(in->definition) || strlen(in->definition) > TEXT_MAX)
		error_in(err, "definition", "a measure needs a definition: what is counted, how and from where");
	else if (!improve_in_list(measure_categories, in->category))
		error_in(err, "category",
			 "the category is population_health, patient_experience, cost or staff_wellbeing");
	else if (!in->direction ||
		 (strcmp(in->direction, "up") && strcmp(in->direction, "down") && strcmp(in->direction, "neither")))
		error_in(err, "direction", "the direction of improvement is up, down or neither");
	else if (!text_blank(in->target) && (number = measure_number(in->target, &target)) == -1)
		error_in(err, "target", "the target \"%s\" is not a number", in->target);
	else if (!text_blank(in->target) && number == -2)
		error_in(err, "target", "the target %.40s is outside the bound of a measure: from -1e12 to 1e12",
			 in->target);
	else if (!text_blank(in->baseline) && ((baseline = strtol(in->baseline, &bend, 10)) < 12 || *bend ||
					       strspn(in->baseline, "0123456789") != strlen(in->baseline)))
		error_in(err, "baseline", "a baseline is a number of points, 12 or more");
	else if (!text_blank(in->baseline) && (strlen(in->baseline) > 13 || (double)baseline > MEASURE_VALUE_MAX))
		error_in(err, "baseline", "the baseline %.40s is outside the bound of a measure: at most 1e12 points",
			 in->baseline);
	else if (in->unit_label && strlen(in->unit_label) > 40)
		error_in(err, "unit_label", "the unit of measure has at most 40 characters");
	else if (improve_elements_parse(cat, in->elements, &elements, err) == 0)
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
	    improve_elements_write(s, Q_MEASURE_ELEMENT_ADD, id, &elements, err) < 0)
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
	size_t cap_p, cap_v, cap_r, cap_n;
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
	ms->note = xgrow(ms->note, sizeof *ms->note, ms->n + 1, &c->cap_n);
	ms->note[ms->n] = row_null(r, 3) ? NULL : xstrdup(row_text(r, 3));
	ms->n++;
	return 0;
}

int
measure_series_load(struct store *s, int64_t measure_id, struct measure_series *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	struct series_ctx c = {out, 0, 0, 0, 0};
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
	for (size_t i = 0; ms->note && i < ms->n; i++)
		free(ms->note[i]);
	free(ms->note);
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
		return error_in(err, "note", "a note has at most 1000 characters");
	if (rebase && text_blank(note))
		return error_in(err, "note", "new limits need their reason: say in the note why they start again here");
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
