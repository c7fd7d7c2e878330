/*
 * page_auth.c - signing in and out, setting a password from a link, and the account page; with their
 * JSON counterparts (POST/DELETE /api/session, GET /api/me).
 *
 * The sign-in form is guarded against login CSRF by a double-submit token: GET /signin sets a random
 * cg_pre cookie and puts the same value in the form; POST /signin needs both to agree. The JSON sign-in
 * needs Content-Type application/json, which a cross-site form cannot send.
 */
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/json_text.h"
#include "domain/digest.h"
#include "domain/account.h"
#include "domain/sso.h"
#include "web/app.h"
#include "web/handlers.h"
#include "jobs/mailer.h"
#include "web/page.h"


static const char *
cookie(struct request *req, const char *name, const char *value, long max_age)
{
	return arena_printf(req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld%s", name, value, max_age,
			    request_over_tls(req) ? "; Secure" : "");
}

/* Only a path of this site: "/units", not "//evil.example" or "https://...". Browsers drop tabs and line
 * breaks from an address and read a backslash as a slash ("/\t/evil.example" is "//evil.example"), so a
 * path with any space, control character, backslash or non-ASCII byte is refused whole. */
static const char *
safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/')
		return "/units";
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == '\\')
			return "/units";
	return next;
}

static void
signin_form(struct request *req, struct response *res, int status, const char *error, const char *email)
{
	char pre[TOKEN_CHARS];
	token_new(pre);
	res->cookies[0] = cookie(req, PRESESSION_COOKIE, pre, 3600);
	res->status = status;
	struct buf *b = &res->body;
	buf_reset(b);
	page_begin(b, req, _("Sign in"), NULL);
	buf_puts(b, _("<h1>Sign in</h1>\n"));
	const char *next = request_input(req, "next");
	if (!next)
		next = request_arg(req, "next");
	page_signin_choices(b, req, next);
	html_printf(
		b,
		_("<form method=\"post\" action=\"/signin\" class=\"stack\">\n"
		  "<input type=\"hidden\" name=\"pre\" value=\"%s\"><input type=\"hidden\" name=\"next\" "
		  "value=\"%s\">\n"
		  "<label>Email <input type=\"email\" name=\"email\" autocomplete=\"username\" required "
		  "value=\"%s\"></label>\n"
		  "<label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\" "
		  "required></label>\n"
		  "<button type=\"submit\" class=\"primary\">Sign in</button>\n</form>\n"
		  "<p class=\"note\"><a href=\"/password/forgot\">Forgotten your password?</a></p>\n"),
		pre, safe_next(next), email ? email : "");
	page_end(b, req);
	if (error) { /* marked as every refused form is (form_refused.c): the summary, the field, "Error:" */
		const char *password = request_input(req, "password");
		bool at_password = email && *email && !(password && *password);
		req->refused = (struct form_state){
			.on = true, .message = error, .field = at_password ? "password" : "email"};
		page_form_refused(req, res, "/signin");
	}
}

void
page_signin(struct request *req, struct response *res)
{
	if (req->signed_in) {
		respond_redirect(res, safe_next(request_arg(req, "next")));
		return;
	}
	signin_form(req, res, MHD_HTTP_OK, NULL, NULL);
}

