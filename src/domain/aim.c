/*
 * aim.c - the changes to aims and their driver diagrams (aim.h): each checked first (the error names the
 * field), then written in one transaction with its audit line. What belongs to an aim is checked against the
 * aim (a secondary's primaries, an idea's drivers) and against the unit (measures, PDSA cycles), so that one
 * unit's diagram never points into another's.
 */
#include "domain/aim.h"
#include "domain/aim_int.h"
#include "domain/improve_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/improve.h"
#include "domain/round.h"
#include "lib/i18n.h"
#include "lib/text.h"
#include "store/store.h"

const char *const aim_statuses[] = {"active", "achieved", "closed", NULL};
const char *const driver_levels[] = {"primary", "secondary", NULL};
const char *const link_strengths[] = {"strong", "weak", NULL};
const char *const idea_picks[] = {"possible", "implement", "challenge", "kill", NULL};
const char *const idea_statuses[] = {"idea", "testing", "adopted", "abandoned", "spread", NULL};
const char *const measure_kinds[] = {"outcome", "process", "balancing", NULL};

int
aim_parse_id(const char *text, const char *field, int64_t *out, struct error *err)
{
	long long v;
	if (!text || !text_to_number(text, 1, INT64_MAX, &v))
		return error_in(err, field, "%s must be a number, like 3", field);
	*out = v;
	return 0;
}

int
aim_parse_ids(const char *text, const char *field, int64_t *ids, struct error *err)
{
	int n = 0;
	for (const char *p = text ? text : ""; *(p += strspn(p, ", \t\r\n"));) {
		size_t len = strcspn(p, ", \t\r\n");
		char one[24];
		long long v;
		snprintf(one, sizeof one, "%.*s", (int)(len < 23 ? len : 23), p);
		if (len > 20 || !text_to_number(one, 1, INT64_MAX, &v))
			return error_in(err, field, "%s are given by number, like 3, 7", field);
		if (n == AIM_LINKS_MAX)
			return error_in(err, field, "%s: at most %d", field, AIM_LINKS_MAX);
		bool seen = false;
		for (int i = 0; i < n; i++)
			seen |= ids[i] == v;
		if (!seen)
			ids[n++] = v;
		p += len;
	}
	return n;
}

/* The unit's measure MEASURE (text; blank: none) into *ID. */
static int
unit_measure(struct store *s, const struct unit *unit, const char *measure, const char *field, int64_t *id,
	     struct error *err)
{
	*id = 0;
	if (text_blank(measure))
		return 0;
	if (aim_parse_id(measure, field, id, err) < 0)
		return -1;
	struct measure m;
	int found = measure_get(s, *id, &m, err);
	if (found < 0)
		return -1;
	bool mine = found && m.unit_id == unit->id;
	if (found)
		measure_release(&m);
	return mine ? 0 : error_in(err, field, "%s has no measure %lld", unit->name, (long long)*id);
}

/* The parent aim (text; blank: none): one of a unit above UNIT. *STATEMENT becomes its statement when blank. */
static int
parent_aim(struct store *s, const struct unit_tree *tree, const struct unit *unit, const char *parent, struct aim *out,
	   struct error *err)
{
	if (aim_parse_id(parent, "parent", &out->id, err) < 0)
		return -1;
	int found = aim_get(s, out->id, out, err);
	if (found < 0)
		return -1;
	const struct unit *owner = found ? unit_by_id(tree, out->unit_id) : NULL;
	if (!owner || owner == unit || !unit_within(unit, owner))
		return error_in(err, "parent", "aim %s is not an aim of a network or region %s belongs to", parent,
				unit->name);
	return 0;
}

struct aim_start {
	int64_t round;
	char instrument[100], item[64];
};

/* Where the aim was started: a round's priority (FROM_ROUND and FROM_ELEMENT) or a grid element. */
static int
aim_started(struct store *s, const struct catalog *cat, const struct unit *unit, const struct aim_input *in,
	    struct aim_start *st, struct error *err)
{
	memset(st, 0, sizeof *st);
	if (!text_blank(in->from_round)) {
		struct round r;
		int found = aim_parse_id(in->from_round, "from_round", &st->round, err) < 0
				    ? -1
				    : round_get(s, st->round, &r, err);
		if (found < 0)
			return -1;
		if (!found || r.unit_id != unit->id)
			return error_in(err, "from_round", "that round is not %s's", unit->name);
		if (text_blank(in->from_element))
			return error_in(err, "from_element", "a priority names its grid element, like 6.1");
	}
	if (text_blank(in->from_element))
		return 0;
	struct strvec els = STRVEC_INIT;
	if (improve_elements_parse(cat, in->from_element, &els, err) < 0) {
		strvec_clear(&els);
		err->field = "from_element";
		return -1;
	}
	int rc = els.n == 1 ? 0 : error_in(err, "from_element", "an aim starts from one grid element");
	if (rc == 0)
		sscanf(els.v[0], "%99s %63s", st->instrument, st->item);
	strvec_clear(&els);
	return rc;
}

