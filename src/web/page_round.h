/*
 * page_round.h - what the round pages share (page_rounds.c, page_round.c, page_invitations.c,
 * page_consensus.c): the round's links, the actor of a request, and the form fields
 * both the opening form and the round's page show. Defined in page_round.c, except the invitation row
 * (page_invitations.c).
 */
#ifndef CAREGRID_PAGE_ROUND_H
#define CAREGRID_PAGE_ROUND_H

#include <jansson.h>
#include <stdbool.h>

#include "domain/audit.h"
#include "domain/instrument.h"
#include "domain/round.h"
#include "web/http.h"

struct buf;

/* The round's address under its unit, with SUFFIX ("", "/qr"...), in the request's arena. */
const char *page_round_href(struct request *req, const struct round *r, const char *suffix);
/* The fields that choose a survey's language (markup in the request's arena); see page_round.c. */
const char *page_round_language_fields(struct request *req, const char *chosen, bool bilingual);
/* The form's "repeat" as schedule_parse reads it (months, 0: never), or -1 once the form is refused back to HERE. */
int page_round_repeat_input(struct request *req, struct response *res, const char *here);
/* "How many people is this round for?" (markup in the request's arena). */
const char *page_round_headcount_field(struct request *req, long headcount);
/* The "headcount" input: 0 when not given, -1 when not a whole number (the domain refuses it, naming it). */
long page_round_headcount_input(const struct request *req);
/* "bilingual": the form's ticked box, or the API's true. */
bool page_round_bilingual_asked(const struct request *req);

/* The invitation list of a round's page: rows into B, or objects into JSON (one of them NULL). */
struct invitation_list {
	struct request *req;
	const struct round *round;
	struct buf *b;
	json_t *json;
	bool closed; /* the round takes no answers: its shared link is not offered to copy */
};
/* An invitation_fn over struct invitation_list. */
int page_round_invitation_item(void *vctx, const struct invitation *inv);

#endif
