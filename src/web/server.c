/*
 * server.c - libmicrohttpd set-up and request dispatch (see server.h).
 *
 * The reply is queued on the second call of the access handler, never on the first (headers-only) one:
 * queueing early costs keep-alive (measured: 65k -> 19k requests/s). Bodies are read up to a limit.
 *
 * Slow and greedy clients (README, "Reliability"): a request's headers must all arrive within a deadline
 * (guard.h), its body at a minimum rate once it has had a few seconds, and connections are capped per
 * address and in all, so that one address holding many cannot stop another being served.
 */
#include "web/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "lib/xalloc.h"
#include "store/store.h"
#include "store/writer.h"
#include "web/app.h"
#include "web/change_clock.h"
#include "web/guard.h"
#include "web/handlers.h"
#include "web/http.h"
#include "web/resource.h"
#include "web/session_cache.h"

#define CONNECTION_TIMEOUT_S 30
/* Open connections from one address, by default: so few beside the total that it takes many addresses to fill
 * the server (10,000 / 32: 313 addresses), yet more than a browser (6 a host) or a proxy in front of a clinic
 * needs. Where the file limit makes the total small, the default shrinks with it (serve_per_address). */
#define MAX_PER_ADDRESS 32
#define MIN_ADDRESSES_TO_FILL 32 /* the default per-address cap is at most the total / this (and at least 8) */
#define MAX_CONNECTIONS 10000    /* open connections in all, at most (connection_budget) */
#define BODY_GRACE_S 5           /* a body may start slowly for this long ... */
#define BODY_MIN_BYTES_PER_S 512 /* ... then must average at least this */

struct server {
	struct MHD_Daemon *daemon;
	const struct app *app;
	unsigned port;
	struct conn_guard *guard;
};

/* What one request carries between the access handler's calls. */
struct request_state {
	struct arena *arena;
	struct buf body; /* capped at BODY_MAX_BYTES */
	/* A write left to the writer: the connection is suspended until the job is done, then resumed. */
	const struct deferred_write *deferred;
	struct write_job *job; /* in the arena, only for a deferred write (it carries a 1 KB error message) */
	const struct lang *lang; /* a deferred write's: its reply is in the language the request was answered in */
	struct timespec started;
	struct timespec body_since;   /* when the headers were in: the body's rate is measured from here */
	const struct unit_tree *tree; /* held while suspended: the reply may name the units it pointed to */
	const char *route;            /* the matched route's pattern, for the resumed request's log lines */
	/* The route matched once, when the headers came (its {name} captures live in the arena): dispatch
	 * does not match again. */
	const struct route *matched;
	const char *allow;
	const char *params[ROUTE_MAX_PARAMS];
	size_t n_params;
	int64_t id;
};

/* A page's: what it may load, where its forms go, never framed, no address leaking to other sites. */
static const char *const page_security_headers[][2] = {
	{"Content-Security-Policy",
	 "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
	 "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"X-Frame-Options", "DENY"},
	{"Referrer-Policy", "same-origin"},
	{NULL, NULL},
};

/* Data (JSON, CSV, text) is never a document: it may load nothing and never be framed or sniffed as one
 * (OWASP's REST headers). Shorter too: on a small JSON reply the headers were most of the bytes. */
static const char *const data_security_headers[][2] = {
	{"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"X-Frame-Options", "DENY"},
	{NULL, NULL},
};

/* The one place a reply leaves the server: status, content type, caching and security headers. */
static enum MHD_Result
send_response(struct MHD_Connection *conn, struct response *res)
{
	if (res->body.overflow) {
		fprintf(stderr, "caregrid: reply larger than %d bytes refused\n", RESPONSE_MAX_BYTES);
		buf_release(&res->body);
		buf_puts(&res->body, "reply too large\n");
		res->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		res->content_type = "text/plain; charset=utf-8";
	}
	size_t len;
	char *body = buf_detach(&res->body, &len);
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, res->cache_control ? res->cache_control : "no-store");
	if (res->allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, res->allow);
	char timing[64];
	long us = (long)(res->server_ms * 1000.0 + 0.5); /* in whole microseconds: no floating-point printf */
	snprintf(timing, sizeof timing, "app;dur=%ld.%03ld", us / 1000, us % 1000);
	MHD_add_response_header(r, "Server-Timing", timing);
	if (res->disposition)
		MHD_add_response_header(r, "Content-Disposition", res->disposition);
	if (res->location)
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, res->location);
	for (size_t i = 0; i < sizeof res->cookies / sizeof *res->cookies; i++)
		if (res->cookies[i])
			MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, res->cookies[i]);
	if (res->retry_after > 0) {
		char secs[32];
		snprintf(secs, sizeof secs, "%ld", res->retry_after);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, secs);
	}
	bool page = strncmp(res->content_type, "text/html", 9) == 0 || strncmp(res->content_type, "image/svg", 9) == 0;
	const char *const(*security)[2] = page ? page_security_headers : data_security_headers;
	for (size_t i = 0; security[i][0]; i++)
		MHD_add_response_header(r, security[i][0], security[i][1]);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)res->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum role
