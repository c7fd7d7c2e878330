/* text.c - checking incoming text (see text.h). */
#include "lib/text.h"

#include <ctype.h>
#include <stdio.h>

#include "lib/i18n.h" /* N_: the reasons are read by people, in their language */

/* The length of the UTF-8 sequence starting at S (at most N bytes), or 0 when it is not a valid one. */
static size_t
utf8_sequence(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned min, cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, min = 0x80, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, min = 0x800, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, min = 0x10000, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

const char *
text_problem(const char *s, size_t n, enum text_lines lines)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		unsigned c = u[i];
		if (c == 0)
			return N_("holds a NUL byte");
		if (c == 0x7f || (c < 0x20 && c != '\t' && !(lines == TEXT_LINES && (c == '\n' || c == '\r'))))
			return lines == TEXT_LINES ? N_("holds a control character")
						   : N_("holds a line break or control character");
		size_t len = utf8_sequence(u + i, n - i);
		if (!len)
			return N_("is not valid UTF-8 text");
		i += len;
	}
	return NULL;
}

size_t
text_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	size_t k = max;
	/* Back over continuation bytes to the start of the character that would be split (at most three). */
	while (k > 0 && max - k < 4 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;
	return max - k < 4 ? k : max;
}

bool
text_blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}
