/*
 * page_sso.c - signing in through an OpenID Connect provider (domain/sso.h): the start (GET /auth/oidc/start,
 * off to the provider), the way back (GET /auth/oidc/callback), the page of a person no unit has given access
 * yet, the key set caregrid signs its client assertions with (GET /auth/oidc/jwks), the provider's back-channel
 * logout (POST /auth/oidc/backchannel) and the sign-in page's "Sign in with ..." buttons.
 *
 * The state sent to the provider is also kept in a cookie (cg_oidc, for /auth/oidc only, ten minutes): the
 * callback goes on only when the two agree, so that a sign-in link started by someone else cannot sign this
 * browser in as them (login CSRF). The pending sign-in itself is in the database, found by the state's hash.
 */
#include <microhttpd.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/sso.h"
#include "web/handlers.h"
#include "web/page_sso_admin.h"
#include "web/page.h"

#define STATE_COOKIE "cg_oidc"

static const char *
state_cookie(struct request *req, const char *value, long max_age)
{
	return arena_printf(req->arena, "%s=%s; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=%ld%s", STATE_COOKIE,
			    value, max_age, request_over_tls(req) ? "; Secure" : "");
}

static const char *
session_cookie(struct request *req, const char *token)
{
	return arena_printf(req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld%s", SESSION_COOKIE, token,
			    (long)SESSION_ABSOLUTE_S, request_over_tls(req) ? "; Secure" : "");
}

void
page_oidc_start(struct request *req, struct response *res)
{
	const char *test = request_arg(req, "test");
	bool testing = test && strcmp(test, "1") == 0;
	if (testing && !(req->signed_in && req->user.is_admin)) {
		respond_error(req, res, MHD_HTTP_FORBIDDEN, _("Only a site administrator may test a sign-in service."));
		return;
	}
	const struct sso_start st = {.provider = request_arg(req, "provider"),
				     .return_to = request_arg(req, "return"),
				     .login_hint = request_arg(req, "login_hint"),
				     .test = testing,
				     .redirect_uri = request_absolute(req, SSO_CALLBACK_PATH),
				     .now = time(NULL)};
	char *url = NULL, state[TOKEN_CHARS];
	struct error err;
	if (sso_begin(request_store(req), &st, &url, state, &err) < 0) {
		if (err.kind == ERROR_NOT_FOUND)
			respond_error(req, res, MHD_HTTP_NOT_FOUND,
				      _("There is no such sign-in service here: go back to the sign-in page and choose "
					"another."));
		else if (err.kind == ERROR_UNAVAILABLE && !strstr(err.msg, "database"))
			respond_error(req, res, MHD_HTTP_SERVICE_UNAVAILABLE,
				      _("The sign-in service could not be reached: try again in a few minutes."));
		else
			respond_storage_error(req, res, &err);
		if (err.kind == ERROR_UNAVAILABLE)
			res->retry_after = 60;
		return;
	}
	res->cookies[0] = state_cookie(req, state, SSO_PENDING_S);
	respond_redirect(res, arena_strdup(req->arena, url));
	res->status = MHD_HTTP_FOUND;
	free(url);
}

/* A refused sign-in: the sentence and a way to start again; never a claim's name. */
static void
refused_page(struct request *req, struct response *res, const struct sso_result *r)
{
	res->status = r->status ? r->status : MHD_HTTP_BAD_REQUEST;
	if (r->status == MHD_HTTP_SERVICE_UNAVAILABLE)
		res->retry_after = 60;
	res->content_type = "text/html; charset=utf-8";
	struct buf *b = &res->body;
	buf_reset(b);
	page_begin(b, req, _("You are not signed in"), NULL);
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", _("You are not signed in"), _(r->words));
	html_printf(b, "<p><a class=\"button\" href=\"/signin\">%s</a></p>\n", _("Try again"));
	page_end(b, req);
}

