/* json_text.c - a jansson document as indented, ASCII-only JSON text (see json_text.h). */
#include "lib/json_text.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>


static void
indent(struct buf *b, int depth)
{
	buf_putc(b, '\n');
	for (int i = 0; i < depth; i++)
		buf_putc(b, ' ');
}

/* One UTF-8 sequence at S (N bytes left): its length, and the code point in *CP; 0 when malformed. */
static size_t
utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
	size_t len = s[0] < 0x80             ? 1
		     : (s[0] & 0xE0) == 0xC0 ? 2
		     : (s[0] & 0xF0) == 0xE0 ? 3
		     : (s[0] & 0xF8) == 0xF0 ? 4
					     : 0;
	if (!len || len > n)
		return 0;
	uint32_t v = len == 1 ? s[0] : s[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

/* As jansson writes a string: \" \\ and the short escapes, \u00XX for other controls, \uXXXX (upper-case
 * hex; a surrogate pair beyond the BMP) for anything not ASCII. */
static bool
string(struct buf *b, const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	buf_putc(b, '"');
	size_t plain = 0; /* start of the run of bytes that need no escape */
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		buf_add(b, s + plain, i - plain);
		uint32_t cp;
		size_t len = utf8_next(s + i, n - i, &cp);
		if (!len)
			return false;
		const char *esc = cp == '"' ? "\\\"" : cp == '\\' ? "\\\\" : cp == '\b' ? "\\b" : cp == '\f' ? "\\f"
				: cp == '\n' ? "\\n" : cp == '\r' ? "\\r" : cp == '\t' ? "\\t" : NULL;
		if (esc)
			buf_puts(b, esc);
		else if (cp < 0x10000)
			buf_printf(b, "\\u%04X", (unsigned)cp);
		else
			buf_printf(b, "\\u%04X\\u%04X", (unsigned)(0xD800 | ((cp - 0x10000) >> 10)),
				   (unsigned)(0xDC00 | ((cp - 0x10000) & 0x3FF)));
		i += len;
		plain = i;
	}
	buf_add(b, s + plain, n - plain);
	buf_putc(b, '"');
	return true;
}

/* As jansson writes a real: %.17g, with ".0" when it would read back as an integer, and the exponent
 * without '+' or leading zeros. */
static void
real(struct buf *b, double v)
{
	char text[64];
	int n = snprintf(text, sizeof text, "%.17g", v);
	if (!strchr(text, '.') && !strchr(text, 'e')) {
		memcpy(text + n, ".0", 3);
		n += 2;
	}
	char *e = strchr(text, 'e');
	if (e) {
		char *start = e + 1, *end = e + 2;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		memmove(start, end, strlen(end) + 1);
	}
	buf_puts(b, text);
}

static bool
value(struct buf *b, const json_t *v, int depth)
{
	if (!v || depth > JSON_TEXT_MAX_DEPTH)
		return false;
	switch (json_typeof(v)) {
	case JSON_NULL: buf_puts(b, "null"); return true;
	case JSON_TRUE: buf_puts(b, "true"); return true;
	case JSON_FALSE: buf_puts(b, "false"); return true;
	case JSON_INTEGER: buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); return true;
	case JSON_REAL: real(b, json_real_value(v)); return true;
	case JSON_STRING: return string(b, json_string_value(v), json_string_length(v));
	case JSON_ARRAY: {
		size_t n = json_array_size(v);
		buf_putc(b, '[');
		for (size_t i = 0; i < n; i++) {
			indent(b, depth + 1);
			if (!value(b, json_array_get(v, i), depth + 1))
				return false;
			if (i + 1 < n)
				buf_putc(b, ',');
		}
		if (n)
			indent(b, depth);
		buf_putc(b, ']');
		return true;
	}
	case JSON_OBJECT: {
		buf_putc(b, '{');
		void *it = json_object_iter((json_t *)v);
		bool any = it != NULL;
		while (it) {
			indent(b, depth + 1);
			const char *key = json_object_iter_key(it);
			if (!string(b, key, strlen(key)))
				return false;
			buf_add(b, ": ", 2);
			if (!value(b, json_object_iter_value(it), depth + 1))
				return false;
			it = json_object_iter_next((json_t *)v, it);
			if (it)
				buf_putc(b, ',');
		}
		if (any)
			indent(b, depth);
		buf_putc(b, '}');
		return true;
	}
	}
	return false;
}

bool
json_text_append(struct buf *b, const json_t *doc)
{
	return value(b, doc, 0);
}

void
json_writer_start(struct json_writer *w, struct buf *b)
{
	*w = (struct json_writer){.b = b, .ok = true};
}

/* What comes before a member: the comma after the one before, its line, its key. */
static void
member(struct json_writer *w, const char *key)
{
	if (w->depth > 0) {
		if (w->has_members[w->depth])
			buf_putc(w->b, ',');
		w->has_members[w->depth] = true;
		indent(w->b, w->depth);
	}
	if (key) {
		w->ok = string(w->b, key, strlen(key)) && w->ok;
		buf_add(w->b, ": ", 2);
	}
}

static void
open_container(struct json_writer *w, const char *key, char open, char close)
{
	member(w, key);
	buf_putc(w->b, open);
	if (w->depth == JSON_WRITER_MAX_DEPTH) {
		w->ok = false;
		return;
	}
	w->depth++;
	w->has_members[w->depth] = false;
	w->closer[w->depth] = close;
}

void
json_writer_object(struct json_writer *w, const char *key)
{
	open_container(w, key, '{', '}');
}

void
json_writer_array(struct json_writer *w, const char *key)
{
	open_container(w, key, '[', ']');
}

void
json_writer_close(struct json_writer *w)
{
	if (w->depth == 0) {
		w->ok = false;
		return;
	}
	char close = w->closer[w->depth];
	if (w->has_members[w->depth--])
		indent(w->b, w->depth);
	buf_putc(w->b, close);
}

void
json_writer_string(struct json_writer *w, const char *key, const char *value)
{
	member(w, key);
	w->ok = string(w->b, value, strlen(value)) && w->ok;
}

void
json_writer_bool(struct json_writer *w, const char *key, bool value)
{
	member(w, key);
	buf_puts(w->b, value ? "true" : "false");
}

bool
json_writer_end(struct json_writer *w)
{
	return w->ok && w->depth == 0;
}