role_needed(enum access a)
{
	switch (a) {
	case ACCESS_UNIT_VIEWER: return ROLE_VIEWER;
	case ACCESS_UNIT_FACILITATOR: return ROLE_FACILITATOR;
	case ACCESS_UNIT_ADMIN: return ROLE_ADMIN;
	case ACCESS_REGION_ADMIN: return ROLE_VIEWER; /* on the unit itself; admin on its region, checked apart */
	default: return ROLE_NONE;
	}
}

/* Finds who is signed in from the session cookie: kept from a moment ago (session_cache.h), else from the
 * database. 0 signed in or not, -1 storage failure (ERR). */
static int
identify(struct request *req, struct error *err)
{
	const char *token = request_cookie(req, SESSION_COOKIE);
	if (!token)
		return 0;
	time_t now = time(NULL);
	struct session_cache *cache = req->app->sessions;
	if (cache && session_cache_find(cache, token, now, &req->session, &req->user, &req->grants)) {
		req->signed_in = true;
		return 0;
	}
	struct store *s = request_store(req);
	if (!s)
		return error_set(err, "database unavailable");
	uint64_t changes = req->app->changes ? change_clock_read(req->app->changes) : 0;
	int64_t at_ms = monotonic_ms();
	int found = session_identify(s, token, now, &req->session, &req->user, err);
	if (found <= 0)
		return found;
	if (req->user.disabled)
		return 0;
	if (grants_load(s, &req->user, &req->grants, err) < 0)
		return -1;
	req->signed_in = true;
	if (cache)
		session_cache_put(cache, token, changes, at_ms, &req->session, &req->user, &req->grants);
	return 0;
}

static bool may_call(struct request *req, struct response *res, const struct route *route);

/* The 403 of a signed-in person without the role ROUTE needs (on REQ->unit, for a unit route). */
static void
respond_role_needed(struct request *req, struct response *res, const struct route *route)
{
	if (route->access == ACCESS_SITE_ADMIN || !req->unit)
		respond_error(req, res, MHD_HTTP_FORBIDDEN, _("Only a site administrator may do this."));
	else if (route->access == ACCESS_REGION_ADMIN)
		respond_error(req, res, MHD_HTTP_FORBIDDEN,
			      arena_printf(req->arena,
					   _("This is set for the whole region: it needs the admin role on %s."),
					   unit_root(req->unit)->name));
	else
		respond_error(req, res, MHD_HTTP_FORBIDDEN,
			      arena_printf(req->arena, _("This needs the %s role on %s or a unit above it."),
					   _(role_words(role_needed(route->access))), req->unit->name));
}

/* Ending one's own sessions is never refused: it writes nothing anyone could misuse. */
static bool
ends_sessions(const struct route *route)
{
	return route->handler == page_signout || route->handler == page_signout_everywhere ||
	       route->handler == api_session_delete;
}

/*
 * What the dispatcher checked from its caches (a second old at most) is checked again inside every
 * transaction the request writes in (store.h's write guard), so that a session signed out, a person disabled
 * or a role removed through another process a moment ago writes nothing. Reads keep the caches.
 */
