/* test_i18n.c - languages: the lookup per language and its English fallback, plural forms, the browser's
 * choice, days as each language writes them; the catalogues complete for every text the source marks, with the
 * same conversions as the English (a translation that drops or swaps a %s would crash or mislead); and the
 * instruments' translations: complete or refused, naming what is missing, the same codes in every language. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/instrument.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/strvec.h"
#include "lib/xalloc.h"

Test(i18n, languages_english_first)
{
	cr_assert_geq(lang_count(), 3);
	cr_expect_str_eq(lang_code(lang_at(0)), "en");
	cr_expect_str_eq(lang_name(lang_find("cy")), "Cymraeg");
	cr_expect_str_eq(lang_name(lang_find("es")), "Español");
	cr_expect_null(lang_find("fr"));
	cr_expect_null(lang_find(NULL));
	cr_expect_eq(lang_find("en"), lang_english());
}

Test(i18n, lookup_and_fallback)
{
	const struct lang *cy = lang_find("cy"), *es = lang_find("es");
	cr_expect_str_eq(tr(cy, "Back"), "Yn ôl");
	cr_expect_str_eq(tr(es, "Back"), "Atrás");
	cr_expect_str_eq(tr(NULL, "Back"), "Back", "no language is English");
	cr_expect_str_eq(tr(lang_english(), "Back"), "Back");
	const char *unknown = "A text no catalogue has";
	cr_expect_eq(tr(cy, unknown), unknown, "a text a catalogue lacks is given in English, as it is");
}

Test(i18n, plural_forms)
{
	const struct lang *cy = lang_find("cy"), *es = lang_find("es");
	/* Welsh: zero, one, two, few (3), many (6), other */
	const unsigned long want_cy[] = {0, 1, 2, 3, 5, 5, 4, 5, 5, 5, 5, 5};
	for (unsigned long n = 0; n < 12; n++)
		cr_expect_eq(lang_plural_index(cy, n), want_cy[n], "Welsh form for %lu", n);
	cr_expect_eq(lang_plural_index(es, 1), 0);
	cr_expect_eq(lang_plural_index(es, 0), 1);
	cr_expect_eq(lang_plural_index(es, 21), 1);
	cr_expect_eq(lang_plural_index(NULL, 1), 0);
	cr_expect_eq(lang_plural_index(NULL, 2), 1);
	const char *one = "You answered %zu of %zu element.", *many = "You answered %zu of %zu elements.";
	cr_expect_str_eq(trn(es, one, many, 1), "Respondió %zu de %zu elemento.");
	cr_expect_str_eq(trn(es, one, many, 4), "Respondió %zu de %zu elementos.");
	cr_expect_str_eq(trn(NULL, one, many, 1), one);
	cr_expect_str_eq(trn(NULL, one, many, 0), many);
}

Test(i18n, browser_choice)
{
	cr_expect_str_eq(lang_code(lang_from_accept("cy-GB,cy;q=0.9,en-GB;q=0.8,en;q=0.7")), "cy");
	cr_expect_str_eq(lang_code(lang_from_accept("fr, es;q=0.5, en;q=0.7")), "en", "the best quality among ours");
	cr_expect_str_eq(lang_code(lang_from_accept("es-419")), "es", "a region's variant is its language");
	cr_expect_str_eq(lang_code(lang_from_accept("ES")), "es");
	cr_expect_null(lang_from_accept("de-DE, fr;q=0.5"));
	cr_expect_null(lang_from_accept(""));
	cr_expect_null(lang_from_accept(NULL));
	cr_expect_null(lang_from_accept("cy;q=0"), "a language refused with q=0 is not chosen");
}

Test(i18n, days)
{
	char out[64];
	cr_expect_str_eq(lang_date(NULL, "2026-12-02", out, sizeof out), "2 December 2026");
	cr_expect_str_eq(lang_date(lang_find("cy"), "2026-12-02", out, sizeof out), "2 Rhagfyr 2026");
	cr_expect_str_eq(lang_date(lang_find("es"), "2027-03-09", out, sizeof out), "9 de marzo de 2027");
	cr_expect_str_eq(lang_date(lang_find("es"), "not a day", out, sizeof out), "not a day");
	cr_expect_str_eq(lang_date(lang_find("es"), "2027-13-01", out, sizeof out), "2027-13-01");
}

Test(i18n, short_days_and_months_for_tables_and_axes)
{
	char out[64];
	cr_expect_str_eq(lang_date_short(NULL, "2026-12-06", out, sizeof out), "6 Dec 2026");
	cr_expect_str_eq(lang_date_short(lang_find("cy"), "2026-12-06", out, sizeof out), "6 Rhag 2026");
	cr_expect_str_eq(lang_date_short(lang_find("es"), "2026-12-06", out, sizeof out), "6 dic 2026");
	cr_expect_str_eq(lang_month_short(lang_find("es"), "2026-01-31", out, sizeof out), "ene 2026");
	cr_expect_str_eq(lang_month_short(lang_find("cy"), "2026-05", out, sizeof out), "Mai 2026");
	cr_expect_str_eq(lang_date_short(NULL, "week 3", out, sizeof out), "week 3");
}

