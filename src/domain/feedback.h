/*
 * feedback.h - 360-degree feedback on one leader. The leader starts a cycle on an instrument about
 * individuals (relational-leadership) or on the positive practices, rates themselves, and invites colleagues
 * by link; each colleague names only their relationship. The results belong to the leader: nobody else
 * reads them - not an administrator, not a facilitator - unless the leader shares them with that person.
 * Others' ratings and words show only when at least FEEDBACK_MIN_OTHERS answered AND the cycle is closed -
 * while it is open, each new answer would show as a change the leader could tie to the colleague just asked -
 * and per relationship only for groups that large (smaller ones are combined). Strengths and suggestions are
 * listed sorted, never in the order they came.
 */
#ifndef CAREGRID_FEEDBACK_H
#define CAREGRID_FEEDBACK_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/instrument.h"
#include "lib/error.h"
#include "lib/i18n.h"
#include "lib/strvec.h"
#include "stats/agreement.h"

struct store;
struct mail_sender;
struct mail_limits;

#define FEEDBACK_MIN_OTHERS 3

extern const char *const feedback_relationships[]; /* manager, peer, direct_report, team_member, patient_partner */
const char *feedback_relationship_name(const char *code);

struct feedback_cycle {
	int64_t id, user_id;
	char instrument_id[65];
	long version;
	char title[201];
	char created_at[32];
	bool closed;
	char closed_on[11]; /* the day it closed; "" while open */
};

/* Instruments a cycle may use: those about an individual, and the positive practices. */
bool feedback_instrument_allowed(const struct instrument *ins);

int feedback_cycle_create(struct store *s, const struct actor *who, const struct user *leader,
			  const struct instrument *ins, const char *title, int64_t *id_out, struct error *err);
int feedback_cycle_get(struct store *s, int64_t id, struct feedback_cycle *out, struct error *err);
typedef int (*feedback_cycle_fn)(void *ctx, const struct feedback_cycle *c);
int feedback_cycles_each(struct store *s, int64_t user_id, feedback_cycle_fn fn, void *ctx, struct error *err);
/* The cycles others shared with USER_ID. */
int feedback_cycles_shared_each(struct store *s, int64_t user_id, feedback_cycle_fn fn, void *ctx, struct error *err);
int feedback_cycle_close(struct store *s, const struct actor *who, const struct feedback_cycle *c, struct error *err);

/* True when USER may read C's results: its owner, or someone it was shared with. Nobody else. */
int feedback_may_read(struct store *s, const struct feedback_cycle *c, const struct user *u, bool *may,
		      struct error *err);
/* The people C is shared with (FN as pdp_person_fn: id, email, name), by name. */
int feedback_shares_each(struct store *s, int64_t cycle_id,
			 int (*fn)(void *ctx, int64_t id, const char *email, const char *name), void *ctx,
			 struct error *err);
int feedback_share(struct store *s, const struct actor *who, const struct feedback_cycle *c, const char *email,
		   bool share, struct error *err);

int feedback_invite(struct store *s, const struct feedback_cycle *c, const char *label, char token[TOKEN_CHARS],
		    struct error *err);
/* A colleague invited by mail: EMAIL kept only to remind (ERR invalid when it is not an address). */
int feedback_invite_for(struct store *s, const struct feedback_cycle *c, const char *email, char token[TOKEN_CHARS],
			struct error *err);
struct invitees;
/* Invites each new address of IV (invitees.h, checked again inside the transaction: on success its count of
 * INVITEE_NEW is the number invited) to give feedback on C (on INS) from FROM (the leader: name and address), in L (the
 * leader's language): a personal link of its own (BASE_URL/f/TOKEN, BASE_URL "https://host") in its own
 * message of fixed words around C's title; all in one transaction or none, so an address refused midway leaves
 * no invitation and no message. Within LIMITS (addresses by mail to C, and by C's owner in a day: else ERR
 * conflict, nothing sent); audited by WHO with their number. */
int feedback_invite_mail(struct store *s, const struct actor *who, const struct mail_sender *from,
			 const struct feedback_cycle *c, const struct instrument *ins, const struct lang *l,
			 struct invitees *iv, const char *base_url, const struct mail_limits *limits,
			 struct error *err);
