/* test_bounds.c - no value hangs a worker or the mail: chart grids bounded for any finite range and non-finite
 * values left out; measure values beyond ±1e12 and non-numbers refused; a subject of any valid title encodes as
 * RFC 2047 words of at most 75 characters that decode back to it; and the command line checks text as the web. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "domain/improve.h"
#include "domain/mail.h"
#include "domain/round.h"
#include "helpers.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "web/svg.h"

#define RUN(...) run_cli(test_dir, (const char *const[]){__VA_ARGS__, NULL})

Test(bounds, grid_lines_are_bounded_for_any_finite_range)
{
	const double ranges[][2] =
		{{0, 1},           {1e16, 1e16 + 4},   {-1e308, 1e308}, {-DBL_MAX, DBL_MAX}, {DBL_MAX * 0.9, DBL_MAX},
		 {1e-300, 2e-300}, {41.2, 41.2000001}, {-5, 1e15},      {1e15, 1e15 + 100}};
	for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++) {
		double t[SVG_TICKS_MAX];
		size_t n = svg_ticks(ranges[i][0], ranges[i][1], t, SVG_TICKS_MAX);
		cr_expect_leq(n, SVG_TICKS_MAX, "range %zu", i);
		for (size_t k = 0; k < n; k++) {
			cr_expect(isfinite(t[k]), "range %zu: tick %zu is not finite", i, k);
			cr_expect(k == 0 || t[k] > t[k - 1], "range %zu: ticks not increasing", i);
		}
	}
	double t[SVG_TICKS_MAX];
	cr_expect_eq(svg_ticks(0, 10, t, SVG_TICKS_MAX), 6, "0..10 is 0, 2, 4, 6, 8, 10");
	cr_expect_eq(t[1], 2);
}

Test(bounds, grid_of_no_range_or_a_non_finite_end_is_empty)
{
	double t[SVG_TICKS_MAX];
	cr_expect_eq(svg_ticks(NAN, 1, t, SVG_TICKS_MAX), 0);
	cr_expect_eq(svg_ticks(0, INFINITY, t, SVG_TICKS_MAX), 0);
	cr_expect_eq(svg_ticks(-INFINITY, INFINITY, t, SVG_TICKS_MAX), 0);
	cr_expect_eq(svg_ticks(3, 3, t, SVG_TICKS_MAX), 0);
	cr_expect_eq(svg_ticks(4, 3, t, SVG_TICKS_MAX), 0);
}

/* The chart of X (N points) with TARGET: its grid lines counted, and whether any coordinate is no number. */
static size_t
draw(const double *x, size_t n, bool has_target, double target, bool *bad_number)
{
	struct spc_options o;
	spc_options_default(&o);
	o.has_target = has_target;
	o.target = target;
	struct spc_result r;
	char err[200];
	cr_assert_eq(spc_xmr(x, n, &o, &r, err, sizeof err), 0, "%s", err);
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	svg_spc(&b, NULL, &r, NULL, has_target, target, "t", false, NULL);
	size_t grid = 0;
	for (const char *p = strstr(b.data, "#eef1f3"); p; p = strstr(p + 1, "#eef1f3"))
		grid++;
	*bad_number = strstr(b.data, "nan") || strstr(b.data, "inf");
	buf_release(&b);
	spc_release(&r);
	return grid;
}

Test(bounds, an_spc_chart_of_huge_values_or_target_draws_a_bounded_grid)
{
	double near16[20], ends[16], flat[15];
	for (size_t i = 0; i < 20; i++)
		near16[i] = 1e16 + (double)(i % 3) * 2;
	for (size_t i = 0; i < 16; i++)
		ends[i] = i % 2 ? 1e308 : -1e308;
	for (size_t i = 0; i < 15; i++)
		flat[i] = 1e16;
	bool bad;
	cr_expect_leq(draw(near16, 20, false, 0, &bad), SVG_TICKS_MAX);
	cr_expect_not(bad, "a coordinate of the chart near 1e16 is no number");
	cr_expect_leq(draw(ends, 16, false, 0, &bad), SVG_TICKS_MAX);
	cr_expect_not(bad, "a coordinate of the chart of ±1e308 is no number");
	cr_expect_leq(draw(flat, 15, true, DBL_MAX, &bad), SVG_TICKS_MAX);
	cr_expect_not(bad, "a coordinate of the chart with a target at DBL_MAX is no number");
}