Test(i18n, numbers_typed_as_the_reader_writes_them_read_as_a_machine_does)
{
	const struct lang *es = lang_find("es"), *cy = lang_find("cy");
	char out[64];
	cr_expect_str_eq(lang_number(es, "4,1", out, sizeof out), "4.1");
	cr_expect_str_eq(lang_number(es, "1.234,5", out, sizeof out), "1234.5");
	cr_expect_str_eq(lang_number(es, "1 234,5", out, sizeof out), "1234.5");
	cr_expect_str_eq(lang_number(es, "1\u00a0234", out, sizeof out), "1234");
	cr_expect_str_eq(lang_number(es, "1.234", out, sizeof out), "1234"); /* a thousand, as it is shown */
	cr_expect_str_eq(lang_number(es, "4.1", out, sizeof out), "4.1");    /* a keypad's point is a point */
	cr_expect_str_eq(lang_number(es, "-0,5", out, sizeof out), "-0.5");
	cr_expect_str_eq(lang_number(NULL, "1,234.5", out, sizeof out), "1234.5");
	cr_expect_str_eq(lang_number(cy, "12,345", out, sizeof out), "12345");
	cr_expect_str_eq(lang_number(cy, "4.1", out, sizeof out), "4.1");
	/* Not a number of anyone's: left for the caller to refuse in its own words. */
	cr_expect_str_eq(lang_number(es, "4,1,2", out, sizeof out), "4,1,2");
	cr_expect_str_eq(lang_number(es, "1,2.3", out, sizeof out), "1,2.3");
	cr_expect_str_eq(lang_number(es, "abc", out, sizeof out), "abc");
	cr_expect_str_eq(lang_number(NULL, "1e5", out, sizeof out), "1e5");
	cr_expect_str_eq(lang_number(NULL, "", out, sizeof out), "");
}

Test(i18n, figures_for_people_have_the_languages_separators)
{
	const struct lang *es = lang_find("es");
	char out[64];
	cr_expect_str_eq(lang_figure(NULL, "1234", out, sizeof out), "1,234");
	cr_expect_str_eq(lang_figure(es, "1234", out, sizeof out), "1.234");
	cr_expect_str_eq(lang_figure(es, "-1234567.25", out, sizeof out), "-1.234.567,25");
	cr_expect_str_eq(lang_figure(lang_find("cy"), "999.5", out, sizeof out), "999.5");
	cr_expect_str_eq(lang_figure(es, "4.1", out, sizeof out), "4,1");
	cr_expect_str_eq(lang_figure(es, "1e+16", out, sizeof out), "1e+16");
}

/* ---- the catalogues against the source ---- */

/* The msgids of a .pot or .po file (plural entries by their singular), unescaped. */
static void
read_msgids(const char *path, struct strvec *out)
{
	struct buf b = BUF_INIT;
	cr_assert_eq(buf_read_file(&b, path), 0, "cannot read %s", path);
	struct buf id = BUF_INIT;
	buf_init(&id, 0);
	bool in_id = false;
	for (char *line = strtok(b.data, "\n"); line; line = strtok(NULL, "\n")) {
		bool starts = strncmp(line, "msgid \"", 7) == 0, more = in_id && line[0] == '"';
		if (!starts && !more) {
			if (in_id && id.len)
				strvec_push(out, id.data);
			in_id = false;
			continue;
		}
		if (starts) {
			buf_reset(&id);
			in_id = true;
		}
		for (const char *p = strchr(line, '"') + 1; *p && *p != '"'; p++) {
			if (*p == '\\') {
				p++;
				buf_putc(&id, *p == 'n' ? '\n' : *p == 't' ? '\t' : *p);
			} else {
				buf_putc(&id, *p);
			}
		}
	}
	buf_release(&id);
	buf_release(&b);
}