/* A reminder to each colleague invited to C by mail who has not answered, from FROM (WHO, audited), with
 * their own link again (BASE_URL/f/TOKEN), all queued in one transaction or none; how many is never told. At
 * most once a day: sooner, ERR conflict and nothing queued. */
int feedback_remind(struct store *s, const struct actor *who, const struct mail_sender *from,
		    const struct feedback_cycle *c, const struct lang *lang, const char *base_url, struct error *err);
/* When C's reminders last went (Unix seconds) into *AT: 1, 0 never, -1 error. */
int feedback_last_reminded(struct store *s, int64_t cycle_id, int64_t *at, struct error *err);
struct feedback_invitation {
	int64_t id, cycle_id;
	bool answered; /* from the response the link's key finds (feedback_invitation_find), never a stored flag */
	bool revoked;
};
typedef int (*feedback_invitation_fn)(void *ctx, int64_t id, const char *label);
/* The cycle's invitations, oldest first, for its owner's own list of whom they asked: never whether each was
 * answered (how many colleagues answered is in the report). */
int feedback_invitations_each(struct store *s, int64_t cycle_id, feedback_invitation_fn fn, void *ctx,
			      struct error *err);
/* The key of the answer given through a colleague's link TOKEN: keyed with the key file (store.h), so that it
 * equals nothing feedback_invitation holds. */
int feedback_respondent_key(struct store *s, const char *token, char key[65], struct error *err);
int feedback_invitation_find(struct store *s, const char *token, struct feedback_invitation *out, struct error *err);

struct feedback_answer_input {
	const char *item_code, *score; /* score: a level's value, "dk", or NULL/"" for none */
};

/*
 * Records the answers of KEY (a keyed hash of the link, or "self:<cycle>" for the leader's own), replacing an
 * earlier answer from the same key. Checked first; nothing is written on any problem. INVITATION_ID is not
 * written anywhere (no invitation row changes when its colleague answers); kept for the callers.
 */
int feedback_submit(struct store *s, const struct feedback_cycle *c, const struct instrument *ins, const char *key,
		    const char *relationship, const struct feedback_answer_input *answers, size_t n,
		    const char *strengths, const char *suggestions, int64_t invitation_id, struct error *err);

struct feedback_group {
	char code[24];        /* a relationship, or "others" for the combined small groups */
	size_t n;
	double *mean;         /* owned; per item */
};

struct feedback_report {
	const struct instrument *ins;
	size_t n_items;
	bool has_self;
	double *self;               /* owned; per item, NAN when not rated */
	size_t n_others;            /* colleagues who answered */
	bool shown;                 /* closed and n_others >= FEEDBACK_MIN_OTHERS: others' figures and words filled */
	struct item_stats *others;  /* owned; per item (over others) */
	size_t (*counts)[16];       /* owned; per item, others' answers per level */
	size_t *dont_know;          /* owned */
	struct feedback_group *groups; /* owned */
	size_t n_groups;
	struct strvec strengths, suggestions; /* owned; from others only */
};

int feedback_report_compute(struct store *s, const struct feedback_cycle *c, const struct instrument *ins,
			    struct feedback_report *out, struct error *err);
void feedback_report_release(struct feedback_report *r);

/*
 * A closed cycle's report kept as computed (feedback_kept.c), so that its raw answers can be purged: once kept,
 * feedback_report_compute reads it instead of the answers. _json: the report R as JSON (free it). _read: TEXT into
 * OUT for INS (release it), or -1 with ERR when TEXT is not a kept report.
 */
char *feedback_report_kept_json(const struct feedback_report *r);
int feedback_report_kept_read(const char *text, const struct instrument *ins, struct feedback_report *out,
			      struct error *err);
/*
 * The purge of the raw answers of cycles closed on or before CUTOFF (domain/retention.c, in its transaction): each
 * cycle's report kept first, then its answers deleted, and the answers' rows left with no words. DRY: counted
 * only. A cycle whose instrument CAT lacks waits. *COUNT grows by the answers (deleted, or that would be).
 */
struct catalog;
int feedback_answers_purge(struct store *s, const struct catalog *cat, const char cutoff[11], bool dry, long *count,
			   struct error *err);

/* "blind spot" when the leader rates themselves at least one level above others, "hidden strength" when at
 * least one below, "" otherwise or when either is missing. */
const char *feedback_gap_kind(double self, double others);

#endif
