/*
 * i18n.h - the languages caregrid speaks and the lookup of a text in one of them. English is written in the
 * source; every other language is a gettext catalogue, po/LANG.po, compiled into the binary (scripts/embed)
 * and read once at start. A lookup names its language each time (a request's, a mail's): there is no
 * process-wide locale and no setlocale. A text a catalogue lacks, or has marked fuzzy, is given in English.
 *
 * In the source, _("...") marks a text to translate and translates it for the request in scope (web/http.h
 * defines it); N_("...") only marks one, for a table; tr() and trn() translate for a language given.
 * `make po` extracts the marked texts into po/caregrid.pot and merges them into each catalogue.
 */
#ifndef CAREGRID_I18N_H
#define CAREGRID_I18N_H

#include <stdbool.h>
#include <stddef.h>

struct lang;

/* Reads the embedded catalogues; once, before threads start (later calls do nothing). Aborts on a broken
 * catalogue: the build checked each with msgfmt, so that is a programming error. */
void i18n_init(void);

/* The languages, English first; I from 0 to lang_count() - 1. */
size_t lang_count(void);
const struct lang *lang_at(size_t i);
/* The language of CODE ("en", "cy", "es"), or NULL. */
const struct lang *lang_find(const char *code);
/* English: the source's own texts. */
const struct lang *lang_english(void);
const char *lang_code(const struct lang *l);
/* Its name in itself: "English", "Cymraeg", "Español". */
const char *lang_name(const struct lang *l);
/* How L writes the decimal point: ',' in Spanish pages (never in CSV or JSON, which are language-free). */
char lang_decimal_point(const struct lang *l);
/* TEXT, a number as a person of L types it ("4,1" or "1.234,5" in Spanish, "1,234.5" in English; spaces and
 * no-break spaces between digit groups), as a machine reads it ("4.1", "1234.5"), into OUT. Text that is not
 * such a number is copied unchanged, for the caller's own check to refuse by its words. Pages only: JSON, CSV
 * and the command line take the machine form. */
const char *lang_number(const struct lang *l, const char *text, char *out, size_t size);
/* The language an Accept-Language header prefers among ours (quality values honoured), or NULL. */
const struct lang *lang_from_accept(const char *header);

/* MSGID in L (NULL: English). The result has MSGID's conversions, in the same order (a unit test checks). */
const char *tr(const struct lang *l, const char *msgid) __attribute__((format_arg(2)));
/* The form of a text about N things in L: ONE or MANY in English; a catalogue's plural forms otherwise. */
const char *trn(const struct lang *l, const char *one, const char *many, unsigned long n)
	__attribute__((format_arg(2))) __attribute__((format_arg(3)));

#define N_(s) (s)

/* ISO (YYYY-MM-DD) as L writes a day ("2 December 2026", "2 Rhagfyr 2026", "2 de diciembre de 2026"), into
 * OUT; ISO itself when it is not a day. */
const char *lang_date(const struct lang *l, const char *iso, char *out, size_t size);
/* The same day short, for tables and tooltips ("2 Dec 2026", "2 Rhag 2026", "2 dic 2026"); ISO itself when it is
 * not a day. */
const char *lang_date_short(const struct lang *l, const char *iso, char *out, size_t size);
/* The month of ISO short, for a chart's axis ("Dec 2026", "Rhag 2026", "dic 2026"). */
const char *lang_month_short(const struct lang *l, const char *iso, char *out, size_t size);
/* MACHINE, a number as printf writes it ("-1234.5"), as L writes it for people ("-1,234.5", "-1.234,5"): the
 * decimal point and, from four digits on, a separator between groups of three. Other text is copied. */
const char *lang_figure(const struct lang *l, const char *machine, char *out, size_t size);

/* ---- for tests ---- */

/* A catalogue's entries: each msgid and its forms (one, or a plural's N_FORMS); FN stops at non-zero. */
int lang_each_entry(const struct lang *l, int (*fn)(void *ctx, const char *msgid, char *const *forms, size_t n_forms),
		    void *ctx);
/* The plural form a catalogue's rule gives for N (0 for English's "one", 1 for "many"). */
unsigned long lang_plural_index(const struct lang *l, unsigned long n);

#endif