void
page_oidc_callback(struct request *req, struct response *res)
{
	const char *state = request_arg(req, "state"), *bound = request_cookie(req, STATE_COOKIE);
	bool same = state && bound && strlen(state) == strlen(bound) && sodium_memcmp(state, bound, strlen(state)) == 0;
	const struct sso_callback cb = {.state = same ? state : NULL,
					.code = request_arg(req, "code"),
					.error = request_arg(req, "error"),
					.redirect_uri = request_absolute(req, SSO_CALLBACK_PATH),
					.address = request_address(req),
					.now = time(NULL)};
	struct sso_result r;
	struct error err;
	if (sso_finish(request_store(req), &cb, &r, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	res->cookies[0] = state_cookie(req, "", 0);
	switch (r.outcome) {
	case SSO_SIGNED_IN:
	case SSO_NO_ACCESS:
		res->cookies[1] = session_cookie(req, r.session.token);
		respond_redirect(res,
				 r.outcome == SSO_SIGNED_IN ? arena_strdup(req->arena, r.return_to) : "/no-access");
		break;
	case SSO_TESTED:
		if (req->signed_in && req->user.is_admin)
			page_sso_test_result(req, res, &r.provider, r.claims);
		else
			respond_error(req, res, MHD_HTTP_FORBIDDEN,
				      _("Only a site administrator may test a sign-in service."));
		break;
	case SSO_REFUSED: refused_page(req, res, &r); break;
	}
	sodium_memzero(&r.session, sizeof r.session);
	sso_result_release(&r);
}

void
page_no_access(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	page_begin(b, req, _("No access yet"), NULL);
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", _("No access yet"),
		    _("You are signed in, but no unit has given you access yet: ask your practice or network "
		      "administrator."));
	html_printf(b, "<p>%s</p>\n", _("Once they have, sign in again to see your units."));
	html_printf(b, "<p><a href=\"/account\">%s</a></p>\n", _("Your account"));
	page_end(b, req);
}

void
page_oidc_jwks(struct request *req, struct response *res)
{
	char *text = NULL;
	struct error err;
	if (sso_public_jwks(request_store(req), &text, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	respond_json_text(res, MHD_HTTP_OK, text);
	res->content_type = "application/jwk-set+json";
	free(text);
}

/* OpenID Connect Back-Channel Logout 1.0, 2.8: 200 when done, 400 with {"error": ...} when refused. */
void
page_oidc_backchannel(struct request *req, struct response *res)
{
	const char *reason = NULL;
	long ended = 0;
	struct error err;
	if (sso_backchannel(request_store(req), request_input(req, "logout_token"), time(NULL), &reason, &ended,
			    &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (reason)
		respond_json(res, MHD_HTTP_BAD_REQUEST,
			     json_pack("{s:s, s:s}", "error", "invalid_request", "error_description", reason));
	else
		respond_json(res, MHD_HTTP_OK, json_pack("{s:i}", "sessions_ended", (json_int_t)ended));
}

struct choice {
	const char *name, *label;
};

struct choices {
	struct request *req;
	struct choice v[16];
	size_t n;
};

static int
keep_choice(void *ctx, const struct sso_provider *p)
{
	struct choices *c = ctx;
	if (p->enabled && c->n < sizeof c->v / sizeof *c->v)
		c->v[c->n++] =
			(struct choice){arena_strdup(c->req->arena, p->name), arena_strdup(c->req->arena, p->label)};
	return 0;
}

void
page_signin_choices(struct buf *b, struct request *req, const char *next)
{
	struct choices c = {.req = req};
	bool passwords = true;
	struct error err;
	struct store *s = request_store(req);
	/* The sign-in page stays up when these cannot be read: the password form is still there. */
	if (!s || sso_providers_each(s, keep_choice, &c, &err) < 0 || sso_local_passwords(s, &passwords, &err) < 0) {
		c.n = 0;
		passwords = true;
	}
	if (c.n) {
		buf_puts(b, "<div class=\"stack sso-choices\">\n");
		for (size_t i = 0; i < c.n; i++) {
			const char *href = with_query(req, "/auth/oidc/start", "provider", c.v[i].name);
			if (next && sso_return_path_ok(next))
				href = with_query(req, href, "return", next);
			html_printf(b, "<p><a class=\"button\" href=\"%s\">", href);
			html_printf(b, _("Sign in with %s"), c.v[i].label);
			buf_puts(b, "</a></p>\n");
		}
		buf_puts(b, "</div>\n");
		html_printf(b, "<h2>%s</h2>\n", _("Or sign in with a password"));
	}
	if (!passwords)
		html_printf(b, "<p class=\"note\">%s</p>\n",
			    _("Only site administrators may sign in with a password here."));
}