static void
guard_writes(struct request *req, const struct route *route)
{
	if (!strcmp(req->method, "GET") || !strcmp(req->method, "HEAD") || route->access == ACCESS_PUBLIC ||
	    !req->store || ends_sessions(route))
		return;
	bool region = route->access == ACCESS_REGION_ADMIN;
	int64_t unit_id = req->unit ? req->unit->id : 0;
	int rank = region ? ROLE_ADMIN : (int)role_needed(route->access);
	session_guard_writes(req->store, request_cookie(req, SESSION_COOKIE), req->user.id, rank ? unit_id : 0, rank,
			     region, route->access == ACCESS_SITE_ADMIN);
}

/* After the handler: a write the guard refused gets the refusal, whatever the handler made of its error. */
static void
respond_if_refused(struct request *req, struct response *res, const struct route *route)
{
	int refused = req->store ? store_guard_refused(req->store) : 0;
	if (!refused)
		return;
	if (refused == ERROR_SIGNED_OUT)
		fprintf(stderr, "caregrid: %s %s: write refused: the session has ended\n", req->method,
			request_log_path(req));
	else
		fprintf(stderr, "caregrid: %s %s: write refused: the role is no longer held\n", req->method,
			request_log_path(req));
	res->location = NULL;
	res->disposition = NULL;
	res->cookies[0] = res->cookies[1] = NULL;
	if (refused == ERROR_SIGNED_OUT)
		respond_error(req, res, MHD_HTTP_UNAUTHORIZED, _("Sign in first."));
	else if (req->also_refused)
		respond_error(req, res, MHD_HTTP_FORBIDDEN, req->also_refused);
	else
		respond_role_needed(req, res, route);
}

/*
 * Applies the route's access rule and the CSRF rule (http.h). Returns true when the handler may run;
 * otherwise the reply is written.
 */
static bool
allowed(struct request *req, struct response *res, const struct route *route)
{
	struct error err;
	if (identify(req, &err) < 0) {
		err.kind = ERROR_UNAVAILABLE; /* who is asking cannot be told: nothing can be done, try again */
		respond_storage_error(req, res, &err);
		return false;
	}
	if (req->signed_in)
		request_choose_language(req, res); /* their account may say */
	if (route->access != ACCESS_PUBLIC && !may_call(req, res, route))
		return false;
	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0 &&
	    !(route->flags & ROUTE_OWN_GUARD)) {
		/* Whatever the body's type (a form, JSON, text, a multipart upload): the token, or nothing written. */
		const char *token = request_input(req, "csrf");
		if (!token)
			token = request_header(req, "X-CSRF-Token");
		if (!csrf_valid(&req->session, token)) {
			respond_error(req, res, MHD_HTTP_FORBIDDEN,
				      _("This form has expired or did not come from caregrid: reload the page and try "
					"again."));
			return false;
		}
	}
	return true;
}

/* The access rule of a route that is not public: signed in, and the role it needs. */
static bool
may_call(struct request *req, struct response *res, const struct route *route)
{
	if (!req->signed_in) {
		if (!wants_json(req) && strcmp(req->method, "GET") == 0)
			respond_redirect(res, arena_printf(req->arena, "/signin?next=%s", req->path));
		else
			respond_error(req, res, MHD_HTTP_UNAUTHORIZED, _("Sign in first."));
		return false;
	}
	if (route->access == ACCESS_SITE_ADMIN && !req->user.is_admin) {
		respond_role_needed(req, res, route);
		return false;
	}
	enum role needed = role_needed(route->access);
	if (needed != ROLE_NONE) {
		const struct unit_tree *tree = request_tree(req);
		if (!tree) {
			/* The same reply as any outage's (Retry-After, nothing blamed on the asker), as resource.c's.
			 * */
			struct error err;
			error_of(&err, ERROR_UNAVAILABLE, "the unit tree could not be read");
			respond_storage_error(req, res, &err);
			return false;
		}
		req->unit = unit_by_code(tree, req->params[0]);
		req->role = req->unit ? role_on(&req->grants, req->unit) : ROLE_NONE;
		if (!req->unit || req->role == ROLE_NONE) {
			/* Not "forbidden": whether the unit exists is itself not theirs to know. */
			respond_error(req, res, MHD_HTTP_NOT_FOUND, _("There is no unit with this code."));
			return false;
		}
		if ((route->access == ACCESS_REGION_ADMIN &&
		     role_on(&req->grants, unit_root(req->unit)) < ROLE_ADMIN) ||
		    req->role < needed) {
			respond_role_needed(req, res, route);
			return false;
		}
	}
	return true;
}

