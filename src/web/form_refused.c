/*
 * form_refused.c - a refused form comes back filled in, with the error at its field: the one mechanism every
 * form shares. respond_fail (http.c) has the page the form lives on rendered again by its own GET handler
 * (server.c, server_render_page) and hands the HTML here, which fills the form in from the posted values,
 * marks the field the refusal concerns (aria-invalid, aria-describedby to the message beside it), puts the
 * GOV.UK error summary at the top of <main> and "Error: " before the title. Done on the page's HTML rather than
 * by each form's renderer so that no form can be left out: the form is the one that posts to the path that
 * was posted to (or holds the most of the posted fields); nothing typed goes into an address.
 */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/html.h"
#include "web/http.h"
#include "web/page.h"

struct attr {
	const char *name, *value; /* value NULL: a bare attribute (checked) */
	size_t nlen, vlen;
};

#define ATTR_MAX 24

/* The attributes of the tag at T (up to its '>'); returns their number, *END past the tag. */
static size_t
tag_attrs(const char *t, struct attr *a, const char **end)
{
	size_t n = 0;
	const char *p = t + 1 + strcspn(t + 1, " \t\n>");
	while (*p && *p != '>') {
		p += strspn(p, " \t\n/");
		if (!*p || *p == '>')
			break;
		struct attr at = {.name = p, .nlen = strcspn(p, " \t\n=>")};
		p += at.nlen;
		if (*p == '=') {
			char q = p[1];
			if (q == '"' || q == '\'') {
				at.value = p + 2;
				const char *close = strchr(at.value, q);
				at.vlen = close ? (size_t)(close - at.value) : strlen(at.value);
				p = at.value + at.vlen + (close ? 1 : 0);
			} else {
				at.value = p + 1;
				at.vlen = strcspn(at.value, " \t\n>");
				p = at.value + at.vlen;
			}
		}
		if (n < ATTR_MAX)
			a[n++] = at;
	}
	*end = *p ? p + 1 : p;
	return n;
}

/* Attribute NAME's value unescaped, in the arena; NULL when absent (or bare). */
static const char *
attr_of(struct arena *ar, const struct attr *a, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].nlen == strlen(name) && strncmp(a[i].name, name, a[i].nlen) == 0 && a[i].value) {
			static const char *const ent[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
							    {"&quot;", "\""}, {"&#39;", "'"}};
			char *out = arena_strndup(ar, a[i].value, a[i].vlen), *w = out;
			for (const char *r = out; *r;) {
				size_t k = 0;
				while (k < 5 && strncmp(r, ent[k][0], strlen(ent[k][0])) != 0)
					k++;
				if (k < 5) {
					*w++ = ent[k][1][0];
					r += strlen(ent[k][0]);
				} else {
					*w++ = *r++;
				}
			}
			*w = '\0';
			return out;
		}
	return NULL;
}

/* The first value posted for NAME, or NULL. */
static const char *
posted(const struct request *req, const char *name)
{
	for (size_t i = 0; i < req->n_form; i++)
		if (strcmp(req->form[i].name, name) == 0)
			return req->form[i].value;
	return NULL;
}

static bool
posted_pair(const struct request *req, const char *name, const char *value)
{
	for (size_t i = 0; i < req->n_form; i++)
		if (strcmp(req->form[i].name, name) == 0 && strcmp(req->form[i].value, value) == 0)
			return true;
	return false;
}

static bool
starts(const char *p, const char *tag)
{
	size_t n = strlen(tag);
	return strncmp(p, tag, n) == 0 && strchr(" \t\n>", p[n]);
}

/* Whether a control of TYPE is one a person fills in or chooses (not hidden, a button or a file). */
static bool
visible_type(const char *type)
{
	return !type || !(strcmp(type, "hidden") == 0 || strcmp(type, "submit") == 0 || strcmp(type, "button") == 0 ||
			  strcmp(type, "file") == 0 || strcmp(type, "reset") == 0);
}

/* The form refused: the one whose action is the path posted to, else the one holding most posted fields. */
struct found {
	const char *start, *end;  /* the form, in the page */
	const char *control;      /* the field's tag, NULL when none */
	const char *before;       /* where its message goes: before its enclosing <label>, else before it */
	const char *id;           /* the field's id (made when it has none) */
	bool id_made;
};

static int
form_score(struct request *req, const char *posted_path, const char *start, const char *end)
{
	struct attr a[ATTR_MAX];
	const char *after;
	size_t n = tag_attrs(start, a, &after);
	const char *action = attr_of(req->arena, a, n, "action");
	int score = action && strcmp(action, posted_path) == 0 ? 1000 : 0;
	for (const char *p = strchr(after, '<'); p && p < end; p = strchr(p + 1, '<'))
		if (starts(p, "<input") || starts(p, "<textarea") || starts(p, "<select")) {
			size_t k = tag_attrs(p, a, &after);
			const char *name = attr_of(req->arena, a, k, "name");
			if (name && strcmp(name, "csrf") != 0 && posted(req, name))
				score++;
		}
	return score;
}