/* The fields an aim's create and update share: statement, measure, target, due date, status. */
static int
aim_check(struct store *s, const struct unit *unit, const struct aim_input *in, int64_t *measure, double *target,
	  struct error *err)
{
	if (text_line_check(N_("an aim's statement"), in->statement, AIM_STATEMENT_MAX, err) < 0) {
		err->field = "statement";
		return -1;
	}
	*target = NAN;
	if (!text_blank(in->target) && measure_number(in->target, target) < 0)
		return error_in(err, "target", "the target must be a number, like 5");
	if (!text_blank(in->due_on) && !valid_date(in->due_on))
		return error_in(err, "due_on", "the due date must be a date as YYYY-MM-DD");
	if (!text_blank(in->status) && !improve_in_list(aim_statuses, in->status))
		return error_in(err, "status", "status \"%s\" is not active, achieved or closed", in->status);
	return unit_measure(s, unit, in->measure, "measure", measure, err);
}

static struct param
real_param(double v)
{
	return isnan(v) ? PNULL : (struct param){.type = P_REAL, .d = v};
}

static const char *
blank_null(const char *s)
{
	return text_blank(s) ? NULL : s;
}

int
aim_create(struct store *s, const struct catalog *cat, const struct unit_tree *tree, const struct actor *who,
	   const struct unit *unit, const struct aim_input *in, int64_t *id_out, struct error *err)
{
	struct aim parent = {0};
	struct aim_input mine = *in;
	struct aim_start st;
	if (!text_blank(in->parent)) {
		if (parent_aim(s, tree, unit, in->parent, &parent, err) < 0)
			return -1;
		if (text_blank(mine.statement))
			mine.statement = parent.statement;
	}
	int64_t measure, id;
	double target;
	if (aim_check(s, unit, &mine, &measure, &target, err) < 0 || aim_started(s, cat, unit, in, &st, err) < 0 ||
	    store_begin(s, err) < 0)
		return -1;
	char now[32], detail[400];
	store_now(now, sizeof now);
	struct param p[] = {PINT(unit->id),
			    PTEXT(mine.statement),
			    measure ? PINT(measure) : PNULL,
			    real_param(target),
			    PTEXT(blank_null(in->due_on)),
			    PTEXT(text_blank(in->status) ? "active" : in->status),
			    parent.id ? PINT(parent.id) : PNULL,
			    PTEXT(st.round     ? "priority"
				  : st.item[0] ? "element"
					       : NULL),
			    st.round ? PINT(st.round) : PNULL,
			    PTEXT(st.item[0] ? st.instrument : NULL),
			    PTEXT(st.item[0] ? st.item : NULL),
			    PTEXT(now)};
	snprintf(detail, sizeof detail, "aim \"%.300s\"%s", mine.statement, parent.id ? " adopted" : "");
	int rc = store_get_int(s, Q_AIM_ADD, PARAMS(p), &id, err) < 0 ||
				 audit_record(s, who, parent.id ? "aim.adopt" : "aim.create", unit->id, unit->code,
					      detail, err) < 0
			 ? -1
			 : 0;
	if (store_finish(s, rc, err) < 0)
		return -1;
	if (id_out)
		*id_out = id;
	return 0;
}

