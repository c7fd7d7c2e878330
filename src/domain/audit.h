/*
 * audit.h - who did what to which record and when: sign-ins, role changes, unit changes. Entries are
 * written in the same transaction as the change they record.
 */
#ifndef CAREGRID_AUDIT_H
#define CAREGRID_AUDIT_H

#include <stdint.h>

#include "lib/error.h"

struct store;

/* Who is acting: a signed-in person, or the operator at the command line (user_id 0). */
struct actor {
	int64_t user_id;     /* 0: the command line or nobody known */
	const char *label;   /* email, or "command line" */
	const char *address; /* client address; NULL on the command line */
};

extern const struct actor actor_cli;

/* Records ACTION on TARGET (a unit code, an email) of unit UNIT_ID (0: none) with a human-readable DETAIL. */
/* What an audited ACTION ("role.grant") is in a person's words ("Role given"). */
const char *audit_action_words(const char *action);
int audit_record(struct store *s, const struct actor *who, const char *action, int64_t unit_id, const char *target,
		 const char *detail, struct error *err);

struct audit_entry {
	int64_t id;
	const char *at, *actor, *action, *target, *detail, *address; /* valid during the callback only */
	int64_t unit_id;
};

/* Calls FN for entries, newest first, with an id below BEFORE_ID (0: from the newest); a non-zero return
 * from FN stops and is returned. */
typedef int (*audit_fn)(void *ctx, const struct audit_entry *e);
int audit_each(struct store *s, int64_t before_id, audit_fn fn, void *ctx, struct error *err);

#endif