static void
dispatch(struct request *req, struct response *res, struct request_state *st, const char *method)
{
	const char *allow = st->allow;
	const struct route *route = st->matched;
	memcpy(req->params, st->params, sizeof req->params);
	req->n_params = st->n_params;
	req->id = st->id;
	req->route = st->route;
	request_choose_language(req, res);
	if (st->body.overflow) {
		respond_error(req, res, MHD_HTTP_CONTENT_TOO_LARGE, _("The request body is larger than allowed."));
		return;
	}
	if (!route) {
		if (allow) {
			res->allow = allow;
			respond_error(req, res, MHD_HTTP_METHOD_NOT_ALLOWED,
				      arena_printf(req->arena, _("%s is not allowed here; use %s."), method, allow));
		} else {
			respond_error(req, res, MHD_HTTP_NOT_FOUND, _("There is no page at this address."));
		}
		return;
	}
	if (st->body.len) {
		req->body = arena_strndup(req->arena, st->body.data, st->body.len);
		req->body_len = st->body.len;
	}
	if (req->content_type && strncmp(req->content_type, "multipart/form-data", 19) == 0 &&
	    !(route->flags & ROUTE_UPLOAD)) {
		respond_error(req, res, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, _("This address takes no file uploads."));
		return;
	}
	struct error err;
	if (request_check_args(req, &err) < 0 || request_parse_body(req, &err) < 0) {
		respond_error(req, res, MHD_HTTP_BAD_REQUEST, request_error_words(req, &err));
		return;
	}
	/* Every handler but the in-memory ones can count on a database connection. */
	if (!(route->flags & ROUTE_NO_DB) && !request_store(req)) {
		struct error none = {.msg = "no database connection", .kind = ERROR_UNAVAILABLE};
		respond_storage_error(req, res, &none);
		return;
	}
	if (allowed(req, res, route) && resource_resolve(req, res, route)) {
		guard_writes(req, route);
		route->handler(req, res);
		respond_if_refused(req, res, route);
	}
}

bool
server_render_page(struct request *req, struct response *res, const char *path)
{
	size_t len = strcspn(path, "?#");
	const char *bare = arena_strndup(req->arena, path, len), *allow = NULL;
	struct request probe = {.arena = req->arena};
	const struct route *route = route_match(&probe, "GET", bare, &allow);
	if (!route || strncmp(bare, "/api/", 5) == 0)
		return false;
	memcpy(req->params, probe.params, sizeof req->params);
	req->n_params = probe.n_params;
	req->id = probe.id;
	req->route = route_pattern_of(req->arena, route, bare);
	req->path = bare;
	req->method = "GET";
	req->refused.query = path[len] == '?' ? arena_strndup(req->arena, path + len + 1, strcspn(path + len + 1, "#"))
					      : "";
	/* The page's own resource, loaded as for its GET (the post's may be another: a round's settings page). */
	resource_release(req);
	req->round = NULL;
	req->cycle = NULL;
	req->coachee = NULL;
	req->instrument = NULL;
	buf_reset(&res->body);
	res->status = MHD_HTTP_OK;
	res->content_type = "text/html; charset=utf-8";
	res->location = NULL;
	if ((route->access != ACCESS_PUBLIC && !may_call(req, res, route)) || !resource_resolve(req, res, route))
		return false;
	route->handler(req, res);
	return true;
}

static double
ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Called on the writer's thread: the reply can be made now. */
static void
resume_after_write(struct write_job *job)
{
	MHD_resume_connection(job->cookie);
}

/* A deferred write with no writer (or once it has stopped taking work): run here, in a transaction of its own. */
static int
write_here(struct request *req, const struct deferred_write *d, struct error *err)
{
	struct store *s = request_store(req);
	if (!s) {
		return error_of(err, ERROR_UNAVAILABLE, "the database is unavailable");
	}
	return store_atomic(s, d->run, d->ctx, err);
}

