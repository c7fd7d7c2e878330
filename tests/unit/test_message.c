/* test_message.c - errors translated forward: a message keeps its format (the msgid) and its arguments as
 * printf wrote them (lib/message.h), and is written again in the reader's language from the catalogue's
 * translation of the format; and a store failure's own words never reach the reader, whatever the kind. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "lib/error.h"
#include "lib/i18n.h"
#include "lib/message.h"
#include "lib/strvec.h"
#include "store/store.h"

Test(message, captures_each_conversion_as_printf_writes_it)
{
	struct message m;
	cr_assert_eq(message_make(&m, "%s|%d|%i|%u|%ld|%lld|%zu|%jd", "a", -1, 2, 3u, -4L, 5LL, (size_t)6, (intmax_t)7),
		     0);
	cr_expect_eq(m.n_args, 8);
	const char *want[] = {"a", "-1", "2", "3", "-4", "5", "6", "7"};
	for (unsigned i = 0; i < 8; i++)
		cr_expect_str_eq(m.args[i], want[i], "argument %u", i);
	char out[256];
	cr_expect_str_eq(message_render(&m, m.id, NULL, NULL, out, sizeof out), "a|-1|2|3|-4|5|6|7");
	cr_assert_eq(message_make(&m, "%c|%%|%.2f|%g|%5s|%-3d|%.3s|%x", 'z', 1.5, 0.25, "ab", 9, "abcdef", 255u), 0);
	const char *want2[] = {"z", "1.50", "0.25", "   ab", "9  ", "abc", "ff"};
	for (unsigned i = 0; i < 7; i++)
		cr_expect_str_eq(m.args[i], want2[i], "argument %u", i);
	cr_expect_str_eq(message_render(&m, m.id, NULL, NULL, out, sizeof out), "z|%|1.50|0.25|   ab|9  |abc|ff",
			 "written again in English, it is what printf wrote");
}

Test(message, star_width_and_precision_are_read_with_the_arguments)
{
	struct message m;
	cr_assert_eq(message_make(&m, "[%*d] [%.*s] %s", 4, 7, 2, "xyz", "end"), 0);
	cr_expect_str_eq(m.args[0], "   7");
	cr_expect_str_eq(m.args[1], "xy");
	cr_expect_str_eq(m.args[2], "end", "the stars' ints did not shift the later arguments");
}

Test(message, positional_arguments_are_read_by_position_and_put_back_by_position)
{
	struct message m;
	cr_assert_eq(message_make(&m, "%2$s before %1$d", 12, "day"), 0);
	cr_expect_eq(m.n_args, 2);
	cr_expect_str_eq(m.args[0], "12");
	cr_expect_str_eq(m.args[1], "day");
	char out[64];
	cr_expect_str_eq(message_render(&m, "%1$d after %2$s", NULL, NULL, out, sizeof out), "12 after day");
	/* An unnumbered format's translation may number its conversions to change their order. */
	cr_assert_eq(message_make(&m, "%s of %s", "one", "two"), 0);
	cr_expect_str_eq(message_render(&m, "%2$s: %1$s", NULL, NULL, out, sizeof out), "two: one");
}

/* message_make without the compiler's check, for formats it would refuse to build. */
static int
capture(struct message *m, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = message_capture(m, fmt, ap);
	va_end(ap);
	return rc;
}

Test(message, refuses_what_it_cannot_read_safely)
{
	struct message m;
	int n;
	cr_expect_eq(message_make(&m, "%s %n", "x", &n), -1, "%%n is not a message's");
	cr_expect_null(m.id);
	cr_expect_eq(capture(&m, "%1$s %s", "x", "y"), -1, "numbered and unnumbered mixed");
	cr_expect_eq(capture(&m, "%2$s", "x", "y"), -1, "a position left unnamed has no known type");
	cr_expect_eq(capture(&m, "%ls", L"x"), -1, "wide text is not a message's");
	cr_expect_eq(message_make(&m, "%d%d%d%d%d%d%d%d%d", 1, 2, 3, 4, 5, 6, 7, 8, 9), -1,
		     "more than MESSAGE_ARGS_MAX");
}

