/*
 * http.h - what a page or API handler sees: the request (its arena, captured path parameters, parsed form
 * or JSON body, the signed-in person and the unit the route names) and the response it fills in; the
 * route table with the access rule guarding each route; and the helpers that write replies.
 */
#ifndef CAREGRID_HTTP_H
#define CAREGRID_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/access.h"
#include "domain/auth.h"
#include "domain/unit.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/multipart.h"
#include "lib/strvec.h"

struct MHD_Connection;
struct action;
struct app;
struct feedback_cycle;
struct instrument;
struct measure;
struct round;
struct store;

#define ROUTE_MAX_PARAMS 4
/* A page or API reply larger than this is a bug or an attack: it is refused with 500. */
#define RESPONSE_MAX_BYTES (16 * 1024 * 1024)
#define BODY_MAX_BYTES (1024 * 1024)
#define UPLOAD_MAX_BYTES (6 * 1024 * 1024) /* a multipart body: evidence files up to 5 MiB */
#define FORM_MAX_FIELDS 64
#define SESSION_COOKIE "cg_session"
#define PRESESSION_COOKIE "cg_pre" /* guards the sign-in form against login CSRF */

/*
 * Who may call a route. The dispatcher enforces it before the handler runs, and the access tests walk
 * this table: a route added without a rule fails them.
 *   public: anyone. signed_in: any signed-in person.
 *   unit_*: the route's {code} names a unit; someone who cannot see it gets 404 (its existence does not
 *   leak), someone who sees it without the role gets 403.
 *   region_admin: as unit_*, but the role needed is admin on the unit's region (the top of its tree), for
 *   what is set region-wide (staff groups).
 *   site_admin: site administrators only (403 for others).
 * Every method but GET also needs the session's CSRF token (form field "csrf" or header X-CSRF-Token),
 * except routes flagged ROUTE_OWN_GUARD (below).
 */
enum access {
	ACCESS_PUBLIC = 1,
	ACCESS_SIGNED_IN,
	ACCESS_UNIT_VIEWER,
	ACCESS_UNIT_FACILITATOR,
	ACCESS_UNIT_ADMIN,
	ACCESS_REGION_ADMIN,
	ACCESS_SITE_ADMIN,
};

/*
 * What else the dispatcher does for a route, before its handler runs:
 *   by default it takes a database connection (503 with Retry-After when there is none), so a handler
 *   always has one; ROUTE_NO_DB routes answer from memory (the catalogue, static files).
 *   ROUTE_UPLOAD: the only routes that take multipart/form-data bodies (up to UPLOAD_MAX_BYTES); the
 *   dispatcher reads the parts (req->parts), so the CSRF token travels as a field of the body and is checked
 *   like any other. Elsewhere multipart is refused (415).
 *   ROUTE_OWN_GUARD: a write exempt from the session's CSRF token because it has its own guard - the link
 *   is the secret (surveys, 360 forms, password links), or the sign-in form's double-submit cookie.
 *   ROUTE_API: the route is also served under /api (the same handler, rule and flags; the reply is JSON
 *   there), so that a page and its API are one row. "caregrid routes" lists both.
 * Route parameters named {id} or {n} are positive whole numbers: anything else is 404.
 */
enum route_flag {
	ROUTE_NO_DB = 1 << 0,
	ROUTE_UPLOAD = 1 << 1,
	ROUTE_OWN_GUARD = 1 << 2,
	ROUTE_API = 1 << 3,
	/* What the route's {id} names (at most one; enum route_resource below). */
	ROUTE_ROUND = 1 << 4,
	ROUTE_ACTION = 1 << 5,
	ROUTE_MEASURE = 1 << 6,
	ROUTE_CYCLE = 1 << 7,
	ROUTE_CYCLE_SHARED = 1 << 8,
	ROUTE_COACHEE = 1 << 9,
	ROUTE_PERSON = 1 << 10,
	ROUTE_AIM = 1 << 11,
};
/* "no_db upload own_guard" for caregrid routes: the flags set, space-separated; "-" for none (ROUTE_API is
 * shown as the /api row itself, the resource flags as their own column: route_resource_name). */
const char *route_flag_names(unsigned flags, char *buf, size_t size);

/*
 * The resource a route's {id} names, which the dispatcher loads once the access rule has let the request
 * through, and before the handler runs (web/resource.c). It must belong to the route's unit (round, action,
 * measure) or to the signed-in person (/me routes); otherwise the reply is 404, whatever the person's role,
 * so that nobody learns whether another unit's round or another person's cycle exists. A storage failure is
 * 503 with Retry-After (or 500), never the asker's fault. The handler finds it on the request, loaded.
 */
