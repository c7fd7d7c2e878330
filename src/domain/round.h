/*
 * round.h - assessment rounds: a unit rates itself on a pinned instrument version, by anonymous survey
 * through invitation links, by consensus in a facilitated session, or by both. This module owns the
 * round's life (open, closed), its invitations, and the responses the survey collects.
 *
 * Anonymity: an invitation keeps only the hash of its link. A response is found by its respondent key,
 * a keyed hash (with the database's form secret) of the personal link's token, or of a random token the
 * respondent's browser keeps for a shared link. Without the link, nobody can join the two.
 */
#ifndef CAREGRID_ROUND_H
#define CAREGRID_ROUND_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/instrument.h"
#include "domain/unit.h"
#include "lib/error.h"

struct buf;
struct mail_body;
struct mail_sender;
struct store;
struct catalog;

#define ROUND_TITLE_MAX 200
#define COMMENT_MAX 2000
#define MIN_GROUP_DEFAULT 5
#define MIN_GROUP_FLOOR 3

struct round {
	int64_t id, unit_id;
	char instrument_id[65];
	long instrument_version;
	char title[ROUND_TITLE_MAX + 1];
	char mode[20];   /* "survey", "consensus", "survey_consensus" */
	char energy[8];  /* "domain", "item", "none" */
	char opens_on[11], closes_on[11];
	bool closed_early;
	char closed_on[11];      /* the day it closed (or closes): the day closed early, else closes_on */
	bool responses_exported; /* its answers were exported one by one: it may never be reopened */
	int64_t series_id;       /* the schedule it belongs to (domain/schedule.h); 0: none */
	long series_n;           /* its place in the series: 0 the first */
	char language[8];        /* offered to whoever answers when neither they nor their browser choose ("en") */
	bool bilingual;          /* its survey shows the questions in English too, beside its language's */
	bool reopened;           /* it was reopened once at least: see round_counts_every_answer */
	char answers_from[8];    /* "online", "import", or "" before its first answer (domain/round_answers.h) */
	long headcount;          /* how many people it is for: a shared link takes no more answers; 0: not said */
	long shared_answers;     /* responses submitted through its shared links */
};

/* Today as YYYY-MM-DD (UTC). */
void today(char out[11]);

/* "upcoming", "open" or "closed", on day TODAY. */
const char *round_status(const struct round *r, const char *today);
/* How a round of MODE assesses, in words ("a survey, then a consensus session"). */
const char *round_mode_words(const char *mode);
bool round_takes_answers(const struct round *r, const char *today);
bool round_has_survey(const struct round *r);

int round_create(struct store *s, const struct actor *who, const struct unit *unit, const struct instrument *ins,
		 const char *title, const char *mode, const char *energy, const char *opens_on, const char *closes_on,
		 int64_t *id_out, struct error *err);
/* A row of ROUND_COLUMNS (store/queries.c, every query that reads a whole round) into R: decoded here only. */
struct row;
void round_decode(const struct row *row, struct round *r);
/* 1 found, 0 not, -1 error. */
int round_get(struct store *s, int64_t id, struct round *out, struct error *err);
typedef int (*round_fn)(void *ctx, const struct round *r);
/* The rounds of UNIT_ID (0: of every unit), newest first. */
int rounds_each(struct store *s, int64_t unit_id, round_fn fn, void *ctx, struct error *err);
int round_close(struct store *s, const struct actor *who, const struct round *r, const char *unit_code,
		struct error *err);
/* Sets the language R's survey is offered in (CODE, one caregrid speaks) and whether it shows the questions in
 * English beside it (BILINGUAL, for a language other than English). Audited. */
int round_language_set(struct store *s, const struct actor *who, const struct round *r, const char *unit_code,
		       const char *code, bool bilingual, struct error *err);
/* Undoes an early close, until the closing date: the round takes answers again. Refused (conflict, with the
 * reason) when it was not closed early, its closing date has passed, or its answers were exported one by one.
 * The first reopen counts every answer submitted so far (the close showed them all); answers after it are
 * counted in steps (round_count_pending). Closing and reopening forget the grid's stored sums. Audited. */
int round_reopen(struct store *s, const struct actor *who, const struct round *r, const char *unit_code,
		 struct error *err);
/* How many responses are in the round's figures (round_counts_every_answer). Never how many were started or
 * submitted besides: that count moves with each person who opens a link or answers, telling a watcher when. */
int round_counts(struct store *s, int64_t round_id, long *counted, struct error *err);