Test(bounds, an_spc_chart_leaves_out_non_finite_values_and_target)
{
	double x[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
	struct spc_options o;
	spc_options_default(&o);
	struct spc_result r;
	char err[200];
	cr_assert_eq(spc_xmr(x, 12, &o, &r, err, sizeof err), 0, "%s", err);
	r.points[3].value = INFINITY; /* as an old row might hold */
	r.points[4].value = -INFINITY;
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	svg_spc(&b, NULL, &r, NULL, true, NAN, "t", false, NULL);
	cr_expect_null(strstr(b.data, "nan"), "%s", b.data);
	cr_expect_null(strstr(b.data, "inf"), "%s", b.data);
	cr_expect_null(strstr(b.data, "target"), "a target that is no number is drawn");
	size_t points = 0;
	for (const char *p = strstr(b.data, "class=\"pt "); p; p = strstr(p + 1, "class=\"pt "))
		points++;
	cr_expect_eq(points, 10, "the two infinite points are not drawn");
	buf_release(&b);
	spc_release(&r);
}

Test(bounds, measure_values_beyond_the_bound_or_not_numbers_are_refused)
{
	double v;
	cr_expect_eq(measure_number("41.5", &v), 0);
	cr_expect_eq(measure_number("1e12", &v), 0);
	cr_expect_eq(measure_number("-1e12", &v), 0);
	cr_expect_eq(measure_number("1000000000001", &v), -2);
	cr_expect_eq(measure_number("1e16", &v), -2);
	cr_expect_eq(measure_number("-1e308", &v), -2);
	cr_expect_eq(measure_number("1e999", &v), -2, "1e999 overflows to infinity: beyond the bound");
	const char *words[] = {"nan", "NaN", "inf", "-inf", "Infinity", "abc", "", "1e", "0x"};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		cr_expect_eq(measure_number(words[i], &v), -1, "\"%s\" taken for a number", words[i]);
}

/* The subject of a composed message, decoded from its encoded words, into OUT; each word and line checked. */
static void
decode_subject(const char *message, char *out, size_t size)
{
	const char *line = strstr(message, "Subject:");
	cr_assert_not_null(line);
	size_t got = 0;
	for (bool first = true; first || line[0] == ' '; first = false) {
		const char *end = strstr(line, "\r\n");
		cr_assert_not_null(end);
		cr_expect_leq(end - line, 998, "a folded line over 998 octets");
		const char *w = strstr(line, "=?UTF-8?B?");
		cr_assert(w && w < end, "a subject line without an encoded word: %.*s", (int)(end - line), line);
		const char *close = strstr(w + 10, "?=");
		cr_expect_leq(close + 2 - w, 75, "an encoded word over 75 characters");
		size_t n = 0;
		cr_assert_eq(sodium_base642bin((unsigned char *)out + got, size - got - 1, w + 10,
					       (size_t)(close - w - 10), NULL, &n, NULL,
					       sodium_base64_VARIANT_ORIGINAL),
			     0);
		cr_expect_neq(((unsigned char)out[got] & 0xc0), 0x80, "an encoded word starts inside a character");
		got += n;
		line = end + 2;
	}
	out[got] = '\0';
}

/* The longest start of TEXT repeated that fits ROUND_TITLE_MAX bytes, cut between characters. */
static char *
longest_title(const char *text)
{
	char *t = xcalloc(ROUND_TITLE_MAX + 1, 1);
	size_t len = strlen(text), n = 0;
	while (n + len <= ROUND_TITLE_MAX) {
		memcpy(t + n, text, len);
		n += len;
	}
	size_t cut = text_cut(text, len, ROUND_TITLE_MAX - n);
	memcpy(t + n, text, cut);
	return t;
}

Test(bounds, a_subject_of_the_longest_title_in_any_script_encodes_and_decodes_back)
{
	cr_assert_geq(sodium_init(), 0);
	const char *scripts[] = {"Arolwg tîm Llanfair ŵyr ŷd ", "Encuesta ¿cómo vamos? ñandú ", "团队健康调查第二季度", "🩺🏥💉 🇬🇧 ",
				 "x"};
	const char *langs[] = {"cy", "es", "en", "en", "en"};
	for (size_t i = 0; i < sizeof scripts / sizeof *scripts; i++) {
		char *title = longest_title(scripts[i]);
		cr_assert_null(text_problem(title, strlen(title), TEXT_ONE_LINE), "the test's title %zu is not text",
			       i);
		struct round r = {0};
		memcpy(r.title, title, strlen(title) + 1);
		memcpy(r.language, langs[i], 3);
		memcpy(r.closes_on, "2026-12-31", 11);
		struct instrument ins = {.id = "t", .title = "Pulse", .subject = "team", .n_items = 12};
		struct buf subject = BUF_INIT;
		buf_init(&subject, 0);
		struct mail_body body;
		mail_body_init(&body);
		round_invitation_write(&r, "Unit", &ins, "https://example.org/s/x", NULL, &subject, &body);
		struct error err;
		cr_expect_eq(mail_subject_check(subject.data, &err), 0, "the subject of title %zu refused: %s", i,
			     err.msg);
		struct mail_message m = {.to = "a@example.org", .subject = subject.data, .text = body.text.data,
					 .html = body.html.data, .key = "K"};
		cr_expect_eq(mail_composable(&m, &err), 0, "%s", err.msg);
		char *message = mail_compose(&m, "c@example.org", 1796000000);
		char decoded[2 * MAIL_SUBJECT_MAX];
		decode_subject(message, decoded, sizeof decoded);
		cr_expect_str_eq(decoded, subject.data);
		free(message);
		buf_release(&subject);
		mail_body_release(&body);
		free(title);
	}
}

Test(bounds, a_subject_that_is_not_utf8_is_refused_and_still_composes_in_bounded_time)
{
	char subject[400];
	memset(subject, 0x80, sizeof subject - 1); /* continuation bytes only: once, a sender's endless loop */
	subject[sizeof subject - 1] = '\0';
	struct error err;
	cr_expect_eq(mail_subject_check(subject, &err), -1);
	struct mail_message m = {.to = "a@example.org", .subject = subject, .text = "x", .html = "x", .key = "K"};
	cr_expect_eq(mail_composable(&m, &err), -1, "a message with a subject that is not UTF-8 is composable");
	char *message = mail_compose(&m, "c@example.org", 0);
	cr_expect_not_null(message);
	free(message);
	cr_expect_eq(mail_subject_check("Line\nbreak", &err), -1, "a line break in a subject");
}

Test(bounds, a_title_with_a_tab_makes_a_subject_that_encodes_it)
{
	cr_assert_geq(sodium_init(), 0);
	struct error err;
	cr_expect_eq(mail_subject_check("Your link: Tab\there", &err), 0, "a tab, which a title may hold, refused: %s",
		     err.msg);
	struct mail_message m = {.to = "a@example.org",
				 .subject = "Your link: Tab\there",
				 .text = "x",
				 .html = "x",
				 .key = "K"};
	char *message = mail_compose(&m, "c@example.org", 0);
	char decoded[200];
	decode_subject(message, decoded, sizeof decoded);
	cr_expect_str_eq(decoded, m.subject);
	free(message);
}

Test(bounds, text_is_cut_between_characters)
{
	const char *s = "aŵb"; /* a, ŵ (2 bytes), b */
	cr_expect_eq(text_cut(s, 4, 2), 1, "ŵ is not cut in half");
	cr_expect_eq(text_cut(s, 4, 3), 3);
	cr_expect_eq(text_cut(s, 4, 10), 4);
	cr_expect_eq(text_cut("团", 3, 2), 0);
}

TestSuite(bounds_cli, .init = temp_dir_setup, .fini = temp_dir_teardown);

Test(bounds_cli, the_command_line_checks_text_as_the_web_does)
{
	char *db = xasprintf("%s/t.db", test_dir);
	struct cli_result r = RUN("init", "--db", db);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_result_release(&r);
	r = RUN("unit", "add", "--db", db, "--type", "practice", "P1", "Line\nbreak");
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "NAME holds a line break or control character") != NULL, "%s", r.err);
	cli_result_release(&r);
	r = RUN("unit", "add", "--db", db, "--type", "practice", "P1", "Practice one");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_result_release(&r);
	const char *bad[][2] = {{"Round \xff one", "--title is not valid UTF-8 text"},
				{"Round\x01one", "--title holds a line break or control character"},
				{"Round\none", "--title holds a line break or control character"}};
	for (size_t i = 0; i < 3; i++) {
		r = RUN("round", "create", "--db", db, "--unit", "P1", "--instrument", "team-health-pulse", "--title",
			bad[i][0], "--opens", "2026-01-01", "--closes", "2099-01-31");
		cr_expect_eq(r.status, 2, "title %zu: %s", i, r.err);
		cr_expect(strstr(r.err, bad[i][1]) != NULL, "title %zu: %s", i, r.err);
		cli_result_release(&r);
	}
	char *long_title = longest_title("ŵ");
	char *too_long = xasprintf("%sx", long_title);
	r = RUN("round", "create", "--db", db, "--unit", "P1", "--instrument", "team-health-pulse", "--title", too_long,
		"--opens", "2026-01-01", "--closes", "2099-01-31");
	cr_expect_eq(r.status, 2, "%s", r.err);
	cr_expect(strstr(r.err, "--title has at most 200 bytes") != NULL, "%s", r.err);
	cli_result_release(&r);
	r = RUN("round", "create", "--db", db, "--unit", "P1", "--instrument", "team-health-pulse", "--title",
		long_title, "--opens", "2026-01-01", "--closes", "2099-01-31");
	cr_expect_eq(r.status, 0, "the longest title is taken: %s", r.err);
	cli_result_release(&r);
	r = RUN("user", "add", "--db", db, "--link", "--name", "Ann\x7f", "ann@example.org");
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "--name holds a line break or control character") != NULL, "%s", r.err);
	cli_result_release(&r);
	free(too_long);
	free(long_title);
	free(db);
}

