/*
 * aim_edit.c - changing and deleting in a driver diagram (aim.h): a driver's words and the primaries a secondary
 * serves, deleting a driver or a change idea; and an idea's PDSA cycles planned and recorded on the idea itself
 * (under an action of the unit, or the idea's own, made with its first cycle). Each is one function: checked,
 * one transaction, audited. A delete never leaves a secondary driver or an idea hanging on nothing, and never
 * deletes a PDSA cycle: the cycles are the action's record and stay with it.
 */
#include "domain/aim.h"
#include "domain/aim_int.h"
#include "domain/improve_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/improve.h"
#include "lib/i18n.h"
#include "lib/text.h"
#include "store/store.h"

/* A's driver DRIVER_ID into OUT: 1 found, 0 not A's, -1 error. */
static int
driver_find(struct store *s, const struct aim *a, int64_t driver_id, struct aim_driver *out, struct error *err)
{
	struct aim_tree t;
	int rc = aim_tree_load(s, a, &t, err) < 0 ? -1 : 0;
	const struct aim_driver *d = rc == 0 ? aim_tree_driver(&t, driver_id) : NULL;
	if (d) {
		*out = *d;
		rc = 1;
	}
	aim_tree_release(&t);
	return rc;
}

/* The primaries IN gives a secondary driver (IN->primaries not NULL): how many into IDS, or -1 with ERR. */
static int
driver_primaries(struct store *s, const struct aim *a, bool secondary, const struct driver_input *in, int64_t *ids,
		 struct error *err)
{
	int n = aim_parse_ids(in->primaries, "primaries", ids, err);
	if (n < 0)
		return -1;
	if (!secondary)
		return n ? error_in(err, "primaries", "a primary driver serves the aim itself, not other drivers") : 0;
	if (n == 0)
		return error_in(err, "primaries", "a secondary driver serves one primary driver or more: choose them");
	for (int i = 0; i < n; i++) {
		int yes = aim_driver_is(s, a, ids[i], "primary", err);
		if (yes <= 0)
			return yes < 0 ? -1
				       : error_in(err, "primaries", "driver %lld is not a primary driver of this aim",
						  (long long)ids[i]);
	}
	return n;
}

int
driver_update(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a, int64_t driver_id,
	      const struct driver_input *in, struct error *err)
{
	struct aim_driver d;
	int found = driver_find(s, a, driver_id, &d, err);
	if (found <= 0)
		return found < 0 ? -1 : error_set(err, "this aim has no driver %lld", (long long)driver_id);
	const char *text = in->text ? in->text : d.text;
	if (text_line_check(N_("a driver"), text, DRIVER_TEXT_MAX, err) < 0) {
		err->field = "text";
		return -1;
	}
	const char *strength = text_blank(in->strength) ? "strong" : in->strength;
	if (!improve_in_list(link_strengths, strength))
		return error_in(err, "strength", "a link's strength is strong or weak");
	bool secondary = strcmp(d.level, "secondary") == 0;
	int64_t primaries[AIM_LINKS_MAX];
	int n = in->primaries ? driver_primaries(s, a, secondary, in, primaries, err) : 0;
	if (n < 0 || store_begin(s, err) < 0)
		return -1;
	struct param p[] = {PINT(driver_id), PINT(a->id), PTEXT(text)}, x[] = {PINT(driver_id)};
	int rc = store_exec(s, Q_DRIVER_TEXT_SET, PARAMS(p), NULL, NULL, NULL, err);
	if (rc == 0 && n > 0)
		rc = store_exec(s, Q_DRIVER_LINKS_CLEAR, PARAMS(x), NULL, NULL, NULL, err);
	for (int i = 0; rc == 0 && i < n; i++) {
		struct param l[] = {PINT(driver_id), PINT(primaries[i]), PTEXT(strength)};
		rc = store_exec(s, Q_DRIVER_LINK_ADD, PARAMS(l), NULL, NULL, NULL, err);
	}
	char detail[500];
	snprintf(detail, sizeof detail, "aim %lld: driver %lld now \"%.200s\"%s", (long long)a->id,
		 (long long)driver_id, text, n > 0 ? ", serving other primaries" : "");
	if (rc == 0)
		rc = audit_record(s, who, "aim.driver_change", unit->id, unit->code, detail, err);
	return store_finish(s, rc, err);
}

/* What deleting driver ID would leave hanging on nothing, in the caller's transaction: 0 none, -1 refused. */
static int
driver_deletable(struct store *s, int64_t id, struct error *err)
{
	struct param p[] = {PINT(id)};
	char *lone = NULL;
	int found = store_get_text(s, Q_DRIVER_LONE_SECONDARY, PARAMS(p), &lone, err);
	if (found > 0)
		error_set(err,
			  "the secondary driver \"%s\" serves this driver alone: link it to another primary driver "
			  "or delete it first",
			  lone);
	free(lone);
	if (found != 0)
		return -1;
	found = store_get_text(s, Q_DRIVER_LONE_IDEA, PARAMS(p), &lone, err);
	if (found > 0)
		error_set(err,
			  "the change idea \"%s\" acts on this driver alone: link it to another driver or delete it "
			  "first",
			  lone);
	free(lone);
	return found != 0 ? -1 : 0;
}