/* What a refused sign-in is told, and its status in *STATUS; NULL for SIGNIN_OK. */
static const char *
signin_problem(struct request *req, enum signin_result result, long wait, int *status)
{
	const char *problem = NULL;
	switch (result) {
	case SIGNIN_OK: break;
	case SIGNIN_WRONG:
		*status = MHD_HTTP_UNAUTHORIZED;
		problem = _("That email and password do not match an account.");
		break;
	case SIGNIN_SSO_ONLY:
		*status = MHD_HTTP_UNAUTHORIZED;
		problem = _("Sign in with your organisation's account: passwords are turned off here. (Site "
			    "administrators may still use their password.)");
		break;
	case SIGNIN_SLOW:
		*status = MHD_HTTP_TOO_MANY_REQUESTS;
		problem = arena_printf(req->arena,
				       trn(req->lang, "Too many failed sign-ins: wait %ld second and try again.",
					   "Too many failed sign-ins: wait %ld seconds and try again.",
					   (unsigned long)wait),
				       wait);
		break;
	case SIGNIN_LOCKED:
		*status = MHD_HTTP_TOO_MANY_REQUESTS;
		problem = arena_printf(req->arena,
				       trn(req->lang, "Too many failed sign-ins: signing in is locked for %ld minute.",
					   "Too many failed sign-ins: signing in is locked for %ld minutes.",
					   (unsigned long)((wait + 59) / 60)),
				       (wait + 59) / 60);
		break;
	}
	return problem;
}