enum route_resource {
	RESOURCE_NONE = 0,
	RESOURCE_ROUND,        /* req->round, of req->unit, and its req->instrument (503 when not loaded) */
	RESOURCE_ACTION,       /* req->action, of req->unit */
	RESOURCE_MEASURE,      /* req->measure, of req->unit */
	RESOURCE_CYCLE,        /* req->cycle and its req->instrument: a 360 cycle of the signed-in person's own */
	RESOURCE_CYCLE_SHARED, /* the same, or a cycle whose report its owner shared with the signed-in person */
	RESOURCE_COACHEE,      /* req->coachee: someone (not oneself) who shared their plan with the signed-in person */
	RESOURCE_PERSON,       /* req->person: any account, on a site administrator's route (page_people.c) */
	RESOURCE_AIM,          /* req->aim, of req->unit */
};
struct route;
/* The resource ROUTE's flags name (RESOURCE_NONE when none). */
enum route_resource route_resource(const struct route *route);
/* "round", "action", "measure", "cycle", "cycle_shared", "coachee"; "-" for none (caregrid routes). */
const char *route_resource_name(enum route_resource r);

const char *access_name(enum access a); /* "public", "signed_in", "unit_viewer", ... */

struct form_field {
	char *name, *value; /* in the request's arena */
};

/* A refused form on its way back to the person (respond_fail, form_refused.c): set while its page is rendered
 * again, so that form_value() gives what was posted. */
struct form_state {
	bool on;
	const char *field;   /* the field the refusal concerns (form_refused_at); NULL: the first one filled in */
	const char *message; /* the refusal, in the reader's language */
	const char *query;   /* the query string of the page rendered again, read by request_arg */
};

struct request {
	struct MHD_Connection *conn;
	const char *method;
	const char *path;           /* as sent: may hold a survey, 360 or password token, so never logged */
	const char *route; /* the matched route's pattern ("/s/{token}", "/api/units/{code}"), NULL when none */
	struct arena *arena;        /* everything allocated for this request; freed when it completes */
	const struct app *app;
	const char *params[ROUTE_MAX_PARAMS]; /* the {name} parts of the route pattern, in order */
	size_t n_params;
	int64_t id;                 /* the route's {id}, parsed by the dispatcher; 0 when it has none */
	const char *address;        /* the client's IP address once asked for: request_address() */

	/* The body: a form (application/x-www-form-urlencoded or multipart), JSON, or other text (CSV). */
	const char *body;           /* NUL-terminated, in the arena; NULL when there was none */
	size_t body_len;
	const char *content_type;
	struct form_field form[FORM_MAX_FIELDS];
	size_t n_form;
	/* A multipart body's parts (ROUTE_UPLOAD routes only; in the arena, pointing into body): its fields that
	 * are not files are in form too, so that the dispatcher finds the CSRF token there as in any form. */
	struct multipart_part *parts;
	size_t n_parts;
	json_t *json;               /* owned by the request; freed when it completes */

	/* Filled by the dispatcher. */
	struct store *store;        /* this request's connection; NULL until request_store() */
	bool signed_in;
	struct session session;
	struct user user;
	struct grants grants;       /* released when the request completes */
	const struct unit_tree
		*tree;              /* set by request_tree(), from the app's cache; let go when the request completes */
	const struct unit *unit;    /* the unit a unit_* route names */
	enum role role;             /* the person's role on it */
	/* The route's resource (enum route_resource), loaded by the dispatcher; NULL when the route names another or
	 * none. In the arena; what they own is released by the dispatcher when the request completes: a handler may
	 * change them, never release them. */
	struct round *round;
	struct action *action;
	struct measure *measure;
	struct aim *aim;
	struct feedback_cycle *cycle;
	struct user *coachee;
	struct user *person;        /* RESOURCE_PERSON */
	const struct instrument *instrument; /* a round's or a cycle's, in the request's language */
	const char *also_refused;   /* request_guard_role's words for its refusal; NULL when not called */
	/* The language of the reply (never NULL once dispatched): request_choose_language. LANG_CHOSEN: the person
	 * chose it (?lang=, their account, the language cookie), rather than their browser or nothing. */
	const struct lang *lang;
	bool lang_chosen, lang_from_browser;
	struct form_state refused;
};


/* ERR's words for the reader (its format and arguments, lib/message.h) in the request's language, in the arena:
 * the catalogue's translation with the same arguments, or the English when there is none. */
const char *request_error_words(struct request *req, const struct error *err);
/* Problem I of SV (a domain's list, made with strvec_pushf) the same way. */
const char *request_problem_words(struct request *req, const struct strvec *sv, size_t i);

/* A text for the person asking: translated into the request's language (lib/i18n.h). Needs REQ in scope. */
#define _(s) tr(req->lang, s)