static void
find_field(struct request *req, const char *field, struct found *f)
{
	const char *label = NULL, *after;
	struct attr a[ATTR_MAX];
	for (const char *p = strchr(f->start + 1, '<'); p && p < f->end; p = strchr(p + 1, '<')) {
		if (starts(p, "<label"))
			label = p;
		else if (strncmp(p, "</label>", 8) == 0)
			label = NULL;
		if (!(starts(p, "<input") || starts(p, "<textarea") || starts(p, "<select")))
			continue;
		size_t n = tag_attrs(p, a, &after);
		const char *name = attr_of(req->arena, a, n, "name");
		if (!name || !visible_type(attr_of(req->arena, a, n, "type")) ||
		    (field ? strcmp(name, field) != 0 : !posted(req, name)))
			continue;
		f->control = p;
		f->before = label ? label : p;
		f->id = attr_of(req->arena, a, n, "id");
		f->id_made = !f->id;
		if (!f->id)
			f->id = arena_printf(req->arena, "field-%s", name);
		return;
	}
}

static void
find_form(struct request *req, const char *html, const char *posted_path, struct found *f)
{
	int best = 0;
	for (const char *p = strstr(html, "<form"); p; p = strstr(p + 1, "<form")) {
		const char *end = strstr(p, "</form>");
		if (!end)
			break;
		int score = form_score(req, posted_path, p, end);
		if (score > best) {
			best = score;
			f->start = p;
			f->end = end;
		}
	}
	if (!f->start)
		return;
	if (req->refused.field)
		find_field(req, req->refused.field, f);
	if (!f->control)
		find_field(req, NULL, f); /* the first field filled in: the refusal is about the form */
}

/* The tag at T with the posted value put back (and, for the refused field, its error marks), into OUT. */
static const char *
rewrite_control(struct request *req, struct buf *out, const char *t, const char **select, const struct found *f)
{
	struct attr a[ATTR_MAX];
	const char *end;
	size_t n = tag_attrs(t, a, &end);
	const char *name = attr_of(req->arena, a, n, "name"), *type = attr_of(req->arena, a, n, "type");
	bool input = starts(t, "<input"), option = starts(t, "<option"), mark = t == f->control;
	if (starts(t, "<select"))
		*select = name && posted(req, name) ? name : NULL;
	bool text = input && name && visible_type(type) && posted(req, name) && (!type ||
		    (strcmp(type, "checkbox") != 0 && strcmp(type, "radio") != 0 && strcmp(type, "password") != 0));
	bool check = input && name && type && (strcmp(type, "checkbox") == 0 || strcmp(type, "radio") == 0);
	bool choose = option && *select;
	/* A tag the page never closed is left as it is: there is no '>' to write the marks before. */
	bool closed = end[-1] == '>' && !(n && a[n - 1].value && a[n - 1].value + a[n - 1].vlen == end);
	if ((!text && !check && !choose && !mark) || !closed) {
		buf_add(out, t, (size_t)(end - t));
		return end;
	}
	const char *value = attr_of(req->arena, a, n, "value");
	if (option && !value) /* an option without a value attribute sends its text */
		value = arena_strndup(req->arena, end + strspn(end, " \n"), strcspn(end + strspn(end, " \n"), "<\n"));
	const char *described = attr_of(req->arena, a, n, "aria-describedby");
	buf_add(out, t, (size_t)(n ? a[0].name - t : (end - 1 - t))); /* <option> alone has no attributes */
	for (size_t i = 0; i < n; i++) {
		size_t l = a[i].nlen;
		bool drop = (text && l == 5 && strncmp(a[i].name, "value", 5) == 0) ||
			    (check && l == 7 && strncmp(a[i].name, "checked", 7) == 0) ||
			    (choose && l == 8 && strncmp(a[i].name, "selected", 8) == 0) ||
			    (mark && l == 16 && strncmp(a[i].name, "aria-describedby", 16) == 0);
		if (!drop)
			buf_add(out, a[i].name, (size_t)((i + 1 < n ? a[i + 1].name : end - 1) - a[i].name));
	}
	if (out->len && out->data[out->len - 1] != ' ')
		buf_putc(out, ' ');
	if (text)
		html_printf(out, "value=\"%s\" ", posted(req, name));
	if (check && posted_pair(req, name, value ? value : "on"))
		buf_puts(out, "checked ");
	if (choose && value && posted_pair(req, *select, value))
		buf_puts(out, "selected ");
	if (mark) {
		if (f->id_made)
			html_printf(out, "id=\"%s\" ", f->id);
		html_printf(out, "aria-invalid=\"true\" aria-describedby=\"%s-error%s%s\" ", f->id,
			    described ? " " : "", described ? described : "");
	}
	out->data[out->len - 1] = '>';
	return end;
}

