/* route_match.c - the route table read against a request's method and path: the pattern matcher with its
 * captured segments ({code}, {id}, {n}, a segment ending in a literal suffix), the Allow list of a path matched by
 * other methods, and the names of access levels and route flags (see http.h). */
#include "web/http.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "web/app.h"

static const char *const access_names[] = {
	[ACCESS_PUBLIC] = "public",
	[ACCESS_SIGNED_IN] = "signed_in",
	[ACCESS_UNIT_VIEWER] = "unit_viewer",
	[ACCESS_UNIT_FACILITATOR] = "unit_facilitator",
	[ACCESS_UNIT_ADMIN] = "unit_admin",
	[ACCESS_REGION_ADMIN] = "region_admin",
	[ACCESS_SITE_ADMIN] = "site_admin",
};

const char *
access_name(enum access a)
{
	return a >= ACCESS_PUBLIC && a <= ACCESS_SITE_ADMIN ? access_names[a] : "none";
}

const char *
route_flag_names(unsigned flags, char *buf, size_t size)
{
	static const char *const names[] = {"no_db", "upload", "own_guard"}; /* ROUTE_API: the /api row itself */
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (flags & (1u << i))
			used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "%s%s", used ? " " : "",
						 names[i]);
	if (!used)
		snprintf(buf, size, "-");
	return buf;
}

/* A {id} or {n} segment: a positive whole number that fits, or 0 when it is not one. */
static int64_t
parse_id(const char *s, size_t len)
{
	if (len == 0 || len > 18)
		return 0;
	int64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Compares one pattern against PATH segment by segment; with CAPTURE, keeps its {name} segments in REQ. */
static bool
pattern_match(struct request *req, const char *pattern, const char *path, bool capture)
{
	size_t n = 0;
	int64_t id = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return false;
		p++;
		s++;
		const char *pend = strchr(p, '/'), *send = strchr(s, '/');
		size_t plen = pend ? (size_t)(pend - p) : strlen(p);
		size_t slen = send ? (size_t)(send - s) : strlen(s);
		/* A {name} may be followed by a literal suffix ("{id}.csv"): the segment must end with it. */
		const char *close = p[0] == '{' ? memchr(p, '}', plen) : NULL;
		size_t tail = close ? plen - (size_t)(close + 1 - p) : 0;
		if (close && close > p + 1 && slen > tail && strncmp(s + slen - tail, close + 1, tail) == 0) {
			slen -= tail;
			plen -= tail;
			if (n >= ROUTE_MAX_PARAMS)
				return false;
			bool is_id = plen == 4 && strncmp(p, "{id}", 4) == 0;
			if ((is_id || (plen == 3 && strncmp(p, "{n}", 3) == 0))) {
				int64_t v = parse_id(s, slen);
				if (!v)
					return false;
				if (is_id)
					id = v;
			}
			if (capture)
				req->params[n] = arena_strndup(req->arena, s, slen);
			n++;
			slen += tail;
			plen += tail;
		} else if (plen != slen || strncmp(p, s, plen) != 0) {
			return false;
		}
		p += plen;
		s += slen;
	}
	if (*p || *s)
		return false;
	if (capture) {
		req->n_params = n;
		req->id = id;
	}
	return true;
}

/* The pattern's literal start (up to its first {name}) must be the path's: a cheap test that rules out
 * most of the table before the segment by segment comparison. */
static bool
may_match(const char *pattern, const char *path)
{
	for (; *pattern && *pattern != '{'; pattern++, path++)
		if (*pattern != *path)
			return false;
	return true;
}

static bool
method_matches(const char *route_method, const char *method)
{
	return strcmp(route_method, method) == 0 ||
	       (strcmp(route_method, "GET") == 0 && strcmp(method, "HEAD") == 0);
}

const struct route *
route_match(struct request *req, const char *method, const char *path, const char **allow)
{
	*allow = NULL;
	struct buf methods = BUF_INIT;
	buf_init(&methods, 256);
	const struct route *found = NULL;
	/* Under /api, a route flagged ROUTE_API matches the rest of the path. */
	const char *api_rest = strncmp(path, "/api/", 5) == 0 ? path + 4 : NULL;
	for (const struct route *r = routes; r->method; r++) {
		const char *against = r->flags & ROUTE_API && api_rest ? api_rest : path;
		if (!may_match(r->pattern, against) || !pattern_match(req, r->pattern, against, false))
			continue;
		if (method_matches(r->method, method)) {
			found = r;
			break;
		}
		if (!strstr(methods.data, r->method)) {
			buf_printf(&methods, "%s%s", methods.len ? ", " : "", r->method);
			if (strcmp(r->method, "GET") == 0)
				buf_puts(&methods, ", HEAD");
		}
	}
	if (found)
		pattern_match(req, found->pattern, found->flags & ROUTE_API && api_rest ? api_rest : path, true);
	else if (methods.len)
		*allow = arena_strdup(req->arena, methods.data);
	buf_release(&methods);
	return found;
}


const char *
route_pattern_of(struct arena *a, const struct route *r, const char *path)
{
	if (!r)
		return NULL;
	return r->flags & ROUTE_API && strncmp(path, "/api/", 5) == 0 ? arena_printf(a, "/api%s", r->pattern)
								      : r->pattern;
}