/*
 * Figures move only in steps of the minimum. A submitted response is in a round's figures (results, grid,
 * journey, exports, reports and every count of answers) once it is counted. While a round is open, the
 * submitted responses waiting to be counted are all counted together as soon as there are at least the
 * region's minimum of them, so whoever knows who answered between two looks learns nothing from the
 * difference. A closed round shows every submitted answer ("at close every answer is counted"), unless it
 * was reopened: then the answers given since the reopen join only in those steps, also after it closes
 * again, so closing, reopening, adding one answer and closing again recovers nothing.
 */
/* Whether R's figures hold every submitted response on day TODAY: closed, and never reopened. The figure
 * statements take this as their second value. */
bool round_counts_every_answer(const struct round *r, const char *today);
/* Counts ROUND_ID's waiting responses when there are at least its minimum of them; in the caller's
 * transaction, after a response was submitted or imported. */
int round_count_pending(struct store *s, int64_t round_id, struct error *err);
/* The minimum of the region ROUND_ID's unit is in, read from the database (as min_group_size). */
int round_min_group(struct store *s, int64_t round_id, int *out, struct error *err);

/* The smallest staff group shown on its own in the region of UNIT (the region's setting, or 5). */
int min_group_size(struct store *s, const struct unit *unit, int *out, struct error *err);
int min_group_size_set(struct store *s, const struct actor *who, const struct unit *region, int size,
		       struct error *err);

/* ---- invitations ---- */

struct invitation {
	int64_t id, round_id;
	char kind[10];          /* "personal" or "shared" */
	const char *label;      /* for listings: valid during a callback only */
	const char *shared_token;
	bool answered;          /* invitation_find only, from the response its token's key finds: never stored */
	bool revoked;
};

/* A new link; TOKEN receives its token (shown once for a personal link). LABEL may be NULL. */
int invitation_create(struct store *s, const struct actor *who, const struct round *r, const char *kind,
		      const char *label, char token[TOKEN_CHARS], struct error *err);
/* The invitation of TOKEN: 1 found, 0 unknown, -1 error. */
int invitation_find(struct store *s, const char *token, struct invitation *out, struct error *err);
/* What a survey request needs of its link, read in one statement: the link (ANSWERED left false: the survey
 * finds its response by the respondent's key), its round, and whether GROUP (NULL: none asked) is one of the
 * staff groups of the round's region. */
struct survey_link {
	struct invitation inv;
	struct round round;
	bool group_known;
};
/* The survey link of TOKEN: 1 found (with its round), 0 unknown, -1 error. */
int survey_link_find(struct store *s, const char *token, const char *group, struct survey_link *out,
		     struct error *err);
typedef int (*invitation_fn)(void *ctx, const struct invitation *inv);
/* The round's links, oldest first, without whether each was answered: nobody sees which link answered. */
/* A personal invitation for EMAIL, kept only to remind (TOKEN gets its link's token); ERR invalid when EMAIL is
 * not an address. In the caller's transaction, with its mail. */
int invitation_create_for(struct store *s, const struct round *r, const char *email, char token[TOKEN_CHARS],
			  struct error *err);
/* A reminder to each emailed invitation of R (of the unit UNIT_CODE, UNIT_NAME) that has not answered, from
 * FROM (NULL: the schedule), queued with an audit entry by WHO, all in one transaction (a savepoint inside the
 * caller's). How many is never told, to anyone: it would say who has answered. Each carries its person's own
 * link again (BASE_URL/s/TOKEN, opened from the invitation's sealed copy; links made before schema 022 are
 * named, not carried). At most once a day (MAIL_REMIND_EVERY_S): sooner, ERR conflict and nothing queued. */
int round_remind(struct store *s, const struct actor *who, const struct mail_sender *from, const struct round *r,
		 const char *unit_code, const char *unit_name, const char *base_url, struct error *err);
/* When R's reminders last went (Unix seconds) into *AT: 1, 0 never, -1 error. */
int round_last_reminded(struct store *s, int64_t round_id, int64_t *at, struct error *err);
/* The reminders that go by themselves on day TODAY (3 days before a round closes, and on its last day), each
 * stage once per round, whichever process gets there first; *N how many rounds were reminded (never how many
 * people). */
/* The invitation to R (of the unit UNIT_NAME, on INS) with its personal LINK, from FROM (NULL: the schedule),
 * appended to SUBJECT, TEXT and HTML. */
void round_invitation_write(const struct round *r, const char *unit_name, const struct instrument *ins,
			    const char *link, const struct mail_sender *from, struct buf *subject,
			    struct mail_body *body);
