/* multipart.c - multipart/form-data (see multipart.h). Only what browsers send: no nesting, no encodings. */
#include "lib/multipart.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/text.h"

static const char *
find(const char *hay, size_t hay_len, const char *needle, size_t needle_len)
{
	if (needle_len == 0 || hay_len < needle_len)
		return NULL;
	for (size_t i = 0; i + needle_len <= hay_len; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, needle_len) == 0)
			return hay + i;
	return NULL;
}

/* The value of PARAM="..." (or unquoted) in a header line, into OUT. */
static void
header_param(const char *line, size_t len, const char *param, char *out, size_t size)
{
	out[0] = '\0';
	size_t plen = strlen(param);
	for (size_t i = 0; i + plen + 1 < len; i++) {
		if (strncasecmp(line + i, param, plen) != 0 || line[i + plen] != '=' ||
		    (i && line[i - 1] != ' ' && line[i - 1] != ';'))
			continue;
		const char *v = line + i + plen + 1, *end = line + len;
		bool quoted = *v == '"';
		if (quoted)
			v++;
		size_t n = 0;
		while (v + n < end && (quoted ? v[n] != '"' : v[n] != ';' && v[n] != ' ') && n + 1 < size)
			n++;
		memcpy(out, v, n);
		out[n] = '\0';
		return;
	}
}

int
multipart_parse(const char *content_type, const char *body, size_t len, struct multipart_part *parts, size_t *n,
		struct error *err)
{
	*n = 0;
	char boundary[200];
	header_param(content_type, strlen(content_type), "boundary", boundary, sizeof boundary);
	if (!boundary[0])
		return error_set(err, "the multipart body has no boundary");
	char delim[210];
	int dl = snprintf(delim, sizeof delim, "--%s", boundary);
	const char *p = find(body, len, delim, (size_t)dl), *end = body + len;
	if (!p)
		return error_set(err, "the multipart body does not start with its boundary");
	for (;;) {
		p += dl;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0; /* the closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return error_set(err, "a multipart delimiter is not followed by a line end");
		p += 2;
		const char *headers_end = find(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!headers_end)
			return error_set(err, "a part of the multipart body has no end of headers");
		if (*n == MULTIPART_MAX_PARTS)
			return error_set(err, "the form has more than %d parts", MULTIPART_MAX_PARTS);
		struct multipart_part *part = &parts[*n];
		memset(part, 0, sizeof *part);
		for (const char *line = p; line < headers_end;) {
			const char *eol = find(line, (size_t)(headers_end - line) + 2, "\r\n", 2);
			size_t ll = (size_t)(eol - line);
			if (ll > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
				header_param(line, ll, "name", part->name, sizeof part->name);
				header_param(line, ll, "filename", part->filename, sizeof part->filename);
			}
			line = eol + 2;
		}
		const char *data = headers_end + 4;
		char next[214];
		int nl = snprintf(next, sizeof next, "\r\n%s", delim);
		const char *stop = find(data, (size_t)(end - data), next, (size_t)nl);
		if (!stop)
			return error_set(err, "a part of the multipart body is never closed");
		part->data = data;
		part->len = (size_t)(stop - data);
		/* Names, file names and the form's own fields are text; a file's content is whatever it is. */
		const char *why = text_problem(part->name, strlen(part->name), TEXT_ONE_LINE);
		if (!why)
			why = text_problem(part->filename, strlen(part->filename), TEXT_ONE_LINE);
		if (!why && !part->filename[0])
			why = text_problem(part->data, part->len, TEXT_LINES);
		if (why)
			return error_set(err, "form part %zu (\"%.60s\"): %s", *n + 1,
					 part->filename[0] ? part->filename : part->name, why);
		(*n)++;
		p = stop + 2;
	}
}
