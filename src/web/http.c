/* http.c - route matching, content negotiation and error replies (see http.h). */
#include "web/http.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "lib/html.h"

#include "web/page.h"

/* Compares one pattern against PATH segment by segment; captures {name} segments into REQ. */
static bool
pattern_match(struct request *req, const char *pattern, const char *path)
{
	size_t n = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return false;
		p++;
		s++;
		const char *pend = strchr(p, '/'), *send = strchr(s, '/');
		size_t plen = pend ? (size_t)(pend - p) : strlen(p);
		size_t slen = send ? (size_t)(send - s) : strlen(s);
		if (plen > 1 && p[0] == '{' && p[plen - 1] == '}') {
			if (slen == 0 || n >= ROUTE_MAX_PARAMS)
				return false;
			req->params[n++] = arena_strndup(req->arena, s, slen);
		} else if (plen != slen || strncmp(p, s, plen) != 0) {
			return false;
		}
		p += plen;
		s += slen;
	}
	if (*p || *s)
		return false;
	req->n_params = n;
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
	for (const struct route *r = routes; r->method; r++) {
		if (!pattern_match(req, r->pattern, path))
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
	if (found) {
		/* pattern_match of a later non-matching route may have clobbered params: match again. */
		pattern_match(req, found->pattern, path);
	} else if (methods.len) {
		*allow = arena_strdup(req->arena, methods.data);
	}
	buf_release(&methods);
	return found;
}

bool
wants_json(const struct request *req)
{
	if (strncmp(req->path, "/api/", 5) == 0 || strcmp(req->path, "/api") == 0)
		return true;
	const char *accept = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
	if (!accept)
		return false;
	const char *json = strstr(accept, "application/json");
	const char *html = strstr(accept, "text/html");
	return json && (!html || json < html);
}

const char *
request_arg(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

void
respond_json(struct response *res, int status, json_t *doc)
{
	res->status = status;
	res->content_type = "application/json";
	buf_reset(&res->body);
	char *text = json_dumps(doc, JSON_INDENT(1) | JSON_ENSURE_ASCII);
	if (text) {
		buf_puts(&res->body, text);
		buf_putc(&res->body, '\n');
		free(text);
	}
	json_decref(doc);
}

void
respond_error(struct request *req, struct response *res, int status, const char *message)
{
	if (wants_json(req)) {
		respond_json(res, status, json_pack("{s:{s:i, s:s}}", "error", "status", status, "message", message));
		return;
	}
	res->status = status;
	res->content_type = "text/html; charset=utf-8";
	buf_reset(&res->body);
	const char *title = status == 404 ? "Not found" : status == 405 ? "Method not allowed" : "Error";
	page_begin(&res->body, title, NULL);
	html_printf(&res->body, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n<p><a href=\"/\">Go to the home page</a></p>\n",
		    title, message);
	page_end(&res->body);
}
