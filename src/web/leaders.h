/*
 * leaders.h - what the growing-leaders pages share (page_leaders.c): page_feedback.c, page_feedback_form.c
 * and page_plan.c.
 */
#ifndef CAREGRID_LEADERS_H
#define CAREGRID_LEADERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/audit.h"
#include "domain/feedback.h"
#include "web/http.h"

/* The page frame, with SECTION (linked to SECTION_HREF when not NULL) in the breadcrumbs. */
void leaders_begin(struct request *req, struct buf *b, const char *title, const char *section,
		   const char *section_href);
/* "/me/feedback/ID" + SUFFIX, in the arena. */
const char *leaders_cycle_path(struct request *req, const struct feedback_cycle *c, const char *suffix);
json_t *leaders_cycle_json(const struct feedback_cycle *c);

/* The people something is shared with, gathered for leaders_shared_with (in the request's arena). */
struct leaders_people {
	struct request *req;
	const char **email, **name;
	size_t n;
};
/* A pdp_person_fn adding a person to a struct leaders_people. */
int leaders_person(void *ctx, int64_t id, const char *email, const char *name);
/* "Shared with": each person, with a Stop sharing button (a POST to ACTION with their email and share=no). */
void leaders_shared_with(struct buf *b, struct request *req, const struct leaders_people *people, const char *action);

/* The radio buttons of every item, with CHOSEN[i] (may be NULL) checked; ABOUT_SELF words it for the owner. */
void leaders_items_form(struct buf *b, const struct request *req, const struct instrument *ins, const double *chosen,
			bool about_self);
/* The first "score_<code>" field of the request whose code is not an item of INS, or NULL: a typo in an
 * API call must not pass as "not rated". */
const char *leaders_unknown_score_field(const struct request *req, const struct instrument *ins);
/* The answers in the request (form fields or JSON members "score_<code>"), in the arena. */
struct feedback_answer_input *leaders_answers_of(struct request *req, const struct instrument *ins);

#endif
