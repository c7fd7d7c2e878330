/*
 * page_sso_admin.h - the site administrator's pages of single sign-on (/admin/sso): providers, their rules,
 * the local passwords switch; and the page a test sign-in ends on, shared with the sign-in flow (page_sso.c).
 */
#ifndef CAREGRID_PAGE_SSO_ADMIN_H
#define CAREGRID_PAGE_SSO_ADMIN_H

#include <jansson.h>

#include "domain/sso.h"

struct request;
struct response;

/* The result of a test sign-in with P (the callback of /auth/oidc/start?provider=NAME&test=1): the CLAIMS
 * received (the ID token's merged with UserInfo's), their personal values partly masked (lib/claims_mask.h),
 * and which of P's rules would match, in words ("facilitator on Riverside Surgery"). Signs no one in. */
void page_sso_test_result(struct request *r, struct response *res, const struct sso_provider *p,
			  const json_t *claims);

#endif
