/*
 * survey.h - what the survey's pages (page_survey.c) and its JSON API (api_survey.c) share: the survey an
 * invitation link names, loaded and checked once (survey.c), the plain page saying why it cannot be
 * answered, and the check of a staff group against the survey's region.
 */
#ifndef CAREGRID_SURVEY_H
#define CAREGRID_SURVEY_H

#include <stdbool.h>

#include "domain/round.h"
#include "domain/unit.h"
#include "web/http.h"

/* The cookie holding a shared link's respondent token, scoped to that link's path. */
#define RESPONDENT_COOKIE "cg_resp"
/* The cookie saying that whoever holds this browser chose to continue a shared link's unfinished response
 * (a keyed token of it): without it the response's pages and review are shown to nobody. */
#define CHOSEN_COOKIE "cg_chosen"

struct survey {
	const char *token; /* the link's */
	struct invitation inv;
	struct round round;
	const struct instrument *ins;    /* in the respondent's language */
	const struct instrument *also;   /* a bilingual round's English beside it; NULL when not shown */
	const struct unit *unit;
	char key[65];      /* respondent key; "" when a shared link's browser has no token yet */
	struct survey_response resp;
	bool has_response;
	bool chosen;       /* its pages may be shown: a personal link, or a shared one whose holder chose it */
	char today[11];
	const char *base;  /* "/s/TOKEN" */
	bool shared;
	bool writing;      /* the request would store answers */
	const char *group; /* the staff group asked about with the link (survey_load_for); NULL when none */
	bool group_known;  /* whether GROUP is one of the round's region's staff groups */
};

/* Loads everything a survey page needs from the route's token; false when a reply was written instead.
 * WRITING: the request would store answers, so the round must be open. */
bool survey_load(struct request *req, struct response *res, struct survey *sv, bool writing);
/* The same, also asking whether GROUP (NULL: none) is one of the round's region's staff groups, with the link in
 * one statement: survey_staff_group_known then answers GROUP without another. */
bool survey_load_for(struct request *req, struct response *res, struct survey *sv, bool writing, const char *group);
/* A plain page (or, for JSON, an error) that says why the survey cannot be answered, with its status. */
void survey_closed_page(struct request *req, struct response *res, int status, const char *title,
			const char *message);
/* Tells the browser to forget its shared-link response token. */
void survey_forget_respondent(struct request *req, struct response *res, const struct survey *sv);
/* Opens (OPEN) or closes the shared link's response to whoever holds this browser (CHOSEN_COOKIE); false after
 * a storage error reply. */
bool survey_choose(struct request *req, struct response *res, struct survey *sv, bool open);
/* Whether GROUP is one of the staff groups of the survey's region: 1 yes, 0 no, -1 after a storage error
 * reply. */
int survey_staff_group_known(struct request *req, struct response *res, const struct survey *sv, const char *group);

/* A response's saved answers, by the instrument's item index, for its pages: SCORE "", "dk" or the value;
 * COMMENT NULL when none. Both in the request's arena. */
struct saved_answers {
	struct request *req;
	const struct instrument *ins;
	const char **score;   /* per item index: "", "dk" or the value */
	const char **comment;
};

/* The energy answers saved (TARGET a domain or an item code, LEVEL 0..2). */
struct saved_energy {
	struct request *req;
	const char **target;
	int *level;
	size_t n, cap;
};

/* The response's saved answers and energy; false after a storage error reply. */
bool survey_answers_load(struct request *req, struct response *res, struct survey *sv, struct saved_answers *sa,
			 struct saved_energy *se);
/* The energy saved for TARGET, or -1 when not answered. */
int survey_energy_of(const struct saved_energy *se, const char *target);

#endif
