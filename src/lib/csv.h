/*
 * csv.h - a reader for RFC 4180 CSV as spreadsheets write it: comma-separated, fields optionally in double
 * quotes with "" for a quote inside, LF or CRLF line ends, an optional UTF-8 byte-order mark; and the one
 * writer of a field that every CSV caregrid gives out uses.
 */
#ifndef CAREGRID_CSV_H
#define CAREGRID_CSV_H

#include <stddef.h>

#include "lib/error.h"
#include "lib/strvec.h"

struct csv_reader {
	const char *p, *end;
	size_t line; /* the line the next record starts on, from 1 */
};

void csv_init(struct csv_reader *r, const char *text, size_t len);

/*
 * Reads the next record into FIELDS (cleared first). Returns 1 for a record, 0 at the end of the text,
 * -1 for malformed CSV with ERR saying where ("line 7: ..."). *LINE gets the line the record started on.
 * A blank line is skipped.
 */
int csv_next(struct csv_reader *r, struct strvec *fields, size_t *line, struct error *err);

struct buf;
/*
 * Appends S as one CSV field: quoted when it holds a comma, quote or line break. A text that a spreadsheet
 * would run as a formula (starting with =, +, -, @, a tab or a carriage return: a comment such as
 * "=HYPERLINK(...)") gets a leading apostrophe, so that it shows as the text it is (OWASP's advice).
 */
void csv_write_field(struct buf *out, const char *s);

#endif