int
driver_delete(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a, int64_t driver_id,
	      struct error *err)
{
	struct aim_driver d;
	int found = driver_find(s, a, driver_id, &d, err);
	if (found <= 0)
		return found < 0 ? -1 : error_set(err, "this aim has no driver %lld", (long long)driver_id);
	if (store_begin(s, err) < 0)
		return -1;
	struct param x[] = {PINT(driver_id)}, p[] = {PINT(driver_id), PINT(a->id)};
	int rc = driver_deletable(s, driver_id, err);
	static const enum query_id steps[] = {Q_DRIVER_UNLINK, Q_DRIVER_UNIDEA, Q_DRIVER_UNMEASURE};
	for (size_t i = 0; rc == 0 && i < sizeof steps / sizeof *steps; i++)
		rc = store_exec(s, steps[i], PARAMS(x), NULL, NULL, NULL, err);
	if (rc == 0)
		rc = store_exec(s, Q_DRIVER_DELETE, PARAMS(p), NULL, NULL, NULL, err);
	char detail[400];
	snprintf(detail, sizeof detail, "aim %lld: %s driver %lld \"%.200s\" deleted", (long long)a->id, d.level,
		 (long long)driver_id, d.text);
	if (rc == 0)
		rc = audit_record(s, who, "aim.driver_delete", unit->id, unit->code, detail, err);
	return store_finish(s, rc, err);
}

int
idea_delete(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a, int64_t idea_id,
	    struct error *err)
{
	struct aim_idea idea;
	int found = aim_idea_find(s, a, idea_id, &idea, err);
	if (found <= 0)
		return found < 0 ? -1 : error_set(err, "this aim has no change idea %lld", (long long)idea_id);
	if (store_begin(s, err) < 0)
		return -1;
	struct param x[] = {PINT(idea_id)}, p[] = {PINT(idea_id), PINT(a->id)};
	int rc = store_exec(s, Q_IDEA_PDSA_CLEAR, PARAMS(x), NULL, NULL, NULL, err) < 0 ||
				 store_exec(s, Q_IDEA_DRIVERS_CLEAR, PARAMS(x), NULL, NULL, NULL, err) < 0 ||
				 store_exec(s, Q_IDEA_DELETE, PARAMS(p), NULL, NULL, NULL, err) < 0
			 ? -1
			 : 0;
	char detail[400];
	snprintf(detail, sizeof detail, "aim %lld: change idea %lld \"%.200s\" deleted (its %ld PDSA cycles kept)",
		 (long long)a->id, (long long)idea_id, idea.text, idea.pdsa_count);
	if (rc == 0)
		rc = audit_record(s, who, "aim.idea_delete", unit->id, unit->code, detail, err);
	return store_finish(s, rc, err);
}

/* S cut to at most MAX bytes (its buffer holds MAX + 1) on a character's boundary, with an ellipsis. */
static void
clip_words(char *s, size_t max)
{
	if (strlen(s) <= max)
		return;
	size_t n = max - 3;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(s + n, "\xe2\x80\xa6", 4);
}

/* The idea's own action into ACT (release it), made and remembered when it has none: in the caller's transaction. */
static int
idea_own_action(struct store *s, const struct catalog *cat, const struct unit_tree *tree, const struct lang *lang,
		const struct actor *who, const struct unit *unit, const struct aim_idea *idea, struct action *act,
		struct error *err)
{
	int64_t id = 0;
	struct param p[] = {PINT(idea->id), PINT(unit->id)};
	int found = store_get_int(s, Q_IDEA_ACTION, PARAMS(p), &id, err);
	if (found < 0)
		return -1;
	if (!found) {
		char title[ACTION_TITLE_MAX + 1];
		snprintf(title, sizeof title, tr(lang, "Testing the change idea: %s"), idea->text);
		clip_words(title, ACTION_TITLE_MAX);
		const struct action_input in = {.title = title, .status = "doing"};
		if (action_create(s, cat, tree, who, unit, &in, &id, err) < 0)
			return -1;
		struct param x[] = {PINT(idea->id), PINT(id)};
		if (store_exec(s, Q_IDEA_ACTION_SET, PARAMS(x), NULL, NULL, NULL, err) < 0)
			return -1;
	}
	found = action_get(s, id, act, err);
	return found > 0 ? 0 : found < 0 ? -1 : error_set(err, "no action %lld", (long long)id);
}

