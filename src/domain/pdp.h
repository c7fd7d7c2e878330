/*
 * pdp.h - a person's development plan: goals linked to competencies or practices, the actions to reach
 * them, a coach or mentor, the next review date and notes from each review. Private to its owner unless
 * the owner shares the whole plan with a named coach who has an account.
 */
#ifndef CAREGRID_PDP_H
#define CAREGRID_PDP_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/audit.h"
#include "domain/auth.h"
#include "lib/error.h"

struct store;

extern const char *const pdp_statuses[]; /* open, achieved, dropped */

struct pdp_goal_input {
	const char *title, *elements, *actions, *coach, *review_on; /* all but title may be NULL or "" */
};

struct pdp_goal {
	int64_t id;
	const char *title, *elements, *actions, *coach; /* point into the row's copy; valid during the callback */
	char review_on[11];
	char status[12];
};

/* Checked first; nothing is written on any problem. */
int pdp_goal_add(struct store *s, const struct user *owner, const struct pdp_goal_input *in, int64_t *id_out,
		 struct error *err);
/* Sets the next review date ("" for none) and the status of OWNER's goal GOAL_ID. */
int pdp_goal_update(struct store *s, const struct user *owner, int64_t goal_id, const char *review_on,
		    const char *status, struct error *err);
/* Adds a review note, dated REVIEWED_ON (YYYY-MM-DD), to OWNER's goal GOAL_ID. */
int pdp_review_add(struct store *s, const struct user *owner, int64_t goal_id, const char *reviewed_on,
		   const char *note, struct error *err);

typedef int (*pdp_goal_fn)(void *ctx, const struct pdp_goal *g);
typedef int (*pdp_review_fn)(void *ctx, int64_t goal_id, const char *reviewed_on, const char *note);
/* Open goals first, by next review date. */
int pdp_goals_each(struct store *s, int64_t user_id, pdp_goal_fn fn, void *ctx, struct error *err);
int pdp_reviews_each(struct store *s, int64_t user_id, pdp_review_fn fn, void *ctx, struct error *err);

/* True when an open goal's review is on or before TODAY_PLUS (a date): what the reminder list shows. */
bool pdp_goal_due(const struct pdp_goal *g, const char *by);

int pdp_share(struct store *s, const struct actor *who, const struct user *owner, const char *coach_email, bool share,
	      struct error *err);
/* True when READER may read OWNER_ID's plan: the owner, or a coach it was shared with. */
int pdp_may_read(struct store *s, int64_t owner_id, const struct user *reader, bool *may, struct error *err);
typedef int (*pdp_person_fn)(void *ctx, int64_t id, const char *email, const char *name);
/* The people who shared their plan with COACH_ID. */
/* The coaches OWNER_ID shared the plan with. */
int pdp_coaches_each(struct store *s, int64_t owner_id, pdp_person_fn fn, void *ctx, struct error *err);
int pdp_coached_each(struct store *s, int64_t coach_id, pdp_person_fn fn, void *ctx, struct error *err);

#endif
