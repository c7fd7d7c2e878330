/* http.c - request input, content negotiation and replies (see http.h). */
#include "web/http.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/html.h"
#include "lib/json_text.h"
#include "lib/text.h"
#include "store/store.h"
#include "web/app.h"
#include "web/page.h"

bool
wants_json(const struct request *req)
{
	if (strncmp(req->path, "/api/", 5) == 0 || strcmp(req->path, "/api") == 0)
		return true;
	const char *accept = request_header(req, MHD_HTTP_HEADER_ACCEPT);
	if (!accept)
		return false;
	const char *json = strstr(accept, "application/json");
	const char *html = strstr(accept, "text/html");
	return json && (!html || json < html);
}

/* The client's address as text, into the arena: behind a trusted proxy, the last address of X-Forwarded-For
 * (the one the proxy itself added; earlier ones are the client's own claims). */
struct actor
request_actor(const struct request *req)
{
	return (struct actor){req->user.id, req->user.email, request_address(req)};
}

const char *
request_address(const struct request *creq)
{
	/* Found once and kept with the request: not a change to what the request is, hence const. */
	struct request *req = (struct request *)(uintptr_t)creq;
	if (req->address)
		return req->address;
	const char *forwarded = req->app->trust_proxy ? request_header(req, "X-Forwarded-For") : NULL;
	if (forwarded && *forwarded) {
		const char *last = strrchr(forwarded, ',');
		last = last ? last + 1 : forwarded;
		while (*last == ' ')
			last++;
		size_t n = strcspn(last, " ");
		if (n && n < INET6_ADDRSTRLEN)
			return req->address = arena_strndup(req->arena, last, n);
	}
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char text[INET6_ADDRSTRLEN] = "unknown";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, text,
				  sizeof text);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, text,
				  sizeof text);
	}
	return req->address = arena_strdup(req->arena, text);
}

bool
request_over_tls(const struct request *req)
{
	if (req->app->base_url)
		return strncmp(req->app->base_url, "https:", 6) == 0;
	const char *proto = req->app->trust_proxy ? request_header(req, "X-Forwarded-Proto") : NULL;
	return proto && strcmp(proto, "https") == 0;
}

