/*
 * claims_mask.h - an OpenID Connect claims set with its personal values partly hidden, to show an administrator
 * what a provider sends (a test sign-in) without putting a person's name, email or ids on the screen whole:
 * "Jane Smith" becomes "Ja… Sm…", an ODS code "A81…", an id its first two characters. What rules are written
 * on (roles, groups, hd, role and activity codes, acr, iss, aud) stays as sent; numbers and booleans stay.
 */
#ifndef CAREGRID_CLAIMS_MASK_H
#define CAREGRID_CLAIMS_MASK_H

#include <jansson.h>

/* Arrays longer than this are cut (an entry "… N more" says so); objects nested deeper are dropped. */
#define CLAIMS_MASK_ITEMS 50
#define CLAIMS_MASK_DEPTH 6

/* A new masked copy of CLAIMS (any JSON value; the caller decrefs it). Never NULL. */
json_t *claims_masked(const json_t *claims);

#endif
