/* test_csv.c - the CSV reader: quoting, line ends, blank lines and the errors it names by line. */
#include <criterion/criterion.h>
#include <string.h>

#include "lib/csv.h"

static int
next(struct csv_reader *r, struct strvec *f, size_t *line, struct error *err)
{
	return csv_next(r, f, line, err);
}

Test(csv, reads_quoted_fields_with_commas_quotes_and_newlines)
{
	const char *text = "\xEF\xBB\xBF" "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\nlast,,\n";
	struct csv_reader r;
	csv_init(&r, text, strlen(text));
	struct strvec f = STRVEC_INIT;
	size_t line;
	struct error err;
	cr_assert_eq(next(&r, &f, &line, &err), 1);
	cr_expect_eq(line, 1);
	cr_assert_eq(f.n, 3);
	cr_expect_str_eq(f.v[0], "a");
	cr_assert_eq(next(&r, &f, &line, &err), 1);
	cr_expect_eq(line, 2);
	cr_expect_str_eq(f.v[0], "x, y");
	cr_expect_str_eq(f.v[1], "say \"hi\"");
	cr_expect_str_eq(f.v[2], "two\nlines");
	cr_assert_eq(next(&r, &f, &line, &err), 1);
	cr_expect_eq(line, 5, "the blank line is skipped but counted");
	cr_assert_eq(f.n, 3);
	cr_expect_str_eq(f.v[1], "");
	cr_expect_eq(next(&r, &f, &line, &err), 0);
	strvec_clear(&f);
}

Test(csv, names_the_line_of_malformed_quoting)
{
	struct strvec f = STRVEC_INIT;
	size_t line;
	struct error err;
	struct csv_reader r;
	const char *open = "a,b\n\"never closed,x\n";
	csv_init(&r, open, strlen(open));
	cr_assert_eq(next(&r, &f, &line, &err), 1);
	cr_expect_eq(next(&r, &f, &line, &err), -1);
	cr_expect_str_eq(err.msg, "line 2: a quoted field is never closed");
	const char *stray = "a,b\"c\n";
	csv_init(&r, stray, strlen(stray));
	cr_expect_eq(next(&r, &f, &line, &err), -1);
	cr_expect(strstr(err.msg, "line 1: a quote inside an unquoted field") != NULL, "%s", err.msg);
	const char *after = "\"a\"b,c\n";
	csv_init(&r, after, strlen(after));
	cr_expect_eq(next(&r, &f, &line, &err), -1);
	cr_expect(strstr(err.msg, "unexpected text after a closing quote") != NULL, "%s", err.msg);
	strvec_clear(&f);
}
