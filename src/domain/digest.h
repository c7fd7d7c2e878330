/*
 * digest.h - the daily digest: a person's open actions that are overdue, due today or due within a week, and
 * their plan goals due for review, in one message on a day when at least one of them is due or overdue. At
 * most one a day per person, whichever process gets there first (the day is taken in the transaction that
 * queues it); never about a unit the person no longer has a role on; off for whoever turned it off.
 */
#ifndef CAREGRID_DIGEST_H
#define CAREGRID_DIGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/audit.h"
#include "domain/auth.h"
#include "lib/error.h"

struct store;

/* Queues the digests of day TODAY, with links starting BASE_URL; *SENT how many. */
int digests_send(struct store *s, const char today[11], const char *base_url, size_t *sent, struct error *err);

/* Whether U takes the digest (*ON), and turning it on or off. */
int user_digest_get(struct store *s, const struct user *u, bool *on, struct error *err);
int user_digest_set(struct store *s, const struct actor *who, const struct user *u, bool on, struct error *err);

#endif