Test(i18n, every_marked_text_is_extracted)
{
	/* The catalogues are only as complete as po/caregrid.pot is fresh: extract again and compare. */
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char cmd[1200];
	snprintf(
		cmd, sizeof cmd,
		"xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=tr:2 --keyword=trn:2,3 "
		"-o %s/caregrid-test.pot src/*/*.c 2>/dev/null && xgettext --language=C --from-code=UTF-8 "
		"--keyword=error_set:2 "
		"--keyword=error_of:3 --keyword=strvec_pushf:2 --keyword=row_issue:3 --keyword=ROW_PROBLEM:2 "
		"--join-existing -o %s/caregrid-test.pot src/domain/*.c 2>/dev/null && xgettext --language=C "
		"--from-code=UTF-8 --keyword=error_set:2 --keyword=error_of:3 --join-existing -o %s/caregrid-test.pot "
		"src/web/*.c 2>/dev/null",
		tmp, tmp, tmp);
	cr_assert_eq(system(cmd), 0, "xgettext failed");
	char fresh_path[256];
	snprintf(fresh_path, sizeof fresh_path, "%s/caregrid-test.pot", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	struct strvec fresh = STRVEC_INIT, kept = STRVEC_INIT;
	read_msgids(fresh_path, &fresh);
	read_msgids("po/caregrid.pot", &kept);
	remove(fresh_path);
	cr_assert_gt(fresh.n, 50);
	for (size_t i = 0; i < fresh.n; i++) {
		bool found = false;
		for (size_t k = 0; k < kept.n && !found; k++)
			found = strcmp(fresh.v[i], kept.v[k]) == 0;
		cr_expect(found, "\"%s\" is marked in the source but not in po/caregrid.pot: run make po", fresh.v[i]);
	}
	strvec_clear(&fresh);
	strvec_clear(&kept);
}

/* A text written into a page without _() would stay English in every language: scripts/po-unmarked lists any
 * literal of src/web that still reads as words and is neither marked nor in po/unmarked-allowed.txt. */
Test(i18n, every_text_a_person_reads_is_marked)
{
	cr_assert_eq(system("scripts/po-unmarked >&2"), 0,
		     "a text in src/web is not marked for translation (see above)");
}

Test(i18n, every_catalogue_translates_every_text)
{
	struct strvec ids = STRVEC_INIT;
	read_msgids("po/caregrid.pot", &ids);
	for (size_t l = 1; l < lang_count(); l++)
		for (size_t i = 0; i < ids.n; i++)
			cr_expect_neq(tr(lang_at(l), ids.v[i]), ids.v[i], "po/%s.po does not translate \"%s\"",
				      lang_code(lang_at(l)), ids.v[i]);
	strvec_clear(&ids);
}

/* The conversions of a format string, in order ("%s %zu %R"); "%%" is none. */
static void
conversions(const char *text, struct buf *out)
{
	buf_reset(out);
	for (const char *p = text; (p = strchr(p, '%'));) {
		if (p[1] == '%') {
			p += 2;
			continue;
		}
		size_t n = 1 + strspn(p + 1, "0123456789.-+ #lhzj*");
		if (p[n])
			n++;
		buf_add(out, p, n);
		buf_putc(out, ' ');
		p += n;
	}
}

static int
check_entry(void *ctx, const char *msgid, char *const *forms, size_t n_forms)
{
	const struct lang *l = ctx;
	struct buf want = BUF_INIT, got = BUF_INIT;
	buf_init(&want, 0);
	buf_init(&got, 0);
	conversions(msgid, &want);
	for (size_t k = 0; k < n_forms; k++) {
		conversions(forms[k], &got);
		cr_expect_str_eq(got.data, want.data, "po/%s.po: \"%s\" has conversions \"%s\", the English \"%s\"",
				 lang_code(l), forms[k], got.data, want.data);
	}
	buf_release(&want);
	buf_release(&got);
	return 0;
}

Test(i18n, translations_keep_the_conversions)
{
	for (size_t l = 1; l < lang_count(); l++)
		lang_each_entry(lang_at(l), check_entry, (void *)lang_at(l));
}

/* ---- instruments in other languages ---- */

#define TWO_LANG_HEAD \
	"{\"id\": \"mini\", \"version\": 1, \"title\": \"Mini\", \"subject\": \"team\",\n" \
	" \"scale\": {\"levels\": [{\"value\": 0, \"label\": \"No\", \"meaning\": \"None\"}, {\"value\": 1, " \
	"\"label\": \"Yes\"}]},\n" \
	" \"domains\": [{\"code\": \"A\", \"title\": \"Alpha\", \"items\": [{\"code\": \"A1\", \"text\": " \
	"\"First\"},\n" \
	"   {\"code\": \"A2\", \"from\": \"Old\", \"to\": \"New\"}]}]"

static struct instrument *
parse(const char *text, struct strvec *problems)
{
	return instrument_parse(text, strlen(text), "t.json", problems);
}

Test(i18n, an_instrument_in_another_language)
{
	const char *text = TWO_LANG_HEAD
		", \"translations\": {\"cy\": {\"title\": \"Bach\", \"scale\": {\"levels\": {\"0\": "
		"{\"label\": \"Na\", \"meaning\": \"Dim\"}, \"1\": {\"label\": \"Ie\"}}}, \"domains\": {\"A\": "
		"{\"title\": \"Alffa\"}}, \"items\": {\"A1\": {\"text\": \"Cyntaf\"}, \"A2\": {\"from\": \"Hen\", "
		"\"to\": \"Newydd\"}}}}}";
	struct strvec problems = STRVEC_INIT;
	struct instrument *ins = parse(text, &problems);
	cr_assert_not_null(ins, "%s", problems.n ? problems.v[0] : "");
	const struct instrument *cy = instrument_in(ins, "cy");
	cr_assert_neq(cy, ins);
	cr_expect_str_eq(cy->title, "Bach");
	cr_expect_str_eq(cy->levels[0].label, "Na");
	cr_expect_str_eq(cy->levels[0].meaning, "Dim");
	cr_expect_null(cy->levels[1].meaning);
	cr_expect_str_eq(cy->domains[0].title, "Alffa");
	cr_expect_str_eq(cy->domains[0].items[0].text, "Cyntaf");
	cr_expect_str_eq(cy->domains[0].items[1].to, "Newydd");
	cr_expect_str_eq(cy->domains[0].items[1].code, "A2", "codes never change with the language");
	cr_expect_eq(cy->levels[1].value, 1);
	cr_expect_eq(instrument_in(ins, "es"), ins, "a language it lacks is English");
	cr_expect_eq(instrument_in(ins, NULL), ins);
	cr_expect_eq(instrument_in(cy, "en"), ins);
	/* The hash is the English definition's: a translation added or mended needs no new version. */
	struct instrument *plain = parse(TWO_LANG_HEAD "}", &problems);
	cr_assert_not_null(plain);
	cr_expect_str_eq(plain->hash, ins->hash);
	json_t *j = instrument_to_json(cy);
	cr_expect_str_eq(json_string_value(json_object_get(j, "title")), "Bach");
	cr_expect_str_eq(json_string_value(json_object_get(j, "language")), "cy");
	cr_expect_null(json_object_get(j, "translations"));
	json_decref(j);
	instrument_free(plain);
	instrument_free(ins);
	strvec_clear(&problems);
}

Test(i18n, an_incomplete_language_is_refused_naming_what_is_missing)
{
	const char *text =
		TWO_LANG_HEAD ", \"translations\": {\"es\": {\"title\": \"Mini\", \"items\": {\"A1\": {\"text\": "
			      "\"Primero\"}, \"A9\": {\"text\": \"?\"}}}}}";
	struct strvec problems = STRVEC_INIT;
	cr_assert_null(parse(text, &problems));
	struct buf all = BUF_INIT;
	buf_init(&all, 0);
	for (size_t i = 0; i < problems.n; i++)
		buf_printf(&all, "%s\n", problems.v[i]);
	cr_expect(strstr(all.data, "$.translations.es: incomplete") != NULL, "%s", all.data);
	cr_expect(strstr(all.data, "scale.levels.0.label, scale.levels.0.meaning, scale.levels.1.label") != NULL, "%s",
		  all.data);
	cr_expect(strstr(all.data, "domains.A.title") != NULL, "%s", all.data);
	cr_expect(strstr(all.data, "items.A2.from, items.A2.to") != NULL, "%s", all.data);
	cr_expect(strstr(all.data, "$.translations.es.items.A9: there is no item \"A9\"") != NULL, "%s", all.data);
	buf_release(&all);
	strvec_clear(&problems);
	cr_assert_null(parse(TWO_LANG_HEAD ", \"translations\": {\"Welsh\": {}}}", &problems));
	cr_expect(strstr(problems.v[0], "\"Welsh\" is not a language code") != NULL, "%s", problems.v[0]);
	strvec_clear(&problems);
	cr_assert_null(parse(TWO_LANG_HEAD ", \"translations\": {\"cy\": {\"title\": \"Bach\", \"colour\": \"coch\"}}}",
			     &problems));
	cr_expect(strstr(problems.v[0], "unknown field \"colour\"") != NULL, "%s", problems.v[0]);
	strvec_clear(&problems);
}

Test(i18n, the_builtin_instruments_speak_welsh_and_spanish)
{
	struct catalog *cat = catalog_new();
	struct strvec problems = STRVEC_INIT;
	cr_assert_eq(catalog_load_builtin(cat, &problems), 0);
	for (size_t i = 0; i < catalog_count(cat); i++) {
		const struct instrument *ins = catalog_get(cat, i);
		for (size_t l = 1; l < lang_count(); l++)
			cr_expect_neq(instrument_in(ins, lang_code(lang_at(l))), ins, "%s has no %s", ins->id,
				      lang_code(lang_at(l)));
	}
	catalog_free(cat);
	strvec_clear(&problems);
}
