/*
 * sso_int.h - what the sign-in (sso.c) and the sign-out (sso_logout.c) halves of single sign-on share, and
 * nothing outside them uses: judging a token with its provider's keys.
 */
#ifndef CAREGRID_SSO_INT_H
#define CAREGRID_SSO_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <time.h>

#include "domain/oidc_client.h"
#include "domain/sso.h"
#include "lib/error.h"
#include "lib/oidc.h"

/* What P's tokens must be at NOW: an ID token carrying NONCE, or (LOGOUT) a back-channel logout token. */
struct oidc_expect sso_expect_of(const struct sso_provider *p, const char *nonce, time_t now, bool logout);

/* Verifies JWT against META's keys (fetched once more for a kid not in them) and X: 0 with *CLAIMS (a new
 * reference), 1 refused (*WHY), -1 when the keys could not be had (ERR). */
int sso_verify_token(const struct oidc_meta *meta, const char *jwt, const struct oidc_expect *x, json_t **claims,
		     enum oidc_refusal *why, struct error *err);

/* The audit's actor for a provider's person not known yet: "sign-in with NAME" from ADDRESS (LABEL holds it). */
struct actor sso_actor(const char *name, const char *address, char label[96]);

/* OUT refused for REASON with WORDS (N_()) and STATUS; audited (signin.sso.failed) in a transaction of its own,
 * and logged with DETAIL (English, for the operator: never shown to the person; may be NULL). 0, -1 (ERR). */
int sso_refuse(struct store *s, struct sso_result *out, const char *address, const char *reason, const char *words,
	       int status, const char *detail, struct error *err);

#endif
