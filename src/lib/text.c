/* text.c - checking incoming text (see text.h). */
#include "lib/text.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		/* U+0080..U+009F (C2 80..C2 9F; U+0085 among them) and U+2028, U+2029 (E2 80 A8, E2 80 A9). */
		bool c1 = c == 0xc2 && u[i + 1] < 0xa0;
		bool separator = c == 0xe2 && u[i + 1] == 0x80 && (u[i + 2] == 0xa8 || u[i + 2] == 0xa9);
		if (lines == TEXT_ONE_LINE && (c1 || separator))
			return N_("holds a line break or control character");
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

bool
text_to_number(const char *s, long long min, long long max, long long *out)
{
	if (!s || !(isdigit((unsigned char)*s) || ((*s == '-' || *s == '+') && isdigit((unsigned char)s[1]))))
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end || errno == ERANGE || v < min || v > max)
		return false;
	*out = v;
	return true;
}

int
text_line_check(const char *field, const char *s, size_t max, struct error *err)
{
	if (text_blank(s))
		return error_set(err, "%s is needed", field);
	size_t n = strlen(s);
	const char *problem = text_problem(s, n, TEXT_ONE_LINE);
	if (problem)
		return error_set(err, "%s %s: it must be one line", field, problem);
	if (max && n > max)
		return error_set(err, "%s has at most %zu characters", field, max);
	return 0;
}

/* "!#$%&'*+/=?^_`{|}~-", letters and digits: what a dot-atom's runs may hold (RFC 5322, atext). */
static bool
atext(unsigned char c)
{
	return isalnum(c) || (c && strchr("!#$%&'*+/=?^_`{|}~-", c));
}

/* Why the domain D (N bytes) is not one caregrid sends to, or NULL. */
static const char *
domain_problem(const char *d, size_t n)
{
	size_t labels = 0;
	if (n == 0)
		return N_("there is nothing after @");
	if (n > 253)
		return N_("the part after @ is longer than 253 characters");
	for (size_t i = 0; i <= n; labels++) {
		const char *dot = memchr(d + i, '.', n - i);
		size_t len = (dot ? (size_t)(dot - d) : n) - i;
		if (len == 0)
			return N_("the part after @ has an empty label, as in a@.example or a@example..org");
		if (len > 63)
			return N_("a label of the part after @ is longer than 63 characters");
		if (d[i] == '-' || d[i + len - 1] == '-')
			return N_("a label of the part after @ starts or ends with a hyphen");
		for (size_t k = i; k < i + len; k++)
			if (!isalnum((unsigned char)d[k]) && d[k] != '-')
				return N_("the part after @ may hold only letters, digits, hyphens and dots");
		i += len + 1;
	}
	return labels < 2 ? N_("the part after @ needs a dot, as in example.org") : NULL;
}

/* Why the local part L (N bytes) is not a dot-atom, or NULL. */
static const char *
local_problem(const char *l, size_t n)
{
	if (n == 0)
		return N_("there is nothing before @");
	if (n > 64)
		return N_("the part before @ is longer than 64 characters");
	for (size_t i = 0; i < n; i++)
		if (l[i] == '.' && (i == 0 || i == n - 1 || l[i + 1] == '.'))
			return N_("the part before @ starts or ends with a dot, or holds two dots together");
	for (size_t i = 0; i < n; i++)
		if (l[i] != '.' && !atext((unsigned char)l[i]))
			return N_("the part before @ holds a space, quote, comma, bracket or other sign an address may "
				  "not hold");
	return NULL;
}

int
text_address_check(const char *s, struct error *err)
{
	if (text_blank(s))
		return error_set(err, "an email address is needed");
	size_t n = strlen(s);
	/* Said without the address itself: it would carry its line break or control into the message. */
	if (text_problem(s, n, TEXT_ONE_LINE) || strchr(s, '\t'))
		return error_set(err, "an email address %s", N_("holds a line break or control character"));
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return error_set(err, "\"%.80s\" is not an address caregrid can send to: %s", s,
					 N_("addresses with letters beyond ASCII (internationalised addresses) are not "
					    "supported"));
	const char *at = strrchr(s, '@'), *why = NULL;
	if (n > TEXT_ADDRESS_MAX)
		why = N_("it is longer than 254 characters");
	else if (!at)
		why = N_("it has no @");
	else if ((why = local_problem(s, (size_t)(at - s))) == NULL)
		why = domain_problem(at + 1, n - (size_t)(at - s) - 1);
	if (why)
		return error_set(err, "\"%.80s\" is not an email address: %s", s, why);
	return 0;
}
