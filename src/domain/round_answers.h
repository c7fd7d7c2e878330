/*
 * round_answers.h - who may add answers to a round, so that answers someone can add themselves never lift a
 * round over its minimum (rows of known answers would subtract out, leaving one person's).
 *
 * A round takes answers from one source only: online (invitation links) or imported (paper forms). The first
 * online response started, or the first import, takes the round for its source inside its own transaction;
 * the other is refused from then on, saying why. Any online response counts, a draft too: it may be submitted
 * later, and an import beside it would mix.
 *
 * A shared link is for a team answering at once (a meeting, a tablet): the round says how many people it is
 * for (its headcount, required for a shared link), and its shared links take no more submitted responses than
 * that, counted in the submitting transaction. Whoever holds the shared link can still answer more than once,
 * up to the headcount: personal links are safer for small teams (the round page says so).
 */
#ifndef CAREGRID_ROUND_ANSWERS_H
#define CAREGRID_ROUND_ANSWERS_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/audit.h"
#include "domain/round.h"
#include "lib/error.h"

struct store;

#define HEADCOUNT_MAX 10000

/* Takes round ROUND_ID for answers FROM ("online" or "import"), or finds it taken for them already: 0; -1 with
 * ERR (conflict, saying what to do instead) when it takes the other kind. In the caller's transaction. */
int round_answers_claim(struct store *s, int64_t round_id, const char *from, struct error *err);

/* The check of a submission of response R through invitation INV (of any kind; id 0 for none), in the
 * submitting transaction, before R is marked submitted: the round must take online answers, and a first
 * submission through a shared link is counted against the headcount (-1, conflict: "full", when it is
 * reached). A response submitted before is not counted again. */
int response_admit(struct store *s, const struct survey_response *r, const struct invitation *inv, struct error *err);

/*
 * The same claim and check for a transaction whose statements wait to be sent together (store_queue): queued
 * by round_admit_queue before the response of KEY is marked submitted, then, after the flush, judged by
 * round_admit_check (0, or -1 with ERR as above). ADM holds what the statements read: keep it until then.
 */
struct admission {
	char from[8];        /* the round's source of answers, after the claim */
	char unit_name[201];
	long headcount;      /* 0: not said */
	long shared_answers;
	long counted_now;    /* 1 when this submission was counted against the headcount */
	bool shared;
};
int round_admit_queue(struct store *s, int64_t round_id, const char *key, bool shared, struct admission *adm,
		      struct error *err);
int round_admit_check(const struct admission *adm, struct error *err);

/* Whether R's shared links have taken as many answers as its headcount (as R was read). */
bool round_shared_full(const struct round *r);
/* Whether R takes paper answers only (as R was read). */
bool round_paper_only(const struct round *r);

/* Sets how many people R is for (1 to HEADCOUNT_MAX): its shared links take no more answers than that.
 * Audited; in a transaction of its own, or the caller's. */
int round_headcount_set(struct store *s, const struct actor *who, const struct round *r, const char *unit_code,
			long headcount, struct error *err);

/* Whether R may be given a link of KIND: 0, or -1 with ERR when it takes paper answers only, or when a shared
 * link is asked for a round that has not said how many people it is for. */
int round_link_check(const struct round *r, bool shared, struct error *err);
/* Whether R's links may be handed out on day DAY (making one, or showing a shared one's QR code): 0, or -1 with
 * ERR when the round is closed. */
int round_link_open(const struct round *r, const char *day, struct error *err);

/* What the statements of a whole submission read, delivered at the flush. */
struct whole_reads {
	struct survey_response before; /* id 0: the response is new */
	struct admission adm;
	long submitted;
};

/*
 * response_submit_whole in two halves, for the writer's batches (store/writer.h): the first queues every
 * statement of the submission (store_queue) inside the caller's transaction, none needing another's result
 * (on PostgreSQL one row of Q_RESPONSE_SUBMIT_ROWS, one statement for the whole batch, which also counts the
 * waiting responses and claims each round once; RD must stay valid until the flush);
 * the second, after the caller's flush, judges what they read (RD) and refuses as response_submit_whole would,
 * in which case the caller must undo the transaction.
 */
int response_whole_queue(struct store *s, const struct instrument *ins, const struct round *round,
			 const struct invitation *inv, const char *key, const char *staff_group,
			 const struct answer_input *answers, size_t n_answers, const struct energy_input *energy,
			 size_t n_energy, struct whole_reads *rd, struct error *err);
int response_whole_judge(struct store *s, const struct whole_reads *rd, bool *created, struct error *err);

#endif