/* The form from F->start to its end, filled in, into OUT; returns where the page goes on. */
static const char *
rewrite_form(struct request *req, struct buf *out, const struct found *f)
{
	const char *p = f->start, *select = NULL;
	while (p < f->end) {
		const char *lt = strchr(p, '<');
		if (!lt || lt >= f->end) {
			buf_add(out, p, (size_t)(f->end - p));
			return f->end;
		}
		buf_add(out, p, (size_t)(lt - p));
		if (lt == f->before)
			html_printf(out,
				    "<span class=\"field-error\" id=\"%s-error\"><span class=\"visually-hidden\">%s"
				    "</span> %s</span>\n",
				    f->id, tr(req->lang, "Error:"), req->refused.message);
		if (starts(lt, "<textarea")) {
			struct attr a[ATTR_MAX];
			const char *end, *close = strstr(lt, "</textarea>");
			size_t n = tag_attrs(lt, a, &end);
			const char *name = attr_of(req->arena, a, n, "name"), *typed = name ? posted(req, name) : NULL;
			p = rewrite_control(req, out, lt, &select, f);
			if (typed && close) {
				buf_putc(out, '\n'); /* a browser drops the first line break: the person's stay */
				html_escape(out, typed);
				p = close;
			}
		} else if (strncmp(lt, "</select>", 9) == 0) {
			select = NULL;
			buf_putc(out, '<');
			p = lt + 1;
		} else if (starts(lt, "<input") || starts(lt, "<select") || starts(lt, "<option")) {
			p = rewrite_control(req, out, lt, &select, f);
		} else {
			buf_putc(out, '<');
			p = lt + 1;
		}
	}
	return f->end;
}

/* The summary at the top of <main>: what is wrong, a link to the field (static/copy.js moves focus to it). */
static void
summary(struct request *req, struct buf *out, const struct found *f)
{
	html_printf(out,
		    "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus "
		    "aria-labelledby=\"error-summary-title\">\n<h2 id=\"error-summary-title\">%s</h2>\n<ul><li>",
		    tr(req->lang, "There is a problem"));
	if (f->control)
		html_printf(out, "<a href=\"#%s\">%s</a>", f->id, req->refused.message);
	else
		html_printf(out, "%s", req->refused.message);
	buf_puts(out, "</li></ul>\n</div>\n");
}

static int
hex_digit(char c)
{
	return isdigit((unsigned char)c) ? c - '0' : tolower((unsigned char)c) - 'a' + 10;
}

const char *
form_refused_arg(const struct request *req, const char *name)
{
	struct arena *a = req->arena;
	const char *q = req->refused.query;
	size_t n = strlen(name);
	for (const char *p = q; *p; p += strcspn(p, "&"), p += *p == '&') {
		if (strncmp(p, name, n) != 0 || (p[n] != '=' && p[n] != '&' && p[n]))
			continue;
		const char *v = p[n] == '=' ? p + n + 1 : p + n;
		char *out = arena_strndup(a, v, strcspn(v, "&")), *w = out;
		for (const char *r = out; *r; r++) {
			if (*r == '%' && isxdigit((unsigned char)r[1]) && isxdigit((unsigned char)r[2])) {
				*w++ = (char)(hex_digit(r[1]) * 16 + hex_digit(r[2]));
				r += 2;
			} else {
				*w++ = *r == '+' ? ' ' : *r;
			}
		}
		*w = '\0';
		return out;
	}
	return NULL;
}

void
page_form_refused(struct request *req, struct response *res, const char *posted_path)
{
	const char *html = arena_strndup(req->arena, res->body.data, res->body.len);
	struct found f = {0};
	find_form(req, html, posted_path, &f);
	struct buf out = BUF_INIT;
	buf_init(&out, RESPONSE_MAX_BYTES);
	const char *p = html, *title = strstr(html, "<title>"), *main;
	const char *title_end = title ? strstr(title, "</title>") : NULL;
	if (title_end) { /* the title as written (escaped already), after "Error: " in the reader's language */
		buf_add(&out, p, (size_t)(title + 7 - p));
		html_printf(&out, tr(req->lang, "Error: %R"), arena_strndup(req->arena, title + 7,
									   (size_t)(title_end - title - 7)));
		p = title_end;
	}
	main = strstr(p, "<main"); /* after the title: a page's parts are written in order, and so is the answer */
	if (main && strchr(main, '>')) {
		const char *open = strchr(main, '>') + 1;
		buf_add(&out, p, (size_t)(open - p));
		summary(req, &out, &f);
		p = open;
	}
	const char *details = NULL; /* a form folded away in a <details> is unfolded */
	const char *d = f.start ? strstr(html, "<details") : NULL;
	for (; d && d < f.start; d = strstr(d + 1, "<details")) {
		const char *closed = strstr(d, "</details>");
		details = closed && closed < f.start ? details : d;
	}
	if (details && details >= p && strncmp(details, "<details open", 13) != 0) {
		const char *end = strchr(details, '>');
		if (end && !strstr(arena_strndup(req->arena, details, (size_t)(end - details)), " open")) {
			buf_add(&out, p, (size_t)(details + 8 - p));
			buf_puts(&out, " open");
			p = details + 8;
		}
	}
	if (f.start && f.start >= p) {
		buf_add(&out, p, (size_t)(f.start - p));
		p = rewrite_form(req, &out, &f);
	}
	buf_puts(&out, p);
	buf_release(&res->body);
	res->body = out;
}
