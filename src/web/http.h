/*
 * http.h - what a page or API handler sees: the request (with its arena and captured path parameters)
 * and the response it fills in; the route table that maps method and path to a handler and to the access
 * rule guarding it; and the helpers that write status pages and JSON.
 */
#ifndef CAREGRID_HTTP_H
#define CAREGRID_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/arena.h"
#include "lib/buf.h"

struct MHD_Connection;
struct app;

#define ROUTE_MAX_PARAMS 4
/* A page or API reply larger than this is a bug or an attack: it is refused with 500. */
#define RESPONSE_MAX_BYTES (16 * 1024 * 1024)

struct request {
	struct MHD_Connection *conn;
	const char *method;
	const char *path;
	struct arena *arena;        /* everything allocated for this request; freed when it completes */
	const struct app *app;
	const char *params[ROUTE_MAX_PARAMS]; /* the {name} parts of the route pattern, in order */
	size_t n_params;
};

struct response {
	int status;
	const char *content_type;
	struct buf body;            /* capped at RESPONSE_MAX_BYTES */
	const char *cache_control;  /* NULL: "no-store" */
	const char *allow;          /* the Allow header of a 405, else NULL */
};

/* Who may call a route. Later issues add roles; the access test walks the table to see each has one. */
enum access {
	ACCESS_PUBLIC = 1, /* anyone, signed in or not */
};

typedef void (*handler_fn)(struct request *req, struct response *res);

struct route {
	const char *method;  /* "GET", "POST", ... (GET routes answer HEAD too) */
	const char *pattern; /* "/instruments/{id}": literal segments and {name} captures */
	handler_fn handler;
	enum access access;
};

extern const struct route routes[]; /* ends with a NULL method */

/*
 * Finds the route for METHOD and PATH, filling REQ's params. Returns the route; NULL when nothing
 * matches the path (404) or when the path matches under other methods only (405: *allow is set to the
 * comma-separated methods, allocated in REQ's arena).
 */
const struct route *route_match(struct request *req, const char *method, const char *path, const char **allow);

/* True when the client asked for JSON: an /api/ path, or an Accept header preferring application/json. */
bool wants_json(const struct request *req);

/* A query-string argument, or NULL. */
const char *request_arg(const struct request *req, const char *name);

/* Sets the body to the JSON document (which it takes a reference from) with status STATUS. */
void respond_json(struct response *res, int status, json_t *doc);
/* An error reply as JSON {"error": {"status", "message"}} or as an HTML page, as the client prefers. */
void respond_error(struct request *req, struct response *res, int status, const char *message);

#endif