/* Links in the reminders start BASE_URL. A round reminded by hand in the day before is passed over. */
int rounds_auto_remind(struct store *s, const char today[11], const char *base_url, size_t *n, struct error *err);
int invitations_each(struct store *s, int64_t round_id, invitation_fn fn, void *ctx, struct error *err);
/* Whether the emailed link (a round's or a 360 cycle's) whose answer_ref is REF has answered: 1, 0, -1 error.
 * REF is sealed with the key file, so the database alone never says. It holds the response key the link makes,
 * which ANSWERED_BY_KEY looks up now (each kind of link its own responses); or, for a link made before schema
 * 020 (no token left to make its key), its state then, "legacy:1" or "legacy:0". NULL REF: not answered. */
typedef int (*answer_key_fn)(struct store *s, const char *key, void *ctx, struct error *err);
int answer_ref_answered(struct store *s, const char *ref, answer_key_fn answered_by_key, void *ctx,
			struct error *err);
int invitation_revoke(struct store *s, const struct actor *who, const struct round *r, int64_t invitation_id,
		      struct error *err);

/* ---- responses ---- */

struct survey_response {
	int64_t id;
	char staff_group[33];
	long revision;
	bool submitted;
	bool counted; /* in the round's figures (round_count_pending): its answers can no longer be changed */
};

/* The keyed hash that finds a response from its token (the personal link's, or a shared link's browser token). */
int respondent_key(struct store *s, const char *token, char key[65], struct error *err);
/* A form token binding a survey form to the response and revision it was made for (65 bytes). */
int form_token(struct store *s, const char *key, long revision, char out[65], struct error *err);

/* 1 found, 0 none, -1 error. */
int response_find(struct store *s, int64_t round_id, const char *key, struct survey_response *out, struct error *err);
/* Starts the response of KEY with STAFF_GROUP, or changes its group. */
int response_start(struct store *s, int64_t round_id, const char *key, const char *staff_group,
		   struct survey_response *out, struct error *err);

struct answer_input {
	const char *item_code;
	const char *score;   /* a level's value as text, "dk" for don't know, NULL or "" for no answer */
	const char *comment; /* may be NULL */
};

struct energy_input {
	const char *target;  /* domain or item code */
	const char *level;   /* "0", "1", "2", or NULL/"" for no answer */
};

/* Checks answers and energy levels against INS and ROUND's energy question: 0, or -1 with ERR naming the element. */
int response_check(const struct instrument *ins, const struct round *round, const struct answer_input *answers,
		   size_t n_answers, const struct energy_input *energy, size_t n_energy, struct error *err);

/*
 * A response's answers may change until it is counted into the round's figures, never after: a change would
 * move the figures at once and tell whoever knows who changed what they had answered. Every write below checks
 * it inside its own transaction and refuses a counted response with ERROR_CONFLICT, saying so.
 */

/*
 * Saves answers (of one survey page) to response R, which must still be at REVISION (else the form is out
 * of date: -1, *stale true). Every value is checked against INS first; on any problem nothing is stored
 * and ERR names the element. One transaction, committed before return.
 */
int response_save(struct store *s, const struct instrument *ins, const struct round *round,
		  const struct survey_response *r, long revision, const struct answer_input *answers, size_t n_answers,
		  const struct energy_input *energy, size_t n_energy, bool *stale, struct error *err);
/* Submits R (at REVISION); marks a personal invitation answered, in the same transaction. */
int response_submit(struct store *s, const struct survey_response *r, long revision, const struct invitation *inv,
		    bool *stale, struct error *err);

/*
 * A whole response in one call (the survey API): starts or finds the response of KEY, sets its staff group,
 * stores exactly ANSWERS and ENERGY (every element not given is cleared) and submits it, all in one
 * transaction; *CREATED tells whether the response is new. Checked against INS first.
 */
int response_submit_whole(struct store *s, const struct instrument *ins, const struct round *round,
			  const struct invitation *inv, const char *key, const char *staff_group,
			  const struct answer_input *answers, size_t n_answers, const struct energy_input *energy,
			  size_t n_energy, bool *created, struct error *err);

struct saved_answer {
	const char *item_code; /* valid during the callback only */
	bool has_score, dont_know;
	long score;
	const char *comment;   /* NULL when none */
};
typedef int (*saved_answer_fn)(void *ctx, const struct saved_answer *a);
int response_answers_each(struct store *s, int64_t response_id, saved_answer_fn fn, void *ctx, struct error *err);
typedef int (*saved_energy_fn)(void *ctx, const char *target, int level);
int response_energy_each(struct store *s, int64_t response_id, saved_energy_fn fn, void *ctx, struct error *err);

#endif