/* In the caller's transaction: IN's cycle planned under ACT and put on A's idea IDEA_ID's ramp (*OUT). */
static int
cycle_put(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a, int64_t idea_id,
	  const struct action *act, const struct idea_cycle_input *in, struct idea_cycle *out, struct error *err)
{
	int64_t number = 0;
	struct param n[] = {PINT(act->id)};
	if (store_get_int(s, Q_PDSA_NEXT_NUMBER, PARAMS(n), &number, err) < 0 ||
	    pdsa_add(s, who, act, in->plan, in->prediction, in->measurement, in->planned_on, err) < 0)
		return -1;
	char action_text[24], number_text[24];
	snprintf(action_text, sizeof action_text, "%lld", (long long)act->id);
	snprintf(number_text, sizeof number_text, "%lld", (long long)number);
	out->action_id = act->id;
	out->number = (long)number;
	return idea_pdsa_attach(s, who, unit, a, idea_id, action_text, number_text, &out->step, err);
}

/* The unit's action named by TEXT into ACT (release it): 0, or -1 with ERR naming "action". */
static int
unit_action(struct store *s, const struct unit *unit, const char *text, struct action *act, struct error *err)
{
	int64_t id;
	if (aim_parse_id(text, "action", &id, err) < 0)
		return -1;
	int found = action_get(s, id, act, err);
	if (found < 0)
		return -1;
	if (found && act->unit_id == unit->id)
		return 0;
	if (found)
		action_release(act);
	return error_in(err, "action", "%s has no action %s", unit->name, text);
}

int
idea_cycle_plan(struct store *s, const struct catalog *cat, const struct unit_tree *tree, const struct lang *lang,
		const struct actor *who, const struct unit *unit, const struct aim *a, int64_t idea_id,
		const struct idea_cycle_input *in, struct idea_cycle *out, struct error *err)
{
	struct aim_idea idea;
	struct action act = {0};
	int found = aim_idea_find(s, a, idea_id, &idea, err);
	if (found <= 0)
		return found < 0 ? -1 : error_set(err, "this aim has no change idea %lld", (long long)idea_id);
	bool given = !text_blank(in->action);
	if (given && unit_action(s, unit, in->action, &act, err) < 0)
		return -1;
	if (store_begin(s, err) < 0) {
		action_release(&act);
		return -1;
	}
	int rc = given ? 0 : idea_own_action(s, cat, tree, lang, who, unit, &idea, &act, err);
	if (rc == 0)
		rc = cycle_put(s, who, unit, a, idea_id, &act, in, out, err);
	action_release(&act);
	return store_finish(s, rc, err);
}

int
idea_cycle_plan_on(struct store *s, const struct actor *who, const struct unit *unit, const struct action *action,
		   const char *idea, const struct idea_cycle_input *in, struct idea_cycle *out, struct error *err)
{
	int64_t idea_id, aim_id = 0;
	struct aim a;
	if (aim_parse_id(idea, "idea", &idea_id, err) < 0)
		return -1;
	struct param p[] = {PINT(idea_id)};
	int found = store_get_int(s, Q_IDEA_AIM, PARAMS(p), &aim_id, err);
	if (found > 0)
		found = aim_get(s, aim_id, &a, err);
	if (found < 0)
		return -1;
	if (!found || a.unit_id != unit->id)
		return error_in(err, "idea", "%s has no change idea %s", unit->name, idea);
	if (store_begin(s, err) < 0)
		return -1;
	return store_finish(s, cycle_put(s, who, unit, &a, idea_id, action, in, out, err), err);
}

struct step_cycle {
	int64_t action_id;
	long number;
	bool found;
};

static int
step_cycle_row(void *ctx, const struct row *r)
{
	struct step_cycle *c = ctx;
	*c = (struct step_cycle){row_int(r, 0), (long)row_int(r, 1), true};
	return 0;
}

int
idea_cycle_record(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a,
		  int64_t idea_id, long step, const char *stage, const char *text, const char *on,
		  const char *act_choice, struct error *err)
{
	struct step_cycle c = {0};
	struct param p[] = {PINT(idea_id), PINT(step), PINT(a->id)};
	if (store_exec(s, Q_IDEA_STEP_CYCLE, PARAMS(p), step_cycle_row, &c, NULL, err) < 0)
		return -1;
	if (!c.found)
		return error_set(err, "this change idea has no step %ld on its ramp", step);
	struct action act;
	int found = action_get(s, c.action_id, &act, err);
	if (found <= 0 || act.unit_id != unit->id) {
		if (found > 0)
			action_release(&act);
		return found < 0 ? -1 : error_set(err, "this change idea has no step %ld on its ramp", step);
	}
	int rc = pdsa_record(s, who, &act, c.number, stage ? stage : "", text, on, act_choice, err);
	action_release(&act);
	return rc;
}
