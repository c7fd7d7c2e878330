/*
 * aim.h - from priorities to proof: a unit's aims (IHI's "how much, by when"), each with its driver diagram:
 * primary drivers, secondary drivers serving one primary or more (strongly or weakly), change ideas acting on
 * drivers (a PICK place and a status), the unit's measures linked to drivers by kind (outcome, process,
 * balancing), and the PDSA cycles testing an idea in order (its ramp). An aim may adopt a network's or
 * region's aim (its parent), so that spread shows. Every change is one function: checked, one transaction,
 * audited (aim.c); reading the whole diagram is aim_tree_load (aim_read.c).
 */
#ifndef CAREGRID_AIM_H
#define CAREGRID_AIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/audit.h"
#include "domain/unit.h"
#include "lib/error.h"

struct catalog;
struct store;

#define AIM_STATEMENT_MAX 300
#define DRIVER_TEXT_MAX 200
#define IDEA_TEXT_MAX 200
#define AIM_LINKS_MAX 20 /* primaries of a secondary, drivers of an idea */

extern const char *const aim_statuses[];   /* active, achieved, closed; NULL-terminated */
extern const char *const driver_levels[];  /* primary, secondary */
extern const char *const link_strengths[]; /* strong, weak */
extern const char *const idea_picks[];     /* possible, implement, challenge, kill */
extern const char *const idea_statuses[];  /* idea, testing, adopted, abandoned, spread */
extern const char *const measure_kinds[];  /* outcome, process, balancing */

struct aim {
	int64_t id, unit_id, measure_id, parent_id, from_round; /* 0: none */
	char statement[AIM_STATEMENT_MAX + 1];
	bool has_target;
	double target;
	char due_on[11]; /* "" when none */
	char status[10];
	char from_kind[10];     /* "priority", "element", "" */
	char from_element[200]; /* "instrument code" it was started from; "" */
};

struct aim_input {
	/* Text as a form or JSON gives it; NULL or blank: none (status: active). */
	const char *statement, *measure, *target, *due_on, *status;
	const char *parent;       /* an aim's id, of a unit above this one: adopting it (statement may then be blank) */
	const char *from_round;   /* a round of the unit: started from its priority FROM_ELEMENT */
	const char *from_element; /* "6.1" or "positive-practices S.4": the grid element it was started from */
};

/* Creates an aim of UNIT (within TREE) from IN; *ID_OUT its id. A parent's statement is taken when IN's is blank. */
int aim_create(struct store *s, const struct catalog *cat, const struct unit_tree *tree, const struct actor *who,
	       const struct unit *unit, const struct aim_input *in, int64_t *id_out, struct error *err);
/* Changes A's statement, measure, target, due date and status (a NULL field keeps what A has). */
int aim_update(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a,
	       const struct aim_input *in, struct error *err);
/* 1 found, 0 not, -1 error. */
int aim_get(struct store *s, int64_t id, struct aim *out, struct error *err);
typedef int (*aim_fn)(void *ctx, const struct aim *a);
int aims_each(struct store *s, int64_t unit_id, aim_fn fn, void *ctx, struct error *err);

struct driver_input {
	const char *level; /* primary | secondary */
	const char *text;
	const char *primaries; /* a secondary's primary drivers, of the same aim, by id: "3, 7" */
	const char *strength;  /* strong (the default) | weak */
};
int driver_add(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a,
	       const struct driver_input *in, int64_t *id_out, struct error *err);

struct idea_input {
	const char *text;
	const char *drivers; /* the drivers of the same aim it acts on, by id: "3, 7" (one at least) */
	const char *pick;    /* possible | implement | challenge | kill */
};
struct lang;
int idea_add(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a,
	     const struct idea_input *in, int64_t *id_out, struct error *err);
/* A's idea IDEA_ID gets PICK and STATUS (NULL or blank: unchanged). */
int idea_change(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a, int64_t idea_id,
		const char *pick, const char *status, struct error *err);
/* Changes A's idea IDEA_ID: IN's text (NULL: kept), drivers (NULL: kept; given, they replace the idea's, one at
 * least), PICK place and STATUS (NULL or blank: kept). A status that changes is dated today (status_on). */
int idea_update(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a, int64_t idea_id,
		const struct idea_input *in, const char *status, struct error *err);
/* Deletes A's idea IDEA_ID with its links to drivers and its ramp; the PDSA cycles stay on their actions. */
int idea_delete(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a, int64_t idea_id,
		struct error *err);
/* Changes A's driver DRIVER_ID: its TEXT (NULL: kept) and, for a secondary, the PRIMARIES it serves (NULL: kept;
 * given, they replace its links, each STRENGTH strong (blank) or weak). */
int driver_update(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a,
		  int64_t driver_id, const struct driver_input *in, struct error *err);
/* Deletes A's driver DRIVER_ID with its links, its ideas' links to it and its measures' links. Refused while a
 * secondary driver serves it alone or a change idea acts on it alone (they would hang on nothing). */
int driver_delete(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a,
		  int64_t driver_id, struct error *err);

