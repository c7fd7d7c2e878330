/* address_list.c - splitting a pasted list of addresses and taking each entry apart (see address_list.h). */
#include "lib/address_list.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/buf.h"
#include "lib/xalloc.h"

static bool
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* S..E without the blanks at either end. */
static void
trim(const char **s, const char **e)
{
	while (*s < *e && blank(**s))
		(*s)++;
	while (*e > *s && blank((*e)[-1]))
		(*e)--;
}

/* The name S..E without its quotes ("Last, First" or 'First Last', a backslash escaping inside), or NULL when
 * nothing is left. */
static char *
name_of(const char *s, const char *e)
{
	trim(&s, &e);
	if (e - s >= 2 && ((*s == '"' && e[-1] == '"') || (*s == '\'' && e[-1] == '\''))) {
		s++, e--;
		trim(&s, &e);
	}
	if (s == e)
		return NULL;
	char *out = xmalloc((size_t)(e - s) + 1), *o = out;
	for (; s < e; s++) {
		if (*s == '\\' && s + 1 < e)
			s++;
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

/* The address S..E trimmed, without a "mailto:" a link copied whole brings. */
static char *
address_of(const char *s, const char *e)
{
	trim(&s, &e);
	if (e - s > 7 && strncasecmp(s, "mailto:", 7) == 0)
		s += 7;
	return xstrndup(s, (size_t)(e - s));
}

/* Spreadsheet columns: the last one holding an '@' is the address, the others (joined by a space) the name. */
static void
columns(struct address_entry *a, const char *s, const char *e)
{
	const char *at_col = NULL, *at_end = NULL;
	for (const char *c = s; c < e;) {
		const char *t = memchr(c, '\t', (size_t)(e - c));
		const char *ce = t ? t : e;
		if (memchr(c, '@', (size_t)(ce - c)))
			at_col = c, at_end = ce;
		c = t ? t + 1 : e;
	}
	if (!at_col) {
		a->address = address_of(s, e);
		return;
	}
	struct buf name = BUF_INIT;
	buf_init(&name, 0);
	for (const char *c = s; c < e;) {
		const char *t = memchr(c, '\t', (size_t)(e - c));
		const char *ce = t ? t : e, *cs = c;
		trim(&cs, &ce);
		if (c != at_col && cs < ce)
			buf_printf(&name, "%s%.*s", name.len ? " " : "", (int)(ce - cs), cs);
		c = t ? t + 1 : e;
	}
	a->name = name.len ? name_of(name.data, name.data + name.len) : NULL;
	buf_release(&name);
	a->address = address_of(at_col, at_end);
}

/* Where the '<' of "Name <address>" is, outside quotes; NULL when there is none. */
static const char *
angle_of(const char *s, const char *e)
{
	bool quoted = false;
	for (; s < e; s++) {
		if (quoted && *s == '\\' && s + 1 < e)
			s++;
		else if (*s == '"')
			quoted = !quoted;
		else if (*s == '<' && !quoted)
			return s;
	}
	return NULL;
}

/* "Name address@example.org": the last word when it alone holds the '@'. */
static const char *
last_word_address(const char *s, const char *e)
{
	const char *w = e;
	while (w > s && !blank(w[-1]))
		w--;
	if (w == s || !memchr(w, '@', (size_t)(e - w)) || memchr(s, '@', (size_t)(w - s)))
		return NULL;
	return w;
}

void
address_list_add(const char *text, size_t n, struct address_list *out)
{
	const char *s = text, *e = text + n;
	trim(&s, &e);
	out->v = xgrow(out->v, sizeof *out->v, out->n + 1, &out->cap);
	struct address_entry *a = &out->v[out->n++];
	memset(a, 0, sizeof *a);
	a->raw = xstrndup(s, (size_t)(e - s));
	const char *lt = angle_of(s, e), *w;
	if (lt) {
		const char *gt = memchr(lt, '>', (size_t)(e - lt));
		a->name = name_of(s, lt);
		a->address = address_of(lt + 1, gt ? gt : e);
		const char *rest = gt ? gt + 1 : e;
		trim(&rest, &e);
		a->trailing = rest < e;
	} else if (memchr(s, '\t', (size_t)(e - s))) {
		columns(a, s, e);
	} else if ((w = last_word_address(s, e))) {
		a->name = name_of(s, w);
		a->address = address_of(w, e);
	} else {
		a->address = address_of(s, e);
	}
}

/* Whether the comma at C (in the entry that started at START) is inside an unquoted display name, as Outlook
 * writes "Last, First <address>": nothing before it holds an address yet, and a '<' comes before any '@'
 * in what follows, up to the next semicolon or line break. */
static bool
comma_in_name(const char *start, const char *c, const char *e)
{
	if (memchr(start, '@', (size_t)(c - start)) || memchr(start, '<', (size_t)(c - start)))
		return false;
	for (const char *p = c + 1; p < e && *p != ';' && *p != '\n' && *p != '\r'; p++) {
		if (*p == '<')
			return true;
		if (*p == '@')
			return false;
	}
	return false;
}

void
address_list_split(const char *text, size_t n, size_t max, struct address_list *out)
{
	const char *e = text + n, *start = text;
	bool quoted = false, angled = false;
	size_t added = 0;
	for (const char *p = text; p <= e; p++) {
		bool end = p == e || *p == '\n' || *p == '\r';
		/* A backslash escapes inside quotes, but never a line break: every line is an entry of its own. */
		if (!end && quoted && *p == '\\' && p + 1 < e && p[1] != '\n' && p[1] != '\r') {
			p++;
			continue;
		}
		if (!end && *p == '"' && !angled)
			quoted = !quoted;
		else if (!end && *p == '<' && !quoted)
			angled = true;
		else if (!end && *p == '>')
			angled = false;
		else if (!end && !quoted && !angled && (*p == ';' || *p == ','))
			end = *p == ';' || !comma_in_name(start, p, e);
		if (!end)
			continue;
		const char *s = start, *t = p;
		trim(&s, &t);
		if (s < t) {
			if (added == max) {
				out->more = true;
				return;
			}
			address_list_add(s, (size_t)(t - s), out);
			added++;
		}
		start = p + 1;
		quoted = angled = false;
	}
}

void
address_list_release(struct address_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].raw);
		free(l->v[i].name);
		free(l->v[i].address);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}