Test(message, an_over_long_argument_is_cut_at_a_whole_character)
{
	char long_text[1000];
	/* "é" is two bytes: a cut at MESSAGE_ARG_MAX - 1 bytes falls inside one unless it backs off. */
	for (size_t i = 0; i + 2 < sizeof long_text; i += 2)
		memcpy(long_text + i, "\xc3\xa9", 2);
	long_text[sizeof long_text - 2] = 0;
	long_text[sizeof long_text - 1] = 0;
	struct message m;
	cr_assert_eq(message_make(&m, "name \"%s\" is too long", long_text), 0);
	size_t n = strlen(m.args[0]);
	cr_expect_lt(n, (size_t)MESSAGE_ARG_MAX);
	cr_expect_eq(n % 2, 0, "no half character is kept");
	char out[62];
	message_render(&m, "%s", NULL, NULL, out, sizeof out);
	cr_expect_eq(strlen(out), 60, "the rendering is cut at a whole character, one byte short of the 61 that fit");
}

Test(message, an_error_is_written_in_welsh_and_spanish_from_its_catalogue_entry)
{
	const struct lang *cy = lang_find("cy"), *es = lang_find("es");
	struct error err;
	error_of(&err, ERROR_CONFLICT, "round %lld is closed already", (long long)12);
	cr_expect_str_eq(err.msg, "round 12 is closed already", "the English stays for the log and the command line");
	char out[512];
	cr_expect_str_eq(message_in(&err.said, cy, out, sizeof out), "mae cylch 12 ar gau yn barod");
	cr_expect_str_eq(message_in(&err.said, es, out, sizeof out), "la ronda 12 ya está cerrada");
	cr_expect_str_eq(message_in(&err.said, NULL, out, sizeof out), "round 12 is closed already");
	error_set(&err, "the round closes (%s) before it opens (%s)", "2027-01-01", "2027-02-01");
	cr_expect_str_eq(message_in(&err.said, es, out, sizeof out),
			 "la ronda se cierra (2027-01-01) antes de abrirse (2027-02-01)");
}

Test(message, a_format_no_catalogue_has_is_given_in_english)
{
	struct error err;
	error_set(&err, "a message no catalogue has about %s", "x");
	char out[128];
	cr_expect_str_eq(message_in(&err.said, lang_find("cy"), out, sizeof out), "a message no catalogue has about x");
}

Test(message, a_problem_made_of_fixed_words_is_translated_whole)
{
	struct strvec problems = STRVEC_INIT;
	strvec_push(&problems, "a plain line");
	strvec_pushf(&problems, "%s: row %zu: %s", "answers.csv", (size_t)3,
		     "no respondent: give each person's rows one identifier");
	cr_expect_null(strvec_said(&problems, 0));
	const struct message *m = strvec_said(&problems, 1);
	cr_assert_not_null(m);
	char out[512];
	cr_expect_str_eq(message_in(m, lang_find("es"), out, sizeof out),
			 "answers.csv: fila 3: sin respondent: dé un identificador a las filas de cada persona");
	cr_expect_str_eq(problems.v[1], "answers.csv: row 3: no respondent: give each person's rows one identifier");
	strvec_sort(&problems);
	cr_expect_str_eq(problems.v[0], "a plain line");
	cr_expect_eq(strvec_said(&problems, 1), m, "a sorted list keeps each text with its message");
	strvec_clear(&problems);
}

TestSuite(store_words, .init = temp_dir_setup, .fini = temp_dir_teardown);

Test(store_words, a_constraint_failure_tells_the_reader_no_path_and_no_sql)
{
	char *where = test_db_where("words.db");
	struct store *s;
	struct error err;
	cr_assert_eq(store_open(&s, where, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	cr_assert_eq(store_unit_add(s, "PCH-X", "X", "practice", NULL, -1, NULL, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(store_unit_add(s, "PCH-X", "X again", "practice", NULL, -1, NULL, NULL, &err), -1);
	cr_expect_eq(err.kind, ERROR_CONFLICT, "the kind is the store's, as before");
	cr_expect(strstr(err.msg, "Q_UNIT_ADD") != NULL, "the detail names the query for the log: %s", err.msg);
	char out[512];
	for (size_t i = 0; i < lang_count(); i++) {
		const char *said = message_in(&err.said, lang_at(i), out, sizeof out);
		cr_assert_not_null(said);
		cr_expect_null(strstr(said, where), "%s: the database's place: %s", lang_code(lang_at(i)), said);
		const char *sql_words[] = {"UNIQUE", "unique", "constraint", "unit.code",
					   "INSERT", "Q_",     "sqlite",     "duplicate"};
		for (size_t k = 0; k < sizeof sql_words / sizeof sql_words[0]; k++)
			cr_expect_null(strstr(said, sql_words[k]), "%s: \"%s\" in %s", lang_code(lang_at(i)),
				       sql_words[k], said);
	}
	store_close(s);
	free(where);
}