struct response {
	int status;
	const char *content_type;
	struct buf body;            /* capped at RESPONSE_MAX_BYTES */
	const char *cache_control;  /* NULL: "no-store" */
	const char *allow;          /* the Allow header of a 405, else NULL */
	const char *location;       /* a redirect's target */
	const char *cookies[3];     /* Set-Cookie values; the third is the dispatcher's (the language chosen) */
	long retry_after;           /* seconds, for 429 and 503; 0 = none */
	const char *disposition;    /* Content-Disposition of a download, else NULL */
	double server_ms;           /* time spent answering, sent as Server-Timing */
	const struct deferred_write *deferred; /* set by respond_after_write */
};

/* Sets REQ->lang: ?lang= (a language link: kept in a cookie for the pages after), else the account's (once
 * signed in), else the language cookie's, else the browser's Accept-Language, else English. Called by the
 * dispatcher before and again after it knows who is asking. */
void request_choose_language(struct request *req, struct response *res);

/*
 * A write left to the server's batching writer (store/writer.h), for the requests that come in thousands at
 * once (survey submissions). RUN executes on the writer's thread inside a transaction shared with other
 * requests' writes; FINISH writes the reply once the outcome is durable (RESULT 0) or failed (-1, ERR). CTX
 * and everything it points to must live in the request's arena or longer: the handler has returned by then
 * (the unit tree is held until FINISH, so pointers to its units stay good; the JSON body and the database
 * connection are not). The worker thread is not held meanwhile: the connection waits, suspended, and the
 * thread serves others.
 */
struct deferred_write {
	int (*run)(struct store *s, void *ctx, struct error *err);
	/* Optional: RUN in two halves, for the writer's one round trip a batch (write_job's queue and judge). */
	int (*queue)(struct store *s, void *ctx, struct error *err);
	int (*judge)(struct store *s, void *ctx, struct error *err);
	void (*finish)(struct request *req, struct response *res, void *ctx, int result, const struct error *err);
	void *ctx;
};

/* What a log line names a request by: its route's pattern, never the path with its tokens. */
const char *request_log_path(const struct request *req);

typedef void (*handler_fn)(struct request *req, struct response *res);

struct route {
	const char *method;  /* "GET", "POST", ... (GET routes answer HEAD too) */
	const char *pattern; /* "/units/{code}": literal segments and {name} captures */
	handler_fn handler;
	enum access access;
	unsigned flags;      /* enum route_flag */
};

extern const struct route routes[]; /* ends with a NULL method */

/* The pattern R answered PATH by: "/api" before it when matched under /api (ROUTE_API), in A. */
const char *route_pattern_of(struct arena *a, const struct route *r, const char *path);

/*
 * Finds the route for METHOD and PATH, filling REQ's params. Returns the route; NULL when nothing
 * matches the path (404) or when the path matches under other methods only (405: *allow is set to the
 * comma-separated methods, allocated in REQ's arena).
 */
const struct route *route_match(struct request *req, const char *method, const char *path, const char **allow);

/* True when the client asked for JSON: an /api/ path, or an Accept header preferring application/json. */
bool wants_json(const struct request *req);

/* A query-string argument, or NULL. */
/* The client's address as text (behind --trust-proxy, the one the proxy saw), found on first use. */
const char *request_address(const struct request *req);
/* Who a request acts as, for the domain's audit records: the signed-in person, from the client's address. */
struct actor request_actor(const struct request *req);
/* Whether the person reached caregrid over TLS: --base-url says https, or a trusted proxy says so. */
bool request_over_tls(const struct request *req);
/* PATH ("/s/TOKEN") as a whole address to hand out: serve --base-url, else the scheme and Host of this
 * request; in the arena. */
const char *request_absolute(const struct request *req, const char *path);
/* html_printf into the request's arena (for a mail's HTML body). */
const char *html_text(struct request *req, const char *fmt, ...);
/* The items of a list input NAME: a JSON array of strings, or a form field of lines or commas (each trimmed,
 * empty ones left out), pushed onto OUT. */
struct strvec;
void request_list(const struct request *req, const char *name, struct strvec *out);
const char *request_arg(const struct request *req, const char *name);
/* A request header, or NULL. */
const char *request_header(const struct request *req, const char *name);
/* A cookie, or NULL. */
const char *request_cookie(const struct request *req, const char *name);
/* A field of the form body or a string member of the JSON body, or NULL. */
const char *request_input(const struct request *req, const char *name);

/* Every query argument must be one line of text (lib/text.h): -1 (ERR naming the argument) otherwise. */
int request_check_args(struct request *req, struct error *err);
/* Parses the body collected by the server according to its content type, refusing anything that is not
 * text where text is meant (lib/text.h). -1 with ERR naming the field when malformed. */
