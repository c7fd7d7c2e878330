/*
 * invitees.h - the people a paste or an API list invites by mail, sorted before anything is sent: new
 * addresses, those already invited (to the round or 360 cycle), those repeated in the list itself, and entries
 * that are not addresses, each with its reason. One reading for the web's box and its preview, the API and the
 * command line; addresses compare without regard to case (ASCII), and the sending functions (round_invite_mail,
 * feedback_invite_mail) sort again inside their own transaction, so two sends at once invite nobody twice.
 *
 * Whether an address is already invited is read from the invitation's address, kept only to remind (schema
 * 011, 013); it says nothing of whether that person has answered (an invitation's row never changes when its
 * person answers, docs/PRIVACY.md §8). A withdrawn invitation does not count: its person may be invited again.
 */
#ifndef CAREGRID_INVITEES_H
#define CAREGRID_INVITEES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/address_list.h"
#include "lib/error.h"

struct store;
struct strvec;

enum invitee_kind {
	INVITEE_NEW,      /* to be invited */
	INVITEE_INVITED,  /* already invited (a live invitation of the round or cycle has the address) */
	INVITEE_REPEATED, /* the same address earlier in the same list */
	INVITEE_INVALID,  /* not an address caregrid mails: see why */
	INVITEE_KINDS
};

/* Invalid entries whose reason is kept word for word; later ones are "not an email address". */
#define INVITEES_REASONS_MAX 200

struct invitee {
	const char *raw, *name, *address; /* borrowed from the list (address_list.h) */
	enum invitee_kind kind;
	struct error *why; /* owned: INVITEE_INVALID's reason, or NULL (past INVITEES_REASONS_MAX) */
};

struct invitees {
	struct address_list list; /* owned: the entries as read */
	struct invitee *v;        /* owned, one per entry of list */
	size_t n;
	size_t count[INVITEE_KINDS];
	bool too_many; /* more than the MAX entries asked for: v holds only the first MAX */
};

#define INVITEES_INIT {ADDRESS_LIST_INIT, NULL, 0, {0}, false}

/* A pasted TEXT (split at line breaks, commas and semicolons), at most MAX entries, sorted but for
 * INVITEE_INVITED (invitees_check_round, invitees_check_cycle). */
void invitees_paste(struct invitees *iv, const char *text, size_t max);
/* The same for a list whose every item is one entry (the API's "emails"; the scheduler's addresses). */
void invitees_items(struct invitees *iv, const struct strvec *items, size_t max);
/* Marks the new ones already invited to the round ROUND_ID, or the 360 cycle CYCLE_ID (live invitations). */
int invitees_check_round(struct store *s, int64_t round_id, struct invitees *iv, struct error *err);
int invitees_check_cycle(struct store *s, int64_t cycle_id, struct invitees *iv, struct error *err);
/* The entries of kind K, one a line as they were written: what goes back in the box. In a new string
 * (free it). */
char *invitees_lines(const struct invitees *iv, enum invitee_kind k);
void invitees_release(struct invitees *iv);

#endif