/* A mark on the last period has its number on its left: on its right the chart's margin would cut it off. */
Test(bounds, a_marks_number_at_the_charts_right_edge_stays_inside_it)
{
	double x[12] = {5, 7, 6, 8, 5, 7, 6, 8, 5, 7, 6, 8};
	char periods[12][11];
	for (unsigned i = 0; i < 12; i++)
		snprintf(periods[i], sizeof periods[i], "2026-%02u-01", (i + 1) % 100);
	struct spc_options o;
	spc_options_default(&o);
	struct spc_result r;
	char err[200];
	cr_assert_eq(spc_xmr(x, 12, &o, &r, err, sizeof err), 0, "%s", err);
	struct measure_mark v[2] = {{.kind = MARK_NOTE, .day = "2026-01-01", .text = "first"},
				    {.kind = MARK_NOTE, .day = "2026-12-01", .text = "last"}};
	struct measure_marks mk = {2, v};
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	svg_spc(&b, NULL, &r, (const char (*)[11])periods, false, 0, "t", false, &mk);
	const char *first = strstr(b.data, "data-mark=\"1\""), *last = strstr(b.data, "data-mark=\"2\"");
	cr_assert(first && last, "%s", b.data);
	const char *n1 = strstr(first, "<text x=\""), *n2 = strstr(last, "<text x=\"");
	cr_assert(n1 && n2);
	cr_expect(strncmp(strchr(n1 + 10, '>') - 14, "class=\"mark-n\"", 14) == 0, "the first number is on its right");
	cr_expect(strncmp(strchr(n2 + 10, '>') - 18, "class=\"mark-n end\"", 18) == 0,
		  "the last number is not on its left");
	char *end;
	double at = strtod(n2 + 9, &end);
	cr_expect_eq(*end, '"');
	cr_expect_lt(at, 760 - 12 - 6, "the last number ends at %.1f, under its glyph or beyond the drawing", at);
	buf_release(&b);
	spc_release(&r);
}
