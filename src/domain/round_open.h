/*
 * round_open.h - opening a round, the one use case behind the web form, the JSON API, `caregrid round create`
 * and the scheduler: the round, its series, language and headcount in one transaction with their audit
 * records; and inviting a list of addresses by mail (the web form, the API and the scheduler), the invitations
 * and their messages in one transaction.
 */
#ifndef CAREGRID_ROUND_OPEN_H
#define CAREGRID_ROUND_OPEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/audit.h"
#include "domain/instrument.h"
#include "domain/round.h"
#include "domain/unit.h"
#include "lib/error.h"

struct store;
struct strvec;
struct mail_sender;
struct invitees;

/* What a new round takes. Strings are borrowed for the call. */
struct round_spec {
	const char *title;
	const struct instrument *ins; /* the pinned version, found by the caller in its catalogue (id and version) */
	const char *mode;             /* "survey", "consensus", "survey_consensus"; NULL: "survey" */
	const char *energy;           /* "domain", "item", "none"; NULL: "domain" */
	const char *opens_on, *closes_on;
	int every_months;  /* 1 or 3: the round starts a series that repeats (schedule.h); 0: it does not */
	int64_t series_id; /* the series it joins as its round SERIES_N (the scheduler); 0: none */
	long series_n;
	const char *language; /* the survey's language; NULL: left as English, and no audit record for it */
	bool bilingual;       /* with English beside LANGUAGE */
	long headcount; /* how many people it is for; 0: not said; anything else out of 1..HEADCOUNT_MAX is refused */
};

/*
 * Opens a round of UNIT as SPEC says, by WHO: the round, then its series (a new one for EVERY_MONTHS, or the
 * series it joins), its language and its headcount, each audited, all in one transaction or none (a savepoint
 * inside the caller's transaction when there is one). *ID_OUT the new round's id. ERR says what was wrong.
 */
int round_open(struct store *s, const struct actor *who, const struct unit *unit, const struct round_spec *spec,
	       int64_t *id_out, struct error *err);

/*
 * Invites each new address of IV (invitees.h) to R (of the unit UNIT_NAME, on INS): a personal link of its own,
 * starting BASE_URL ("https://host", the link BASE_URL/s/TOKEN), in its own message queued with the invitation;
 * all in one transaction or none (a savepoint inside the caller's, when there is one): a failure midway leaves
 * no invitation and no message. IV is checked again inside the transaction (an address invited meanwhile
 * becomes INVITEE_INVITED), so that IV's count of INVITEE_NEW is, on success, the number invited. *INVITED
 * grows by those committed. Audited by WHO with their number; each message names FROM (NULL: the schedule) as
 * its sender and whom to ask.
 */
int round_invite_mail(struct store *s, const struct actor *who, const struct mail_sender *from, const struct round *r,
		      const char *unit_name, const struct instrument *ins, struct invitees *iv, const char *base_url,
		      size_t *invited, struct error *err);

#endif