/* Gives back what the request took and sends the reply. */
static enum MHD_Result
reply(struct server *srv, struct MHD_Connection *conn, struct request *req, struct response *res)
{
	if (res->status >= 500)
		fprintf(stderr, "caregrid: %s %s -> %d\n", req->method, request_log_path(req), res->status);
	/* Anything but a read may have changed a session, a person, a role or a unit: what this process kept of
	 * them is not used again (change_clock.h). Before the reply, so that the next request sees the change. */
	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0 && srv->app->changes)
		change_clock_tick(srv->app->changes);
	/* Everything the request took is given back before the reply goes: the connection to the pool first. */
	store_pool_give(srv->app->pool, req->store, res->status == MHD_HTTP_SERVICE_UNAVAILABLE);
	grants_release(&req->grants);
	resource_release(req);
	tree_cache_release(srv->app->trees, req->tree);
	json_decref(req->json);
	enum MHD_Result ret = send_response(conn, res);
	buf_release(&res->body);
	return ret;
}

/* A request's state, made when its headers are in: the route it matches, and its body's cap. */
static struct request_state *
state_new(struct MHD_Connection *conn, const char *method, const char *url)
{
	struct request_state *st = xcalloc(1, sizeof *st);
	st->arena = arena_new();
	const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	/* Only an upload route reads a body the size of a file; any other stops at the usual cap. */
	struct request probe = {.arena = st->arena};
	const struct route *route = route_match(&probe, method, url, &st->allow);
	bool upload = type && strncmp(type, "multipart/form-data", 19) == 0 && route && (route->flags & ROUTE_UPLOAD);
	st->route = route_pattern_of(st->arena, route, url);
	st->matched = route;
	memcpy(st->params, probe.params, sizeof st->params);
	st->n_params = probe.n_params;
	st->id = probe.id;
	buf_init(&st->body, upload ? UPLOAD_MAX_BYTES : BODY_MAX_BYTES);
	clock_gettime(CLOCK_MONOTONIC, &st->body_since);
	conn_guard_headers_in(conn);
	return st;
}

/* A part of the request's body: kept (past the cap it only records the overflow); MHD_NO closes a connection
 * whose body comes too slowly. */
static enum MHD_Result
body_part(struct request_state *st, const char *method, const char *data, size_t *size)
{
	buf_add(&st->body, data, *size);
	*size = 0;
	double s = ms_since(&st->body_since) / 1e3;
	if (s > BODY_GRACE_S && (double)(st->body.len + (st->body.overflow ? 1 : 0)) / s < BODY_MIN_BYTES_PER_S) {
		fprintf(stderr,
			"caregrid: %s %s: a request body came slower than %d bytes a second: connection closed\n",
			method, st->route ? st->route : "(no route)", BODY_MIN_BYTES_PER_S);
		return MHD_NO;
	}
	return MHD_YES;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method, const char *version,
	   const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	(void)version;
	struct server *srv = cls;
	struct request_state *st = *con_cls;
	if (!st) {
		*con_cls = state_new(conn, method, url);
		return MHD_YES;
	}
	if (*upload_data_size)
		return body_part(st, method, upload_data, upload_data_size);

	struct request req = {.conn = conn, .method = method, .path = url, .arena = st->arena, .app = srv->app};
	req.content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	struct response res = {.status = MHD_HTTP_OK, .content_type = "text/html; charset=utf-8"};
	buf_init(&res.body, RESPONSE_MAX_BYTES);

	if (st->deferred) {
		/* Resumed: the writer has committed (or failed) this request's write. */
		req.tree = st->tree;
		req.route = st->route;
		req.lang = st->lang;
		st->tree = NULL;
		st->deferred->finish(&req, &res, st->deferred->ctx, st->job->result, &st->job->err);
		res.server_ms = ms_since(&st->started);
		st->deferred = NULL;
		return reply(srv, conn, &req, &res);
	}

	clock_gettime(CLOCK_MONOTONIC, &st->started);
	dispatch(&req, &res, st, method);
	const struct deferred_write *d = res.deferred;
	if (d && srv->app->writer) {
		/* The thread serves others while the writer works: the pool connection goes back; only the unit tree
		 * stays held, for the reply (struct deferred_write). */
		store_pool_give(srv->app->pool, req.store, 0);
		grants_release(&req.grants);
		resource_release(&req);
		st->tree = req.tree;
		st->route = req.route;
		st->lang = req.lang;
		json_decref(req.json);
		buf_release(&res.body);
		st->deferred = d;
		st->job = arena_alloc(st->arena, sizeof *st->job);
		*st->job = (struct write_job){.run = d->run, .queue = d->queue, .judge = d->judge, .ctx = d->ctx,
					      .done = resume_after_write, .cookie = conn};
		MHD_suspend_connection(conn);
		writer_submit(srv->app->writer, st->job);
		return MHD_YES;
	}
	if (d) {
		struct error err = {.kind = ERROR_INVALID};
		int rc = write_here(&req, d, &err);
		d->finish(&req, &res, d->ctx, rc, &err);
	}
	/* The server's own time for the request, for browsers' developer tools and for bench/. */
	res.server_ms = ms_since(&st->started);
	return reply(srv, conn, &req, &res);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)toe;
	conn_guard_request_done(conn);
	struct request_state *st = *con_cls;
	if (!st)
		return;
	/* A connection closed while it waited for the writer (the server stopping) still holds its tree. */
	struct server *srv = cls;
	tree_cache_release(srv->app->trees, st->tree);
	arena_free(st->arena);
	buf_release(&st->body);
	free(st);
	*con_cls = NULL;
}

