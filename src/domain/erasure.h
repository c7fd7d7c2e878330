/*
 * erasure.h - erasing a person (UK GDPR article 17): everything that is theirs is deleted and their account
 * becomes a tombstone ("former user #123") that keeps the history of what others did consistent. Survey
 * answers cannot be erased, because nothing links them to anyone: that is the product's promise, not a gap.
 */
#ifndef CAREGRID_ERASURE_H
#define CAREGRID_ERASURE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/audit.h"
#include "domain/auth.h"
#include "lib/error.h"

struct store;

/* The tombstone's name and address for account ID: "former user #ID" and "former-user-ID@erased.invalid"
 * (.invalid: no mail can ever reach it). */
void erasure_label(int64_t id, char label[64]);
void erasure_address(int64_t id, char address[96]);

/* Erases U by WHO, who typed TYPED to confirm (it must be U's address, whatever its case): in one transaction,
 * the steps listed in erasure.c, then the tombstone and one audit entry "user.erase" naming the id only.
 * Refused (ERR, field "confirm" for the typed address) when TYPED is not U's address, when WHO is U, when U is
 * already a tombstone, and when U is the last site administrator who can sign in with a password. */
int user_erase(struct store *s, const struct actor *who, const struct user *u, const char *typed,
	       struct error *err);

/* Whether U is a tombstone already. */
int user_is_erased(const struct user *u);

/* The names of the erasure's steps in order (NULL-terminated), for the page that says what will go. */
extern const char *const erasure_step_names[];

#endif