static void
signin(struct request *req, struct response *res, bool json)
{
	const char *email = request_input(req, "email"), *password = request_input(req, "password");
	if (!json) {
		const char *pre = request_input(req, "pre"), *pre_cookie = request_cookie(req, PRESESSION_COOKIE);
		if (!pre || !pre_cookie || strlen(pre) != strlen(pre_cookie) ||
		    sodium_memcmp(pre, pre_cookie, strlen(pre)) != 0) {
			signin_form(req, res, MHD_HTTP_FORBIDDEN,
				    _("This form has expired or did not come from caregrid: please try again."), email);
			return;
		}
	}
	if (!email || !password || !*email || !*password) {
		if (json)
			respond_error(req, res, MHD_HTTP_BAD_REQUEST, _("Give \"email\" and \"password\"."));
		else
			signin_form(req, res, MHD_HTTP_BAD_REQUEST, _("Give your email and password."), email);
		return;
	}
	struct store *s = request_store(req);
	if (!s) {
		respond_error(req, res, MHD_HTTP_SERVICE_UNAVAILABLE, _("The database is unavailable just now."));
		return;
	}
	enum signin_result result;
	long wait = 0;
	struct session sess;
	struct error err;
	if (auth_signin(s, email, password, request_address(req), time(NULL), &result, &wait, &sess, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	int status = MHD_HTTP_OK;
	const char *problem = signin_problem(req, result, wait, &status);
	if (problem) {
		if (json)
			respond_error(req, res, status, problem);
		else
			signin_form(req, res, status, problem, email);
		if (result != SIGNIN_WRONG && result != SIGNIN_SSO_ONLY)
			res->retry_after = wait;
		return;
	}
	res->cookies[0] = cookie(req, SESSION_COOKIE, sess.token, SESSION_ABSOLUTE_S);
	res->cookies[1] = cookie(req, PRESESSION_COOKIE, "", 0);
	if (json) {
		struct user u;
		user_by_id(s, sess.user_id, &u, &err);
		respond_json(res, MHD_HTTP_OK,
			     json_pack("{s:{s:s, s:s, s:b}, s:s}", "user", "email", u.email, "name", u.name,
				       "site_admin", u.is_admin, "csrf", sess.csrf));
	} else {
		respond_redirect(res, safe_next(request_input(req, "next")));
	}
}

void
page_signin_post(struct request *req, struct response *res)
{
	signin(req, res, false);
}

void
api_session_create(struct request *req, struct response *res)
{
	if (!req->content_type || strncmp(req->content_type, "application/json", 16) != 0) {
		respond_error(req, res, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, _("Send the sign-in as application/json."));
		return;
	}
	signin(req, res, true);
}

static void
signout(struct request *req, struct response *res, bool everywhere)
{
	struct error err;
	const struct actor who = request_actor(req);
	char *provider = NULL; /* a session a provider started: its logout address, to send the person on to */
	int rc = everywhere ? session_end_all(request_store(req), &who, req->user.id, &err)
			    : sso_signout(request_store(req), request_cookie(req, SESSION_COOKIE),
					  request_absolute(req, "/signin"), time(NULL), &provider, &err);
	if (rc < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	res->cookies[0] = cookie(req, SESSION_COOKIE, "", 0);
	if (provider && !wants_json(req)) {
		respond_redirect(res, arena_strdup(req->arena, provider));
		free(provider);
		return;
	}
	free(provider);
	respond_done(req, res, MHD_HTTP_OK, "/signin",
		     everywhere ? _("Signed out on every device.") : _("Signed out."), NULL);
}

void
page_signout(struct request *req, struct response *res)
{
	signout(req, res, false);
}

void
page_signout_everywhere(struct request *req, struct response *res)
{
	signout(req, res, true);
}

void
api_session_delete(struct request *req, struct response *res)
{
	signout(req, res, false);
}

/* Asked on every page load of an API client: written member by member (lib/json_text.h), no document built. */
void
api_me(struct request *req, struct response *res)
{
	const struct unit_tree *tree = request_tree(req);
	if (!tree) {
		respond_error(req, res, MHD_HTTP_SERVICE_UNAVAILABLE, _("The database is unavailable just now."));
		return;
	}
	struct json_writer w;
	json_writer_start(&w, &res->body);
	json_writer_object(&w, NULL);
	json_writer_object(&w, "user");
	json_writer_string(&w, "email", req->user.email);
	json_writer_string(&w, "name", req->user.name);
	json_writer_bool(&w, "site_admin", req->user.is_admin);
	json_writer_close(&w);
	json_writer_string(&w, "csrf", req->session.csrf);
	json_writer_array(&w, "roles");
	for (size_t i = 0; i < req->grants.n; i++) {
		const struct unit *u = unit_by_id(tree, req->grants.v[i].unit_id);
		if (!u)
			continue;
		json_writer_object(&w, NULL);
		json_writer_string(&w, "unit", u->code);
		json_writer_string(&w, "unit_name", u->name);
		json_writer_string(&w, "role", role_name(req->grants.v[i].role));
		json_writer_close(&w);
	}
	json_writer_close(&w);
	json_writer_close(&w);
	respond_json_written(res, MHD_HTTP_OK, json_writer_end(&w));
}

/* The account page's roles: each unit the person holds a role on, with the role. */
static void
account_roles(struct buf *b, struct request *req, const struct unit_tree *tree)
{
	buf_puts(b, _("<section class=\"panel\"><h2>Your roles</h2>\n"));
	if (!req->grants.n)
		buf_puts(b, req->user.is_admin ? _("<p>As a site administrator you are an admin of every unit.</p>\n")
					       : _("<p>You hold no role on any unit yet. Ask an administrator.</p>\n"));
	else
		buf_puts(b, "<ul>\n");
	for (size_t i = 0; i < req->grants.n; i++) {
		const struct unit *u = unit_by_id(tree, req->grants.v[i].unit_id);
		if (u)
			html_printf(b, _("<li><a href=\"/units/%s\">%s</a> — %s (and every unit within it)</li>\n"),
				    u->code, u->name, role_name(req->grants.v[i].role));
	}
	if (req->grants.n)
		buf_puts(b, "</ul>\n");
	buf_puts(b, "</section>\n");
}

/* The account page's choice of language for pages and mail. */
static void
account_language(struct buf *b, struct request *req)
{
	html_printf(
		b,
		"<section class=\"panel\"><h2>%s</h2>\n<form method=\"post\" action=\"/account/language\" "
		"class=\"row\">",
		_("Language"));
	page_csrf_field(b, req);
	html_printf(
		b,
		_("<label>The language of your pages and mail <select name=\"language\"><option "
		  "value=\"\">%s</option>"),
		_("As my browser asks"));
	for (size_t i = 0; i < lang_count(); i++)
		html_printf(b, "<option value=\"%s\" lang=\"%s\"%R>%s</option>", lang_code(lang_at(i)),
			    lang_code(lang_at(i)),
			    strcmp(req->user.language, lang_code(lang_at(i))) == 0 ? " selected" : "",
			    lang_name(lang_at(i)));
	html_printf(b, "</select></label><button type=\"submit\" class=\"secondary\">%s</button></form></section>\n",
		    _("Save the language"));
}

void
page_account(struct request *req, struct response *res)
{
	const struct unit_tree *tree = request_tree(req);
	if (!tree) {
		respond_error(req, res, MHD_HTTP_SERVICE_UNAVAILABLE, _("The database is unavailable just now."));
		return;
	}
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Your account"), NULL}, {NULL, NULL}};
	page_begin(b, req, _("Your account"), crumbs);
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s%s</p>\n", req->user.name, req->user.email,
		    req->user.is_admin ? _(" · site administrator") : "");
	account_roles(b, req, tree);
	bool digest = true;
	struct error err;
	if (user_digest_get(request_store(req), &req->user, &digest, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	account_language(b, req);
	buf_puts(
		b,
		_("<section class=\"panel\"><h2>Email from caregrid</h2>\n<form method=\"post\" "
		  "action=\"/account/digest\" "
		  "class=\"stack\">"));
	page_csrf_field(b, req);
	html_printf(
		b,
		_("<label><input type=\"checkbox\" "
		  "name=\"digest\" value=\"1\" aria-describedby=\"digest-note\"%R> Email me a daily digest</label>\n"
		  "<p class=\"note\" id=\"digest-note\">On a day when an action of yours is due or overdue, or a goal "
		  "of your "
		  "plan is due for review, one message lists them, with what comes up in the week; never more than one "
		  "a day.%s</p>"
		  "<button type=\"submit\" class=\"secondary\">Save</button></form></section>\n"),
		digest ? " checked" : "",
		req->app->mailer
			? ""
			: _(" This caregrid does not send mail just now: your choice is kept for when it does."));
	buf_puts(b, _("<section class=\"panel\"><h2>Change your password</h2>\n"
		    "<form method=\"post\" action=\"/account/password\" class=\"stack\">"));
	page_csrf_field(b, req);
	html_printf(
		b,
		_("<label>Current password <input type=\"password\" name=\"current\" autocomplete=\"current-password\" "
		  "required></label>\n"
		  "<label>New password (at least %d characters) <input type=\"password\" name=\"password\" "
		  "autocomplete=\"new-password\" minlength=\"%d\" required></label>\n"
		  "<button type=\"submit\" class=\"primary\">Change password</button></form>\n"
		  "<p class=\"note\">Changing it signs you out everywhere.</p></section>\n"),
		PASSWORD_MIN, PASSWORD_MIN);
	buf_puts(b, _("<section class=\"panel\"><h2>Your data</h2>\n<p>A copy of what caregrid keeps about you: your "
		      "account, roles, sign-ins, plan, 360 reports and what you did, as a ZIP of JSON and CSV files "
		      "with a README saying what is in it and what is not.</p>\n"
		      "<p><a class=\"button\" href=\"/me/data\" download>Download my data</a></p></section>\n"));
	buf_puts(b,
		 _("<section class=\"panel\"><h2>Devices</h2>\n<form method=\"post\" action=\"/signout/everywhere\">"));
	page_csrf_field(b, req);
	buf_puts(b, _("<button type=\"submit\" class=\"secondary\">Sign out everywhere</button></form>\n"
		    "<p class=\"note\">Ends every session of yours, on every device, this one too.</p></section>\n"));
	page_end(b, req);
}

/* POST /account/language (language=cy, or empty for the browser's). */
void
page_account_language(struct request *req, struct response *res)
{
	const char *code = request_input(req, "language");
	struct error err;
	const struct actor who = request_actor(req);
	if (user_language_set(request_store(req), &who, &req->user, code, &err) < 0) {
		form_refused_at(req, "language");
		respond_failed(req, res, "/account", &err);
		return;
	}
	const struct lang *l = lang_find(code);
	if (l)
		req->lang = l; /* the reply already in it */
	respond_done(req, res, MHD_HTTP_OK, "/account",
		     l ? arena_printf(req->arena, _("Saved: caregrid speaks %s to you."), lang_name(l))
		       : _("Saved: caregrid speaks the language your browser asks for."),
		     json_pack("{s:b, s:s}", "ok", 1, "language", l ? lang_code(l) : ""));
}

/* POST /account/digest (digest=1 on, else off; JSON {"digest": true|false}). */
void
page_account_digest(struct request *req, struct response *res)
{
	json_t *j = json_object_get(req->json, "digest");
	bool on;
	if (j) {
		if (!json_is_boolean(j)) {
			respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, "/account",
				     _("digest is true or false."));
			return;
		}
		on = json_is_true(j);
	} else {
		const char *v = request_input(req, "digest"); /* an unticked box sends nothing */
		on = v && strcmp(v, "1") == 0;
	}
	struct error err;
	const struct actor who = request_actor(req);
	if (user_digest_set(request_store(req), &who, &req->user, on, &err) < 0) {
		respond_failed(req, res, "/account", &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, "/account",
		     on ? _("Saved: a daily digest comes on days when something of yours is due.")
			: _("Saved: no daily digest."),
		     json_pack("{s:b, s:b}", "ok", 1, "digest", on));
}

void
page_account_password(struct request *req, struct response *res)
{
	const char *current = request_input(req, "current"), *password = request_input(req, "password");
	struct store *s = request_store(req);
	struct error err;
	if (!current || !password) {
		respond_fail(req, res, MHD_HTTP_BAD_REQUEST, "/account", _("Give your current and your new password."));
		return;
	}
	enum signin_result checked;
	long wait = 0;
	if (user_password_check(s, &req->user, current, request_address(req), time(NULL), &checked, &wait, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (checked == SIGNIN_SLOW || checked == SIGNIN_LOCKED) {
		res->retry_after = wait;
		respond_fail(req, res, MHD_HTTP_TOO_MANY_REQUESTS, "/account",
			     arena_printf(req->arena,
					  _("Too many wrong passwords: wait %ld seconds before trying again."), wait));
		return;
	}
	if (checked != SIGNIN_OK) {
		form_refused_at(req, "current");
		respond_fail(req, res, MHD_HTTP_FORBIDDEN, "/account", _("Your current password is not right."));
		return;
	}
	const struct actor who = request_actor(req);
	if (user_set_password(s, &who, &req->user, password, &err) < 0) {
		respond_failed(req, res, "/account", &err);
		return;
	}
	res->cookies[0] = cookie(req, SESSION_COOKIE, "", 0);
	respond_done(req, res, MHD_HTTP_OK, "/signin", _("Password changed. Sign in again with the new one."), NULL);
}

void
page_password_link(struct request *req, struct response *res)
{
	struct user u;
	struct error err;
	struct store *s = request_store(req);
	int found = s ? password_link_user(s, req->params[0], &u, &err) : -1;
	if (found < 0) {
		if (s)
			request_log_error(req, &err);
		respond_error(req, res, MHD_HTTP_SERVICE_UNAVAILABLE, _("The database is unavailable just now."));
		return;
	}
	if (!found) {
		respond_error(
			req, res, MHD_HTTP_NOT_FOUND,
			_("This link has expired or has been used. Ask an administrator of your unit for a new one."));
		return;
	}
	struct buf *b = &res->body;
	page_begin(b, req, _("Set your password"), NULL);
	html_printf(b, _("<h1>Set your password</h1>\n<p class=\"lead\">For %s (%s).</p>\n"
		       "<form method=\"post\" action=\"/password/%s\" class=\"stack\">\n"
		       "<input type=\"hidden\" name=\"email\" autocomplete=\"username\" value=\"%s\">\n"
		       "<label>New password (at least %d characters) <input type=\"password\" name=\"password\" "
		       "autocomplete=\"new-password\" minlength=\"%d\" required></label>\n"
		       "<button type=\"submit\" class=\"primary\">Set password</button>\n</form>\n"),
		    u.name, u.email, req->params[0], u.email, PASSWORD_MIN, PASSWORD_MIN);
	page_end(b, req);
}

void
page_password_link_post(struct request *req, struct response *res)
{
	const char *password = request_input(req, "password");
	struct store *s = request_store(req);
	struct error err;
	const char *here = arena_printf(req->arena, "/password/%s", req->params[0]);
	if (!s) {
		respond_error(req, res, MHD_HTTP_SERVICE_UNAVAILABLE, _("The database is unavailable just now."));
		return;
	}
	if (!password) {
		respond_fail(req, res, MHD_HTTP_BAD_REQUEST, here, _("Give a password."));
		return;
	}
	if (password_link_use(s, req->params[0], password, request_address(req), &err) < 0) {
		respond_failed(req, res, here, &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, "/signin", _("Your password is set: sign in with it."), NULL);
}

/* ---- a forgotten password ---- */

static void
forgot_form(struct request *req, struct response *res, int status, const char *note)
{
	res->status = status;
	struct buf *b = &res->body;
	buf_reset(b);
	page_begin(b, req, _("Forgotten password"), NULL);
	buf_puts(b, _("<h1>Forgotten your password?</h1>\n"));
	if (note)
		html_printf(b, "<p class=\"flash ok\" role=\"status\">%s</p>\n", note);
	if (!req->app->mailer) {
		buf_puts(
			b,
			_("<p>This caregrid does not send mail. Ask an administrator of your unit for a link to set a "
			  "new "
			  "password.</p>\n"));
	} else {
		/* The address typed stays in the box on the reply, whatever it was (the reply is the same for all). */
		html_printf(
			b,
			_("<p class=\"lead\">Give the address you sign in with: if it has an account, a link to set a "
			  "new password "
			  "is sent there. It works once, for an hour.</p>\n<form method=\"post\" "
			  "action=\"/password/forgot\" "
			  "class=\"stack\"><label>Email <input type=\"email\" name=\"email\" autocomplete=\"username\" "
			  "required value=\"%s\">"
			  "</label><button type=\"submit\" class=\"primary\">Send me a link</button></form>\n"),
			request_input(req, "email") ? request_input(req, "email") : "");
	}
	page_end(b, req);
}

void
page_password_forgot(struct request *req, struct response *res)
{
	forgot_form(req, res, MHD_HTTP_OK, NULL);
}

/* The same reply whether or not the address has an account; the mail goes with the link in one transaction. */
void
page_password_forgot_post(struct request *req, struct response *res)
{
	if (!req->app->mailer) {
		forgot_form(req, res, MHD_HTTP_CONFLICT, NULL);
		return;
	}
	struct error err;
	enum signin_result result;
	long wait;
	if (password_forgot_send(request_store(req), request_input(req, "email"), request_address(req), time(NULL),
				 request_absolute(req, ""), req->lang, &result, &wait, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (result != SIGNIN_OK) {
		res->retry_after = wait;
		respond_error(req, res, MHD_HTTP_TOO_MANY_REQUESTS,
			      arena_printf(req->arena, _("Too many requests: wait %ld seconds and try again."), wait));
		return;
	}
	mailer_poke(req->app->mailer);
	const char *sent = _(
		"If that address has an account, a link to set a new password is on its way. It works once, for an "
		"hour.");
	if (wants_json(req))
		respond_json(res, MHD_HTTP_OK, json_pack("{s:b, s:s}", "ok", 1, "message", sent));
	else
		forgot_form(req, res, MHD_HTTP_OK, sent);
}