static void
log_mhd(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("caregrid: http: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/*
 * How many connections in all: as many as the process may open files, less some for the database and logs.
 * The soft limit is raised to the hard one first (often 1024 -> 524288), so that the cap, not the file
 * table, is what a flood meets.
 */
static unsigned
connection_budget(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 900;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	rlim_t usable = rl.rlim_cur > 200 ? rl.rlim_cur - 100 : rl.rlim_cur / 2;
	return usable > MAX_CONNECTIONS ? MAX_CONNECTIONS : (unsigned)usable;
}

int
server_start(struct server **out, const struct app *app, const struct server_options *opts, struct error *err)
{
	*out = NULL;
	const char *listen = opts->listen ? opts->listen : "127.0.0.1";
	struct sockaddr_storage addr;
	memset(&addr, 0, sizeof addr);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_LINUX_ONLY | MHD_USE_ERROR_LOG |
			 MHD_ALLOW_SUSPEND_RESUME;
	struct sockaddr_in *v4 = (struct sockaddr_in *)&addr;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&addr;
	if (inet_pton(AF_INET, listen, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)opts->port);
	} else if (inet_pton(AF_INET6, listen, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)opts->port);
		flags |= MHD_USE_IPv6;
	} else {
		return error_set(err, "--listen %s: not an IPv4 or IPv6 address", listen);
	}
	if (opts->port > 65535)
		return error_set(err, "--port %u: ports go from 0 to 65535", opts->port);
	unsigned threads = opts->threads;
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (unsigned)n : 1;
	}

	struct conn_guard *guard;
	if (conn_guard_start(&guard, opts->header_deadline_s ? opts->header_deadline_s : CONNECTION_TIMEOUT_S, err) < 0)
		return -1;
	struct server *srv = xcalloc(1, sizeof *srv);
	srv->app = app;
	srv->guard = guard;
	unsigned total = connection_budget();
	unsigned per_address = opts->max_per_address;
	if (!per_address) {
		unsigned share = total / MIN_ADDRESSES_TO_FILL;
		per_address = share < MAX_PER_ADDRESS ? (share > 8 ? share : 8) : MAX_PER_ADDRESS;
	}
	srv->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, srv,
				       MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
				       MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
				       MHD_OPTION_THREAD_POOL_SIZE, threads,
				       MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT_S,
				       MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
				       MHD_OPTION_NOTIFY_CONNECTION, conn_guard_notify, srv->guard,
				       MHD_OPTION_CONNECTION_LIMIT, total,
				       MHD_OPTION_PER_IP_CONNECTION_LIMIT,
				       per_address,
				       MHD_OPTION_END);
	if (!srv->daemon) {
		conn_guard_free(srv->guard);
		free(srv);
		return error_set(err, "cannot listen on %s port %u (in use, or not an address of this machine)",
				 listen, opts->port);
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : opts->port;
	*out = srv;
	return 0;
}

unsigned
server_port(const struct server *srv)
{
	return srv->port;
}

void
server_stop(struct server *srv)
{
	if (!srv)
		return;
	MHD_stop_daemon(srv->daemon);
	conn_guard_free(srv->guard);
	free(srv);
}