/* A new PDSA cycle testing an idea, planned on the idea itself. */
struct idea_cycle_input {
	const char *action; /* an action of the unit, by id; NULL or blank: the idea's own (made with its first) */
	const char *plan, *prediction, *measurement, *planned_on; /* as pdsa_add takes them */
};
struct idea_cycle {
	int64_t action_id; /* the action the cycle is under */
	long number, step; /* its number in that action; its step on the idea's ramp */
};
/* Plans a PDSA cycle under IN's action (or the idea's own, titled in LANG from the idea's words) and makes it
 * the next step of A's idea IDEA_ID's ramp: one transaction, all or nothing. The idea's status is left as it
 * is (only idea_update changes it). CAT and TREE as action_create takes them. */
int idea_cycle_plan(struct store *s, const struct catalog *cat, const struct unit_tree *tree, const struct lang *lang,
		    const struct actor *who, const struct unit *unit, const struct aim *a, int64_t idea_id,
		    const struct idea_cycle_input *in, struct idea_cycle *out, struct error *err);
/* The same from an action's PDSA route: IDEA (an id as text) must be an idea of an aim of the action's unit
 * (else refused naming "idea"); the cycle is planned under ACTION. */
struct action;
int idea_cycle_plan_on(struct store *s, const struct actor *who, const struct unit *unit, const struct action *action,
		       const char *idea, const struct idea_cycle_input *in, struct idea_cycle *out, struct error *err);
/* Records stage STAGE (do, study, act with ACT_CHOICE) of the cycle at step STEP of A's idea IDEA_ID's ramp, as
 * pdsa_record does on its action. */
int idea_cycle_record(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a,
		      int64_t idea_id, long step, const char *stage, const char *text, const char *on,
		      const char *act_choice, struct error *err);
/* The unit's measure MEASURE (an id as text) shows A's driver DRIVER (id as text) moving, as KIND. */
int driver_measure_link(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a,
			const char *driver, const char *measure, const char *kind, struct error *err);
/* Cycle NUMBER of the unit's action ACTION (both as text) becomes the next step of A's idea IDEA_ID's ramp
 * (*STEP_OUT: 1, 2, 3...). A cycle tests one idea. */
int idea_pdsa_attach(struct store *s, const struct actor *who, const struct unit *unit, const struct aim *a,
		     int64_t idea_id, const char *action, const char *number, long *step_out, struct error *err);

/* ---- the whole diagram (aim_read.c) ---- */

struct aim_measure_link {
	int64_t driver_id, measure_id;
	char kind[10];
	char name[201];
};

struct aim_driver {
	int64_t id;
	char level[10];
	char text[DRIVER_TEXT_MAX + 1];
	long position;
};

struct aim_link {
	int64_t secondary_id, primary_id;
	char strength[8];
};

struct aim_step {
	int64_t idea_id, action_id;
	long step, number;
	char *plan, *prediction, *study;           /* owned; NULL when none */
	char act[8], planned_on[11], acted_on[11]; /* "" when none */
	bool did;                                  /* its do stage is recorded */
};

struct aim_idea {
	int64_t id;
	char text[IDEA_TEXT_MAX + 1];
	char pick[10], status[10];
	char status_on[11]; /* YYYY-MM-DD: since when it has had its status; "" when nobody knows (before 032) */
	int64_t action_id;  /* the action its own cycles are planned under; 0: none yet */
	long position, pdsa_count;
};

struct aim_idea_driver {
	int64_t idea_id, driver_id;
};

/* An idea of an aim that adopted this one, in the adopting unit: the spread matrix's cell. */
struct aim_spread_cell {
	int64_t unit_id;
	char text[IDEA_TEXT_MAX + 1];
	char status[10];
	char status_on[11]; /* since when; "" when nobody knows */
	long pdsa_count;
};

struct aim_tree {
	struct aim aim;
	struct aim_driver *drivers; /* owned: primaries, then secondaries, each by position */
	size_t n_drivers;
	struct aim_link *links; /* owned */
	size_t n_links;
	struct aim_idea *ideas; /* owned, by position */
	size_t n_ideas;
	struct aim_idea_driver *idea_drivers; /* owned */
	size_t n_idea_drivers;
	struct aim_measure_link *measures; /* owned */
	size_t n_measures;
	struct aim_step *steps; /* owned: each idea's ramp, in step order */
	size_t n_steps;
	int64_t *adopters; /* owned: the units whose aims adopted this one */
	size_t n_adopters;
	struct aim_spread_cell *spread; /* owned: the adopters' ideas, by unit, then their order */
	size_t n_spread;
};

/* Loads A's diagram into OUT (release it either way): 0, or -1 with ERR. */
int aim_tree_load(struct store *s, const struct aim *a, struct aim_tree *out, struct error *err);
void aim_tree_release(struct aim_tree *t);
/* The gentle warning: the aim has an outcome measure (its own, or a driver's) and no balancing one. */
bool aim_tree_lacks_balancing(const struct aim_tree *t);
/* The adopting unit UNIT_ID's cell for IDEA (its text matched exactly, as typed), or NULL: not taken up. */
const struct aim_spread_cell *aim_tree_spread(const struct aim_tree *t, int64_t unit_id, const char *idea);
/* The driver ID of T, or NULL. */
const struct aim_driver *aim_tree_driver(const struct aim_tree *t, int64_t id);

#endif