const char *
request_absolute(const struct request *req, const char *path)
{
	if (req->app->base_url)
		return arena_printf(req->arena, "%s%s", req->app->base_url, path);
	/* The Host the browser used, if it is only a name or address and a port: it goes into links. */
	const char *host = request_header(req, "Host");
	if (!host || !*host || strlen(host) > 255 ||
	    host[strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")])
		host = "localhost";
	return arena_printf(req->arena, "%s://%s%s", request_over_tls(req) ? "https" : "http", host, path);
}

const char *
request_arg(const struct request *req, const char *name)
{
	/* A refused form's page rendered again reads the arguments of its own address, not the post's. */
	if (req->refused.query)
		return form_refused_arg(req, name);
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *
request_header(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

#define LANG_COOKIE "lang"

void
request_choose_language(struct request *req, struct response *res)
{
	const struct lang *asked = lang_find(request_arg(req, "lang"));
	const struct lang *account = req->signed_in ? lang_find(req->user.language) : NULL;
	const struct lang *kept = lang_find(request_cookie(req, LANG_COOKIE));
	req->lang_chosen = true;
	req->lang_from_browser = false;
	if (asked) {
		req->lang = asked;
		/* Not HttpOnly and not secret: it holds a language code only. */
		res->cookies[2] = arena_printf(req->arena, "%s=%s; Path=/; SameSite=Lax; Max-Age=31536000", LANG_COOKIE,
					       lang_code(asked));
	} else if (account) {
		req->lang = account;
	} else if (kept) {
		req->lang = kept;
	} else {
		req->lang_chosen = false;
		req->lang = lang_from_accept(request_header(req, "Accept-Language"));
		req->lang_from_browser = req->lang != NULL;
		if (!req->lang)
			req->lang = lang_english();
	}
}

const char *
request_cookie(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

const char *
request_input(const struct request *req, const char *name)
{
	for (size_t i = 0; i < req->n_form; i++)
		if (strcmp(req->form[i].name, name) == 0)
			return req->form[i].value;
	if (req->json) {
		json_t *v = json_object_get(req->json, name);
		if (json_is_string(v))
			return json_string_value(v);
		if (json_is_integer(v))
			return arena_printf(req->arena, "%lld", (long long)json_integer_value(v));
	}
	return NULL;
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes application/x-www-form-urlencoded text of length N into the arena; *LEN gets the decoded length
 * (a %00 makes a NUL inside it, which the caller refuses). */
static char *
url_decode(struct arena *a, const char *s, size_t n, size_t *len)
{
	char *out = arena_alloc(a, n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%' && i + 2 < n && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
			*o++ = (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	*len = (size_t)(o - out);
	return out;
}

/* Every string and key of a JSON body must be text (text.h); PATH names where, for the message. */
static int
json_text_check(json_t *v, char *path, size_t size, struct error *err)
{
	size_t used = strlen(path);
	const char *why;
	if (json_is_string(v)) {
		if ((why = text_problem(json_string_value(v), json_string_length(v), TEXT_LINES)))
			return error_set(err, "%s: %s", *path ? path : N_("the JSON body"), why);
	} else if (json_is_object(v)) {
		const char *key;
		json_t *member;
		json_object_foreach(v, key, member) {
			if ((why = text_problem(key, strlen(key), TEXT_ONE_LINE)))
				return error_set(err, "%s: a field's name %s", *path ? path : N_("the JSON body"), why);
			snprintf(path + used, size - used, "%s%s", used ? "." : "", key);
			if (json_text_check(member, path, size, err) < 0)
				return -1;
			path[used] = '\0';
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *member;
		json_array_foreach(v, i, member) {
			snprintf(path + used, size - used, "[%zu]", i);
			if (json_text_check(member, path, size, err) < 0)
				return -1;
			path[used] = '\0';
		}
	}
	return 0;
}

/* A multipart body (upload routes only: the dispatcher refuses it elsewhere): the parts kept, and each that is
 * not a file also a form field, so that the CSRF token and the other fields read as a form's. */
static int
parse_multipart(struct request *req, struct error *err)
{
	req->parts = arena_alloc(req->arena, MULTIPART_MAX_PARTS * sizeof *req->parts);
	if (multipart_parse(req->content_type, req->body, req->body_len, req->parts, &req->n_parts, err) < 0)
		return -1;
	for (size_t i = 0; i < req->n_parts; i++) {
		const struct multipart_part *part = &req->parts[i];
		if (part->filename[0])
			continue;
		if (req->n_form == FORM_MAX_FIELDS)
			return error_set(err, "the form has more than %d fields", FORM_MAX_FIELDS);
		req->form[req->n_form++] = (struct form_field){arena_strdup(req->arena, part->name),
							       arena_strndup(req->arena, part->data, part->len)};
	}
	return 0;
}

int
request_parse_body(struct request *req, struct error *err)
{
	if (!req->body || !req->content_type)
		return 0;
	if (strncmp(req->content_type, "application/x-www-form-urlencoded", 33) == 0) {
		const char *p = req->body, *end = req->body + req->body_len;
		while (p < end) {
			const char *amp = memchr(p, '&', (size_t)(end - p));
			const char *stop = amp ? amp : end;
			const char *eq = memchr(p, '=', (size_t)(stop - p));
			if (stop > p) {
				if (req->n_form == FORM_MAX_FIELDS)
					return error_set(err, "the form has more than %d fields", FORM_MAX_FIELDS);
				struct form_field *f = &req->form[req->n_form++];
				size_t name_len, value_len = 0;
				const char *why;
				f->name = url_decode(req->arena, p, (size_t)((eq ? eq : stop) - p), &name_len);
				f->value = eq ? url_decode(req->arena, eq + 1, (size_t)(stop - eq - 1), &value_len)
					      : arena_strdup(req->arena, "");
				if ((why = text_problem(f->name, name_len, TEXT_ONE_LINE)))
					return error_set(err, "form field %zu: its name %s", req->n_form, why);
				if ((why = text_problem(f->value, value_len, TEXT_LINES)))
					return error_set(err, "form field \"%s\": %s", f->name, why);
			}
			p = stop + 1;
		}
		return 0;
	}
	if (strncmp(req->content_type, "multipart/form-data", 19) == 0)
		return parse_multipart(req, err);
	if (strncmp(req->content_type, "application/json", 16) == 0) {
		json_error_t jerr;
		req->json = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
		if (!req->json)
			return error_set(err, "the JSON body is not valid at line %d, column %d: %s", jerr.line,
					 jerr.column, jerr.text);
		if (!json_is_object(req->json))
			return error_set(err, "the JSON body must be an object");
		char path[256] = "";
		return json_text_check(req->json, path, sizeof path, err);
	}
	if (strncmp(req->content_type, "text/", 5) == 0) {
		/* A CSV or plain-text body (imports): the whole of it must be text. */
		const char *why = text_problem(req->body, req->body_len, TEXT_LINES);
		if (why)
			return error_set(err, "the %s body %s",
					 strncmp(req->content_type, "text/csv", 8) == 0 ? "CSV" : "text", why);
	}
	return 0;
}

struct args_check {
	struct error *err;
	int failed;
};

static enum MHD_Result
check_arg(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size, const char *value, size_t value_size)
{
	(void)kind;
	struct args_check *c = cls;
	const char *why = text_problem(key, key_size, TEXT_ONE_LINE);
	if (why) {
		c->failed = error_set(c->err, "a query argument's name %s", why);
		return MHD_NO;
	}
	if (value && (why = text_problem(value, value_size, TEXT_ONE_LINE))) {
		c->failed = error_set(c->err, "query argument \"%s\": %s", key, why);
		return MHD_NO;
	}
	return MHD_YES;
}

int
request_check_args(struct request *req, struct error *err)
{
	struct args_check c = {err, 0};
	if (req->conn)
		MHD_get_connection_values_n(req->conn, MHD_GET_ARGUMENT_KIND, check_arg, &c);
	return c.failed;
}

void
respond_after_write(struct request *req, struct response *res,
		    int (*run)(struct store *s, void *ctx, struct error *err),
		    void (*finish)(struct request *req, struct response *res, void *ctx, int result,
				   const struct error *err),
		    void *ctx)
{
	struct deferred_write *d = arena_alloc(req->arena, sizeof *d);
	*d = (struct deferred_write){.run = run, .finish = finish, .ctx = ctx};
	res->deferred = d;
}

void
respond_after_split_write(struct request *req, struct response *res, const struct deferred_write *halves, void *ctx)
{
	struct deferred_write *d = arena_alloc(req->arena, sizeof *d);
	*d = *halves;
	d->ctx = ctx;
	res->deferred = d;
}

struct store *
request_store(struct request *req)
{
	if (!req->store) {
		struct error err;
		req->store = store_pool_take(req->app->pool, &err);
		if (!req->store)
			fprintf(stderr, "caregrid: database unavailable: %s\n", err.msg);
	}
	return req->store;
}

void
request_guard_role(struct request *req, const struct unit *unit, enum role role, const char *refused)
{
	if (!req->store)
		return;
	store_guard_also(req->store, unit ? unit->id : 0, (int)role);
	req->also_refused = refused;
}

const struct unit_tree *
request_tree(struct request *req)
{
	if (req->tree)
		return req->tree;
	struct store *s = request_store(req);
	struct error err;
	if (!s)
		return NULL;
	if (!req->app->trees)
		fprintf(stderr, "caregrid: no unit tree cache\n");
	else if (!(req->tree = tree_cache_get(req->app->trees, s, &err)))
		request_log_error(req, &err); /* the callers answer 503 in their own words */
	return req->tree;
}

void
respond_json_text(struct response *res, int status, const char *text)
{
	res->status = status;
	res->content_type = "application/json";
	buf_reset(&res->body);
	buf_puts(&res->body, text);
	buf_putc(&res->body, '\n');
}

void
respond_json(struct response *res, int status, json_t *doc)
{
	buf_reset(&res->body);
	/* A document that could not be made (a json_pack of text that is not UTF-8) is a fault, never an empty
	 * or partial 200. */
	bool written = json_text_append(&res->body, doc);
	json_decref(doc);
	respond_json_written(res, status, written);
}

void
respond_json_written(struct response *res, int status, bool written)
{
	res->status = status;
	res->content_type = "application/json";
	if (!written) {
		fprintf(stderr, "caregrid: a JSON reply could not be encoded\n");
		res->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		buf_reset(&res->body);
		buf_puts(&res->body,
			 "{\"error\": {\"status\": 500, \"message\": \"Something went wrong on our side; nothing was "
			 "changed. Try again shortly.\"}}\n");
		return;
	}
	buf_putc(&res->body, '\n');
}

static const char *
status_title(int status)
{
	switch (status) {
	case 400: return N_("That did not work");
	case 401: return N_("Please sign in");
	case 403: return N_("Not allowed");
	case 404: return N_("Not found");
	case 405: return N_("Method not allowed");
	case 409: return N_("That clashes");
	case 413: return N_("Too large");
	case 422: return N_("That did not work");
	case 429: return N_("Too many attempts");
	case 503: return N_("Unavailable");
	default: return N_("Error");
	}
}

void
respond_error(struct request *req, struct response *res, int status, const char *message)
{
	if (wants_json(req)) {
		/* The field a refusal concerns (respond_failed, from the domain's error_in), for API clients. */
		respond_json(res, status,
			     json_pack("{s:{s:i, s:s, s:s*}}", "error", "status", status, "message", message, "field",
				       req->refused.field));
		return;
	}
	res->status = status;
	res->content_type = "text/html; charset=utf-8";
	buf_reset(&res->body);
	const char *title = _(status_title(status));
	page_begin(&res->body, req, title, NULL);
	html_printf(&res->body, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", title, message);
	if (status == 401)
		buf_puts(&res->body, _("<p><a href=\"/signin\">Sign in</a></p>\n"));
	else
		buf_puts(&res->body, _("<p><a href=\"/\">Go to the home page</a></p>\n"));
	page_end(&res->body, req);
}

void
respond_redirect(struct response *res, const char *location)
{
	res->status = MHD_HTTP_SEE_OTHER;
	res->location = location;
	res->content_type = "text/plain; charset=utf-8";
	buf_reset(&res->body);
	buf_printf(&res->body, "See %s\n", location);
}

const char *
with_query(struct request *req, const char *location, const char *key, const char *value)
{
	/* The query goes before a #fragment (after it, it would be part of the fragment and never reach the
	 * server), joined to a query already there. */
	const char *hash = strchr(location, '#');
	int path_len = hash ? (int)(hash - location) : (int)strlen(location);
	bool has_query = memchr(location, '?', (size_t)path_len) != NULL;
	struct buf b = BUF_INIT;
	buf_init(&b, 8192);
	buf_printf(&b, "%.*s%c%s=", path_len, location, has_query ? '&' : '?', key);
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (isalnum(*p) || strchr("-_.~", *p))
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	if (hash)
		buf_puts(&b, hash);
	const char *out = arena_strdup(req->arena, b.data);
	buf_release(&b);
	return out;
}

void
respond_done(struct request *req, struct response *res, int status, const char *location, const char *message,
	     json_t *doc)
{
	if (wants_json(req)) {
		respond_json(res, status, doc ? doc : json_pack("{s:b, s:s}", "ok", 1, "message", message));
		return;
	}
	json_decref(doc);
	respond_redirect(res, with_query(req, location, "msg", message));
}

void
form_refused_at(struct request *req, const char *field)
{
	req->refused.field = field;
}

void
respond_fail(struct request *req, struct response *res, int status, const char *location, const char *message)
{
	if (wants_json(req) || !location) {
		respond_error(req, res, status, message);
		return;
	}
	/* The page the form lives on, by its own GET handler, with the form filled in (form_refused.c). */
	const char *posted_path = req->path, *method = req->method;
	req->refused.on = true;
	req->refused.message = message;
	bool shown = server_render_page(req, res, location);
	req->method = method; /* what the request did is still a write (server.c's change clock) */
	if (shown && res->status == MHD_HTTP_OK && !res->location && res->content_type &&
	    strncmp(res->content_type, "text/html", 9) == 0) {
		page_form_refused(req, res, posted_path);
		res->status = status;
		return;
	}
	res->location = NULL;
	respond_error(req, res, status, message);
}

const char *
form_selected(const struct request *req, const char *name, const char *value)
{
	return strcmp(form_value(req, name, NULL), value) == 0 ? " selected" : "";
}

const char *
form_value(const struct request *req, const char *name, const char *stored)
{
	const char *typed = req->refused.on ? request_input(req, name) : NULL;
	return typed ? typed : stored ? stored : "";
}

const char *
request_log_path(const struct request *req)
{
	return req->route ? req->route : "(no route)";
}

/* M in the request's language; FALLBACK (the English as made) when M could not be kept. */
static const char *
words_of(struct request *req, const struct message *m, const char *fallback)
{
	char said[2048];
	const char *text = m ? message_in(m, req->lang, said, sizeof said) : NULL;
	return arena_strdup(req->arena, text ? text : fallback);
}

const char *
request_error_words(struct request *req, const struct error *err)
{
	return words_of(req, &err->said, err->msg);
}

const char *
request_problem_words(struct request *req, const struct strvec *sv, size_t i)
{
	return words_of(req, strvec_said(sv, i), sv->v[i]);
}

void
respond_failed(struct request *req, struct response *res, const char *location, const struct error *err)
{
	/* The domain makes its messages without knowing the reader's language: each keeps its format and
	 * arguments, translated here. */
	const char *msg = request_error_words(req, err);
	if (err->field && !req->refused.field)
		req->refused.field = err->field;
	switch (err->kind) {
	case ERROR_INVALID: respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, location, msg); break;
	case ERROR_CONFLICT: respond_fail(req, res, MHD_HTTP_CONFLICT, location, msg); break;
	case ERROR_NOT_FOUND: respond_fail(req, res, MHD_HTTP_NOT_FOUND, location, msg); break;
	case ERROR_UNAVAILABLE:
	case ERROR_INTERNAL: respond_storage_error(req, res, err); break;
	/* The write guard's (store.h): the dispatcher replaces these with its own refusal once the handler is done. */
	case ERROR_SIGNED_OUT: respond_error(req, res, MHD_HTTP_UNAUTHORIZED, _("Sign in first.")); break;
	case ERROR_FORBIDDEN: respond_error(req, res, MHD_HTTP_FORBIDDEN, _("Not allowed")); break;
	}
}

void
request_log_error(struct request *req, const struct error *err)
{
	fprintf(stderr, "caregrid: %s %s: storage error: %s\n", req->method, request_log_path(req), err->msg);
}

void
respond_storage_error(struct request *req, struct response *res, const struct error *err)
{
	request_log_error(req, err);
	if (err->kind == ERROR_UNAVAILABLE) {
		res->retry_after = 5;
		respond_error(
			req, res, 503,
			_("The database is unavailable just now; nothing of this request was saved. Try again "
			  "shortly."));
		return;
	}
	respond_error(req, res, 500, _("Something went wrong on our side; nothing was changed. Try again shortly."));
}

const char *
html_text(struct request *req, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	va_list ap;
	va_start(ap, fmt);
	html_vprintf(&b, fmt, ap);
	va_end(ap);
	const char *out = arena_strdup(req->arena, b.len ? b.data : "");
	buf_release(&b);
	return out;
}

void
request_list(const struct request *req, const char *name, struct strvec *out)
{
	json_t *list = json_object_get(req->json, name);
	if (json_is_array(list)) {
		size_t i;
		json_t *v;
		json_array_foreach(list, i, v)
			strvec_push(out, json_is_string(v) ? json_string_value(v) : "(not text)");
		return;
	}
	const char *text = request_input(req, name);
	for (const char *p = text ? text : ""; *p;) {
		size_t n = strcspn(p, ",;\r\n");
		const char *start = p;
		size_t len = n;
		while (len && (*start == ' ' || *start == '\t'))
			start++, len--;
		while (len && (start[len - 1] == ' ' || start[len - 1] == '\t'))
			len--;
		if (len)
			strvec_pushf(out, "%.*s", (int)len, start);
		p += n;
		p += strspn(p, ",;\r\n");
	}
}