int
aim_update(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a,
	   const struct aim_input *in, struct error *err)
{
	struct aim_input mine = *in;
	char measure_was[24], target_was[40];
	snprintf(measure_was, sizeof measure_was, "%lld", (long long)a->measure_id);
	snprintf(target_was, sizeof target_was, "%.17g", a->target);
	if (!mine.statement)
		mine.statement = a->statement;
	if (!mine.measure)
		mine.measure = a->measure_id ? measure_was : NULL;
	if (!mine.target)
		mine.target = a->has_target ? target_was : NULL;
	if (!mine.due_on)
		mine.due_on = a->due_on;
	if (text_blank(mine.status))
		mine.status = a->status;
	int64_t measure;
	double target;
	if (aim_check(s, unit, &mine, &measure, &target, err) < 0 || store_begin(s, err) < 0)
		return -1;
	char now[32], detail[400];
	store_now(now, sizeof now);
	struct param p[] = {PINT(a->id),        PTEXT(mine.statement),          measure ? PINT(measure) : PNULL,
			    real_param(target), PTEXT(blank_null(mine.due_on)), PTEXT(mine.status),
			    PTEXT(now)};
	snprintf(detail, sizeof detail, "aim %lld \"%.300s\" now %s", (long long)a->id, mine.statement, mine.status);
	int rc = store_exec(s, Q_AIM_UPDATE, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
				 audit_record(s, who, "aim.update", unit->id, unit->code, detail, err) < 0
			 ? -1
			 : 0;
	return store_finish(s, rc, err);
}

int
aim_driver_is(struct store *s, const struct aim *a, int64_t id, const char *level, struct error *err)
{
	struct param p[] = {PINT(id), PINT(a->id)};
	char *got = NULL;
	int found = store_get_text(s, Q_DRIVER_LEVEL, PARAMS(p), &got, err);
	bool yes = found > 0 && (!level || strcmp(got, level) == 0);
	free(got);
	return found < 0 ? -1 : yes;
}

int
driver_add(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a,
	   const struct driver_input *in, int64_t *id_out, struct error *err)
{
	if (!in->level || !improve_in_list(driver_levels, in->level))
		return error_in(err, "level", "a driver's level is primary or secondary");
	if (text_line_check(N_("a driver"), in->text, DRIVER_TEXT_MAX, err) < 0) {
		err->field = "text";
		return -1;
	}
	const char *strength = text_blank(in->strength) ? "strong" : in->strength;
	if (!improve_in_list(link_strengths, strength))
		return error_in(err, "strength", "a link's strength is strong or weak");
	bool secondary = strcmp(in->level, "secondary") == 0;
	int64_t primaries[AIM_LINKS_MAX];
	int n = aim_parse_ids(in->primaries, "primaries", primaries, err);
	if (n < 0)
		return -1;
	if (secondary && n == 0)
		return error_in(err, "primaries", "a secondary driver serves one primary driver or more: choose them");
	if (!secondary && n > 0)
		return error_in(err, "primaries", "a primary driver serves the aim itself, not other drivers");
	for (int i = 0; i < n; i++) {
		int yes = aim_driver_is(s, a, primaries[i], "primary", err);
		if (yes <= 0)
			return yes < 0 ? -1
				       : error_in(err, "primaries", "driver %lld is not a primary driver of this aim",
						  (long long)primaries[i]);
	}
	if (store_begin(s, err) < 0)
		return -1;
	int64_t id = 0;
	char detail[400];
	struct param p[] = {PINT(a->id), PTEXT(in->level), PTEXT(in->text)};
	int rc = store_get_int(s, Q_DRIVER_ADD, PARAMS(p), &id, err) < 0 ? -1 : 0;
	for (int i = 0; rc == 0 && i < n; i++) {
		struct param l[] = {PINT(id), PINT(primaries[i]), PTEXT(strength)};
		rc = store_exec(s, Q_DRIVER_LINK_ADD, PARAMS(l), NULL, NULL, NULL, err);
	}
	snprintf(detail, sizeof detail, "aim %lld: %s driver \"%.200s\"", (long long)a->id, in->level, in->text);
	if (rc == 0)
		rc = audit_record(s, who, "aim.driver", unit->id, unit->code, detail, err);
	if (store_finish(s, rc, err) < 0)
		return -1;
	if (id_out)
		*id_out = id;
	return 0;
}

int
aim_drivers_check(struct store *s, const struct aim *a, const int64_t *ids, int n, const char *field, struct error *err)
{
	if (n == 0)
		return error_in(err, field, "a change idea acts on a driver at least: choose it");
	for (int i = 0; i < n; i++) {
		int yes = aim_driver_is(s, a, ids[i], NULL, err);
		if (yes <= 0)
			return yes < 0 ? -1
				       : error_in(err, field, "driver %lld is not a driver of this aim",
						  (long long)ids[i]);
	}
	return 0;
}

int
idea_add(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a,
	 const struct idea_input *in, int64_t *id_out, struct error *err)
{
	if (text_line_check(N_("a change idea"), in->text, IDEA_TEXT_MAX, err) < 0) {
		err->field = "text";
		return -1;
	}
	const char *pick = text_blank(in->pick) ? "possible" : in->pick;
	if (!improve_in_list(idea_picks, pick))
		return error_in(err, "pick", "a PICK place is possible, implement, challenge or kill");
	int64_t drivers[AIM_LINKS_MAX];
	int n = aim_parse_ids(in->drivers, "drivers", drivers, err);
	if (n < 0 || aim_drivers_check(s, a, drivers, n, "drivers", err) < 0 || store_begin(s, err) < 0)
		return -1;
	int64_t id = 0;
	char detail[400], day[11];
	today(day);
	struct param p[] = {PINT(a->id), PTEXT(in->text), PTEXT(pick), PTEXT(day)};
	int rc = store_get_int(s, Q_IDEA_ADD, PARAMS(p), &id, err) < 0 ? -1 : 0;
	for (int i = 0; rc == 0 && i < n; i++) {
		struct param l[] = {PINT(id), PINT(drivers[i])};
		rc = store_exec(s, Q_IDEA_DRIVER_ADD, PARAMS(l), NULL, NULL, NULL, err);
	}
	snprintf(detail, sizeof detail, "aim %lld: change idea \"%.200s\" (%s)", (long long)a->id, in->text, pick);
	if (rc == 0)
		rc = audit_record(s, who, "aim.idea", unit->id, unit->code, detail, err);
	if (store_finish(s, rc, err) < 0)
		return -1;
	if (id_out)
		*id_out = id;
	return 0;
}

int
aim_idea_find(struct store *s, const struct aim *a, int64_t idea_id, struct aim_idea *out, struct error *err)
{
	struct aim_tree t;
	int rc = aim_tree_load(s, a, &t, err) < 0 ? -1 : 0;
	for (size_t i = 0; rc == 0 && i < t.n_ideas; i++)
		if (t.ideas[i].id == idea_id) {
			*out = t.ideas[i];
			rc = 1;
		}
	aim_tree_release(&t);
	return rc;
}

/* The checked parts of an idea's change: its text, PICK place and status (each IN's, or the idea's when not
 * given) and, when given, the drivers replacing its own (*N_DRIVERS -1: kept). */
static int
idea_update_check(struct store *s, const struct aim *a, const struct aim_idea *was, struct idea_input *in,
		  const char **status, int64_t *drivers, int *n_drivers, struct error *err)
{
	in->text = in->text ? in->text : was->text;
	in->pick = text_blank(in->pick) ? was->pick : in->pick;
	*status = text_blank(*status) ? was->status : *status;
	if (text_line_check(N_("a change idea"), in->text, IDEA_TEXT_MAX, err) < 0) {
		err->field = "text";
		return -1;
	}
	if (!improve_in_list(idea_picks, in->pick))
		return error_in(err, "pick", "a PICK place is possible, implement, challenge or kill");
	if (!improve_in_list(idea_statuses, *status))
		return error_in(err, "status", "an idea's status is idea, testing, adopted, abandoned or spread");
	*n_drivers = -1;
	if (!in->drivers)
		return 0;
	*n_drivers = aim_parse_ids(in->drivers, "drivers", drivers, err);
	return *n_drivers < 0 ? -1 : aim_drivers_check(s, a, drivers, *n_drivers, "drivers", err);
}

int
idea_update(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a, int64_t idea_id,
	    const struct idea_input *in, const char *status, struct error *err)
{
	struct aim_idea was;
	struct idea_input mine = *in;
	int64_t drivers[AIM_LINKS_MAX];
	int n;
	int found = aim_idea_find(s, a, idea_id, &was, err);
	if (found <= 0)
		return found < 0 ? -1 : error_set(err, "this aim has no change idea %lld", (long long)idea_id);
	if (idea_update_check(s, a, &was, &mine, &status, drivers, &n, err) < 0 || store_begin(s, err) < 0)
		return -1;
	char detail[400], day[11];
	today(day);
	struct param p[] = {PINT(idea_id), PINT(a->id), PTEXT(mine.text), PTEXT(mine.pick), PTEXT(status), PTEXT(day)};
	struct param x[] = {PINT(idea_id)};
	int rc = store_exec(s, Q_IDEA_CHANGE, PARAMS(p), NULL, NULL, NULL, err);
	if (rc == 0 && n >= 0)
		rc = store_exec(s, Q_IDEA_DRIVERS_CLEAR, PARAMS(x), NULL, NULL, NULL, err);
	for (int i = 0; rc == 0 && i < n; i++) {
		struct param l[] = {PINT(idea_id), PINT(drivers[i])};
		rc = store_exec(s, Q_IDEA_DRIVER_ADD, PARAMS(l), NULL, NULL, NULL, err);
	}
	snprintf(detail, sizeof detail, "aim %lld: change idea %lld \"%.200s\" now %s, %s%s", (long long)a->id,
		 (long long)idea_id, mine.text, mine.pick, status, n >= 0 ? ", its drivers changed" : "");
	if (rc == 0)
		rc = audit_record(s, who, "aim.idea_change", unit->id, unit->code, detail, err);
	return store_finish(s, rc, err);
}

int
idea_change(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a, int64_t idea_id,
	    const char *pick, const char *status, struct error *err)
{
	const struct idea_input in = {.pick = pick};
	return idea_update(s, who, unit, a, idea_id, &in, status, err);
}

int
driver_measure_link(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a,
		    const char *driver, const char *measure, const char *kind, struct error *err)
{
	int64_t driver_id = 0, measure_id = 0;
	if (aim_parse_id(driver, "driver", &driver_id, err) < 0)
		return -1;
	int yes = aim_driver_is(s, a, driver_id, NULL, err);
	if (yes <= 0)
		return yes < 0 ? -1 : error_in(err, "driver", "driver %s is not a driver of this aim", driver);
	if (text_blank(measure))
		return error_in(err, "measure", "choose the measure");
	if (unit_measure(s, unit, measure, "measure", &measure_id, err) < 0)
		return -1;
	if (!kind || !improve_in_list(measure_kinds, kind))
		return error_in(err, "kind", "a measure's kind is outcome, process or balancing");
	if (store_begin(s, err) < 0)
		return -1;
	char detail[200];
	struct param p[] = {PINT(driver_id), PINT(measure_id), PTEXT(kind)};
	snprintf(detail, sizeof detail, "aim %lld: driver %lld measured by %lld (%s)", (long long)a->id,
		 (long long)driver_id, (long long)measure_id, kind);
	int rc = store_exec(s, Q_DRIVER_MEASURE_PUT, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
				 audit_record(s, who, "aim.measure", unit->id, unit->code, detail, err) < 0
			 ? -1
			 : 0;
	return store_finish(s, rc, err);
}

int
idea_pdsa_attach(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a,
		 int64_t idea_id, const char *action, const char *number, long *step_out, struct error *err)
{
	struct aim_idea idea;
	int64_t action_id = 0, n = 0, pdsa_id = 0, other = 0, step = 0;
	int found = aim_idea_find(s, a, idea_id, &idea, err);
	if (found <= 0)
		return found < 0 ? -1 : error_set(err, "this aim has no change idea %lld", (long long)idea_id);
	if (aim_parse_id(action, "action", &action_id, err) < 0 || aim_parse_id(number, "cycle", &n, err) < 0)
		return -1;
	struct param p[] = {PINT(unit->id), PINT(action_id), PINT(n)};
	found = store_get_int(s, Q_PDSA_ID_OF_UNIT, PARAMS(p), &pdsa_id, err);
	if (found <= 0)
		return found < 0 ? -1
				 : error_in(err, "cycle", "%s has no action %s with a PDSA cycle %s", unit->name,
					    action, number);
	if (store_begin(s, err) < 0)
		return -1;
	struct param o[] = {PINT(pdsa_id)}, x[] = {PINT(idea_id), PINT(pdsa_id)};
	int rc = store_get_int(s, Q_IDEA_OF_PDSA, PARAMS(o), &other, err);
	if (rc > 0)
		rc = error_in(err, "cycle", "that cycle already tests a change idea: a cycle tests one");
	else if (rc == 0)
		rc = store_get_int(s, Q_IDEA_PDSA_ADD, PARAMS(x), &step, err) < 0 ? -1 : 0;
	char detail[200];
	snprintf(detail, sizeof detail, "aim %lld: change idea %lld step %lld is action %lld cycle %lld",
		 (long long)a->id, (long long)idea_id, (long long)step, (long long)action_id, (long long)n);
	if (rc == 0)
		rc = audit_record(s, who, "aim.pdsa", unit->id, unit->code, detail, err);
	if (store_finish(s, rc, err) < 0)
		return -1;
	if (step_out)
		*step_out = (long)step;
	return 0;
}
