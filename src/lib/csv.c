/* csv.c - RFC 4180 CSV reading, and writing a field (see csv.h). */
#include "lib/csv.h"

#include <stdbool.h>
#include <string.h>

#include "lib/buf.h"

void
csv_init(struct csv_reader *r, const char *text, size_t len)
{
	r->p = text;
	r->end = text + len;
	r->line = 1;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		r->p += 3;
}

int
csv_next(struct csv_reader *r, struct strvec *fields, size_t *line, struct error *err)
{
	strvec_clear(fields);
	/* Skip blank lines. */
	while (r->p < r->end && (*r->p == '\n' || *r->p == '\r')) {
		if (*r->p == '\n')
			r->line++;
		r->p++;
	}
	if (r->p >= r->end)
		return 0;
	*line = r->line;
	struct buf field = BUF_INIT;
	buf_init(&field, 0);
	int rc = 1;
	for (;;) {
		buf_reset(&field);
		if (r->p < r->end && *r->p == '"') {
			size_t start_line = r->line;
			r->p++;
			for (;;) {
				if (r->p >= r->end) {
					rc = error_set(err, "line %zu: a quoted field is never closed", start_line);
					goto out;
				}
				if (*r->p == '"') {
					if (r->p + 1 < r->end && r->p[1] == '"') {
						buf_putc(&field, '"');
						r->p += 2;
						continue;
					}
					r->p++;
					break;
				}
				if (*r->p == '\n')
					r->line++;
				buf_putc(&field, *r->p++);
			}
			if (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
				rc = error_set(err, "line %zu: unexpected text after a closing quote", r->line);
				goto out;
			}
		} else {
			const char *start = r->p;
			while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
				if (*r->p == '"') {
					rc = error_set(
						err,
						"line %zu: a quote inside an unquoted field (quote the whole field)",
						r->line);
					goto out;
				}
				r->p++;
			}
			buf_add(&field, start, (size_t)(r->p - start));
		}
		strvec_push(fields, field.data);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		/* End of record: consume CRLF or LF. */
		if (r->p < r->end && *r->p == '\r')
			r->p++;
		if (r->p < r->end && *r->p == '\n') {
			r->p++;
			r->line++;
		}
		break;
	}
out:
	buf_release(&field);
	return rc;
}

void
csv_write_field(struct buf *out, const char *s)
{
	bool formula = strchr("=+-@\t\r", s[0]) && s[0];
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		buf_puts(out, s);
		return;
	}
	buf_putc(out, '"');
	if (formula)
		buf_putc(out, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(out, '"');
		buf_putc(out, *s);
	}
	buf_putc(out, '"');
}
