/* fuzz_form_refused.c - a refused form filled in again (web/form_refused.c, page_form_refused) over any page
 * and any posted fields: never a crash or a leak, the page it gives bounded by what it was given, and a page
 * whose tags are well formed stays well formed (every tag closed, every attribute's quotes paired), with as
 * many forms as before. The input: a first byte of choices (bit 0: the refusal names the first posted field;
 * bits 1-2: the reader's language), the posted fields up to the first NUL (separated by \x01, NAME=VALUE),
 * then the page. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "web/http.h"
#include "web/page.h"

/* Whether every '<' opens a tag that closes, with attribute values quoted in pairs and no '<' inside a tag. */
static bool
well_formed(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (*p == '>')
			return false;
		if (*p != '<')
			continue;
		if (!(p[1] == '/' || p[1] == '!' || (p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z')))
			return false;
		for (p++; *p != '>'; p++) {
			if (!*p || *p == '<')
				return false;
			if ((*p == '"' || *p == '\'') && p[-1] != '=')
				return false;
			if (*p == '"' || *p == '\'') {
				const char *close = strchr(p + 1, *p);
				if (!close || memchr(p + 1, '<', (size_t)(close - p - 1)) ||
				    memchr(p + 1, '>', (size_t)(close - p - 1)))
					return false;
				p = close;
			}
		}
	}
	return true;
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

static void
post_fields(struct request *req, const char *f, size_t *longest)
{
	while (*f && req->n_form < FORM_MAX_FIELDS) {
		size_t len = strcspn(f, "\x01");
		char *field = arena_strndup(req->arena, f, len), *eq = strchr(field, '=');
		if (eq)
			*eq = '\0';
		req->form[req->n_form].name = field;
		req->form[req->n_form].value = eq ? eq + 1 : field + strlen(field);
		if (strlen(req->form[req->n_form].value) > *longest)
			*longest = strlen(req->form[req->n_form].value);
		req->n_form++;
		f += len + (f[len] != '\0');
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const langs[] = {"en", "cy", "es", "en"};
	if (!size)
		return 0;
	struct request req;
	memset(&req, 0, sizeof req);
	req.arena = arena_new();
	const char *raw = (const char *)data + 1, *nul = memchr(raw, '\0', size - 1);
	size_t fields_len = nul ? (size_t)(nul - raw) : size - 1;
	const char *text = arena_strndup(req.arena, raw, fields_len);
	const char *html = nul ? arena_strndup(req.arena, nul + 1, size - 1 - fields_len - 1) : "";
	size_t html_len = strlen(html);
	req.lang = lang_find(langs[(data[0] >> 1) & 3]);
	size_t longest = 0;
	post_fields(&req, text, &longest);
	const char *message = "a <refusal> & \"its\" words";
	req.refused.on = true;
	req.refused.message = message;
	if ((data[0] & 1) && req.n_form)
		req.refused.field = req.form[0].name;
	struct response res;
	memset(&res, 0, sizeof res);
	buf_init(&res.body, RESPONSE_MAX_BYTES);
	buf_add(&res.body, html, html_len);
	const char *given = html;
	page_form_refused(&req, &res, "/p");
	size_t tags = count(given, "<") + 2, bound = 32 * html_len + tags * (6 * longest + 6 * strlen(message) + 400);
	if (res.body.len > bound || res.body.len > RESPONSE_MAX_BYTES || strlen(res.body.data) != res.body.len)
		abort();
	if (well_formed(given) &&
	    (!well_formed(res.body.data) || count(given, "<form") != count(res.body.data, "<form")))
		abort();
	buf_release(&res.body);
	arena_free(req.arena);
	return 0;
}