int request_parse_body(struct request *req, struct error *err);

/* The request's database connection (taken from the pool on first use), or NULL when none could be had. */
struct store *request_store(struct request *req);
/* For a handler whose write reaches a second unit beyond the route's (a unit added or moved under a parent):
 * the write also needs ROLE on UNIT or above it (UNIT NULL: a site administrator), checked inside its
 * transaction as the route's own role is (store.h's write guard); REFUSED is the 403's words when not. */
void request_guard_role(struct request *req, const struct unit *unit, enum role role, const char *refused);
/* The unit tree, loaded on first use; NULL on a storage error. */
const struct unit_tree *request_tree(struct request *req);

/* Sets the body to the JSON document (which it takes a reference from) with status STATUS. */
/* A JSON reply already written into RES->body (lib/json_text.h's json_writer); WRITTEN false: a 500. */
void respond_json_written(struct response *res, int status, bool written);
void respond_json(struct response *res, int status, json_t *doc);
/* The same with a document already written as TEXT (without its final newline). */
void respond_json_text(struct response *res, int status, const char *text);
/* An error reply as JSON {"error": {"status", "message"}} or as an HTML page, as the client prefers. */
void respond_error(struct request *req, struct response *res, int status, const char *message);
/* 303 See Other to LOCATION (a path of this site). */
void respond_redirect(struct response *res, const char *location);
/*
 * The end of an action: for JSON, STATUS with DOC (or {"ok": true, "message": MESSAGE} when DOC is NULL);
 * for a form, a redirect to LOCATION carrying MESSAGE for the page to show.
 */
void respond_done(struct request *req, struct response *res, int status, const char *location, const char *message,
		  json_t *doc);
/* What a form field should show: what the person posted, while a refused form's page is rendered again
 * (respond_fail), else STORED (NULL: empty). */
const char *form_value(const struct request *req, const char *name, const char *stored);
/* " selected" for the option VALUE of the select NAME when it is what was typed, else "". */
const char *form_selected(const struct request *req, const char *name, const char *value);
/* LOCATION with "?KEY=VALUE" (or "&..." after a query) added before any #fragment, VALUE percent-encoded; in the
 * request's arena. */
const char *with_query(struct request *req, const char *location, const char *key, const char *value);
/*
 * A failed action: for JSON (or LOCATION NULL), STATUS with the message. For a form, the page at LOCATION (the
 * page the form lives on) rendered again by its GET handler as the same person, answered with STATUS: the form
 * filled in with what was posted, MESSAGE beside its field, the error summary, "Error: " in the title
 * (page_form_refused). No redirect: nothing typed goes into an address.
 */
void respond_fail(struct request *req, struct response *res, int status, const char *location, const char *message);
/* Leaves the reply to a deferred write (see struct deferred_write); the handler returns at once. */
void respond_after_write(struct request *req, struct response *res,
			 int (*run)(struct store *s, void *ctx, struct error *err),
			 void (*finish)(struct request *req, struct response *res, void *ctx, int result,
					const struct error *err),
			 void *ctx);
/* The same for a write also given in two halves, QUEUE and JUDGE (store/writer.h), which the writer batches in
 * one round trip; RUN is the whole write, for where there is no writer and for a batch run again job by job. */
void respond_after_split_write(struct request *req, struct response *res, const struct deferred_write *halves,
			       void *ctx);
/* Writes ERR's detail (the path, the failing statement's name) to the server's log, for a handler that
 * answers a storage failure with words of its own: the detail never goes to the reader. */
void request_log_error(struct request *req, const struct error *err);
/* A failure that is caregrid's: 503 with Retry-After when the database is unavailable, else 500; logged
 * with its detail, while the client gets a plain message with no path or SQL. */
void respond_storage_error(struct request *req, struct response *res, const struct error *err);
/* Any failed action, its status picked by ERR's kind alone: invalid 422, conflict 409, not found 404 (for a
 * form, back to LOCATION showing the message), unavailable or internal as respond_storage_error. */
void respond_failed(struct request *req, struct response *res, const char *location, const struct error *err);
/* Names the form field the next refusal concerns (its name attribute), before respond_fail(ed); without it the
 * message goes to the first field the person filled in. */
void form_refused_at(struct request *req, const char *field);
/* Renders the page at PATH (with its query, if any) into RES as its GET route would, for the same person:
 * false (RES holding the refusal) when no GET route serves it or the person may not see it (server.c). */
bool server_render_page(struct request *req, struct response *res, const char *path);
/* While a refused form's page is rendered again: its address's query argument NAME, decoded into the arena, or
 * NULL (what request_arg gives then). */
const char *form_refused_arg(const struct request *req, const char *name);

#endif
